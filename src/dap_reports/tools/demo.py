"""Deterministic, clearly SYNTHETIC portfolio data: the bundled demo and scaled benchmark sets.

The demo is ``generate_portfolio`` with fixed parameters: 15 projects named after real
initiatives, 2025–2026, "today" 2026-11-23. Every number and status is invented. Each
catalogue project follows an *archetype* (steady, slipping, recovering, …) so the demo
exercises every report rule; bigger portfolios reuse the catalogue as "<name> <n>" copies
with shifted dates. Randomness comes only from ``random.Random`` seeded with strings, so
re-running gives byte-identical files.

    python -m dap_reports.demo [--out DIR]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..contract import config, schema
from ..reports.common.formats import MONTHS_DA
from . import demo_papers as dp

DEMO_SEED = 2026
DEMO_START_YEAR = 2025
DEMO_YEARS = 2
DEMO_TODAY = date(2026, 11, 23)
DEMO_MEETING = "2026-10-14"  # the meeting `dap-reports demo` makes reports for: the last one before DEMO_TODAY
DEMO_FOLDER = Path(__file__).resolve().parents[1] / "data" / "demo"
_ANCHOR_YEAR = 2026  # the catalogue's dates are written for a portfolio whose last year is 2026
_ORDINARY_MONTHS = (1, 3, 5, 8, 10, 12)  # second Wednesday; July is holiday
DAP, DFP = "Digital almen praksis", "Digitale forløbsplaner"
SG, PFDD = "Styregruppen", "Partsforum for Data og Digitalisering"

# (org_id, name, role, valid_from, valid_to, successor). On 1 January 2027 Digital Sundhed Danmark takes over
# MedCom and Sundhedsdatastyrelsen (Lov om Digital Sundhed Danmark, L 43 2025-26); the programme office moves with
# MedCom. The ministry is both chair and the secretariat that sends agenda and minutes.
ORGANISATIONS = [
    ("ISM", "Indenrigs- og Sundhedsministeriet", "chair", "", "", ""),
    ("ISM-SEK", "Indenrigs- og Sundhedsministeriet – sekretariatet", "secretariat", "", "", ""),
    ("DR", "Danske Regioner", "member", "", "", ""),
    ("KL", "KL (Kommunernes Landsforening)", "member", "", "", ""),
    ("PLO", "Praktiserende Lægers Organisation", "member", "", "", ""),
    ("MedCom", "MedCom", "member", "", "2026-12-31", "DSD"),
    ("SDS", "Sundhedsdatastyrelsen", "member", "", "2026-12-31", "DSD"),
    ("DSD", "Digital Sundhed Danmark", "member", "2027-01-01", "", ""),
    ("SST", "Sundhedsstyrelsen", "invited", "", "", ""),
    (
        "MedCom-PS",
        "MedCom – programsekretariat for Digital almen praksis",
        "programme_office",
        "",
        "2026-12-31",
        "DSD-PS",
    ),
    (
        "DSD-PS",
        "Digital Sundhed Danmark – programsekretariat for Digital almen praksis",
        "programme_office",
        "2027-01-01",
        "",
        "",
    ),
]
FUNDING_SOURCES = [
    (
        "FL-IT",
        "Finanslovsmidler til prioriterede it-initiativer i almen praksis",
        "finance_act",
        "Permanente midler på finansloven; udbetales pr. kalenderår.",
    ),
    (
        "FL-DFP",
        "Finanslovsmidler til Digitale forløbsplaner",
        "finance_act",
        "Permanente midler på finansloven til Digitale forløbsplaner; udbetales pr. kalenderår.",
    ),
    (
        "PFDD",
        "Partsforum for Data og Digitalisering",
        "agreement",
        "Aftalemidler under overenskomsten mellem PLO og RLTN.",
    ),
    ("EGEN", "Parternes egenfinansiering", "other", "Regioners og kommuners egne midler til lokal implementering."),
]
LEADS = [
    "Anne Jensen",
    "Mette Nielsen",
    "Lars Hansen",
    "Hanne Kristensen",
    "Søren Pedersen",
    "Jens Andersen",
    "Camilla Larsen",
    "Rasmus Sørensen",
    "Louise Rasmussen",
    "Peter Jørgensen",
    "Maria Madsen",
    "Thomas Christensen",
    "Sofie Olsen",
    "Morten Poulsen",
    "Line Thomsen",
    "Kasper Møller",
    "Ida Knudsen",
]


@dataclass(frozen=True)
class _Spec:
    """A catalogue project. Dates are for the demo; copies shift them."""

    name: str
    track: str
    owner: str
    arch: str  # steady | slipping | recovering | green_but_late | overspend | minor_slip
    start: str
    end: str
    budget: int
    tol_days: int
    tol_pct: int
    description: str
    sources: tuple = (("FL-IT", 1.0),)
    forum: str = SG
    # (title, cause → event → effect, category, owner, response, mitigation, raised at, closed at, trend, p, i);
    # at/closed at are fractions of the project's span inside the window, trend +1 escalates, -1 de-escalates.
    risks: tuple = ()
    # (when, decision, time × tolerance, cost × tolerance, scope, description); when = -k (k-th last status
    # meeting of the project), "extra" (latest extra meeting) or "next" (pending for the next planned meeting).
    crs: tuple = ()
    deps: tuple = ()  # (catalogue index or outside system, description)
    missing_latest: bool = False  # data-quality case: no status row at the latest meeting
    blank: tuple | None = None  # (rag column, k): left blank k-th last report
    override: tuple | None = None  # (overall rag, reason) at the latest report
    # (end date shift in days, budget factor, reason): a new baseline approved at the meeting after the
    # project's first exception (the It-råd's "new plan").
    rebaseline: tuple | None = None


_STD = "MedCom-standarder (XML/FHIR)"
CATALOGUE: tuple[_Spec, ...] = (
    _Spec(
        "Hurtigt patientoverblik",
        DAP,
        "MedCom",
        "slipping",
        "2024-03-01",
        "2027-06-30",
        12_500_000,
        60,
        10,
        "Giver lægen et hurtigt overblik over patientens kontakter, prøvesvar og medicin på tværs af sektorer.",
        risks=(
            (
                "Datakvalitet i kildesystemer",
                "Uensartet registrering på sygehusene → ufuldstændigt overblik → lægerne mister tillid til løsningen",
                "teknologi",
                "MedCom",
                "reduce",
                "Datakvalitetsgruppe med regionerne",
                0.1,
                None,
                1,
                3,
                4,
            ),
            (
                "Leverandørkapacitet",
                "Få leverandører kan bygge integrationen → forsinket levering → udrulningen udskydes",
                "leverandør",
                "Anne Jensen",
                "reduce",
                "Faste leverandørmøder og fælles testmiljø",
                0.4,
                None,
                1,
                2,
                4,
            ),
        ),
        crs=(
            (-8, "approved", 0.5, None, "Ingen", "Forlængelse af udviklingsfasen pga. forsinket testmiljø"),
            ("next", "pending", 1.9, 1.3, "Ingen", "Ny tidsplan og tillægsbudget for den landsdækkende udrulning"),
        ),
        deps=(("Sundhedsjournalen", "Henter sygehusdata via Sundhedsjournalen"),),
    ),
    _Spec(
        "Den intelligente indbakke",
        DAP,
        "MedCom",
        "recovering",
        "2024-09-01",
        "2027-03-31",
        7_800_000,
        45,
        10,
        "Sorterer og prioriterer klinikkens indkomne beskeder, så de vigtigste ses først.",
        risks=(
            (
                "Afhængighed af Hurtigt patientoverblik",
                "Forsinkelse i overblikket → indbakken mangler datagrundlag → funktioner udskydes",
                "organisation",
                "Mette Nielsen",
                "accept",
                "Fælles releaseplan med Hurtigt patientoverblik",
                0.2,
                0.8,
                -1,
                4,
                3,
            ),
            (
                "Automatisk sortering",
                "Uafklaret jura for automatisk sortering → krav om manuel kontrol → mindre tidsbesparelse",
                "jura",
                "MedCom",
                "avoid",
                "Juridisk vurdering hos Sundhedsdatastyrelsen",
                0.3,
                None,
                -1,
                3,
                3,
            ),
        ),
        crs=((-5, "approved", None, 1.6, "Ingen", "Ekstra udviklingsressourcer for at indhente forsinkelsen"),),
        deps=((0, "Bruger overblikkets datamodel til at prioritere beskeder"),),
    ),
    _Spec(
        "Forbedring af epikriser",
        DAP,
        "DR",
        "steady",
        "2023-10-01",
        "2026-06-30",
        4_200_000,
        30,
        10,
        "Kortere og mere ensartede epikriser fra sygehus til egen læge.",
        risks=(
            (
                "Visning i lægesystemerne",
                "Lægesystemerne viser de nye epikriser forskelligt → misforståelser → flere opkald til sygehuset",
                "teknologi",
                "Danske Regioner",
                "reduce",
                "Fælles testprotokol med leverandørerne",
                0.05,
                0.7,
                -1,
                3,
                3,
            ),
        ),
        crs=(
            (
                -6,
                "approved",
                None,
                -0.3,
                "Udrulning i Region Sjælland overgår til driftsorganisationen",
                "Sidste regions udrulning flyttes til drift",
            ),
        ),
        deps=((_STD, "Epikriser sendes som MedCom-standard"),),
    ),
    _Spec(
        "Kommunikation med kommunal pleje",
        DAP,
        "KL",
        "steady",
        "2025-02-01",
        "2027-09-30",
        5_400_000,
        60,
        10,
        "Sikker og struktureret kommunikation mellem lægepraksis og kommunal hjemmepleje.",
        risks=(
            (
                "Kommunal ibrugtagning",
                "98 kommuner med forskellige omsorgssystemer → ujævn ibrugtagning → beskeder når ikke frem",
                "organisation",
                "KL",
                "share",
                "Implementeringspakke og netværk for kommunerne",
                0.1,
                None,
                0,
                3,
                3,
            ),
        ),
        crs=((-8, "approved", 0.5, None, "Ingen", "Forlængelse af pilot med en måned"),),
        deps=((_STD, "Korrespondancemeddelelser efter MedCom-standard"),),
        blank=("deliverables_rag", 3),
    ),
    _Spec(
        "MinLæge-app",
        DAP,
        "PLO",
        "green_but_late",
        "2024-01-15",
        "2026-12-31",
        9_600_000,
        60,
        10,
        "Videreudvikling af appen, hvor borgeren kan booke tid, forny recepter og skrive til sin læge.",
        risks=(
            (
                "App-butikkernes krav",
                "Nye krav fra app-butikkerne → afvist opdatering → borgerne kan ikke opdatere appen",
                "teknologi",
                "PLO",
                "reduce",
                "Tidlig indsendelse og testversioner",
                0.2,
                0.6,
                0,
                2,
                3,
            ),
            (
                "Login med MitID",
                "Ændringer hos MitID-broker → login fejler → borgerne kan ikke bruge appen",
                "teknologi",
                "",
                "transfer",
                "Supportaftale med brokeren",
                0.5,
                None,
                1,
                2,
                5,
            ),
        ),
        deps=(("MitID", "Borgerens login"),),
    ),
    _Spec(
        "Diagnosekort i almen praksis",
        DAP,
        "SDS",
        "overspend",
        "2024-06-01",
        "2027-05-31",
        6_200_000,
        90,
        5,
        "Samler patientens diagnoser fra praksis og sygehus i ét kort.",
        risks=(
            (
                "Stigende integrationsomkostninger",
                "Flere lægesystemer end forudsat → ekstra integrationsarbejde → budgettet overskrides",
                "økonomi",
                "Sundhedsdatastyrelsen",
                "reduce",
                "De to største lægesystemer prioriteres først",
                0.2,
                None,
                1,
                3,
                4,
            ),
            (
                "Faglig enighed om diagnosekoder",
                "Uenighed om kodepraksis → sen afklaring → kortet viser ufuldstændige diagnoser",
                "organisation",
                "PLO",
                "share",
                "Faglig arbejdsgruppe med DSAM",
                0.05,
                0.5,
                -1,
                3,
                2,
            ),
        ),
        crs=(("extra", "rejected", None, 2.0, "Ingen", "Tillægsbevilling til integration med flere lægesystemer"),),
        deps=(("Fælles Medicinkort", "Kobler diagnoser til ordinationer"),),
        rebaseline=(45, 1.12, "Ny plan efter afvigelsesrapport: integration med alle lægesystemer"),
    ),
    _Spec(
        "Video i almen praksis",
        DAP,
        "PLO",
        "steady",
        "2023-05-01",
        "2027-01-31",
        3_200_000,
        30,
        10,
        "Videokonsultationer som fast tilbud i alle lægepraksis.",
        risks=(
            (
                "Lav anvendelse af video",
                "Patienterne foretrækker fremmøde → få videokonsultationer → gevinsten udebliver",
                "organisation",
                "PLO",
                "accept",
                "",
                0.1,
                None,
                0,
                3,
                2,
            ),
        ),
        crs=((-7, "approved", None, 0.6, "Ingen", "Ekstra midler til supportfunktion"),),
    ),
    _Spec(
        "Virtuelt venteværelse",
        DAP,
        "PLO",
        "steady",
        "2025-04-01",
        "2027-12-31",
        4_100_000,
        60,
        15,
        "Patienten venter virtuelt og kaldes ind til video- eller telefonkonsultation.",
        forum=PFDD,
        risks=(
            (
                "Bemanding i klinikken",
                "Travlhed i klinikken → venteværelset bemandes ikke → dårlig patientoplevelse",
                "ressourcer",
                "Rasmus Sørensen",
                "reduce",
                "Vejledning om bemanding og tidsbestilling; Rasmus Sørensen følger op med klinikkerne",
                0.2,
                None,
                1,
                3,
                3,
            ),
        ),
        crs=((-2, "rejected", 1.5, None, "Ingen", "Udskydelse af landsdækkende udrulning til 2028"),),
        deps=((6, "Genbruger videoløsningen"),),
        blank=("economy_rag", 1),
    ),
    _Spec(
        "Et samlet patientoverblik",
        DAP,
        "SDS",
        "steady",
        "2024-11-01",
        "2029-06-30",
        14_800_000,
        90,
        10,
        "Fælles overblik over patientens forløb for læge, sygehus og kommune.",
        sources=(("FL-IT", 0.7), ("EGEN", 0.3)),
        risks=(
            (
                "Samtykke og datadeling",
                "Uafklarede regler for visning af data → begrænset visning → overblikket bliver ufuldstændigt",
                "jura",
                "Sundhedsdatastyrelsen",
                "avoid",
                "Afklaring i juridisk følgegruppe",
                0.1,
                None,
                -1,
                4,
                4,
            ),
            (
                "Ændringer i Sundhedsjournalen",
                "Ændrede snitflader i Sundhedsjournalen → tilpasning af integrationen → merudgifter",
                "teknologi",
                "",
                "transfer",
                "Aftale om varsling af ændringer",
                0.3,
                None,
                0,
                2,
                3,
            ),
        ),
        deps=((0, "Bygger videre på Hurtigt patientoverblik"),),
        missing_latest=True,
    ),
    _Spec(
        "PRO i almen praksis",
        DAP,
        "DR",
        "minor_slip",
        "2024-10-01",
        "2027-04-30",
        5_900_000,
        60,
        10,
        "Patientrapporterede oplysninger (PRO) bruges i konsultationen hos egen læge.",
        sources=(("FL-IT", 0.6), ("FL-DFP", 0.4)),
        risks=(
            (
                "Infrastruktur for PRO-data",
                "Forsinket fælles infrastruktur → skemaer kan ikke deles → pilot udskydes",
                "teknologi",
                "Peter Jørgensen",
                "reduce",
                "Midlertidig løsning via eksisterende PRO-platform",
                0.2,
                None,
                1,
                3,
                4,
            ),
        ),
        crs=(("next", "pending", 0.75, None, "Ingen", "Pilotstart flyttes til efter infrastrukturens idriftsættelse"),),
        deps=((12, "PRO-skemaer deles via den fælles infrastruktur"),),
        override=("green", "Forsinkelsen skyldes den fælles infrastruktur og påvirker ikke projektets gevinster"),
    ),
    _Spec(
        "Klinikkens Cockpit",
        DAP,
        "PLO",
        "steady",
        "2024-02-01",
        "2027-01-31",
        8_300_000,
        60,
        10,
        "Ledelsesoverblik for klinikken med kvalitetsdata, kapacitet og opgaver.",
        forum=PFDD,
        sources=(("PFDD", 0.8), ("FL-IT", 0.2)),
        risks=(
            (
                "Adgang til kvalitetsdata",
                "Forsinket dataleverance fra RKKP → cockpittet mangler indikatorer → lav værdi for klinikken",
                "ressourcer",
                "PLO",
                "reduce",
                "Prioriteret dataleverance aftalt",
                0.15,
                0.75,
                -1,
                3,
                3,
            ),
        ),
    ),
    _Spec(
        "Apps i almen praksis",
        DAP,
        "MedCom",
        "steady",
        "2026-08-01",
        "2028-07-31",
        2_600_000,
        45,
        10,
        "Anbefalede sundhedsapps, som lægen kan ordinere og følge op på.",
        risks=(
            (
                "Uoverskueligt app-marked",
                "Mange apps uden dokumentation → svært at anbefale apps → lav anvendelse",
                "organisation",
                "MedCom",
                "reduce",
                "Kriterier for anbefaling udarbejdes med Sundhedsstyrelsen",
                0.3,
                None,
                0,
                3,
                2,
            ),
        ),
    ),
    _Spec(
        "Forløbsplaner: fælles infrastruktur",
        DFP,
        "SDS",
        "minor_slip",
        "2024-04-01",
        "2027-03-31",
        11_000_000,
        60,
        10,
        "Fælles infrastruktur til deling af digitale forløbsplaner mellem borger, læge, kommune og sygehus.",
        sources=(("FL-DFP", 1.0),),
        risks=(
            (
                "Standarder for forløbsplaner",
                "FHIR-profiler ikke færdige → leverandørerne venter → infrastrukturen forsinkes",
                "teknologi",
                "MedCom",
                "reduce",
                "Ekstra ressourcer til standardisering",
                0.1,
                None,
                1,
                3,
                4,
            ),
            (
                "Drift og ejerskab",
                "Uafklaret driftsansvar → ingen modtager løsningen → forsinket idriftsættelse",
                "organisation",
                "Sofie Olsen",
                "avoid",
                "Driftsmodel til beslutning i styregruppen",
                0.3,
                0.9,
                -1,
                3,
                3,
            ),
        ),
        deps=((_STD, "Forløbsplaner udveksles som FHIR-profiler"),),
    ),
    _Spec(
        "Digitale forløbsplaner – diabetes",
        DFP,
        "DR",
        "steady",
        "2024-12-01",
        "2027-11-30",
        4_800_000,
        60,
        10,
        "Digital forløbsplan for borgere med type 2-diabetes, delt mellem borger og sundhedspersoner.",
        sources=(("FL-DFP", 1.0),),
        risks=(
            (
                "Forskellige forløb i regionerne",
                "Forskellige diabetesforløb i regionerne → mange varianter → højere omkostninger",
                "organisation",
                "Danske Regioner",
                "share",
                "Fælles minimumsforløb",
                0.2,
                None,
                0,
                3,
                3,
            ),
        ),
        crs=((-3, "approved", None, None, "Målgruppen udvides til type 1-diabetes", "Udvidelse af målgruppen"),),
        deps=((12, "Planerne deles via den fælles infrastruktur"),),
    ),
    _Spec(
        "Digitale forløbsplaner – KOL",
        DFP,
        "KL",
        "steady",
        "2025-09-01",
        "2028-03-31",
        3_900_000,
        90,
        15,
        "Digital forløbsplan for borgere med KOL med fokus på rehabilitering i kommunen.",
        sources=(("FL-DFP", 1.0),),
        risks=(
            (
                "Kommunernes ressourcer",
                "Mangel på sygeplejersker i kommunerne → planerne følges ikke op → ringe effekt",
                "ressourcer",
                "KL",
                "accept",
                "",
                0.2,
                None,
                1,
                2,
                3,
            ),
        ),
        crs=(
            (
                "next",
                "pending",
                None,
                0.4,
                "Forløbsplanen dækker også rehabilitering",
                "Udvidelse med rehabiliteringsforløb",
            ),
        ),
        deps=((12, "Planerne deles via den fælles infrastruktur"),),
    ),
)
PORTFOLIO_RISKS = (
    (
        "Travlhed i almen praksis",
        "Mangel på læger og personale → få klinikker deltager i piloter → langsommere udbredelse og færre gevinster",
        "ressourcer",
        "PLO",
        "reduce",
        "Honorering af pilotklinikker og korte testforløb",
        0.05,
        None,
        0,
        3,
        4,
    ),
    (
        "Finansiering efter indeværende år",
        "Midler bevilges pr. kalenderår → uafklaret bevilling til næste år → projekter må nedskalere",
        "økonomi",
        "Indenrigs- og Sundhedsministeriet",
        "accept",
        "Tidlig dialog om næste års bevillinger",
        0.3,
        None,
        1,
        2,
        4,
    ),
    (
        "Afhængighed af fælles infrastruktur",
        "Forsinket fælles infrastruktur → projekterne kan ikke integrere → flere projekter forsinkes",
        "teknologi",
        "MedCom",
        "reduce",
        "Fælles integrationsplan og månedlig koordinering",
        0.4,
        None,
        1,
        2,
        3,
    ),
    (
        "Nye juridiske rammer for datadeling",
        "Ny fortolkning af sundhedsloven → krav om nyt samtykke → visning af data sættes på pause",
        "jura",
        "Sundhedsdatastyrelsen",
        "avoid",
        "Løbende dialog med Sundhedsdatastyrelsen",
        0.1,
        0.6,
        -1,
        3,
        4,
    ),
)


@dataclass(frozen=True)
class _Benefit:
    """A catalogue project's benefit (gevinst). Dates follow the project, so copies get their own."""

    title: str
    kind: str  # economic | non_economic
    owner: str  # '' = not named: a data-quality case
    unit: str
    baseline: float | None  # None = not known: a data-quality case
    target: float
    start: int  # realisation starts on the first of the month after the baseline end moved this many months
    months: int  # length of the realisation; the target date is the last day of its last month
    pace: float  # the measured achievement follows pace × the expected achievement (1 = to plan)
    dkk: int = 0  # planned DKK per year (economic benefits)
    decimals: int = 0
    monthly: bool = False  # measured every month, else every quarter
    source: str = "Opgørelse fra projektets gevinstmåling"


