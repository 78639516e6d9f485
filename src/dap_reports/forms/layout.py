"""What a status form holds: its sheets, their Danish headers, and which cells a project lead may edit.

The form is one workbook per project and meeting. Its sheets, in order:

* *Vejledning* — how to fill it in, the reply deadline (Danish);
* *Status* — the status for the meeting: one row per field, the previous report beside it;
* *Risici* — the project's open risks to re-score (and rows marked ``NY`` for new risks);
* *Milepæle* — milestones not yet reached: a new forecast, or the date reached;
* *Økonomi* — the year's budget lines: spend to date and forecast for the year;
* *Ændringsanmodninger* — pending change requests (read only) and rows marked ``NY`` for new ones;
* *Gevinster* — the project's benefits (read only) with rows for new measurements, when the portfolio has a
  benefits register; a closed project whose benefits are still followed gets a form of this sheet alone;
* *Handlinger* — the project's open actions, only when the data model has an ``actions`` table;
* ``_formular`` — hidden: project, meeting, round and the pre-filled values, so ``collect`` can check them.

Every cell is locked except the yellow input cells; the sheets cannot be added, removed or renamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..contract import schema
from ..contract.schema import DECISION, DIRECTION, PHASE, RAG, RESPONSE, Enumeration

FORM_VERSION = 2  # 2: the benefits sheet and the benefits RAG; an older dap-reports refuses these forms
FORM_KIND = "dap-reports statusformular"
META_SHEET = "_formular"
GUIDE_SHEET = "Vejledning"
STATUS_SHEET = "Status"
NEW_MARKER = "NY"  # the id cell of a row for a new risk or change request
HEADER_ROW = 4  # rows 1-2 title, row 3 a line of help, row 4 the headers
FIRST_ROW = HEADER_ROW + 1

# Who may edit a field: nobody (shown for information), on the pre-filled rows, on the NY rows, or both.
LOCKED, EXISTING, NEW, BOTH = "locked", "existing", "new", "both"


@dataclass(frozen=True)
class Field:
    key: str  # name in the answers and the hidden record: the schema column where there is one
    header: str  # Danish header in the form
    type: str  # schema column type: id, text, date, int, number, enum
    edit: str = LOCKED
    enum: Enumeration | None = None
    minimum: float | None = None
    maximum: float | None = None
    width: int = 14
    help: str = ""  # Danish, shown as the header's comment
    decimals: bool = False  # a measured number, shown with its decimals (amounts are shown in whole kroner)

    def editable(self, new_row: bool) -> bool:
        return self.edit == BOTH or self.edit == (NEW if new_row else EXISTING)


@dataclass(frozen=True)
class SheetSpec:
    key: str  # section name: risks, milestones, budget, change_requests, actions
    name: str  # Danish sheet name
    title: str  # Danish heading (row 1)
    help: str  # Danish line of help (row 3)
    id_fields: tuple[str, ...]  # the fields that name a row
    fields: tuple[Field, ...]
    new_rows: int = 0  # empty rows marked NY for new entries
    table: str = ""  # the portfolio table the rows come from
    more_rows: int = 0  # rows under each pre-filled row for more answers about it (its id repeated)
    not_compared: tuple[str, ...] = ()  # shown, but a change in the portfolio does not make the form stale
    empty_text: str = "(ingen)"  # shown when the sheet has no rows

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass(frozen=True)
class StatusField:
    key: str  # a column of the status table
    label: str  # Danish label in column A
    type: str
    enum: Enumeration | None = None
    required: bool = False  # the form is refused without it
    prefill: bool = False  # the input cell starts with the previous value
    minimum: float | None = None
    help: str = ""
    needs_benefits: bool = False  # asked only of projects with benefits in the register


STATUS_FIELDS: tuple[StatusField, ...] = (
    StatusField("time_rag", "Tid", "enum", RAG, required=True, help="Grøn, gul eller rød: holder tidsplanen?"),
    StatusField("economy_rag", "Økonomi", "enum", RAG, required=True, help="Grøn, gul eller rød: holder budgettet?"),
    StatusField(
        "deliverables_rag",
        "Leverancer",
        "enum",
        RAG,
        required=True,
        help="Grøn, gul eller rød: leveres det aftalte omfang i den aftalte kvalitet?",
    ),
    # The Danish State IT model's fourth dimension, beside the three. Asked only of a project with benefits in
    # the register: the report shows it beside the benefits RAG computed from the measurements, and a lead
    # whose project has no registered benefits has nothing to judge it against (the demo's leads leave it
    # blank then) - asking would invite a guess. Optional, as in the data model: blank = not reported.
    StatusField(
        "benefits_rag",
        "Gevinster",
        "enum",
        RAG,
        needs_benefits=True,
        help="Grøn, gul eller rød: realiseres projektets gevinster som planlagt (se arket Gevinster)? Må stå tom. "
        "Indgår ikke i samlet status.",
    ),
    StatusField(
        "overall_rag",
        "Samlet status",
        "enum",
        RAG,
        help="Tom = den dårligste af tid, økonomi og leverancer. Vælger du en anden farve, skal du begrunde den "
        "i feltet nedenfor.",
    ),
    StatusField("overall_reason", "Begrundelse for samlet status", "text", help="Kun når samlet status afviger."),
    StatusField("phase", "Fase", "enum", PHASE, prefill=True, help="Projektets fase nu."),
    StatusField("forecast_end_date", "Forventet slutdato", "date", prefill=True, help="Fx 31-12-2027."),
    StatusField(
        "forecast_cost_dkk",
        "Forventet samlet omkostning, kr.",
        "number",
        prefill=True,
        minimum=0,
        help="Forbrug til dato + forventet rest, i hele kroner.",
    ),
    StatusField("summary", "Resumé (én linje)", "text", help="Vises i statustabellen til styregruppen."),
    StatusField("achievements", "Opnået siden sidste møde", "text"),
    StatusField("next_steps", "Næste skridt frem til næste møde", "text"),
    StatusField("reported_by", "Rapporteret af", "text", prefill=True, help="Dit navn."),
)

RISKS = SheetSpec(
    "risks",
    "Risici",
    "Projektets åbne risici",
    "Vurdér hver risiko igen (sandsynlighed og konsekvens 1-5). Luk en risiko med en dato. Nye risici i rækkerne NY.",
    ("risk_id",),
    (
        Field("risk_id", "Risiko-id", "id", width=10),
        Field("title", "Titel", "text", NEW, width=22),
        Field("description", "Beskrivelse (årsag → hændelse → konsekvens)", "text", NEW, width=32),
        Field("category", "Kategori", "text", NEW, width=14),
        Field("owner", "Ejer", "text", BOTH, width=16, help="Præcis én person eller organisation."),
        Field("response", "Strategi", "enum", BOTH, enum=RESPONSE, width=11),
        Field("mitigation", "Afbødning", "text", BOTH, width=28, help="Hvad der gøres ved risikoen."),
        Field("assessed_date", "Sidst vurderet", "date", width=12),
        Field("probability_before", "Sandsynlighed før", "int", width=14),
        Field("impact_before", "Konsekvens før", "int", width=11),
        Field(
            "probability",
            "Sandsynlighed (1-5)",
            "int",
            BOTH,
            minimum=1,
            maximum=5,
            width=14,
            help="1 sjælden … 5 næsten sikker.",
        ),
        Field(
            "impact", "Konsekvens (1-5)", "int", BOTH, minimum=1, maximum=5, width=12, help="1 ubetydelig … 5 alvorlig."
        ),
        Field(
            "closed_date",
            "Lukket dato",
            "date",
            EXISTING,
            width=12,
            help="Udfyld kun, hvis risikoen er lukket (senest mødedatoen).",
        ),
    ),
    new_rows=5,
    table="risks",
)

MILESTONES = SheetSpec(
    "milestones",
    "Milepæle",
    "Projektets milepæle, der ikke er nået",
    "Ret den forventede dato, hvis den har flyttet sig. Er milepælen nået, skriv datoen under Nået dato.",
    ("milestone_id",),
    (
        Field("milestone_id", "Milepæl-id", "id", width=12),
        Field("name", "Milepæl", "text", width=36),
        Field("baseline_date", "Baselinedato", "date", width=13),
        Field("forecast_before", "Sidste prognose", "date", width=14),
        Field("reported_for", "Rapporteret til mødet", "date", width=14),
        Field("forecast_date", "Forventet dato", "date", EXISTING, width=14),
        Field("actual_date", "Nået dato", "date", EXISTING, width=12, help="Senest mødedatoen."),
    ),
    table="milestones",
)

BUDGET = SheetSpec(
    "budget",
    "Økonomi",
    "Årets budgetlinjer",
    "Forbrug til dato i året og forventet forbrug for hele året, pr. finansieringskilde, i hele kroner.",
    ("source_id", "year"),
    (
        Field("source_id", "Kilde", "id", width=10),
        Field("source_name", "Finansieringskilde", "text", width=34),
        Field("year", "År", "int", width=7),
        Field("granted_dkk", "Bevilget, kr.", "number", width=14),
        Field("spent_before", "Forbrug før, kr.", "number", width=14),
        Field("forecast_before", "Prognose før, kr.", "number", width=14),
        Field("reported_for", "Rapporteret til mødet", "date", width=14),
        Field("spent_dkk", "Forbrug til dato, kr.", "number", EXISTING, minimum=0, width=15),
        Field("forecast_dkk", "Prognose for året, kr.", "number", EXISTING, minimum=0, width=15),
    ),
    table="budget",
)

CHANGE_REQUESTS = SheetSpec(
    "change_requests",
    "Ændringsanmodninger",
    "Ændringsanmodninger",
    "Verserende anmodninger vises til orientering. En ny anmodning skrives i en række NY.",
    ("cr_id",),
    (
        Field("cr_id", "Id", "id", width=8),
        Field("submitted_date", "Indsendt", "date", width=12),
        Field("description", "Beskrivelse (hvad og hvorfor)", "text", NEW, width=44),
        Field("time_impact_days", "Tid, dage (+ = senere)", "int", NEW, width=12),
        Field("cost_impact_dkk", "Omkostning, kr. (+ = dyrere)", "number", NEW, width=15),
        Field("scope_impact", "Ændring af leverancer", "text", NEW, width=28),
        Field("decision", "Beslutning", "enum", enum=DECISION, width=11),
        Field("decision_meeting_date", "Behandles på mødet", "date", width=13),
    ),
    new_rows=3,
    table="change_requests",
)

# Columns of an actions table a lead may update (those that exist in the table's definition).
ACTION_EDITABLE = ("status", "closed_date", "note", "done_date", "completed_date", "comment", "progress", "notes")
ACTION_HEADERS = {
    "action_id": "Id",
    "title": "Handling",
    "description": "Beskrivelse",
    "owner": "Ansvarlig",
    "owner_org": "Ansvarlig organisation",
    "owner_person": "Ansvarlig (rolle/person)",
    "text": "Handling",
    "note": "Bemærkning",
    "due_date": "Frist",
    "status": "Status",
    "done_date": "Udført dato",
    "completed_date": "Udført dato",
    "closed_date": "Lukket dato",
    "comment": "Bemærkning",
    "notes": "Noter",
    "progress": "Fremdrift",
    "meeting_date": "Besluttet på mødet",
}
ACTION_HIDDEN = ("project_id",)  # the form is about one project: its id column is not shown


def actions_sheet() -> SheetSpec | None:
    """The *Handlinger* sheet, built from the ``actions`` table's definition; None while there is none."""
    table = schema.TABLES_BY_NAME.get("actions")
    if table is None:
        return None
    id_fields = table.key[:1] if table.key else (table.columns[0].name,)
    fields = tuple(
        Field(
            c.name,
            ACTION_HEADERS.get(c.name, c.name),
            c.type if c.type in ("id", "text", "date", "int", "number", "enum") else "text",
            EXISTING if c.name in ACTION_EDITABLE and c.name not in id_fields else LOCKED,
            enum=c.enum if c.type == "enum" else None,
            minimum=c.minimum,
            maximum=c.maximum,
            width=max(10, min(c.width, 40)),
            help=c.description_da,
        )
        for c in table.columns
        if c.name not in ACTION_HIDDEN
    )
    return SheetSpec(
        "actions",
        "Handlinger",
        "Projektets åbne handlinger",
        "Opdatér status for de handlinger, projektet har ansvaret for.",
        id_fields,
        fields,
        table="actions",
    )


