"""The portfolio workbook's contract: every table, column, type and enumeration.

This module is the single place that says what analysts must fill in. The loader,
the validator, the Excel template (with its ``LÆS MIG`` sheet) and
``docs/data-model.md`` are all generated from it, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------------------------
# Enumerations: canonical English value -> accepted labels (matched case-insensitively,
# after stripping). The canonical value and its Danish label are always accepted.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enumeration:
    name: str
    values: dict[str, tuple[str, ...]]  # canonical -> extra accepted labels
    danish: dict[str, str]  # canonical -> Danish display label

    def lookup(self) -> dict[str, str]:
        """Map every accepted label (lower case) to its canonical value."""
        table: dict[str, str] = {}
        for canonical, labels in self.values.items():
            for label in (canonical, canonical.replace("_", " "), self.danish[canonical], *labels):
                table[label.strip().lower()] = canonical
        return table

    def describe(self) -> str:
        return ", ".join(f"{v} ({self.danish[v]})" for v in self.values)


RAG = Enumeration(
    "rag",
    {
        "green": ("g", "grøn", "groen", "grn"),
        "yellow": ("y", "amber", "a", "gul", "orange"),
        "red": ("r", "rød", "roed"),
    },
    {"green": "grøn", "yellow": "gul", "red": "rød"},
)

ROLE = Enumeration(
    "role",
    {
        "chair": ("formand", "formandskab", "forperson"),
        "member": ("medlem",),
        "invited": ("inviteret", "deltager efter behov", "observatør", "observer"),
        "secretariat": ("sekretariat", "styregruppens sekretariat", "secretary"),
        "programme_office": ("programme office", "program office", "programsekretariat"),
    },
    {
        "chair": "formand",
        "member": "medlem",
        "invited": "inviteret",
        "secretariat": "sekretariat",
        "programme_office": "programsekretariat",
    },
)

FUNDING_KIND = Enumeration(
    "funding_kind",
    {
        "finance_act": ("finance act", "finance act permanent funds", "finanslov", "finanslovsmidler", "fl"),
        "agreement": ("aftale", "overenskomst", "agreement funds", "aftalemidler"),
        "other": ("andet", "øvrige", "andre"),
    },
    {"finance_act": "finanslov", "agreement": "aftalemidler", "other": "andet"},
)

PHASE = Enumeration(
    "phase",
    {
        "idea": ("idé", "ide", "ideation"),
        "analysis": ("analyse",),
        "development": ("udvikling", "dev"),
        "pilot": ("afprøvning", "test"),
        "rollout": ("udrulning", "implementering", "roll-out"),
        "operation": ("drift", "operations"),
        "closed": ("lukket", "afsluttet", "stoppet", "closed down"),
    },
    {
        "idea": "idé",
        "analysis": "analyse",
        "development": "udvikling",
        "pilot": "pilot",
        "rollout": "udrulning",
        "operation": "drift",
        "closed": "lukket",
    },
)

CLOSURE = Enumeration(
    "closure",
    {"completed": ("gennemført", "færdig", "done"), "stopped": ("stoppet", "standset", "cancelled", "aflyst")},
    {"completed": "gennemført", "stopped": "stoppet"},
)

MEETING_KIND = Enumeration(
    "meeting_kind",
    {
        "ordinary": ("ordinær", "ordinaer", "ord"),
        "extra": ("ekstraordinær", "ekstraordinaer", "ekstra", "extraordinary"),
    },
    {"ordinary": "ordinært", "extra": "ekstraordinært"},
)

AGENDA_ITEM = Enumeration(
    "agenda_item",
    {
        "status": ("statusorientering",),
        "decision": ("beslutning", "til beslutning"),
        "orientation": ("orientering", "til orientering", "information"),
        "theme": ("tema", "drøftelse", "discussion"),
    },
    {"status": "status", "decision": "beslutning", "orientation": "orientering", "theme": "tema"},
)

RESPONSE = Enumeration(
    "response",
    {
        "avoid": ("undgå", "undga", "undgaa"),
        "reduce": ("reducer", "reducere", "mitigate", "begræns", "begrænse"),
        "transfer": ("overfør", "overføre", "overfoer"),
        "accept": ("acceptér", "accepter", "acceptere"),
        "share": ("del", "dele", "deling"),
    },
    {"avoid": "undgå", "reduce": "reducér", "transfer": "overfør", "accept": "acceptér", "share": "del"},
)

DECISION = Enumeration(
    "decision",
    {
        "pending": ("afventer", "verserende", "open", "åben", "til beslutning"),
        "approved": ("godkendt", "approve", "accepted"),
        "rejected": ("afvist", "reject", "declined"),
    },
    {"pending": "afventer", "approved": "godkendt", "rejected": "afvist"},
)

ACTION_STATUS = Enumeration(
    "action_status",
    {
        "open": ("åben", "aaben", "igangværende", "i gang", "ikke startet"),
        "done": ("udført", "udfoert", "færdig", "lukket", "gennemført", "closed", "completed"),
        "cancelled": ("annulleret", "aflyst", "bortfaldet", "canceled", "dropped"),
    },
    {"open": "åben", "done": "udført", "cancelled": "annulleret"},
)

AREA_KIND = Enumeration(
    "area_kind",
    {"region": (), "landsdelsprogram": ("regional programme", "landsdel"), "municipality": ("kommune",)},
    {"region": "region", "landsdelsprogram": "landsdelsprogram", "municipality": "kommune"},
)

INDICATOR_KIND = Enumeration(
    "indicator_kind",
    {"progress": ("fremdrift", "fremdriftsindikator"), "outcome": ("resultat", "resultatindikator", "effekt")},
    {"progress": "fremdrift", "outcome": "resultat"},
)

BENEFIT_KIND = Enumeration(
    "benefit_kind",
    {
        "economic": ("økonomisk", "oekonomisk", "økonomisk gevinst", "eco"),
        "non_economic": ("ikke-økonomisk", "ikke økonomisk", "ikke-oekonomisk", "kvalitativ", "non-economic"),
    },
    {"economic": "økonomisk", "non_economic": "ikke-økonomisk"},
)

DIRECTION = Enumeration(
    "direction",
    {
        "higher": ("højere", "hoejere", "op", "up", "higher is better", "højere er bedre", "stigende"),
        "lower": ("lavere", "ned", "down", "lower is better", "lavere er bedre", "faldende"),
    },
    {"higher": "højere er bedre", "lower": "lavere er bedre"},
)

ENUMERATIONS = {
    e.name: e
    for e in (
        RAG,
        ROLE,
        FUNDING_KIND,
        PHASE,
        CLOSURE,
        MEETING_KIND,
        AGENDA_ITEM,
        RESPONSE,
        DECISION,
        ACTION_STATUS,
        AREA_KIND,
        INDICATOR_KIND,
        BENEFIT_KIND,
        DIRECTION,
    )
}

# --------------------------------------------------------------------------------------
# Column types
# --------------------------------------------------------------------------------------
# id      text key, stripped; never blank where required
# text    free text (may be long)
# date    ISO 2026-03-11, Danish 11-03-2026 / 11.03.2026, or an Excel date cell
# int     whole number
# number  decimal number (money in DKK, percentages, indicator values)
# enum    one of an Enumeration's labels, normalised to its canonical value
# period  a quarter: 2026-Q1, 2026Q1, Q1 2026, or a date inside the quarter
TYPES = ("id", "text", "date", "int", "number", "enum", "period")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    description_da: str
    example: str
    required: bool = True  # a value must be present in every row
    optional_column: bool = False  # the column may be missing from the sheet altogether
    enum: Enumeration | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: tuple[str, str] | None = None  # (table, column) the value must exist in
    width: int = 14  # column width in the Excel template

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type
        assert (self.type == "enum") == (self.enum is not None), self.name


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    description_da: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns whose combination must be unique
    optional_table: bool = False  # the sheet/CSV may be missing (then the table is empty)
    sheet_title: str = ""  # human title for the LÆS MIG sheet
    extra_checks: tuple[str, ...] = field(default_factory=tuple)  # documented cross-row rules

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name, type_, description, description_da, example, **kw) -> Column:
    return Column(name, type_, description, description_da, example, **kw)


TABLES: tuple[Table, ...] = (
    Table(
        "organisations",
        "The organisations around the steering group: chair, members, invited parties, the secretariat (who "
        "sends agenda and minutes) and the programme office (who reports). Organisations change: each may have "
        "dates and a successor, and papers name them as they were at the meeting.",
        "Organisationerne omkring styregruppen: formand, medlemmer, inviterede, sekretariatet (udsender "
        "dagsorden og referat) og programsekretariatet (rapporterer). Organisationer ændrer sig: hver kan have "
        "datoer og en efterfølger, og papirerne nævner dem, som de var på mødet.",
        (
            _c(
                "org_id",
                "id",
                "Short unique code for the organisation.",
                "Kort, entydig kode for organisationen.",
                "KL",
                width=12,
            ),
            _c("name", "text", "Full name.", "Fulde navn.", "Kommunernes Landsforening", width=40),
            _c("role", "enum", "Role in the steering group.", "Rolle i styregruppen.", "member", enum=ROLE, width=18),
            _c(
                "valid_from",
                "date",
                "First day the organisation exists (blank = always).",
                "Første dag organisationen findes (tom = altid).",
                "2027-01-01",
                required=False,
                optional_column=True,
                width=12,
            ),
            _c(
                "valid_to",
                "date",
                "Last day the organisation exists (blank = still exists).",
                "Sidste dag organisationen findes (tom = findes stadig).",
                "2026-12-31",
                required=False,
                optional_column=True,
                width=12,
            ),
            _c(
                "successor",
                "id",
                "The organisation that takes over after valid_to (an org_id).",
                "Organisationen der overtager efter valid_to (en org_id).",
                "DSD",
                required=False,
                optional_column=True,
                references=("organisations", "org_id"),
                width=12,
            ),
        ),
        key=("org_id",),
        extra_checks=(
            "valid_to not before valid_from",
            "a project owned by, or an action assigned to, an organisation that does not exist at a meeting "
            "(warning, naming the successor)",
        ),
    ),
    Table(
        "funding_sources",
        "The money that pays for projects. Every budget line names one source, so it is always clear "
        "who pays for what.",
        "Finansieringskilderne. Hver budgetlinje peger på én kilde, så det altid er klart, hvem der betaler for hvad.",
        (
            _c(
                "source_id",
                "id",
                "Short unique code for the funding source.",
                "Kort, entydig kode for kilden.",
                "FL-IT",
                width=12,
            ),
            _c(
                "name",
                "text",
                "Name as used in the group's papers.",
                "Navn som i styregruppens papirer.",
                "Finanslovsmidler til prioriterede it-initiativer i almen praksis",
                width=50,
            ),
            _c("kind", "enum", "Kind of money.", "Type af midler.", "finance_act", enum=FUNDING_KIND, width=16),
            _c(
                "description",
                "text",
                "What the money may be used for, and by whom it is granted.",
                "Hvad midlerne må bruges til, og hvem der bevilger dem.",
                "Permanente midler på finansloven",
                required=False,
                width=50,
            ),
        ),
        key=("source_id",),
    ),
    Table(
        "projects",
        "One row per project in the portfolio, with its approved baseline and the tolerances within "
        "which the group may approve changes.",
        "Én række pr. projekt med den godkendte baseline og de tolerancer, inden for hvilke "
        "styregruppen kan godkende ændringer.",
        (
            _c("project_id", "id", "Short unique code for the project.", "Kort, entydig projektkode.", "P01", width=10),
            _c("name", "text", "Project name.", "Projektets navn.", "Hurtigt patientoverblik", width=36),
            _c(
                "track",
                "text",
                "The portfolio track the project belongs to.",
                "Spor i porteføljen.",
                "Digital almen praksis",
                width=24,
            ),
            _c(
                "owner_org",
                "id",
                "The organisation that owns the project (an org_id).",
                "Projektejer (en org_id).",
                "MedCom",
                references=("organisations", "org_id"),
                width=12,
            ),
            _c(
                "project_lead",
                "text",
                "Name of the project lead.",
                "Projektleder.",
                "Anne Jensen",
                required=False,
                width=20,
            ),
            _c(
                "steering_forum",
                "text",
                "The forum that steers the project: the steering group itself or a forum it delegated to.",
                "Forum der styrer projektet: styregruppen selv eller et forum, den har uddelegeret til.",
                "Styregruppen",
                width=20,
            ),
            _c("phase", "enum", "Current phase.", "Nuværende fase.", "development", enum=PHASE, width=14),
            _c(
                "start_date",
                "date",
                "Date the project started (or starts).",
                "Projektets startdato.",
                "2025-02-01",
                width=12,
            ),
            _c(
                "baseline_end_date",
                "date",
                "Approved end date in the original baseline. Approved change requests and re-baselines "
                "(sheet baselines) move it from their meeting on; this cell keeps the original.",
                "Godkendt slutdato i den oprindelige baseline. Godkendte ændringsanmodninger og rebaselines "
                "flytter den fra deres møde; cellen beholder den oprindelige.",
                "2026-12-31",
                width=14,
            ),
            _c(
                "baseline_budget_dkk",
                "number",
                "Approved total budget in DKK in the original baseline (moved by approved change requests "
                "and re-baselines, as the end date).",
                "Godkendt samlet budget i kr. i den oprindelige baseline (flyttes af godkendte "
                "ændringsanmodninger og rebaselines, som slutdatoen).",
                "4500000",
                minimum=0,
                width=16,
            ),
            _c(
                "tolerance_time_days",
                "int",
                "Slip in days the group may approve without escalation.",
                "Forsinkelse i dage, styregruppen kan godkende inden for tolerancen.",
                "60",
                minimum=0,
                width=14,
            ),
            _c(
                "tolerance_budget_pct",
                "number",
                "Cost overrun in percent of baseline budget the group may approve.",
                "Merforbrug i procent af budgettet, der ligger inden for tolerancen.",
                "10",
                minimum=0,
                maximum=100,
                width=14,
            ),
            _c(
                "description",
                "text",
                "What the project does and why.",
                "Hvad projektet gør og hvorfor.",
                "Giver lægen et hurtigt overblik over patientens data.",
                required=False,
                width=50,
            ),
            _c(
                "closed_date",
                "date",
                "Date the project was closed (blank while open).",
                "Dato for lukning (tom mens projektet kører).",
                "2026-06-30",
                required=False,
                optional_column=True,
                width=12,
            ),
            _c(
                "closure",
                "enum",
                "How a closed project ended.",
                "Hvordan et lukket projekt sluttede.",
                "completed",
                enum=CLOSURE,
                required=False,
                optional_column=True,
                width=12,
            ),
        ),
        key=("project_id",),
        extra_checks=(
            "baseline_end_date after start_date",
            "closed_date not before start_date",
            "a project with phase closed has a closed_date",
        ),
    ),
    Table(
        "budget",
        "Money per project, funding source and calendar year: one row each, because funds are "
        "granted per calendar year.",
        "Økonomi pr. projekt, finansieringskilde og kalenderår; midler bevilges pr. kalenderår.",
        (
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "source_id",
                "id",
                "The funding source (a source_id).",
                "Finansieringskilden (source_id).",
                "FL-IT",
                references=("funding_sources", "source_id"),
                width=12,
            ),
            _c("year", "int", "Calendar year.", "Kalenderår.", "2026", minimum=2000, maximum=2100, width=8),
            _c(
                "granted_dkk",
                "number",
                "Amount granted for the year, DKK.",
                "Bevilget beløb for året, kr.",
                "1500000",
                minimum=0,
                width=14,
            ),
            _c(
                "spent_dkk",
                "number",
                "Spent so far in the year, DKK, as of today. Used only for a line without rows in "
                "budget_history; the history is what each meeting was told.",
                "Forbrug til dato i året, kr., pr. i dag. Bruges kun for en linje uden rækker i "
                "budget_history; historikken er det, hvert møde fik at vide.",
                "600000",
                minimum=0,
                required=False,
                width=14,
            ),
            _c(
                "forecast_dkk",
                "number",
                "Expected spend for the whole year, DKK, as of today (same rule as spent_dkk).",
                "Forventet forbrug for hele året, kr., pr. i dag (samme regel som spent_dkk).",
                "1400000",
                minimum=0,
                required=False,
                width=14,
            ),
        ),
        key=("project_id", "source_id", "year"),
        extra_checks=("spent_dkk and forecast_dkk differ from the line's latest budget_history row (warning)",),
    ),
    Table(
        "budget_history",
        "Spend to date and forecast for the year as reported for each meeting, per project, funding source and "
        "year: what the group was told at that meeting. A report for a meeting shows the latest row on or before "
        "it; the annual roll-up the year's latest.",
        "Forbrug til dato og prognose for året, som rapporteret til hvert møde, pr. projekt, kilde og år: det, "
        "styregruppen fik at vide på mødet. En mødeopfølgning viser seneste række til og med mødet; årsrapporten "
        "årets seneste.",
        (
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "source_id",
                "id",
                "The funding source (a source_id).",
                "Finansieringskilden (source_id).",
                "FL-IT",
                references=("funding_sources", "source_id"),
                width=12,
            ),
            _c(
                "year",
                "int",
                "Calendar year of the grant.",
                "Bevillingens kalenderår.",
                "2026",
                minimum=2000,
                maximum=2100,
                width=8,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting the figures were reported for (a meeting_date).",
                "Mødet tallene blev rapporteret til (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "spent_dkk",
                "number",
                "Spent so far in the year, DKK, as reported for the meeting.",
                "Forbrug til dato i året, kr., som rapporteret til mødet.",
                "600000",
                minimum=0,
                width=14,
            ),
            _c(
                "forecast_dkk",
                "number",
                "Expected spend for the whole year, DKK, as reported for the meeting.",
                "Forventet forbrug for hele året, kr., som rapporteret til mødet.",
                "1400000",
                minimum=0,
                width=14,
            ),
        ),
        key=("project_id", "source_id", "year", "meeting_date"),
        optional_table=True,
        extra_checks=("every row names a line (project_id, source_id, year) of sheet budget",),
    ),
    Table(
        "meetings",
        "The steering group's meetings, planned and held.",
        "Styregruppens møder, planlagte og afholdte.",
        (
            _c(
                "meeting_date",
                "date",
                "Date of the meeting (the meeting's id).",
                "Mødedato (mødets id).",
                "2026-03-11",
                width=12,
            ),
            _c(
                "kind",
                "enum",
                "Ordinary meeting from the annual wheel, or an extra meeting.",
                "Ordinært møde fra årshjulet eller ekstraordinært møde.",
                "ordinary",
                enum=MEETING_KIND,
                width=12,
            ),
            _c(
                "agenda_sent_date",
                "date",
                "Date the agenda was sent (due 7 days before).",
                "Dato for udsendt dagsorden (senest 7 dage før).",
                "2026-03-03",
                required=False,
                width=14,
            ),
            _c(
                "minutes_sent_date",
                "date",
                "Date the minutes were sent (due 14 days after).",
                "Dato for udsendt referat (senest 14 dage efter).",
                "2026-03-20",
                required=False,
                width=14,
            ),
            _c("notes", "text", "Free notes.", "Noter.", "Afholdt virtuelt", required=False, width=30),
        ),
        key=("meeting_date",),
        extra_checks=("agenda_sent_date not after meeting_date", "minutes_sent_date not before meeting_date"),
    ),
    Table(
        "agenda",
        "The items on each meeting's agenda.",
        "Punkterne på hvert mødes dagsorden.",
        (
            _c(
                "meeting_date",
                "date",
                "The meeting (a meeting_date).",
                "Mødet (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "project_id",
                "id",
                "The project treated, blank for a portfolio-level item.",
                "Projektet, tomt for et porteføljepunkt.",
                "P01",
                required=False,
                references=("projects", "project_id"),
                width=10,
            ),
            _c("item", "enum", "Kind of item.", "Punktets type.", "decision", enum=AGENDA_ITEM, width=12),
            _c(
                "title",
                "text",
                "Title as printed on the agenda.",
                "Titel som på dagsordenen.",
                "Ændringsanmodning: forlængelse af pilot",
                width=50,
            ),
            _c(
                "presenter",
                "text",
                "Who presents the item: an organisation or a role (a public paper names no persons).",
                "Hvem fremlægger punktet: en organisation eller en rolle (et offentligt papir nævner ingen personer).",
                "MedCom (programsekretariatet)",
                required=False,
                optional_column=True,
                width=24,
            ),
            _c(
                "recommendation",
                "text",
                "The secretariat's recommendation (indstilling): what the group is asked to do. Blank on a decision "
                "item shows a visible placeholder; on other items the standard wording is used.",
                "Sekretariatets indstilling: hvad styregruppen bedes gøre. Tom på et beslutningspunkt giver en synlig "
                "pladsholder; på andre punkter bruges standardformuleringen.",
                "Det indstilles, at styregruppen godkender ændringsanmodningen.",
                required=False,
                optional_column=True,
                width=50,
            ),
            _c(
                "background",
                "text",
                "Background for the item, a few sentences.",
                "Baggrund for punktet, få sætninger.",
                "Piloten er forsinket, fordi leverandøren mangler udviklere.",
                required=False,
                optional_column=True,
                width=50,
            ),
            _c(
                "attachments",
                "text",
                "Further attachments by file name, separated by ';'. The meeting's reports are attached to its "
                "status item without being named here.",
                "Yderligere bilag med filnavn, adskilt af ';'. Mødets rapporter vedlægges statuspunktet uden at "
                "skulle nævnes her.",
                "projektgrundlag-apps.pdf",
                required=False,
                optional_column=True,
                width=30,
            ),
            _c(
                "decision",
                "text",
                "The decision or conclusion recorded in the minutes; filled in after the meeting (blank until then).",
                "Beslutning eller konklusion til referatet; udfyldes efter mødet (tom indtil da).",
                "Styregruppen godkendte ændringsanmodningen.",
                required=False,
                optional_column=True,
                width=50,
            ),
        ),
        extra_checks=("a decision is recorded only for a meeting that has been held (not after today)",),
    ),
    Table(
        "status",
        "Each project's status report per meeting. A blank RAG means not reported (shown grey, never green).",
        "Projekternes statusrapport pr. møde. Tom RAG betyder ikke rapporteret (vises gråt, aldrig grønt).",
        (
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting reported to (a meeting_date).",
                "Mødet der rapporteres til (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "time_rag",
                "enum",
                "Status for time: green, yellow or red (Danish grøn/gul/rød). Blank = not reported.",
                "Status for tid: grøn, gul eller rød. Tom = ikke rapporteret.",
                "green",
                enum=RAG,
                required=False,
                width=10,
            ),
            _c(
                "economy_rag",
                "enum",
                "Status for economy.",
                "Status for økonomi.",
                "yellow",
                enum=RAG,
                required=False,
                width=10,
            ),
            _c(
                "deliverables_rag",
                "enum",
                "Status for deliverables (scope and quality).",
                "Status for leverancer (omfang og kvalitet).",
                "green",
                enum=RAG,
                required=False,
                width=10,
            ),
            _c(
                "benefits_rag",
                "enum",
                "Status for benefits (the It-råd's fourth parameter): will the project's benefits be realised as "
                "planned? Shown beside the benefits RAG computed from sheet benefit_measurements; not part of the "
                "overall status. Blank = not reported.",
                "Status for gevinster (It-rådets fjerde parameter): realiseres projektets gevinster som planlagt? "
                "Vises ved siden af den beregnede gevinststatus fra arket benefit_measurements; indgår ikke i "
                "samlet status. Tom = ikke rapporteret.",
                "yellow",
                enum=RAG,
                required=False,
                optional_column=True,
                width=10,
            ),
            _c(
                "overall_rag",
                "enum",
                "Overall status. Blank = the worst of the three; a different value needs overall_reason.",
                "Samlet status. Tom = den dårligste af de tre; en anden værdi kræver overall_reason.",
                "yellow",
                enum=RAG,
                required=False,
                width=10,
            ),
            _c(
                "overall_reason",
                "text",
                "Why the overall status differs from the worst dimension.",
                "Begrundelse når samlet status afviger fra den dårligste dimension.",
                "Forsinkelsen er uden betydning for leverancen",
                required=False,
                optional_column=True,
                width=30,
            ),
            _c(
                "phase",
                "enum",
                "The project's phase at this meeting (blank = the projects sheet's phase).",
                "Projektets fase ved mødet (tom = fasen på projects-arket).",
                "pilot",
                enum=PHASE,
                required=False,
                optional_column=True,
                width=12,
            ),
            _c(
                "forecast_end_date",
                "date",
                "Expected end date as of this report.",
                "Forventet slutdato pr. denne rapport.",
                "2027-02-28",
                required=False,
                width=14,
            ),
            _c(
                "forecast_cost_dkk",
                "number",
                "Expected total cost as of this report (spent to date + estimate to complete).",
                "Forventet samlet omkostning (forbrug til dato + rest).",
                "4800000",
                minimum=0,
                required=False,
                width=16,
            ),
            _c(
                "summary",
                "text",
                "One-line summary for the status table.",
                "Resumé på én linje til statustabellen.",
                "Pilot i gang i 12 klinikker",
                required=False,
                width=40,
            ),
            _c(
                "achievements",
                "text",
                "What was achieved since the last meeting.",
                "Hvad er opnået siden sidste møde.",
                "Aftale med leverandør underskrevet",
                required=False,
                width=40,
            ),
            _c(
                "next_steps",
                "text",
                "What happens before the next meeting.",
                "Hvad sker der frem til næste møde.",
                "Evaluering af pilot",
                required=False,
                width=40,
            ),
            _c(
                "reported_by",
                "text",
                "Who reported the status.",
                "Hvem har rapporteret.",
                "Anne Jensen",
                required=False,
                width=18,
            ),
        ),
        key=("project_id", "meeting_date"),
    ),
    Table(
        "milestones",
        "Project milestones with baseline, forecast and actual dates.",
        "Projekternes milepæle med baseline-, forventet og faktisk dato.",
        (
            _c(
                "milestone_id",
                "id",
                "Unique code for the milestone.",
                "Entydig kode for milepælen.",
                "P01-M1",
                width=12,
            ),
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c("name", "text", "What is reached.", "Hvad er nået.", "Pilot afsluttet", width=36),
            _c(
                "baseline_date",
                "date",
                "Date in the approved baseline.",
                "Dato i den godkendte baseline.",
                "2026-05-31",
                width=12,
            ),
            _c(
                "forecast_date",
                "date",
                "Expected date as of today (blank = baseline). Used only for a milestone without rows in "
                "milestone_forecasts.",
                "Forventet dato pr. i dag (tom = baseline). Bruges kun for en milepæl uden rækker i "
                "milestone_forecasts.",
                "2026-06-30",
                required=False,
                width=12,
            ),
            _c(
                "actual_date",
                "date",
                "Date actually reached (blank = not yet).",
                "Faktisk dato (tom = ikke nået).",
                "",
                required=False,
                width=12,
            ),
        ),
        key=("milestone_id",),
    ),
    Table(
        "milestone_forecasts",
        "Each milestone's expected date as reported for each meeting: the plans the group was shown then. A "
        "report for a meeting uses the latest row on or before it (the baseline date before the first row).",
        "Hver milepæls forventede dato som rapporteret til hvert møde: de planer, styregruppen så dengang. En "
        "rapport til et møde bruger seneste række til og med mødet (baselinedatoen før første række).",
        (
            _c(
                "milestone_id",
                "id",
                "The milestone (a milestone_id).",
                "Milepælen (milestone_id).",
                "P01-M1",
                references=("milestones", "milestone_id"),
                width=12,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting the forecast was reported for (a meeting_date).",
                "Mødet prognosen blev rapporteret til (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "forecast_date",
                "date",
                "Expected date as reported for the meeting.",
                "Forventet dato som rapporteret til mødet.",
                "2026-06-30",
                width=12,
            ),
        ),
        key=("milestone_id", "meeting_date"),
        optional_table=True,
    ),
    Table(
        "risks",
        "The risk register. Probability and impact per meeting are in risk_assessments.",
        "Risikoregistret. Sandsynlighed og konsekvens pr. møde står i risk_assessments.",
        (
            _c("risk_id", "id", "Unique code for the risk.", "Entydig kode for risikoen.", "R01", width=10),
            _c(
                "project_id",
                "id",
                "The project, blank for a portfolio-level risk.",
                "Projektet, tomt for en porteføljerisiko.",
                "P01",
                required=False,
                references=("projects", "project_id"),
                width=10,
            ),
            _c("title", "text", "Short title.", "Kort titel.", "Leverandør forsinket", width=30),
            _c(
                "description",
                "text",
                "Cause → event → effect.",
                "Årsag → hændelse → konsekvens.",
                "Få leverandører → forsinket levering → pilot udskydes",
                required=False,
                width=50,
            ),
            _c(
                "category",
                "text",
                "Category, e.g. technology, organisation, economy, legal.",
                "Kategori, fx teknologi, organisation, økonomi, jura.",
                "teknologi",
                required=False,
                width=14,
            ),
            _c(
                "owner",
                "text",
                "Exactly one person or organisation that owns the risk.",
                "Præcis én ejer af risikoen.",
                "MedCom",
                required=False,
                width=16,
            ),
            _c(
                "response",
                "enum",
                "Response strategy.",
                "Håndteringsstrategi.",
                "reduce",
                enum=RESPONSE,
                required=False,
                width=12,
            ),
            _c(
                "mitigation",
                "text",
                "What is done about it.",
                "Hvad der gøres ved den.",
                "Ekstra leverandørmøder",
                required=False,
                width=40,
            ),
            _c("raised_date", "date", "Date the risk was raised.", "Dato risikoen blev rejst.", "2025-09-01", width=12),
            _c(
                "closed_date",
                "date",
                "Date the risk was closed (blank = open).",
                "Dato risikoen blev lukket (tom = åben).",
                "",
                required=False,
                width=12,
            ),
        ),
        key=("risk_id",),
        extra_checks=("closed_date not before raised_date",),
    ),
    Table(
        "risk_assessments",
        "Probability and impact of each risk as assessed for a meeting: the history that shows a "
        "risk rising or falling.",
        "Sandsynlighed og konsekvens pr. risiko og møde: historikken der viser, om en risiko stiger eller falder.",
        (
            _c(
                "risk_id",
                "id",
                "The risk (a risk_id).",
                "Risikoen (risk_id).",
                "R01",
                references=("risks", "risk_id"),
                width=10,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting (a meeting_date).",
                "Mødet (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "probability",
                "int",
                "Probability 1 (rare) to 5 (almost certain).",
                "Sandsynlighed 1 (sjælden) til 5 (næsten sikker).",
                "3",
                minimum=1,
                maximum=5,
                width=12,
            ),
            _c(
                "impact",
                "int",
                "Impact 1 (minor) to 5 (severe).",
                "Konsekvens 1 (ubetydelig) til 5 (alvorlig).",
                "4",
                minimum=1,
                maximum=5,
                width=10,
            ),
        ),
        key=("risk_id", "meeting_date"),
    ),
    Table(
        "change_requests",
        "Requests to change a project's baseline (time, cost or scope) and the group's decision.",
        "Ændringsanmodninger til et projekts baseline (tid, økonomi, omfang) og styregruppens beslutning.",
        (
            _c(
                "cr_id",
                "id",
                "Unique code for the change request.",
                "Entydig kode for ændringsanmodningen.",
                "CR01",
                width=10,
            ),
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c("submitted_date", "date", "Date submitted.", "Dato for indsendelse.", "2026-02-20", width=12),
            _c(
                "description",
                "text",
                "What is asked for and why.",
                "Hvad der ønskes og hvorfor.",
                "Forlængelse af pilot med 2 måneder",
                width=50,
            ),
            _c(
                "time_impact_days",
                "int",
                "Change of end date in days (negative = earlier).",
                "Ændring af slutdato i dage (negativ = tidligere).",
                "60",
                required=False,
                width=12,
            ),
            _c(
                "cost_impact_dkk",
                "number",
                "Change of cost in DKK (negative = saving).",
                "Ændring af omkostning i kr. (negativ = besparelse).",
                "250000",
                required=False,
                width=14,
            ),
            _c(
                "scope_impact",
                "text",
                "Change of deliverables, if any.",
                "Ændring af leverancer, hvis nogen.",
                "Ingen",
                required=False,
                width=30,
            ),
            _c(
                "decision",
                "enum",
                "pending, approved or rejected.",
                "afventer, godkendt eller afvist.",
                "pending",
                enum=DECISION,
                width=12,
            ),
            _c(
                "decision_meeting_date",
                "date",
                "The meeting that decided (or will decide) it.",
                "Mødet der besluttede (eller skal beslutte) sagen.",
                "2026-03-11",
                required=False,
                references=("meetings", "meeting_date"),
                width=14,
            ),
        ),
        key=("cr_id",),
        extra_checks=(
            "a decided request names its decision_meeting_date",
            "decision_meeting_date not before submitted_date",
        ),
    ),
    Table(
        "baselines",
        "A new approved baseline decided at a meeting without a change request (the It-råd's 'new plan' after an "
        "exception). From that meeting on it replaces the end date and budget; later approved change requests "
        "move it further.",
        "En ny godkendt baseline besluttet på et møde uden ændringsanmodning (It-rådets 'ny plan' efter en "
        "afvigelse). Fra mødet erstatter den slutdato og budget; senere godkendte ændringsanmodninger flytter den.",
        (
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P02",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting that approved the new baseline (a meeting_date).",
                "Mødet der godkendte den nye baseline (meeting_date).",
                "2026-05-13",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "baseline_end_date",
                "date",
                "The new approved end date.",
                "Den nye godkendte slutdato.",
                "2027-03-31",
                width=14,
            ),
            _c(
                "baseline_budget_dkk",
                "number",
                "The new approved total budget, DKK.",
                "Det nye godkendte samlede budget, kr.",
                "5200000",
                minimum=0,
                width=16,
            ),
            _c(
                "reason",
                "text",
                "Why the baseline was replaced.",
                "Hvorfor baselinen blev erstattet.",
                "Ny plan efter afvigelsesrapport",
                required=False,
                width=40,
            ),
        ),
        key=("project_id", "meeting_date"),
        optional_table=True,
    ),
    Table(
        "exceptions",
        "Exception reports (afvigelsesrapporter): when a project's forecast breaches its tolerances the matter "
        "goes to the group with its cause, consequences, options and a recommendation (PRINCE2's exception "
        "report). One row per project and meeting the report goes to.",
        "Afvigelsesrapporter: når et projekts prognose går ud over tolerancen, forelægges sagen styregruppen "
        "med årsag, konsekvenser, handlemuligheder og indstilling. Én række pr. projekt og møde.",
        (
            _c(
                "project_id",
                "id",
                "The project (a project_id).",
                "Projektet (project_id).",
                "P01",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "meeting_date",
                "date",
                "The meeting the report goes to (a meeting_date).",
                "Mødet rapporten forelægges (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "cause",
                "text",
                "Why the tolerance is breached.",
                "Årsagen til afvigelsen.",
                "Leverandøren mangler udviklere",
                required=False,
                width=40,
            ),
            _c(
                "consequences",
                "text",
                "What happens to time, cost, deliverables and benefits if nothing is done.",
                "Konsekvenser for tid, økonomi, leverancer og gevinster, hvis intet gøres.",
                "Piloten udskydes fire måneder",
                required=False,
                width=40,
            ),
            _c(
                "options",
                "text",
                "The options considered (back to plan, new plan, close the project …).",
                "De overvejede handlemuligheder (tilbage til planen, ny plan, lukning …).",
                "1) Ekstra leverandør; 2) ny plan; 3) reduceret omfang",
                required=False,
                width=50,
            ),
            _c(
                "recommendation",
                "text",
                "The recommended option. A breach without one is a data-quality warning in the meeting's report.",
                "Den anbefalede handlemulighed. En afvigelse uden indstilling er en datakvalitetsbemærkning i "
                "mødets rapport.",
                "Ny plan med slutdato 31-03-2027",
                required=False,
                width=40,
            ),
        ),
        key=("project_id", "meeting_date"),
        optional_table=True,
    ),
    Table(
        "actions",
        "Follow-up actions (opfølgningspunkter) raised at a meeting: who does what by when, carried from "
        "meeting to meeting until closed.",
        "Opfølgningspunkter fra møderne: hvem gør hvad hvornår; de følges fra møde til møde, til de er lukket.",
        (
            _c("action_id", "id", "Unique code for the action.", "Entydig kode for punktet.", "A01", width=10),
            _c(
                "meeting_date",
                "date",
                "The meeting that raised it (a meeting_date).",
                "Mødet der rejste punktet (meeting_date).",
                "2026-03-11",
                references=("meetings", "meeting_date"),
                width=12,
            ),
            _c(
                "project_id",
                "id",
                "The project, blank for a portfolio-level action.",
                "Projektet, tomt for et porteføljepunkt.",
                "P01",
                required=False,
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "text",
                "text",
                "What is to be done.",
                "Hvad der skal gøres.",
                "Fremlægge revideret tidsplan",
                width=50,
            ),
            _c(
                "owner_org",
                "id",
                "The organisation responsible (an org_id). Give it, owner_person or both.",
                "Ansvarlig organisation (org_id). Angiv den, owner_person eller begge.",
                "MedCom",
                required=False,
                references=("organisations", "org_id"),
                width=12,
            ),
            _c(
                "owner_person",
                "text",
                "The person or role responsible.",
                "Ansvarlig person eller rolle.",
                "Projektleder",
                required=False,
                width=18,
            ),
            _c(
                "due_date",
                "date",
                "When it is due.",
                "Frist.",
                "2026-04-30",
                required=False,
                width=12,
            ),
            _c(
                "status",
                "enum",
                "open, done or cancelled.",
                "åben, udført eller annulleret.",
                "open",
                enum=ACTION_STATUS,
                width=12,
            ),
            _c(
                "closed_date",
                "date",
                "Date it was done or cancelled (blank while open).",
                "Dato for udført eller annulleret (tom mens punktet er åbent).",
                "2026-04-22",
                required=False,
                width=12,
            ),
            _c("note", "text", "Free note.", "Note.", "Tidsplanen sendt 22-04-2026", required=False, width=30),
        ),
        key=("action_id",),
        optional_table=True,
        extra_checks=(
            "an action without an owner (owner_org or owner_person) or without a due_date is a warning",
            "due_date and closed_date not before the meeting that raised it",
            "a done or cancelled action has a closed_date; an open one has none",
        ),
    ),
    Table(
        "dependencies",
        "What a project depends on: another project in the portfolio, or something outside it (named in words).",
        "Hvad et projekt afhænger af: et andet projekt i porteføljen eller noget uden for (angivet med navn).",
        (
            _c(
                "project_id",
                "id",
                "The dependent project (a project_id).",
                "Det afhængige projekt (project_id).",
                "P02",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "depends_on",
                "text",
                "A project_id, or the name of something outside the portfolio.",
                "En project_id eller navnet på noget uden for porteføljen.",
                "P01",
                width=24,
            ),
            _c(
                "description",
                "text",
                "What the dependency is.",
                "Hvad afhængigheden består i.",
                "Bruger overblikkets datamodel",
                required=False,
                width=40,
            ),
        ),
        key=("project_id", "depends_on"),
    ),
    Table(
        "benefits",
        "The benefits register (gevinstregister): what each project is meant to bring about, measured from a baseline "
        "towards a target. Economic benefits also carry their value in DKK per year. A benefit stays in the reports "
        "after its project closes, while it is being realised.",
        "Gevinstregistret: hvad hvert projekt skal føre til, målt fra en baseline mod et mål. Økonomiske gevinster "
        "har også deres værdi i kr. pr. år. En gevinst bliver i rapporterne, efter projektet er lukket, mens den "
        "realiseres.",
        (
            _c("benefit_id", "id", "Unique code for the benefit.", "Entydig kode for gevinsten.", "G01", width=10),
            _c(
                "project_id",
                "id",
                "The project that brings the benefit about (a project_id).",
                "Projektet, der skal skabe gevinsten (project_id).",
                "P03",
                references=("projects", "project_id"),
                width=10,
            ),
            _c(
                "title",
                "text",
                "What gets better, in a few words.",
                "Hvad bliver bedre, med få ord.",
                "Færre opfølgende henvendelser om epikriser",
                width=40,
            ),
            _c(
                "kind",
                "enum",
                "economic (saves or earns money) or non_economic (quality, safety, time, satisfaction).",
                "økonomisk (sparer eller indbringer penge) eller ikke-økonomisk (kvalitet, tryghed, tid, tilfredshed).",
                "economic",
                enum=BENEFIT_KIND,
                width=14,
            ),
            _c(
                "owner",
                "text",
                "Who answers for realising the benefit (usually in the receiving organisation).",
                "Gevinstejer: hvem står til ansvar for at realisere gevinsten (typisk i den modtagende organisation).",
                "Danske Regioner",
                required=False,
                width=18,
            ),
            _c(
                "unit",
                "text",
                "Unit of the baseline, target and measured values.",
                "Enhed for baseline, mål og målinger.",
                "henvendelser pr. måned",
                width=18,
            ),
            _c(
                "baseline",
                "number",
                "The value before the project (the starting point). Blank: achievement cannot be worked out (warning).",
                "Værdien før projektet (udgangspunktet). Tom: realiseringsgraden kan ikke beregnes (advarsel).",
                "12000",
                required=False,
                width=10,
            ),
            _c(
                "target",
                "number",
                "The value to reach by target_date. Must differ from the baseline.",
                "Værdien, der skal nås senest på måldatoen. Skal være forskellig fra baseline.",
                "8000",
                width=10,
            ),
            _c(
                "direction",
                "enum",
                "higher or lower is better. Blank = as the target lies from the baseline; given, it must agree "
                "with them.",
                "Om højere eller lavere er bedre. Tom = som målet ligger i forhold til baseline; udfyldt skal den "
                "passe med dem.",
                "lower",
                enum=DIRECTION,
                required=False,
                width=14,
            ),
            _c(
                "target_date",
                "date",
                "Date the target should be reached.",
                "Dato målet skal være nået.",
                "2027-06-30",
                width=12,
            ),
            _c(
                "realisation_start",
                "date",
                "Date realisation starts: before it nothing is expected; from it the expected achievement grows "
                "evenly to 100 % at target_date.",
                "Dato realiseringen begynder: før den forventes intet; fra den vokser den forventede "
                "realiseringsgrad jævnt til 100 % på måldatoen.",
                "2026-07-01",
                width=12,
            ),
            _c(
                "planned_dkk_per_year",
                "number",
                "Economic benefits: the planned value in DKK per year once the target is reached.",
                "Økonomiske gevinster: den planlagte værdi i kr. pr. år, når målet er nået.",
                "2400000",
                required=False,
                minimum=0,
                width=14,
            ),
        ),
        key=("benefit_id",),
        optional_table=True,
        extra_checks=(
            "target differs from baseline",
            "a direction given agrees with baseline and target",
            "target_date after realisation_start",
            "a benefit without owner or baseline, and an economic benefit without planned_dkk_per_year, is a warning",
        ),
    ),
    Table(
        "benefit_measurements",
        "Measured values of the benefits. A report for a meeting uses the measurements dated on or before it.",
        "Målte værdier af gevinsterne. En rapport til et møde bruger målingerne dateret til og med mødet.",
        (
            _c(
                "benefit_id",
                "id",
                "The benefit (a benefit_id).",
                "Gevinsten (benefit_id).",
                "G01",
                references=("benefits", "benefit_id"),
                width=10,
            ),
            _c(
                "measured_date",
                "date",
                "Date of the measurement; for a value over a period, the period's last day.",
                "Dato for målingen; for en værdi over en periode periodens sidste dag.",
                "2026-09-30",
                width=12,
            ),
            _c(
                "period",
                "text",
                "The period the value covers, in words, when it is not a single day.",
                "Perioden værdien dækker, med ord, når den ikke er en enkelt dag.",
                "3. kvartal 2026",
                required=False,
                optional_column=True,
                width=16,
            ),
            _c("value", "number", "Measured value, in the benefit's unit.", "Målt værdi i gevinstens enhed.", "10400"),
            _c(
                "note",
                "text",
                "Source of the figure, or what explains it.",
                "Kilden til tallet, eller hvad der forklarer det.",
                "Opgørelse fra regionernes henvendelseslog",
                required=False,
                width=40,
            ),
        ),
        key=("benefit_id", "measured_date"),
        optional_table=True,
    ),
    Table(
        "areas",
        "Geography of a rollout portfolio: regions, landsdelsprogrammer and municipalities (may be empty).",
        "Geografi for en udrulningsportefølje: regioner, landsdelsprogrammer og kommuner (kan være tom).",
        (
            _c("area_id", "id", "Unique code for the area.", "Entydig kode for området.", "0101", width=10),
            _c("name", "text", "Name.", "Navn.", "København", width=24),
            _c(
                "kind",
                "enum",
                "region, landsdelsprogram or municipality.",
                "region, landsdelsprogram eller kommune.",
                "municipality",
                enum=AREA_KIND,
                width=16,
            ),
            _c(
                "parent_id",
                "id",
                "The enclosing area (an area_id), blank at the top.",
                "Det overordnede område (area_id), tomt øverst.",
                "LDP-H",
                required=False,
                references=("areas", "area_id"),
                width=10,
            ),
        ),
        key=("area_id",),
        optional_table=True,
    ),
    Table(
        "indicators",
        "Progress and outcome indicators (fremdrifts- og resultatindikatorer) of a rollout portfolio (may be empty).",
        "Fremdrifts- og resultatindikatorer for en udrulningsportefølje (kan være tom).",
        (
            _c(
                "indicator_id", "id", "Unique code for the indicator.", "Entydig kode for indikatoren.", "I01", width=10
            ),
            _c("name", "text", "Name.", "Navn.", "Borgere inkluderet", width=30),
            _c(
                "kind",
                "enum",
                "progress or outcome.",
                "fremdrift eller resultat.",
                "progress",
                enum=INDICATOR_KIND,
                width=12,
            ),
            _c("unit", "text", "Unit of the values.", "Enhed.", "antal", width=10),
            _c(
                "project_id",
                "id",
                "The project it measures (a project_id), blank for the whole portfolio.",
                "Projektet der måles (project_id), tomt for hele porteføljen.",
                "P01",
                required=False,
                references=("projects", "project_id"),
                width=10,
            ),
            _c("target", "number", "Target value.", "Målværdi.", "5000", required=False, width=10),
            _c(
                "target_date",
                "date",
                "Date the target should be reached.",
                "Dato målet skal være nået.",
                "2027-12-31",
                required=False,
                width=12,
            ),
            _c(
                "baseline",
                "number",
                "The value before the rollout, where progress is measured from (blank = 0).",
                "Værdien før udrulningen, som fremdriften måles fra (tom = 0).",
                "0",
                required=False,
                optional_column=True,
                width=10,
            ),
            _c(
                "direction",
                "enum",
                "higher or lower is better (blank = higher); must agree with baseline and target.",
                "Om højere eller lavere er bedre (tom = højere); skal passe med baseline og mål.",
                "higher",
                enum=DIRECTION,
                required=False,
                optional_column=True,
                width=14,
            ),
        ),
        key=("indicator_id",),
        optional_table=True,
        extra_checks=("a direction given agrees with baseline and target",),
    ),
    Table(
        "indicator_targets",
        "Targets stated per area (may be empty). An area without a stated target gets a share of the indicator's "
        "target; a count's share is whole units.",
        "Mål angivet pr. område (kan være tom). Et område uden angivet mål får en andel af indikatorens mål; for "
        "et antal i hele enheder.",
        (
            _c(
                "indicator_id",
                "id",
                "The indicator (an indicator_id).",
                "Indikatoren (indicator_id).",
                "I02",
                references=("indicators", "indicator_id"),
                width=10,
            ),
            _c(
                "area_id",
                "id",
                "The area (an area_id).",
                "Området (area_id).",
                "0101",
                references=("areas", "area_id"),
                width=10,
            ),
            _c("target", "number", "The area's target.", "Områdets mål.", "420", width=10),
        ),
        key=("indicator_id", "area_id"),
        optional_table=True,
        extra_checks=("the municipalities' stated targets add up to the indicator's target (warning)",),
    ),
    Table(
        "indicator_values",
        "Measured indicator values per period and area (may be empty).",
        "Målte indikatorværdier pr. periode og område (kan være tom).",
        (
            _c(
                "indicator_id",
                "id",
                "The indicator (an indicator_id).",
                "Indikatoren (indicator_id).",
                "I01",
                references=("indicators", "indicator_id"),
                width=10,
            ),
            _c(
                "period",
                "period",
                "Quarter: 2026-Q1 (also 2026Q1, Q1 2026, or a date in the quarter).",
                "Kvartal: 2026-Q1 (også 2026Q1, Q1 2026 eller en dato i kvartalet).",
                "2026-Q1",
                width=10,
            ),
            _c(
                "area_id",
                "id",
                "The area (an area_id).",
                "Området (area_id).",
                "0101",
                references=("areas", "area_id"),
                width=10,
            ),
            _c("value", "number", "Measured value.", "Målt værdi.", "120", width=10),
            _c(
                "numerator",
                "number",
                "Percentages: the count the percentage is of (e.g. citizens who feel safer).",
                "Procenter: tælleren (fx borgere, der føler sig mere trygge).",
                "312",
                required=False,
                optional_column=True,
                minimum=0,
                width=10,
            ),
            _c(
                "denominator",
                "number",
                "Percentages: the count it is out of (e.g. citizens asked). A national or regional figure is then "
                "sum(numerators) / sum(denominators), not a mean of the areas' percentages.",
                "Procenter: nævneren (fx adspurgte borgere). Et landstal eller regionstal er så sum(tællere) / "
                "sum(nævnere), ikke et gennemsnit af områdernes procenter.",
                "390",
                required=False,
                optional_column=True,
                minimum=0,
                width=10,
            ),
        ),
        key=("indicator_id", "period", "area_id"),
        optional_table=True,
        extra_checks=("value agrees with 100 × numerator / denominator (warning)",),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)
README_SHEET = "LÆS MIG"


def tables_with(enumerations: dict[str, Enumeration]) -> tuple[Table, ...]:
    """The tables with some enumerations replaced by the portfolio's own (its phases from portfolio.yaml)."""
    from dataclasses import replace

    def column(c: Column) -> Column:
        return replace(c, enum=enumerations[c.enum.name]) if c.enum is not None and c.enum.name in enumerations else c

    return tuple(replace(t, columns=tuple(column(c) for c in t.columns)) for t in TABLES)


def table(name: str) -> Table:
    return TABLES_BY_NAME[name]