# Benefits per catalogue project. Paces tell the story: epikriser realises its economic benefit ahead of plan
# after the project has closed; video and the quick overview are behind; the app and the diagnosis map are to
# watch (and the app's lead reports green all the same); the rest follow the plan or have not started.
BENEFITS: dict[str, tuple[_Benefit, ...]] = {
    "Hurtigt patientoverblik": (
        _Benefit(
            "Kortere tid til at danne overblik før konsultationen",
            "non_economic",
            "Danske Regioner",
            "minutter pr. konsultation",
            6.0,
            3.0,
            -18,
            24,
            0.25,
            decimals=1,
            source="Tidsmåling i 20 klinikker",
        ),
    ),
    "Den intelligente indbakke": (
        _Benefit(
            "Sparet tid på indbakken i klinikkerne",
            "economic",
            "PLO",
            "timer pr. uge",
            0.0,
            2500.0,
            -12,
            24,
            1.0,
            dkk=6_500_000,
            source="Klinikkernes logdata",
        ),
    ),
    "Forbedring af epikriser": (
        _Benefit(
            "Færre opfølgende henvendelser om epikriser",
            "economic",
            "Danske Regioner",
            "henvendelser pr. måned",
            12000.0,
            8000.0,
            0,
            12,
            1.3,
            dkk=2_400_000,
            monthly=True,
            source="Regionernes henvendelseslog",
        ),
    ),
    "Kommunikation med kommunal pleje": (
        _Benefit(
            "Beskeder til hjemmeplejen besvaret inden for tre dage",
            "non_economic",
            "KL",
            "%",
            64.0,
            90.0,
            -12,
            18,
            1.0,
        ),
    ),
    "MinLæge-app": (
        _Benefit(
            "Borgere der booker tid hos lægen i appen",
            "non_economic",
            "PLO",
            "% af alle bookinger",
            22.0,
            45.0,
            -18,
            24,
            0.75,
        ),
    ),
    "Diagnosekort i almen praksis": (
        _Benefit(
            "Praksis der bruger diagnosekortet i konsultationen",
            "non_economic",
            "",
            "% af praksis",
            0.0,
            80.0,
            -15,
            24,
            0.6,
        ),
    ),
    "Video i almen praksis": (
        _Benefit(
            "Sparet transport for patienterne",
            "economic",
            "PLO",
            "mio. kr. pr. år",
            0.0,
            1.8,
            -20,
            19,
            0.55,
            dkk=1_800_000,
            decimals=2,
            source="Beregnet ud fra antal videokonsultationer",
        ),
    ),
    "Virtuelt venteværelse": (
        _Benefit(
            "Patienter der oplever kortere ventetid",
            "non_economic",
            "PLO",
            "%",
            None,
            70.0,
            -6,
            12,
            1.0,
        ),
    ),
    "Et samlet patientoverblik": (
        _Benefit(
            "Kortere tid til at indhente oplysninger ved henvisning",
            "non_economic",
            "Sundhedsdatastyrelsen",
            "minutter pr. henvisning",
            9.0,
            4.0,
            -12,
            24,
            1.0,
            decimals=1,
        ),
    ),
    "PRO i almen praksis": (
        _Benefit(
            "Konsultationer hvor patientens PRO-svar bruges",
            "non_economic",
            "Danske Regioner",
            "%",
            0.0,
            50.0,
            -16,
            18,
            0.95,
        ),
    ),
    "Klinikkens Cockpit": (
        _Benefit(
            "Sparet administrativ tid i klinikkerne",
            "economic",
            "PLO",
            "timer pr. uge",
            0.0,
            1200.0,
            -12,
            18,
            0.8,
            dkk=3_100_000,
            source="Spørgeskema til klinikkerne",
        ),
    ),
    "Forløbsplaner: fælles infrastruktur": (
        _Benefit(
            "Forløbsplaner delt digitalt med borgeren",
            "non_economic",
            "Sundhedsdatastyrelsen",
            "planer pr. måned",
            0.0,
            4000.0,
            -9,
            21,
            1.1,
        ),
    ),
}

