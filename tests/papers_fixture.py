"""A small portfolio with follow-up actions, decisions and an exception report whose expected figures are
worked out by hand in the tests (see each test's comments).

Meetings 2026-01-14, 2026-03-11 and 2026-05-13. Actions (raised, due, how it ended, owner):

    A1  14-01  28-02  done 20-03 (late)   KL
    A2  14-01  28-02  cancelled 11-03     KL
    A3  11-03  30-04  open                ISM   (raised at March: the minutes of March)
    A4  14-01  01-05  open                KL
    A5  14-01  31-12  open                ISM
    A6  14-01  –      open                –     (no owner, no due date: two warnings)
    A7  14-01  01-03  done 20-02          ISM
    A8  11-03  15-04  open                –/Sekretariatet, no project (March's own, belongs to no item)
"""

from __future__ import annotations

from conftest import load_tiny


def _action(action_id, meeting, due, status="open", closed="", owner="KL", project="P1", person=""):
    return {
        "action_id": action_id,
        "meeting_date": meeting,
        "project_id": project,
        "text": f"Opfølgning {action_id}",
        "owner_org": owner,
        "owner_person": person,
        "due_date": due,
        "status": status,
        "closed_date": closed,
        "note": "",
    }


def edit(rows, recommendation="Ny plan med slutdato 30-06-2027"):
    rows["meetings"].append(
        {"meeting_date": "2026-05-13", "kind": "ordinary", "agenda_sent_date": "", "minutes_sent_date": "", "notes": ""}
    )
    blank = {"presenter": "", "recommendation": "", "background": "", "attachments": "", "decision": ""}
    rows["agenda"] = [
        {"meeting_date": "2026-01-14", "project_id": "", "item": "status", "title": "Porteføljeoverblik", **blank}
        | {"decision": "Taget til efterretning."},
        {"meeting_date": "2026-01-14", "project_id": "P2", "item": "decision", "title": "Projektgrundlag", **blank}
        | {"decision": "Godkendt.", "recommendation": "Det indstilles, at styregruppen godkender."},
        {"meeting_date": "2026-03-11", "project_id": "", "item": "status", "title": "Porteføljeoverblik", **blank}
        | {"decision": "Taget til efterretning.", "attachments": "notat.pdf"},
        {"meeting_date": "2026-03-11", "project_id": "P1", "item": "decision", "title": "Ændringsanmodning C1", **blank}
        | {"presenter": "KL (projektejer)", "decision": "Godkendt.", "background": "Mere tid."},
        {"meeting_date": "2026-03-11", "project_id": "P2", "item": "decision", "title": "Pilot", **blank}
        | {"recommendation": "Det indstilles, at piloten udvides."},
        {"meeting_date": "2026-03-11", "project_id": "P1", "item": "orientation", "title": "Status for P1", **blank},
        {"meeting_date": "2026-05-13", "project_id": "", "item": "status", "title": "Porteføljeoverblik", **blank},
    ]
    rows["actions"] = [
        _action("A1", "2026-01-14", "2026-02-28", "done", "2026-03-20"),
        _action("A2", "2026-01-14", "2026-02-28", "cancelled", "2026-03-11"),
        _action("A3", "2026-03-11", "2026-04-30", owner="ISM"),
        _action("A4", "2026-01-14", "2026-05-01"),
        _action("A5", "2026-01-14", "2026-12-31", owner="ISM", project="P2"),
        _action("A6", "2026-01-14", "", owner="", project=""),
        _action("A7", "2026-01-14", "2026-03-01", "done", "2026-02-20", owner="ISM"),
        _action("A8", "2026-03-11", "2026-04-15", owner="", project="", person="Sekretariatet"),
    ]
    rows["exceptions"] = [
        {
            "project_id": "P1",
            "meeting_date": "2026-01-14",
            "cause": "Leverandøren mangler udviklere",
            "consequences": "Piloten udskydes",
            "options": "1) ekstra leverandør; 2) ny plan",
            "recommendation": recommendation,
        }
    ]


def load(tmp_path, recommendation="Ny plan med slutdato 30-06-2027"):
    return load_tiny(tmp_path, lambda rows: edit(rows, recommendation))
