"""Workspace tooling: the Excel template (:mod:`.workbook`), ``init`` (:mod:`.workspace`), the
synthetic demo portfolios (:mod:`.demo`, :mod:`.demo_kol`) and the generated data-model document
(:mod:`.docs`)."""
