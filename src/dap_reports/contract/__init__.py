"""The data contract: what the portfolio workbook holds (:mod:`.schema`), how cells become values
(:mod:`.parsing`), reading (:mod:`.reading`), loading and checking (:mod:`.loading`,
:mod:`.validation`), the in-memory :class:`~.portfolio.Portfolio`, settings (:mod:`.config`) and
the RAG rules (:mod:`.rag`). It imports nothing from the reports or the run layer."""