BENEFITS = SheetSpec(
    "benefits",
    "Gevinster",
    "Projektets gevinster",
    "Skriv nye målinger af gevinsterne i de gule felter: dato og værdi i gevinstens enhed. "
    "Der er plads til tre nye målinger pr. gevinst.",
    ("benefit_id",),
    (
        Field("benefit_id", "Gevinst-id", "id", width=10),
        Field("title", "Gevinst", "text", width=30),
        Field("unit", "Enhed", "text", width=14),
        Field("baseline", "Baseline", "number", width=10, decimals=True, help="Værdien før projektet."),
        Field("target", "Mål", "number", width=10, decimals=True),
        Field("direction", "Retning", "enum", enum=DIRECTION, width=11),
        Field("target_date", "Måldato", "date", width=12, help="Datoen målet skal være nået."),
        Field("value_before", "Seneste måling", "number", width=11, decimals=True),
        Field("measured_before", "Målt den", "date", width=12),
        Field(
            "measured_date",
            "Ny måling: dato",
            "date",
            EXISTING,
            width=12,
            help="Målingens dato; for en værdi over en periode periodens sidste dag. Senest mødedatoen.",
        ),
        Field(
            "value",
            "Ny måling: værdi",
            "number",
            EXISTING,
            width=12,
            decimals=True,
            help="I gevinstens enhed, fx 1.234,5 eller 45 %.",
        ),
        Field("period", "Periode", "text", EXISTING, width=14, help="Valgfri: fx 4. kvartal 2026."),
        Field(
            "note",
            "Bemærkning",
            "text",
            EXISTING,
            width=28,
            help="Valgfri: kilden til tallet, eller hvad der forklarer det.",
        ),
    ),
    table="benefit_measurements",
    more_rows=2,
    # Measurements are facts with their own dates: one the programme office adds after the form went out
    # does not make the lead's new ones wrong (a measurement already held is matched one by one).
    not_compared=("value_before", "measured_before"),
    empty_text="Projektet har ingen gevinster i gevinstregistret. Skal det have det, så aftal dem med "
    "programsekretariatet.",
)


def sheet_specs() -> tuple[SheetSpec, ...]:
    """The table sheets a form may have, in order (Handlinger only when the data model has actions).

    Which of them a form has is its content's choice (:func:`.content.form_content`): Gevinster only when
    the portfolio has a benefits register, and a closed project's form has Gevinster alone.
    """
    actions = actions_sheet()
    return (RISKS, MILESTONES, BUDGET, CHANGE_REQUESTS, BENEFITS, *((actions,) if actions is not None else ()))


def status_field(key: str) -> StatusField:
    for f in STATUS_FIELDS:
        if f.key == key:
            return f
    raise KeyError(key)