_MILESTONES = (
    ("Analyse og kravspecifikation afsluttet", 0.15),
    ("Løsning klar til pilot", 0.4),
    ("Pilot evalueret", 0.62),
    ("Udrulning i gang i alle regioner", 0.8),
)
_FINAL_MILESTONE = "Projektet afsluttet og overdraget til drift"
_PHASES = ((0.2, "analysis"), (0.45, "development"), (0.65, "pilot"), (0.9, "rollout"), (9.9, "operation"))
_SUMMARY = {
    "analysis": (
        "Behovsafdækning med klinikkerne i gang",
        "Kravspecifikation under udarbejdelse",
        "Analyse af arbejdsgange i praksis",
    ),
    "development": (
        "Udvikling af første version i gang",
        "Integration til lægesystemerne under udvikling",
        "Test af snitflader med systemleverandører",
    ),
    "pilot": ("Pilot i gang i {k} klinikker", "Pilotevaluering i gang", "Pilot udvidet til flere regioner"),
    "rollout": (
        "Udrulning til {pct} % af klinikkerne",
        "Udrulning fortsætter i alle regioner",
        "Udrulning i gang; support opskaleret",
    ),
    "operation": ("Løsningen er i drift", "Drift stabil; gevinstopfølgning i gang"),
}
_ACHIEVED = {
    "analysis": (
        "Workshops med praktiserende læger afholdt",
        "Interessentanalyse godkendt",
        "Databehandleraftale afklaret",
    ),
    "development": (
        "Første testversion leveret",
        "Snitflade til lægesystem testet",
        "Brugertest med seks læger gennemført",
        "Sikkerhedsgodkendelse opnået",
    ),
    "pilot": (
        "{k} pilotklinikker i gang",
        "Midtvejsevaluering gennemført",
        "Supportmodel afprøvet",
        "Undervisningsmateriale udarbejdet",
    ),
    "rollout": (
        "{pct} % af klinikkerne er i gang",
        "Udrulningsplan aftalt med regionerne",
        "Nyhedsbrev sendt til alle klinikker",
        "Ny version sat i drift",
    ),
    "operation": ("Driftsaftale underskrevet", "Gevinstmåling gennemført", "Overdragelse til drift forberedt"),
}
_NEXT = {
    "analysis": ("Godkendelse af projektgrundlag", "Valg af løsningsmodel", "Udbudsmateriale færdiggøres"),
    "development": ("Afslutte version 1", "Test med lægesystemleverandørerne", "Forberede pilot"),
    "pilot": ("Evaluering af pilot", "Indstilling om udrulning", "Udvide pilot til flere klinikker"),
    "rollout": (
        "Fortsat udrulning i regionerne",
        "Opfølgning på anvendelse",
        "Afslutte udrulning i Region Hovedstaden",
    ),
    "operation": ("Afslutningsrapport", "Overdragelse til driftsorganisationen", "Gevinstopfølgning"),
}
_THEMES = {
    "analysis": "Løsningsmodel og gevinster",
    "development": "Brugerinddragelse i udviklingen",
    "pilot": "Erfaringer fra pilotklinikkerne",
    "rollout": "Udrulningsplan og support",
    "operation": "Gevinstrealisering og drift",
}
_RAGS = ("green", "yellow", "red")


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _wednesday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(2 - first.weekday()) % 7 + 7 * (nth - 1))


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _bump(u: float) -> float:
    return max(0.0, 1 - abs(u - 0.45) / 0.33)


