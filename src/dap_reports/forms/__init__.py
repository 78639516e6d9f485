"""Status forms for the project leads: pre-filled workbooks out, validated answers merged back in.

* :mod:`.layout` — what a form holds: its sheets, their Danish headers, which cells a lead may edit;
* :mod:`.content` — one project's rows as known before the meeting (what the form is pre-filled with);
* :mod:`.write` — ``dap-reports forms``: one protected workbook per active project;
* :mod:`.read` — reading a returned form into typed answers, every problem located in the form;
* :mod:`.merge` — ``dap-reports collect``: the round's decisions (which forms count) and the merge into a
  *new* workbook; the portfolio workbook and the forms are only read;
* :mod:`.summary` — what the merge changes, as records a table or a test can read.

What a lead can change is decided here, once, and documented in ``docs/forms.md``.
"""