def _slip(arch: str, u: float, c: float) -> int:
    """Forecast slip in days at project progress u (0 = start, 1 = baseline end)."""
    u = _clamp(u, 0, 1.2)
    days = {
        "steady": c * max(0.0, u - 0.5) * 2,
        "slipping": 240 * max(0.0, u - 0.35),
        "recovering": 125 * _bump(u),
        "green_but_late": 260 * max(0.0, u - 0.45),
        "overspend": 35 * u,
        "minor_slip": 55 * min(1.0, u / 0.75),
    }[arch]
    return round(days)


def _overrun(arch: str, u: float, c: float) -> float:
    """Forecast cost overrun as a fraction of the baseline budget."""
    u = _clamp(u, 0, 1.2)
    return {
        "steady": -0.01 - c / 1000,
        "slipping": 0.16 * _clamp((u - 0.45) / 0.45),
        "recovering": 0.06 * _bump(u),
        "green_but_late": -0.01,
        "overspend": 0.21 * _clamp((u - 0.2) / 0.6),
        "minor_slip": 0.03 * min(1.0, u / 0.75),
    }[arch]


def _time_rag(slip: int) -> str:  # mirrors config.TimeRule defaults, as a project lead would report
    return "red" if slip > 90 else "yellow" if slip >= 30 else "green"


def _cost_rag(overrun: float) -> str:
    return "red" if overrun > 0.10 else "yellow" if overrun > 0 else "green"


@dataclass
class _Project:
    copy: int  # 0 for the catalogue project itself, n for its n-th copy
    pid: str
    name: str
    spec: _Spec
    start: date
    end: date
    budget: int
    lead: str
    c: float  # small per-project slip of steady projects
    closed: date | None = None
    closure: str = ""

    def u(self, d: date) -> float:
        return (d - self.start).days / max(1, (self.end - self.start).days)

    def slip(self, d: date) -> int:
        return _slip(self.spec.arch, self.u(d), self.c)

    def active(self, d: date) -> bool:
        return self.start <= d and (self.closed is None or d <= self.closed)

    def phase(self, d: date) -> str:
        if d < self.start:
            return "idea"
        forecast_end = self.end + timedelta(days=self.slip(d))
        u = (d - self.start).days / max(1, (forecast_end - self.start).days)
        return next(p for limit, p in _PHASES if u < limit)


def _make_projects(n: int, years: int, seed: int, start_year: int, today: date) -> list[_Project]:
    shift = today.year - _ANCHOR_YEAR
    window_start = date(start_year, 1, 1)
    width = max(2, len(str(n)))
    projects = []
    for i in range(n):
        idx, copy = i % len(CATALOGUE), i // len(CATALOGUE)
        spec, rng = CATALOGUE[idx], random.Random(f"{seed}:project:{i}")
        start, end = (date.fromisoformat(d).replace(year=int(d[:4]) + shift) for d in (spec.start, spec.end))
        budget: float  # a copy's budget is scaled and rounded below; int() when the project is made
        name, budget, lead = spec.name, spec.budget, LEADS[idx]
        if copy:  # copies spread over the whole window
            life = int((end - start).days * rng.uniform(0.8, 1.25))
            start = window_start + timedelta(days=rng.randint(-540, years * 365 - 120))
            end = start + timedelta(days=life)
            name, budget, lead = f"{spec.name} {copy + 1}", round(budget * rng.uniform(0.7, 1.3), -5), rng.choice(LEADS)
        p = _Project(copy, f"P{i + 1:0{width}d}", name, spec, start, end, int(budget), lead, rng.uniform(0, 20))
        if spec.arch == "slipping":  # a slipping project that runs long is stopped, not completed
            stop = start + timedelta(days=int(0.95 * (end - start).days))
            if stop <= today:
                p.closed, p.closure = stop, "stopped"
        else:
            final = end + timedelta(days=_slip(spec.arch, 1.0, p.c))
            if final <= today:
                p.closed, p.closure = final, "completed"
        projects.append(p)
    return projects


def _meeting_dates(start_year: int, years: int) -> list[tuple[date, str]]:
    last = start_year + years - 1
    meetings = [(_wednesday(y, m, 2), "ordinary") for y in range(start_year, last + 1) for m in _ORDINARY_MONTHS]
    meetings += [(_wednesday(y, 6, 3), "extra") for y in range(last, start_year - 1, -2)]
    return sorted(meetings)


def _status(projects, held, seed) -> list[dict]:
    rows = []
    for p in projects:
        rng, spec = random.Random(f"{seed}:status:{p.pid}"), p.spec
        active = [m for m in held if p.active(m)]
        for j, m in enumerate(active):
            back = len(active) - j  # 1 = the project's latest report
            if back == 1 and spec.missing_latest:
                continue
            u, slip = p.u(m), p.slip(m)
            over = _overrun(spec.arch, u, p.c)
            deliv = (
                "yellow"
                if (spec.arch == "slipping" and u > 0.6)
                or (spec.arch == "overspend" and u > 0.7)
                or (spec.arch == "recovering" and slip > 90)
                else "green"
            )
            # the green_but_late lead keeps reporting green whatever the forecast says
            rag = {
                "time_rag": "green" if spec.arch == "green_but_late" else _time_rag(slip),
                "economy_rag": _cost_rag(over),
                "deliverables_rag": deliv,
            }
            if spec.blank and spec.blank[1] == back:
                rag[spec.blank[0]] = ""
            overall = max((r for r in rag.values() if r), key=_RAGS.index)
            rag["benefits_rag"] = _reported_benefits_rag(p)  # the fourth parameter, not part of the overall
            reason = ""
            if spec.override and back == 1:
                overall, reason = spec.override
            elif rng.random() < 0.2:
                overall = ""  # left to the worst-of rule, as analysts often do
            phase = p.phase(m)
            fill = {"k": rng.randint(5, 40), "pct": int(_clamp((u - 0.6) / 0.35, 0.1, 0.95) * 100)}
            summary = rng.choice(_SUMMARY[phase]).format(**fill)
            if spec.arch != "green_but_late" and slip >= 30:
                summary += f"; forventet forsinkelse ca. {max(1, round(slip / 30))} mdr."
            if over > 0 and spec.arch != "green_but_late":
                summary += "; merforbrug forventet"
            rows.append(
                {
                    "project_id": p.pid,
                    "meeting_date": _iso(m),
                    **rag,
                    "overall_rag": overall,
                    "overall_reason": reason,
                    "phase": phase,
                    "forecast_end_date": _iso(p.end + timedelta(days=slip)),
                    "forecast_cost_dkk": int(round(p.budget * (1 + over), -4)),
                    "summary": summary,
                    "achievements": rng.choice(_ACHIEVED[phase]).format(**fill),
                    "next_steps": rng.choice(_NEXT[phase]).format(**fill),
                    "reported_by": p.lead,
                }
            )
    return rows


def _milestones(projects, held, today, seed) -> tuple[list[dict], list[dict]]:
    """Milestones, and each one's forecast as reported at every meeting until it was reached: the forecast
    slides from the baseline towards where it ended (or stands today), so old reports show the old plan."""
    rows, history = [], []
    for p in projects:
        rng, late = random.Random(f"{seed}:milestones:{p.pid}"), p.spec.arch in ("slipping", "green_but_late")
        picks = sorted(rng.sample(range(len(_MILESTONES)), rng.randint(1, 3)))
        if late and 3 not in picks:  # make sure the late projects have a milestone around now
            picks[-1] = 3
        plan = [_MILESTONES[k] for k in picks] + [(_FINAL_MILESTONE, 1.0)]
        life = (p.end - p.start).days
        for j, (name, u) in enumerate(plan, start=1):
            baseline = p.start + timedelta(days=int(u * life))
            reached = baseline + timedelta(days=_slip(p.spec.arch, u, p.c))
            done = reached <= today and (p.closed is None or reached <= p.closed)
            if p.closure == "completed" and u == 1.0:
                reached, done = p.closed, True
            forecast = reached if done else baseline + timedelta(days=max((reached - baseline).days, p.slip(today)))
            if not done and p.spec.arch == "green_but_late":
                forecast = None  # never updated: the plan still shows the baseline
            mid = f"{p.pid}-M{j}"
            rows.append(
                {
                    "milestone_id": mid,
                    "project_id": p.pid,
                    "name": name,
                    "baseline_date": _iso(baseline),
                    "forecast_date": _iso(forecast),
                    "actual_date": _iso(reached if done else None),
                }
            )
            if forecast is None:
                continue
            final_slip = (forecast - baseline).days
            until = reached if done else today
            reports = [m for m in held if p.active(m) and m < until]
            for k, m in enumerate(reports, start=1):
                moved = round(final_slip * k / len(reports))  # slides a little at every meeting
                history.append(
                    {
                        "milestone_id": mid,
                        "meeting_date": _iso(m),
                        "forecast_date": _iso(baseline + timedelta(days=moved)),
                    }
                )
    return rows, history


def _budget(projects, start_year, years, held, today, seed) -> tuple[list[dict], list[dict]]:
    """Grants per project × source × year, and spend and forecast as reported at each meeting of the year:
    spend grows through the year and the forecast drifts towards where the year ends. The budget sheet's
    own spent/forecast are the latest report (today's figures)."""
    rows, history = [], []
    for p in projects:
        rng, life = random.Random(f"{seed}:budget:{p.pid}"), (p.end - p.start).days + 1
        stop = p.closed or p.end
        for y in range(start_year, start_year + years):
            y0, y1 = date(y, 1, 1), date(y, 12, 31)
            overlap = (min(p.end, y1) - max(p.start, y0)).days + 1
            if overlap <= 0 or stop < y0 or p.start > today:
                continue
            complete = y < today.year or (stop <= today and stop.year == y)
            first, last = max(p.start, y0), min(stop, y1)
            hot = p.spec.arch in ("overspend", "slipping")
            for source, share in p.spec.sources:
                granted = int(round(p.budget * share * overlap / life, -4))
                # Where the year ends (complete years) or is heading (the current year).
                end_factor = (
                    (rng.uniform(1.08, 1.15) if p.spec.arch == "overspend" else rng.uniform(0.85, 1.0))
                    if complete
                    else (rng.uniform(1.05, 1.12) if hot else rng.uniform(0.92, 1.02))
                )
                pace = rng.uniform(0.85, 1.0)
                spent = forecast = 0
                final = int(round(granted * end_factor, -3))
                # Reported at every meeting of the year; when the year (or the project) is over, its final
                # figures are reported at the first meeting after that, and then no more.
                after = [m for m in held if m > last]
                reports = [m for m in held if y0 <= m <= last and first <= m] + after[:1] * complete
                for m in reports:
                    if m > last:
                        spent = forecast = final
                    else:
                        elapsed = _clamp((m - first).days / max(1, (last - first).days))
                        spent = int(round(final * elapsed * pace, -3))
                        drift = 1 + (end_factor - 1) * _clamp(elapsed * 1.5)  # overruns show up as the year goes
                        forecast = max(spent, int(round(granted * drift, -3)))
                    history.append(
                        {
                            "project_id": p.pid,
                            "source_id": source,
                            "year": y,
                            "meeting_date": _iso(m),
                            "spent_dkk": spent,
                            "forecast_dkk": forecast,
                        }
                    )
                rows.append(
                    {
                        "project_id": p.pid,
                        "source_id": source,
                        "year": y,
                        "granted_dkk": granted,
                        "spent_dkk": spent,
                        "forecast_dkk": forecast,
                    }
                )
    return rows, history


def _month(index: int, day: int = 1) -> date:
    """The month counted from year 0 (``year * 12 + month - 1``): its first day, or with ``day=-1`` its last."""
    first = date(index // 12, index % 12 + 1, 1)
    return first if day == 1 else date((index + 1) // 12, (index + 1) % 12 + 1, 1) - timedelta(days=1)


def _realisation(p: _Project, b: _Benefit) -> tuple[date, date]:
    """(realisation start, target date) of a benefit of project ``p``."""
    start = p.end.year * 12 + p.end.month - 1 + b.start + 1  # the month after
    return _month(start), _month(start + b.months - 1, day=-1)


def _number(value: float) -> str:
    """A number as in a CSV written by hand: 12000, 5.8, 0.42."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _expected(when: date, start: date, target: date) -> float:
    return _clamp((when - start).days / (target - start).days)


def _benefits(projects, today, seed) -> tuple[list[dict], list[dict]]:
    """The benefits register and its measurements: a baseline measurement at the period end before the
    realisation starts, then one per quarter (or month) up to today, following each benefit's pace."""
    register, measurements = [], []
    for p in projects:
        for k, b in enumerate(BENEFITS.get(p.spec.name, ()), start=1):
            bid = f"{p.pid}-G{k}"
            start, target = _realisation(p, b)
            register.append(
                {
                    "benefit_id": bid,
                    "project_id": p.pid,
                    "title": b.title,
                    "kind": b.kind,
                    "owner": b.owner,
                    "unit": b.unit,
                    "baseline": "" if b.baseline is None else _number(b.baseline),
                    "target": _number(b.target),
                    "direction": "higher" if b.baseline is None or b.target > b.baseline else "lower",
                    "target_date": _iso(target),
                    "realisation_start": _iso(start),
                    "planned_dkk_per_year": b.dkk or "",
                }
            )
            if b.baseline is None:
                continue
            rng, step = random.Random(f"{seed}:benefits:{bid}"), 1 if b.monthly else 3
            index = start.year * 12 + start.month - 2  # the month before the start
            index -= (index % 12 + 1) % step  # back to a quarter end when measured quarterly
            while (when := _month(index, day=-1)) <= today:
                share = (
                    0.0
                    if when < start
                    else min(1.1, b.pace * _expected(when, start, target) + rng.uniform(-0.03, 0.03))
                )
                value = round(b.baseline + share * (b.target - b.baseline), b.decimals)
                measurements.append(
                    {
                        "benefit_id": bid,
                        "measured_date": _iso(when),
                        "period": f"{MONTHS_DA[when.month - 1]} {when.year}"
                        if b.monthly
                        else f"{(when.month + 2) // 3}. kvartal {when.year}",
                        "value": _number(value),
                        "note": "Baselinemåling før realiseringen" if when < start else b.source,
                    }
                )
                index += step
    return register, measurements


def _reported_benefits_rag(p: _Project) -> str:
    """What the project lead reports for benefits: green when the benefits follow the plan (a lead who always
    reports green does so here too), yellow when they lag — leads report 'yellow' even for far behind."""
    paces = [b.pace for b in BENEFITS.get(p.spec.name, ())]
    if not paces:
        return ""
    return "green" if p.spec.arch == "green_but_late" or min(paces) >= 0.85 else "yellow"


def _rebaselines(projects, held) -> list[dict]:
    """A new baseline at the meeting after a project's first exception, for the specs that ask for one."""
    rows = []
    for p in projects:
        if not p.spec.rebaseline:
            continue
        shift, factor, reason = p.spec.rebaseline
        breach = [m for m in held if p.active(m) and _breach(p, m)]
        after = [m for m in held if breach and m > breach[0] and p.active(m)]
        if after:
            rows.append(
                {
                    "project_id": p.pid,
                    "meeting_date": _iso(after[0]),
                    "baseline_end_date": _iso(p.end + timedelta(days=shift)),
                    "baseline_budget_dkk": int(round(p.budget * factor, -4)),
                    "reason": reason,
                }
            )
    return rows


def _breach(p, m: date) -> bool:
    """The forecast at meeting m is beyond the project's tolerances (an exception goes up)."""
    return p.slip(m) > p.spec.tol_days or 100 * _overrun(p.spec.arch, p.u(m), p.c) > p.spec.tol_pct


def _risks(projects, held, window_start, today, seed):
    entries = [(None, r) for r in PORTFOLIO_RISKS] + [(p, r) for p in projects for r in p.spec.risks]
    width = max(2, len(str(len(entries))))
    risks: list[dict] = []
    assessments: list[dict] = []
    for p, r in entries:
        title, desc, category, owner, response, mitigation, at, until, trend, p0, i0 = r
        lo = max(window_start, p.start) if p else window_start
        hi = min(p.closed or today, today) if p else today
        if hi < lo:
            continue
        raised = lo + timedelta(days=int(at * (hi - lo).days))
        closed = lo + timedelta(days=int(until * (hi - lo).days)) if until is not None else p.closed if p else None
        rid = f"R{len(risks) + 1:0{width}d}"
        rng, walk = random.Random(f"{seed}:risk:{rid}"), 0
        risks.append(
            {
                "risk_id": rid,
                "project_id": p.pid if p else "",
                "title": title,
                "description": desc,
                "category": category,
                "owner": owner,
                "response": response,
                "mitigation": mitigation,
                "raised_date": _iso(raised),
                "closed_date": _iso(closed),
            }
        )
        dates = [m for m in held if raised <= m and (closed is None or m < closed)]
        for j, m in enumerate(dates):
            t = j / max(1, len(dates) - 1)
            if trend == 0 and j:  # flat risks wander one step at a time around their first score
                walk = int(_clamp(walk + rng.choice((-1, 0, 0, 0, 1)), -1, 1))
            assessments.append(
                {
                    "risk_id": rid,
                    "meeting_date": _iso(m),
                    "probability": int(_clamp(p0 + round(2 * trend * t) + walk, 1, 5)),
                    "impact": int(_clamp(i0 + round(trend * t), 1, 5)),
                }
            )
    return risks, assessments


def _change_requests(projects, held, meetings, today, seed) -> list[dict]:
    extras = [m for m, kind in meetings if kind == "extra" and m <= today]
    planned = [m for m, _ in meetings if m > today]
    wanted = [(p, cr) for p in projects for cr in p.spec.crs]
    width = max(2, len(str(len(wanted))))
    rows = []
    for p, (when, decision, t_factor, c_factor, scope, desc) in wanted:
        rng, active = random.Random(f"{seed}:cr:{p.pid}:{desc}"), [m for m in held if p.active(m)]
        if when == "next":
            if p.closed:
                continue
            meeting, submitted = (planned[0] if planned else None), today - timedelta(days=rng.randint(3, 20))
        else:
            if when == "extra":
                candidates = [m for m in extras if p.active(m)]
            else:
                candidates = active[when:][:1] if len(active) >= -when else []
            if not candidates:
                continue
            meeting = candidates[-1]
            submitted = meeting - timedelta(days=rng.randint(7, 28))
        rows.append(
            {
                "cr_id": "",
                "project_id": p.pid,
                "submitted_date": _iso(submitted),
                "description": desc,
                "time_impact_days": round(t_factor * p.spec.tol_days) if t_factor is not None else "",
                "cost_impact_dkk": int(round(c_factor * p.budget * p.spec.tol_pct / 100, -4))
                if c_factor is not None
                else "",
                "scope_impact": scope,
                "decision": decision,
                "decision_meeting_date": _iso(meeting),
            }
        )
    rows.sort(key=lambda r: (r["submitted_date"], r["project_id"]))
    for n, row in enumerate(rows, start=1):
        row["cr_id"] = f"CR{n:0{width}d}"
    return rows


def _agenda(projects, meetings, held, crs, rebaselines, today, seed) -> list[dict]:
    """Decisions first; then the annual wheel puts every active project on one meeting each year."""
    by_pid = {p.pid: p for p in projects}
    items: dict[date, list[tuple[str, str, str]]] = {m: [] for m, _ in meetings}
    ordinary = [m for m, kind in meetings if kind == "ordinary"]

    def add(m: date, pid: str, item: str, title: str) -> None:
        items[m].append((pid, item, title))

    for m, kind in meetings:
        add(m, "", "status", "Porteføljeoverblik")
        if kind == "extra":
            add(m, "", "orientation", f"Økonomisk overblik {m.year}")
            add(m, "", "orientation", "Opfølgning til National bestyrelse")
        elif m.month == 1:
            add(m, "", "orientation", f"Årshjul og mødeplan {m.year}")
        elif m.month == 8:
            add(m, "", "theme", "Tema: Risikobillede for porteføljen")
        elif m.month == 12:
            add(m, "", "decision", f"Fordeling af midler {m.year + 1}")
    for cr in crs:
        if cr["decision_meeting_date"]:
            name = by_pid[cr["project_id"]].name
            add(
                date.fromisoformat(cr["decision_meeting_date"]),
                cr["project_id"],
                "decision",
                f"Ændringsanmodning: {name} ({cr['cr_id']})",
            )
    for p in projects:
        before = [m for m in ordinary if m <= p.start]
        if p.start > date(ordinary[0].year, 1, 1) and before:
            add(before[-1], p.pid, "decision", f"Projektgrundlag: {p.name}")
        after = [m for m in ordinary if p.closed and m > p.closed]
        if after:
            add(after[0], p.pid, "decision", f"Afslutningsrapport: {p.name}")
        # a forecast beyond tolerance goes up as an exception, except from the lead who keeps reporting green
        breach = [m for m in held if p.active(m) and p.spec.arch != "green_but_late" and _breach(p, m)]
        if breach:
            add(breach[0], p.pid, "decision", f"Afvigelsesrapport: {p.name}")
    rng = random.Random(f"{seed}:agenda")
    for year in sorted({m.year for m in ordinary}):
        year_meetings = [m for m in ordinary if m.year == year]
        for p in projects:
            eligible = [m for m in year_meetings if p.active(m)]
            if eligible:
                m = min(eligible, key=lambda d: (len(items[d]), d))
                phase = p.phase(min(m, today))
                if rng.random() < 0.3:
                    add(m, p.pid, "theme", f"Tema: {_THEMES[phase]} – {p.name}")
                else:
                    add(m, p.pid, "orientation", f"Status for {p.name}")
    # New baselines go on after the wheel is balanced, so they do not move the other items.
    for row in rebaselines:
        add(
            date.fromisoformat(row["meeting_date"]),
            row["project_id"],
            "decision",
            f"Ny baseline: {by_pid[row['project_id']].name}",
        )
    for m, _ in meetings:
        fillers = iter(("Nyt fra programsekretariatet", "Meddelelser fra formandskabet", "Eventuelt"))
        while len(items[m]) < 4:
            add(m, "", "orientation", next(fillers))
    order = {"status": 0, "decision": 1, "orientation": 2, "theme": 3}
    rows = []
    for m, _ in meetings:
        for pid, item, title in sorted(items[m], key=lambda x: (order[x[1]], x[0] == "", x[0], x[2])):
            rows.append({"meeting_date": _iso(m), "project_id": pid, "item": item, "title": title})
    return rows


def _meetings_table(meetings, agenda, projects, today, seed) -> list[dict]:
    dfp = {p.pid for p in projects if p.spec.track == DFP}
    with_dfp = {r["meeting_date"] for r in agenda if r["project_id"] in dfp}
    held_ordinary = [m for m, kind in meetings if kind == "ordinary" and m <= today]
    late_agenda = held_ordinary[len(held_ordinary) // 3]  # after the summer holiday in the demo
    late_minutes = held_ordinary[-3]
    places = ("Afholdt hos MedCom i Odense", "Afholdt i Indenrigs- og Sundhedsministeriet", "Afholdt virtuelt")
    rng, rows = random.Random(f"{seed}:meetings"), []
    for i, (m, kind) in enumerate(meetings):
        sent = minutes = None
        if m <= today:
            # leads 7–9 and lags 5–9/12–14 days keep a Wednesday meeting's papers on weekdays
            lead = 4 if m == late_agenda else 7 if kind == "extra" else rng.choice((7, 8, 9))
            lag = 20 if m == late_minutes else rng.choice((5, 6, 7, 8, 9, 12, 13, 14))
            sent, minutes = m - timedelta(days=lead), m + timedelta(days=lag)
            note = "Ekstraordinært møde (virtuelt) om ændringsanmodninger" if kind == "extra" else places[i % 3]
        else:
            note = "Planlagt"
        if _iso(m) in with_dfp:
            note += "; Sundhedsstyrelsen inviteret (Digitale forløbsplaner på dagsordenen)"
        rows.append(
            {
                "meeting_date": _iso(m),
                "kind": kind,
                "agenda_sent_date": _iso(sent),
                "minutes_sent_date": _iso(minutes if minutes and minutes <= today else None),
                "notes": note,
            }
        )
    return rows


# ------------------------------------------------------------------ the papers: exception reports, decisions, actions

# Short names for the presenters: the agenda names an organisation and a role, never a person.
PRESENTER_NAMES = {org[0]: org[1] for org in ORGANISATIONS} | {
    "KL": "KL",
    "PLO": "PLO",
    "MedCom-PS": "MedCom",
    "ISM-SEK": "Indenrigs- og Sundhedsministeriet",
}
_SECRETARIAT, _OFFICE = "ISM-SEK", "MedCom-PS"  # the ministry sends the papers; the programme office reports


def _exception_reports(projects, held, today) -> list[dict]:
    """An exception report at each project's first breach (not from the lead who keeps reporting green); a
    re-baselined project still beyond tolerance in the last year sends a second one whose recommendation is
    not written yet (a deliberate data-quality case)."""
    rows = []
    for p in projects:
        breach = [m for m in held if p.active(m) and p.spec.arch != "green_but_late" and _breach(p, m)]
        if not breach:
            continue
        reports = [(breach[0], True)]
        later = [m for m in breach[1:] if p.spec.rebaseline and m.year == today.year]
        if later:
            reports.append((later[0], False))
        for m, recommended in reports:
            texts = dp.exception_texts(
                p.spec.arch,
                p.slip(m),
                100 * _overrun(p.spec.arch, p.u(m), p.c),
                p.spec.tol_days,
                p.spec.tol_pct,
                new_plan=bool(p.spec.rebaseline),
            )
            if not recommended:
                texts["recommendation"] = ""
                texts["options"] = "Under udarbejdelse."
            rows.append({"project_id": p.pid, "meeting_date": _iso(m), **texts})
    return rows


def _presenter(org_id: str, role: str) -> str:
    return f"{PRESENTER_NAMES.get(org_id, org_id)} ({role})"


def _paper_fields(agenda, projects, crs, rebaselines, today) -> None:
    """Presenter, recommendation, background, attachments and — for held meetings — the decision of every item."""
    by_pid = {p.pid: p for p in projects}
    by_cr = {cr["cr_id"]: cr for cr in crs}
    new_plans = {(r["project_id"], r["meeting_date"]): r for r in rebaselines}
    for row in agenda:
        m, pid, title = date.fromisoformat(row["meeting_date"]), row["project_id"], row["title"]
        p = by_pid.get(pid)
        held = m <= today
        presenter, recommendation, background, attachments, decision = _OFFICE, "", "", "", ""
        if p is not None:
            presenter = _presenter(p.spec.owner, "projektejer")
        if title == "Porteføljeoverblik":
            presenter = _presenter(_OFFICE, "programsekretariatet")
            background = (
                "Programsekretariatet fremlægger status for porteføljen: tid, økonomi og leverancer, afvigelser "
                "fra tolerancerne, opfølgningspunkter og risici (bilag)."
            )
            decision = dp.STANDARD["status"]
        elif title.startswith("Ændringsanmodning:"):
            cr = by_cr[title.rsplit("(", 1)[1].rstrip(")")]
            impact = ", ".join(
                x
                for x in (
                    f"{int(cr['time_impact_days']):+d} dage" if cr["time_impact_days"] != "" else "",
                    f"{int(cr['cost_impact_dkk']):+,d} kr.".replace(",", ".") if cr["cost_impact_dkk"] != "" else "",
                )
                if x
            )
            background = f"{cr['description']}." + (f" Virkning: {impact.removesuffix('.')}." if impact else "")
            if cr["cr_id"] != crs[-1]["cr_id"]:  # the newest request still lacks the secretariat's recommendation
                recommendation = dp.recommend("godkender", f"ændringsanmodningen {cr['cr_id']}")
            if held and cr["decision"] == "approved":
                decision = dp.decided("godkendte", f"ændringsanmodningen {cr['cr_id']}")
            elif held:
                decision = dp.decided(
                    "afviste", f"ændringsanmodningen {cr['cr_id']}", "Projektet fremlægger en alternativ løsning."
                )
        elif title.startswith("Projektgrundlag:"):
            assert p is not None
            recommendation = dp.recommend(
                "godkender",
                f"projektgrundlaget med tolerancer på {p.spec.tol_days} dage og {p.spec.tol_pct} % af budgettet",
            )
            background = p.spec.description
            attachments = f"projektgrundlag-{pid.lower()}.pdf"
            decision = dp.decided("godkendte", "projektgrundlaget")
        elif title.startswith("Afslutningsrapport:"):
            assert p is not None
            verb = "godkender" if p.closure == "completed" else "tager til efterretning"
            recommendation = dp.recommend(verb, "afslutningsrapporten, og at gevinsterne følges det første år")
            attachments = f"afslutningsrapport-{pid.lower()}.pdf"
            decision = dp.decided("godkendte", "afslutningsrapporten", "Gevinsterne følges op om et år.")
        elif title.startswith("Afvigelsesrapport:"):
            assert p is not None
            choice = "en ny plan og baseline" if p.spec.rebaseline else "at vende tilbage til planen"
            recommendation = dp.recommend("tiltræder projektets indstilling om", choice)
            background = "Projektets prognose ligger uden for tolerancen; afvigelsesrapporten er vedlagt."
            attachments = f"afvigelsesrapport-{pid.lower()}.pdf"
            decision = dp.decided("tog", "afvigelsesrapporten til efterretning og fulgte projektets indstilling")
        elif title.startswith("Ny baseline:"):
            plan = new_plans[(pid, row["meeting_date"])]
            what = f"en ny baseline med slutdato {date.fromisoformat(plan['baseline_end_date']):%d-%m-%Y}"
            recommendation = dp.recommend("godkender", what)
            background = plan["reason"] + "."
            decision = dp.decided("godkendte", what)
        elif title.startswith("Fordeling af midler"):
            presenter = _presenter(_SECRETARIAT, "sekretariatet")
            year = title.rsplit(" ", 1)[1]
            recommendation = dp.recommend("godkender", f"fordelingen af midler for {year} pr. projekt og kilde")
            decision = dp.decided("godkendte", f"fordelingen af midler for {year}")
        elif title.startswith(("Årshjul", "Meddelelser fra formandskabet", "Opfølgning til National")):
            presenter = _presenter(_SECRETARIAT, "sekretariatet")
            decision = dp.STANDARD["orientation"]
        elif row["item"] in dp.STANDARD:
            decision = dp.STANDARD[row["item"]]
        row.update(
            presenter=presenter,
            recommendation=recommendation,
            background=background,
            attachments=attachments,
            decision=decision if held else "",
        )


def _actions(agenda, projects, meetings, today, seed) -> list[dict]:
    """Follow-up actions raised by the held meetings' items, each settled by :func:`demo_papers.settle`.

    Deliberate data-quality cases at the last held meeting: one action without a due date, one without an owner.
    """
    by_pid = {p.pid: p for p in projects}
    dates = [m for m, _ in meetings]
    held = [m for m in dates if m <= today]
    rows: list[tuple] = []
    for row in agenda:
        m, pid, title = date.fromisoformat(row["meeting_date"]), row["project_id"], row["title"]
        if m > today:
            continue
        p = by_pid.get(pid)
        following = next((d for d in dates if d > m), m + timedelta(days=60))
        owner = p.spec.owner if p else _OFFICE
        if title.startswith("Afvigelsesrapport:") and p:
            rows.append(
                (
                    m,
                    pid,
                    f"Fremlægge plan for at bringe {p.name} inden for tolerancen",
                    owner,
                    "Projektleder",
                    following - timedelta(days=14),
                )
            )
        elif title.startswith("Ændringsanmodning:") and p:
            cr = title.rsplit("(", 1)[1].rstrip(")")
            rows.append(
                (m, pid, f"Indarbejde beslutningen om {cr} i projektplan og budget", owner, "", m + timedelta(days=30))
            )
        elif title.startswith("Projektgrundlag:") and p:
            rows.append(
                (
                    m,
                    pid,
                    f"Fremsende gevinstdiagram og målepunkter for {p.name}",
                    owner,
                    "Projektleder",
                    m + timedelta(days=60),
                )
            )
        elif title.startswith("Afslutningsrapport:") and p:
            rows.append((m, pid, f"Gennemføre gevinstopfølgning for {p.name}", owner, "", m + timedelta(days=365)))
        elif title.startswith("Fordeling af midler"):
            year = int(title.rsplit(" ", 1)[1])
            rows.append((m, "", f"Udsende bevillingsbreve for {year}", _SECRETARIAT, "", date(year, 1, 20)))
        elif title.startswith("Årshjul"):
            rows.append(
                (m, "", "Udsende mødekalender og årshjul til medlemmerne", _SECRETARIAT, "", m + timedelta(days=14))
            )
        elif title == "Tema: Risikobillede for porteføljen":
            rows.append(
                (
                    m,
                    "",
                    "Opdatere porteføljens risici efter drøftelsen",
                    _OFFICE,
                    "Risikoansvarlig",
                    m + timedelta(days=45),
                )
            )
        elif title.startswith("Status for") and p and _breach(p, m) and p.spec.arch != "green_but_late":
            rows.append(
                (m, pid, f"Redegøre for tiltag i {p.name} før næste møde", owner, "", following - timedelta(days=10))
            )
        elif title == "Porteføljeoverblik" and m in held[-2:]:
            rows.append(
                (
                    m,
                    "",
                    "Indhente manglende statusrapporter fra projekterne",
                    _OFFICE,
                    "",
                    following - timedelta(days=14),
                )
            )
    rows.sort(key=lambda r: (r[0], r[1] == "", r[1], r[2]))
    width = max(3, len(str(len(rows))))
    rng = random.Random(f"{seed}:actions")
    out = []
    for n, (m, pid, text, owner, person, due) in enumerate(rows, start=1):
        status = dp.settle(rng, m, due, today)
        out.append(dp.action_row(f"A{n:0{width}d}", m, pid, text, owner, person, due, status))
    late = [
        r
        for r in out
        if r["meeting_date"][:4] == str(today.year) and r["status"] == "done" and r["due_date"] < r["closed_date"]
    ]
    done = [r for r in out if r["meeting_date"][:4] == str(today.year) and r["status"] == "done" and r["due_date"]]
    if not late and done:  # the last year's roll-up shows an action closed late, whatever the dice said
        done[0]["closed_date"] = _iso(date.fromisoformat(done[0]["due_date"]) + timedelta(days=12))
    last = [r for r in out if r["meeting_date"] == _iso(held[-1])]
    if last:  # the latest meeting's own gaps, for the reports' data-quality section
        last[0].update(due_date="", status="open", closed_date="")
        last[-1].update(owner_org="", owner_person="", status="open", closed_date="")
    return out


def generate_portfolio(n_projects: int, years: int, seed: int = 1, start_year: int = 2017) -> dict[str, pd.DataFrame]:
    """A synthetic portfolio of ``n_projects`` over ``years`` calendar years; "today" is 23 November of the last year.

    Projects 1–15 are the demo catalogue; further projects are "<name> <n>" copies with shifted dates.
    Values are as in a CSV file: ISO date strings, '' for blank, ints for whole numbers.
    """
    if n_projects < 1 or years < 1:
        raise ValueError("generate_portfolio needs n_projects >= 1 and years >= 1")
    today = date(start_year + years - 1, DEMO_TODAY.month, DEMO_TODAY.day)
    projects = _make_projects(n_projects, years, seed, start_year, today)
    meetings = _meeting_dates(start_year, years)
    held = [m for m, kind in meetings if kind == "ordinary" and m <= today]  # the meetings with status data
    as_of = held[-1]  # the projects sheet shows the phase of the latest report, so the two agree
    crs = _change_requests(projects, held, meetings, today, seed)
    rebaselines = _rebaselines(projects, held)
    agenda = _agenda(projects, meetings, held, crs, rebaselines, today, seed)
    exceptions = _exception_reports(projects, held, today)
    _paper_fields(agenda, projects, crs, rebaselines, today)
    budget, budget_history = _budget(projects, start_year, years, held, today, seed)
    milestones, milestone_forecasts = _milestones(projects, held, today, seed)
    risks, assessments = _risks(projects, held, date(start_year, 1, 1), today, seed)
    benefits, measurements = _benefits(projects, today, seed)
    # a copy depends on the same copy of the catalogue project, when the portfolio is big enough to hold it
    deps = [
        {
            "project_id": p.pid,
            "description": desc,
            "depends_on": projects[target + p.copy * len(CATALOGUE)].pid if isinstance(target, int) else target,
        }
        for p in projects
        for target, desc in p.spec.deps
        if not isinstance(target, int) or target + p.copy * len(CATALOGUE) < len(projects)
    ]
    tables = {
        "organisations": [
            dict(zip(("org_id", "name", "role", "valid_from", "valid_to", "successor"), o, strict=True))
            for o in ORGANISATIONS
        ],
        "funding_sources": [
            dict(zip(("source_id", "name", "kind", "description"), s, strict=True)) for s in FUNDING_SOURCES
        ],
        "projects": [
            {
                "project_id": p.pid,
                "name": p.name,
                "track": p.spec.track,
                "owner_org": p.spec.owner,
                "project_lead": p.lead,
                "steering_forum": p.spec.forum,
                "phase": "closed" if p.closed else p.phase(as_of if p.start <= as_of else today),
                "start_date": _iso(p.start),
                "baseline_end_date": _iso(p.end),
                "baseline_budget_dkk": p.budget,
                "tolerance_time_days": p.spec.tol_days,
                "tolerance_budget_pct": p.spec.tol_pct,
                "description": p.spec.description,
                "closed_date": _iso(p.closed),
                "closure": p.closure,
            }
            for p in projects
        ],
        "budget": budget,
        "budget_history": budget_history,
        "meetings": _meetings_table(meetings, agenda, projects, today, seed),
        "agenda": agenda,
        "status": _status(projects, held, seed),
        "milestones": milestones,
        "milestone_forecasts": milestone_forecasts,
        "risks": risks,
        "risk_assessments": assessments,
        "change_requests": crs,
        "baselines": rebaselines,
        "exceptions": exceptions,
        "actions": _actions(agenda, projects, meetings, today, seed),
        "dependencies": deps,
        "benefits": benefits,
        "benefit_measurements": measurements,
    }  # the rollout tables (areas, indicators, indicator_values) stay empty: headers only
    return {
        name: pd.DataFrame(tables.get(name, []), columns=schema.table(name).column_names) for name in schema.TABLE_NAMES
    }


def generate_demo(seed: int = DEMO_SEED) -> dict[str, pd.DataFrame]:
    """The bundled demo: the 15 catalogue projects over 2025–2026, "today" 2026-11-23."""
    return generate_portfolio(len(CATALOGUE), DEMO_YEARS, seed, start_year=DEMO_START_YEAR)


# The demo's issued meeting and the correction made after it: a workspace made with
# `dap-reports init DIR --demo` has the papers for ISSUED_MEETING issued with the status row below
# as it was reported then, and the workbook holds the corrected figure (see `dap-reports diff`).
ISSUED_MEETING = "2026-08-12"
CORRECTED_TABLE, CORRECTED_COLUMN = "status", "forecast_cost_dkk"
CORRECTED_ROW = {"project_id": "P06", "meeting_date": ISSUED_MEETING}
ISSUED_VALUE = 7_300_000  # what the group was sent; the bundled data hold the corrected figure


def as_issued(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The demo tables as they stood when ISSUED_MEETING's papers were sent: the correction not yet made."""
    out = {name: frame.copy() for name, frame in tables.items()}
    frame = out[CORRECTED_TABLE]
    match = pd.Series(True, index=frame.index)
    for column, value in CORRECTED_ROW.items():
        match &= frame[column].astype(str).str[:10] == value
    assert match.sum() == 1, "the demo's correction must name exactly one row"
    frame.loc[match, CORRECTED_COLUMN] = ISSUED_VALUE
    return out


README = """\
# Demodata – SYNTETISKE DATA / Demo data – SYNTHETIC DATA

**Dansk:** Alle data i denne mappe er SYNTETISKE. De er opfundet til demonstration af dap-reports.
Projektnavnene er lånt fra offentligt materiale om Digital almen praksis, men alle tal, datoer,
statusvurderinger, risici, personer og beslutninger er opfundet og siger intet om de rigtige projekter.
Datasættet beskriver situationen pr. {today}. Genskab filerne med `python -m dap_reports.demo`.

**English:** All data in this folder are SYNTHETIC, invented to demonstrate dap-reports. Project names
are borrowed from public material on Digital almen praksis, but every figure, date, status, risk,
person and decision is invented and says nothing about the real projects. The data describe the
situation as of {today}. Regenerate the files with `python -m dap_reports.demo`.
"""


def write_demo(folder: Path, seed: int = DEMO_SEED) -> None:
    """Write the demo as ``<table>.csv`` files plus ``portfolio.yaml`` and ``README.md``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in generate_demo(seed).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    cfg = config.PortfolioConfig(
        name="Styregruppen for Digital almen praksis",
        reports_to="National bestyrelse for digitalisering og data på sundheds- og ældreområdet",
        programme_office="MedCom",
        synthetic=True,
    )
    (folder / config.CONFIG_FILE).write_text(config.dump_config(cfg), encoding="utf-8", newline="\n")
    (folder / "README.md").write_text(README.format(today=DEMO_TODAY.isoformat()), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dap_reports.demo", description="Regenerate the synthetic demo data."
    )
    parser.add_argument("--out", type=Path, default=DEMO_FOLDER, help=f"target folder (default {DEMO_FOLDER})")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    args = parser.parse_args(argv)
    write_demo(args.out, args.seed)
    print(f"Synthetic demo data written to {args.out}")


if __name__ == "__main__":
    main()
