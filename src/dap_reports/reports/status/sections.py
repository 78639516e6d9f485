"""The status report (*Porteføljeoverblik*), section by section, as HTML.

Each function takes the report context and returns the section's HTML: computations come
from :mod:`.computations`, figures from :mod:`.charts`, markup from :mod:`..common.html`. The
notebook template calls one function per section.
"""

from __future__ import annotations

import pandas as pd

from ...contract.schema import AGENDA_ITEM, MEETING_KIND, ROLE
from .. import REPORTS
from ..common import formats as fmt
from ..common import html as d
from ..common import queries as q
from ..context import ReportContext
from . import charts
from . import computations as sr

CHANGE_DA = {
    "improved": "forbedret",
    "worsened": "forværret",
    "unchanged": "uændret",
    "new": "nye",
    "closed": "lukket",
    "not_comparable": "kan ikke sammenlignes",
}
MILESTONE_STATE_DA = {
    "met": "nået til tiden",
    "late": "nået for sent",
    "missed": "ikke nået",
    "upcoming": "kommende",
    "upcoming_late": "kommende – forsinket",
    "future": "senere",
}


def _yes_no(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "ukendt"
    return "inden for" if value else "uden for"


def _or_missing(value) -> str:
    return value if isinstance(value, str) and value.strip() else "mangler"


# ----------------------------------------------------------------- 1. the meeting


def meeting(ctx: ReportContext) -> str:
    h = sr.meeting_header(ctx.portfolio, ctx.meeting_date)
    sent = (
        (
            f"sendt {fmt.date_da(h.agenda_sent_date)}"
            + ("" if h.agenda_sent_date <= h.agenda_deadline else " – efter fristen")
        )
        if h.agenda_sent_date
        else "ikke sendt"
    )
    minutes = (
        (
            f"sendt {fmt.date_da(h.minutes_sent_date)}"
            + ("" if h.minutes_sent_date <= h.minutes_deadline else " – efter fristen")
        )
        if h.minutes_sent_date
        else "ikke sendt"
    )
    rows = [
        ("Mødedato", fmt.date_da(h.date, long=True)),
        ("Møde", f"møde {h.number} af {h.of} i {h.date.year} ({MEETING_KIND.danish[h.kind]})"),
        ("Dagsorden", f"udsendes senest {fmt.date_da(h.agenda_deadline)} ({sent})"),
        ("Referat", f"udsendes senest {fmt.date_da(h.minutes_deadline)} ({minutes})"),
        ("Deltagere", ", ".join(f"{name} ({ROLE.danish[role]})" for name, role in h.participants) or "–"),
        ("Forrige møde", fmt.date_da(h.previous) if h.previous is not None else "intet – dette er det første møde"),
        ("Næste møde", fmt.date_da(h.next) if h.next is not None else "ikke planlagt"),
    ]
    if ctx.parameters.get("location"):
        rows.insert(2, ("Sted", ctx.parameters["location"]))
    titles, kinds = h.agenda["title"], h.agenda["item"]
    # "Eventuelt" is named without a kind, as in the agenda paper; it comes last even if the sheet leaves it out.
    eventuelt = [str(t).strip().lower() == "eventuelt" for t in titles]
    items = [f"{t} ({AGENDA_ITEM.danish[k]})" for t, k, e in zip(titles, kinds, eventuelt, strict=True) if not e]
    items.append("Eventuelt")
    invited = (
        "".join(f'<p class="dap-callout">{d.esc(name)} inviteres: {d.esc(reason)}.</p>' for name, reason in h.invited)
        or '<p class="dap-note">Ingen punkter kræver inviterede deltagere ud over styregruppens medlemmer.</p>'
    )
    return d.facts(rows) + "<h3>Dagsorden</h3>" + d.bullet_list(items, ordered=True, css="dap-agenda") + invited


# ----------------------------------------------------------------- 2. at a glance


def glance(ctx: ReportContext) -> str:
    g = sr.portfolio_glance(ctx.portfolio, ctx.meeting_date)
    table = g.by_track_phase.reset_index()
    labels = ctx.config.phase_labels
    phase_cols = [c for c in table.columns if c in labels]
    columns = {"track": "Spor", **{c: labels[c].capitalize() for c in phase_cols}, "total": "I alt"}
    counts = g.rag_counts["count"]
    total = int(counts.sum())
    red, yellow, green = (int(counts.get(rag, 0)) for rag in ("red", "yellow", "green"))
    sentence = (
        f"{fmt.count_noun(total, 'aktivt projekt', 'aktive projekter')}: {fmt.count_noun(red, 'rødt', 'røde')}, "
        f"{fmt.count_noun(yellow, 'gult', 'gule')}, {fmt.count_noun(green, 'grønt', 'grønne')} og "
        f"{int(counts.get('not_reported', 0))} uden rapporteret status."
    )
    fig = charts.rag_overview_chart(g.rag_counts, "Samlet status for aktive projekter")
    figure = d.figure_html(
        fig,
        alt=sentence,
        caption="Samlet status (rød/gul/grøn) for projekterne ved dette møde. "
        "Grå betyder ikke rapporteret – det tæller aldrig som grønt.",
    )
    if not g.reported_for_meeting:
        changes = (
            '<p class="dap-callout warn">Der er endnu ikke indberettet status til dette møde; tallene ovenfor '
            "bygger på hvert projekts seneste rapport, og ændringer siden forrige møde kan ikke opgøres.</p>"
        )
    elif g.has_previous:
        counts_text = ", ".join(f"{n} {CHANGE_DA[k]}" for k, n in g.change_counts.items() if n)
        changed = g.changes[g.changes["change"].isin(["improved", "worsened", "new", "closed"])]
        changes = f"<h3>Ændringer siden forrige møde</h3>{d.paragraph(counts_text.capitalize() + '.')}" + d.html_table(
            changed,
            {"name": "Projekt", "previous_overall": "Forrige møde", "overall": "Dette møde", "change": "Ændring"},
            rag=["previous_overall", "overall"],
            formats={"change": CHANGE_DA.get},
            empty="Ingen projekter har skiftet samlet status.",
        )
    else:
        changes = d.paragraph("Dette er det første møde; der er ikke et forrige møde at sammenligne med.", "dap-note")
    return (
        d.paragraph(sentence)
        + '<div class="dap-row">'
        + d.html_table(table, columns, numeric=[*phase_cols, "total"], caption="Aktive projekter efter spor og fase")
        + figure
        + "</div>"
        + changes
    )


# ----------------------------------------------------------------- 3. status table


STATUS_COLUMNS = {
    "name": "Projekt",
    "phase": "Fase",
    "time_rag": "Tid",
    "economy_rag": "Økonomi",
    "deliverables_rag": "Leverancer",
    "overall_rag": "Samlet",
    "trend": "Udvikling",
    "computed_rag": "Beregnet",
    "benefits": "Gevinster rapp./ber.",
    "baseline": "Baseline",
    "slip_days": "Forsinkelse",
    "cost_variance_pct": "Omk. vs. budget",
    "within_tolerance": "Tolerance",
    "summary": "Resumé",
}


def status_table(ctx: ReportContext, title: str = "3. Status pr. projekt") -> str:
    """The status table, with its own heading: in print it gets landscape pages, and the
    heading must travel with it."""
    table = sr.status_table(ctx.portfolio, ctx.meeting_date)
    rules = ctx.config.rules
    benefits_section = REPORTS["status"].section_number("benefits")
    intro = d.paragraph(
        "Rapporteret status for tid, økonomi og leverancer; Samlet er projektets egen vurdering (tom = den "
        "dårligste af de tre). Beregnet er status ud fra projektets egen prognose mod seneste godkendte baseline "
        f"efter Statens It-råds model: {rules.time.describe_da()}; økonomi rød ved mere end "
        f"{rules.cost.red_above_pct:g} % eller {fmt.mio(rules.cost.red_above_dkk)} over budget, gul ved ethvert "
        "merforbrug. Baseline er slutdatoen i den baseline, der var godkendt ved mødet (med den oprindelige i "
        "parentes, hvor den er ændret). ⚑ markerer projekter, der rapporterer bedre, end deres egen prognose viser. "
        "Gevinster er It-rådets fjerde parameter og indgår ikke i Samlet: øverst den rapporterede status (rapp.), "
        f"nederst den beregnede ud fra gevinstmålingerne (ber., se afsnit {benefits_section}) med ⚑, hvor den "
        "rapporterede er bedre; "
        "– betyder, at ingen af projektets gevinster er i realisering endnu.",
        "dap-note",
    )
    table = table.assign(
        name=[f"⚑ {n}" if flag else n for n, flag in zip(table["name"], table["disagrees"], strict=True)],
        phase=table["phase"].map(lambda v: ctx.config.phase_labels.get(v, v)),
        summary=[
            s if has else "Ingen status til dette møde"
            for s, has in zip(table["summary"], table["has_status"], strict=True)
        ],
        benefits=[
            _benefits_cell(reported, computed, started, flagged)
            for reported, computed, started, flagged in zip(
                table["benefits_rag"],
                table["computed_benefits_rag"],
                table["benefits_started"],
                table["benefits_disagrees"],
                strict=True,
            )
        ],
        baseline=[  # markup: dates written here, each kept on one line
            _nobr(fmt.date_da(now)) + (f" (opr. {_nobr(fmt.date_da(original))})" if moved and now != original else "")
            for now, original, moved in zip(
                table["baseline_end_date"], table["original_end_date"], table["rebaselined"], strict=True
            )
        ],
    )
    columns = dict(STATUS_COLUMNS)
    parts = ['<div class="dap-wide">', d.heading(title), intro]
    if not table["reported_for_meeting"].any():
        parts.append(
            '<p class="dap-callout warn">Der er endnu ikke indberettet status til dette møde. Tabellen viser '
            "hvert projekts seneste rapport (se kolonnen Rapport); udvikling vises ikke.</p>"
        )
        columns = {**{k: v for k, v in STATUS_COLUMNS.items() if k != "trend"}, "status_date": "Rapport"}
    for track, rows in table.groupby("track", sort=True):
        parts.append(f"<h3>{d.esc(track)}</h3>")
        parts.append(
            d.html_table(
                rows,
                columns,
                rag=["time_rag", "economy_rag", "deliverables_rag", "overall_rag", "computed_rag"],
                trend=["trend"],
                markup=["benefits", "baseline"],
                numeric=["slip_days", "cost_variance_pct"],
                nowrap=["status_date"],
                formats={
                    "slip_days": fmt.days,
                    "cost_variance_pct": lambda v: fmt.pct(v, 1),
                    "within_tolerance": _yes_no,
                    "status_date": fmt.date_da,
                },
                flag={
                    "within_tolerance": lambda r: r["within_tolerance"] is False or r["within_tolerance"] == False,  # noqa: E712
                    "name": lambda r: bool(r["disagrees"]),
                },
            )
        )
    parts.append(_rebaselined(table))
    return "".join(parts) + "</div>"


def _nobr(text: str) -> str:
    return f'<span class="nobr">{d.esc(text)}</span>'


def _benefits_cell(reported, computed, started: int, flagged: bool) -> str:
    """The It-råd's fourth parameter in one cell: the reported benefits status over the computed one."""
    from ..benefits.sections import rag_badge

    below = (rag_badge(computed) + (" ⚑" if flagged else "")) if started else fmt.DASH
    return f'<span class="rag-pair">{d.rag_badge(reported)}</span><span class="rag-pair">{below}</span>'


def _rebaselined(table: pd.DataFrame) -> str:
    """The projects whose approved baseline differs from the original, with both."""
    moved = table[table["rebaselined"]]
    if moved.empty:
        return ""
    lines = []
    for row in moved.itertuples():
        parts = []
        if row.baseline_end_date != row.original_end_date:
            parts.append(f"slutdato {fmt.date_da(row.original_end_date)} → {fmt.date_da(row.baseline_end_date)}")
        if row.baseline_budget_dkk != row.original_budget_dkk:
            parts.append(f"budget {fmt.mio(row.original_budget_dkk)} → {fmt.mio(row.baseline_budget_dkk)}")
        what = ", ".join(parts) or "kun omfang eller leverancer"
        lines.append(f"{str(row.name).removeprefix('⚑ ')}: {what} ({', '.join(row.baseline_changes)})")
    return (
        "<h3>Ændrede baselines</h3>"
        + d.paragraph(
            "Godkendte ændringsanmodninger og nye baselines frem til mødet; status og tolerance måles mod den nye.",
            "dap-note",
        )
        + d.bullet_list(lines)
    )


# ----------------------------------------------------------------- 4. decisions


def decisions(ctx: ReportContext) -> str:
    table = sr.decisions(ctx.portfolio, ctx.meeting_date)
    intro = d.paragraph(
        "Styregruppen kan godkende ændringer inden for projekternes tolerancer for tid og økonomi; ligger en "
        "prognose eller en ændringsanmodning uden for tolerancen, skal styregruppen træffe beslutning "
        "(undtagelsessag). En ændringsanmodning er inden for tolerancen, når projektets nuværende forsinkelse og "
        "merforbrug plus ændringen tilsammen holder sig inden for projektets tolerancer.",
        "dap-note",
    )
    kind_da = {"exception": "Undtagelse (prognose uden for tolerance)", "change_request": "Ændringsanmodning"}
    decision_da = {"pending": "afventer", "approved": "godkendt", "rejected": "afvist"}
    if not table.empty:
        table = table.assign(
            ref=[c if isinstance(c, str) else "–" for c in table["cr_id"]],
            kind=[
                "reported_exception" if k == "exception" and within else k
                for k, within in zip(table["kind"], table["within_tolerance"], strict=True)
            ],
        )
        kind_da["reported_exception"] = "Afvigelsesrapport (tid og økonomi inden for tolerance)"
    return intro + _decision_table(table, kind_da, decision_da) + _exception_reports(table)


def _decision_table(table: pd.DataFrame, kind_da: dict, decision_da: dict) -> str:
    return d.html_table(
        table,
        {
            "name": "Projekt",
            "kind": "Sag",
            "ref": "Ref.",
            "description": "Beskrivelse",
            "reason": "Begrundelse",
            "time_impact_days": "Tid (dage)",
            "cost_impact_dkk": "Økonomi",
            "within_tolerance": "Tolerance",
            "decision": "Beslutning",
        },
        numeric=["time_impact_days", "cost_impact_dkk"],
        formats={
            "kind": kind_da.get,
            "within_tolerance": _yes_no,
            "decision": lambda v: decision_da.get(v, "–"),
            "time_impact_days": fmt.signed,
            "cost_impact_dkk": lambda v: fmt.dkk(v) if not pd.isna(v) else "–",
        },
        flag={"within_tolerance": lambda r: r["within_tolerance"] == False},  # noqa: E712
        empty="Ingen sager til beslutning ved dette møde.",
    )


def _exception_reports(table: pd.DataFrame) -> str:
    """Each exception's report (PRINCE2's exception report): cause, consequences, options, recommendation."""
    if table.empty:
        return ""
    exceptions = table[table["kind"].isin(["exception", "reported_exception"])]
    if exceptions.empty:
        return ""
    blocks = []
    for r in exceptions.itertuples():
        rows = [("Afvigelse", r.reason)]
        if pd.isna(r.report_date):
            note = (
                '<p class="dap-callout warn">Der er ikke forelagt en afvigelsesrapport med årsag, konsekvenser, '
                "handlemuligheder og indstilling (se Datakvalitet).</p>"
            )
        else:
            rows.append(("Afvigelsesrapport", f"til mødet {fmt.date_da(r.report_date)}"))
            rows += [
                ("Årsag", r.cause or "ikke oplyst"),
                ("Konsekvenser", r.consequences or "ikke oplyst"),
                ("Handlemuligheder", r.options or "ikke oplyst"),
                ("Indstilling", r.recommendation or "mangler"),
            ]
            note = (
                ""
                if r.recommendation
                else '<p class="dap-callout warn">Afvigelsesrapporten har ingen indstilling (se Datakvalitet).</p>'
            )
        blocks.append(f'<section class="dap-exception"><h4>{d.esc(r.name)}</h4>{d.facts(rows)}{note}</section>')
    return (
        "<h3>Afvigelsesrapporter</h3>"
        + d.paragraph(
            "For hver afvigelse: årsag, konsekvenser, handlemuligheder og projektets indstilling, som i "
            "afvigelsesrapporten. En afvigelse, der varer ved, besvares af den seneste rapport.",
            "dap-note",
        )
        + "".join(blocks)
    )


# ----------------------------------------------------------------- 5. follow-up

DUE_STATE_DA = {
    "overdue": "frist overskredet",
    "due_before_next": "frist før næste møde",
    "later": "senere frist",
    "no_due_date": "ingen frist",
}


def action_result(row) -> str:
    """How a closed action ended, in Danish: 'udført til tiden', 'udført for sent' or 'annulleret'."""
    if row["state"] == "cancelled":
        return "annulleret"
    return "udført for sent" if row["closed_late"] else "udført til tiden"


def follow_up(ctx: ReportContext) -> str:
    f = sr.follow_up(ctx.portfolio, ctx.meeting_date)
    next_text = f" ({fmt.date_da(f.next)})" if f.next is not None else ""
    since = f" ({fmt.date_da(f.previous)})" if f.previous is not None else ""
    sentence = (
        f"{fmt.count_noun(len(f.open), 'åbent opfølgningspunkt', 'åbne opfølgningspunkter')} fra tidligere møder: "
        f"{f.overdue} med overskredet frist og {len(f.due_before_next)} med frist før næste møde{next_text}. "
        f"{fmt.count_noun(len(f.closed_since), 'punkt', 'punkter')} er lukket siden forrige møde{since}."
    )
    dates = ("meeting_date", "due_date", "closed_date")
    formats: dict[str, d.Formatter] = {
        **dict.fromkeys(dates, fmt.date_da),
        "project_name": lambda v: v if isinstance(v, str) else "Porteføljen",
        "owner": lambda v: v if isinstance(v, str) else "ingen ansvarlig",
        "due_state": DUE_STATE_DA.get,
    }
    parts = [
        d.paragraph(sentence),
        d.paragraph(
            "Opfølgningspunkter, som styregruppen har rejst på tidligere møder, som de står ved dette møde. Rød "
            "markering: fristen er overskredet, eller punktet mangler frist eller ansvarlig.",
            "dap-note",
        ),
        "<h3>Åbne opfølgningspunkter</h3>",
        d.html_table(
            f.open,
            {**d.ACTION_HEADINGS_DA, "due_state": "Status"},
            nowrap=dates,
            formats=formats,
            flag={
                "due_date": lambda r: bool(r["overdue"]),
                "due_state": lambda r: r["due_state"] in ("overdue", "no_due_date"),
                "owner": lambda r: r["owner"] is None,
            },
            empty="Ingen åbne opfølgningspunkter.",
        ),
        f"<h3>Lukket siden forrige møde{since}</h3>",
        d.html_table(
            f.closed_since.assign(
                result=[action_result(r) for _, r in f.closed_since.iterrows()] if not f.closed_since.empty else []
            ),
            {**d.ACTION_HEADINGS_DA, "closed_date": "Lukket", "result": "Resultat"},
            nowrap=dates,
            formats=formats,
            flag={"result": lambda r: bool(r["closed_late"])},
            empty="Ingen opfølgningspunkter er lukket siden forrige møde.",
        ),
        f"<h3>Beslutninger siden forrige møde{since}</h3>",
        d.html_table(
            f.decisions.assign(
                item_title=[f"{n}. {t}" for n, t in zip(f.decisions["number"], f.decisions["title"], strict=True)]
            ),
            {"meeting_date": "Møde", "item_title": "Punkt", "decision": "Beslutning"},
            nowrap=["meeting_date"],
            formats={"meeting_date": fmt.date_da},
            empty="Ingen beslutningspunkter med registreret beslutning siden forrige møde."
            if f.previous is not None
            else "Dette er det første møde.",
        ),
    ]
    return "".join(parts)


# ----------------------------------------------------------------- 5. milestones


MILESTONE_COLUMNS = {
    "project_name": "Projekt",
    "name": "Milepæl",
    "baseline_date": "Baseline",
    "forecast_date": "Forventet",
    "actual_date": "Faktisk",
    "state": "Status",
}


def milestones(ctx: ReportContext) -> str:
    p, date = ctx.portfolio, ctx.meeting_date
    dates = ("baseline_date", "forecast_date", "actual_date")
    formats: dict[str, d.Formatter] = dict.fromkeys(dates, fmt.date_da)
    formats["state"] = MILESTONE_STATE_DA.get
    flag = {"state": lambda r: r["state"] in ("missed", "late", "upcoming_late")}
    since = sr.milestones_since_previous(p, date)
    upcoming = sr.milestones_upcoming(p, date)
    timeline = sr.milestone_timeline(p, date)
    previous = p.previous_meeting(date)
    since_title = (
        f"Milepæle med frist siden forrige møde ({fmt.date_da(previous)})"
        if previous is not None
        else "Milepæle med frist de seneste to måneder (første møde)"
    )
    provenance = (
        d.paragraph("Forventede datoer er dem, projekterne rapporterede til mødet.", "dap-note")
        if q.has_milestone_history(p)
        else '<p class="dap-callout warn">Arbejdsbogen har ingen historik for milepælsprognoser (arket '
        "milestone_forecasts). Forventede datoer er derfor dagens, ikke dem, mødet fik.</p>"
    )
    parts = [
        provenance,
        f"<h3>{since_title}</h3>",
        d.html_table(
            since, MILESTONE_COLUMNS, formats=formats, flag=flag, nowrap=dates, empty="Ingen milepæle i perioden."
        ),
        "<h3>Milepæle med frist før næste møde</h3>",
        d.html_table(
            upcoming, MILESTONE_COLUMNS, formats=formats, flag=flag, nowrap=dates, empty="Ingen milepæle i perioden."
        ),
    ]
    if not timeline.empty:
        shown, total = _timeline_projects(ctx, timeline)
        timeline = timeline[timeline["project_id"].isin(shown)]
        late = int(timeline["state"].isin(["missed", "late", "upcoming_late"]).sum())
        fig = charts.milestone_timeline(timeline, date, "Milepæle: baseline og forventet/faktisk dato")
        selection = (
            ""
            if len(shown) == total
            else f" Viser {len(shown)} af {total} projekter: dem på dagsordenen og dem med forsinkede eller "
            "ikke nåede milepæle først."
        )
        parts.append(
            d.figure_html(
                fig,
                alt=f"Tidslinje med {len(timeline)} milepæle for {timeline['project_id'].nunique()} projekter; "
                f"{late} er forsinkede eller ikke nået.",
                caption="Én linje pr. projekt. Hule markører er baseline, fyldte er forventet eller faktisk dato; en "
                "streg mellem dem viser forskydningen. Se efter lange streger og markører for 'ikke nået' "
                "til venstre for den stiplede linje (mødet)." + selection,
            )
        )
    return "".join(parts)


# A chart is read, not searched: beyond this many lanes or arrows it stops telling the reader anything.
MAX_TIMELINE_PROJECTS = 30
MAX_GRAPH_EDGES = 40


def _agenda_projects(ctx: ReportContext) -> set[str]:
    return set(ctx.portfolio.agenda_for(ctx.meeting_date)["project_id"].dropna())


def _timeline_projects(ctx: ReportContext, timeline: pd.DataFrame) -> tuple[list[str], int]:
    """The projects a readable timeline shows: on the agenda, then those with late milestones, then the rest."""
    trouble = set(timeline.loc[timeline["state"].isin(["missed", "late", "upcoming_late"]), "project_id"])
    agenda = _agenda_projects(ctx)
    projects = sorted(timeline["project_id"].unique(), key=lambda p: (p not in agenda, p not in trouble, p))
    return sorted(projects[:MAX_TIMELINE_PROJECTS]), len(projects)


# ----------------------------------------------------------------- 6. economy


def economy(ctx: ReportContext) -> str:
    year = ctx.meeting_date.year
    by_source = sr.economy_by_source(ctx.portfolio, ctx.meeting_date)
    by_project = sr.economy_by_project(ctx.portfolio, ctx.meeting_date)
    if by_source.empty:
        return d.paragraph(f"Ingen budgetlinjer for {year}.", "dap-empty")
    money = dict.fromkeys(("granted_dkk", "spent_dkk", "forecast_dkk"), fmt.dkk)
    pct = {"share_spent_pct": lambda v: fmt.pct(v), "share_forecast_pct": lambda v: fmt.pct(v)}
    flag = {
        "spent_dkk": lambda r: r["spent_dkk"] > r["granted_dkk"],
        "forecast_dkk": lambda r: r["forecast_dkk"] > r["granted_dkk"],
    }
    over = by_source[(by_source["source_id"] != "TOTAL") & by_source["overspend"]]
    fig = charts.economy_chart(by_source, f"Bevilget, forbrugt og forventet forbrug {year} pr. finansieringskilde")
    alt = "; ".join(
        f"{r.source_name}: bevilget {fmt.mio(r.granted_dkk)}, forbrugt {fmt.mio(r.spent_dkk)}"
        for r in by_source.itertuples()
        if r.source_id != "TOTAL"
    )
    warning = (
        f'<p class="dap-callout warn">Merforbrug i forhold til bevilling: {d.esc(", ".join(over["source_name"]))}.</p>'
        if not over.empty
        else ""
    )
    return (
        d.paragraph(
            f"Midler bevilges pr. kalenderår; tallene gælder {year}. Forbrugt er forbrug til dato, forventet "
            "er forventet forbrug for hele året. Rød markering: forbrug eller prognose over bevilling.",
            "dap-note",
        )
        + _economy_provenance(ctx, by_source, by_project)
        + warning
        + d.html_table(
            by_source,
            {
                "source_name": "Finansieringskilde",
                "granted_dkk": "Bevilget",
                "spent_dkk": "Forbrugt",
                "share_spent_pct": "Forbrugt %",
                "forecast_dkk": "Forventet",
                "share_forecast_pct": "Forventet %",
            },
            numeric=[*money, *pct],
            formats={**money, **pct},
            flag=flag,
            total_last_row=True,
            caption=f"Pr. finansieringskilde {year}",
        )
        + d.figure_html(
            fig,
            alt=alt,
            caption="Søjlerne viser for hver kilde bevilling, forbrug til dato og forventet "
            "forbrug for året. Se efter kilder, hvor forventet forbrug overstiger bevillingen.",
        )
        + d.html_table(
            by_project,
            {
                "project_name": "Projekt",
                "source_name": "Kilde",
                "granted_dkk": "Bevilget",
                "spent_dkk": "Forbrugt",
                "share_spent_pct": "Forbrugt %",
                "forecast_dkk": "Forventet",
                "reported_for": "Rapporteret",
            },
            numeric=[*money, "share_spent_pct"],
            formats={**money, **pct, "reported_for": lambda v: fmt.date_da(v) if not pd.isna(v) else "i dag"},
            flag=flag,
            caption=f"Pr. projekt og kilde {year}",
        )
    )


def _economy_provenance(ctx: ReportContext, by_source: pd.DataFrame, by_project: pd.DataFrame) -> str:
    """Say whose figures these are: the meeting's own, an earlier meeting's, none yet — or today's."""
    if not q.has_budget_history(ctx.portfolio):
        return (
            '<p class="dap-callout warn">Arbejdsbogen har ingen historik for forbrug og prognose (arket '
            "budget_history). Tallene er derfor dagens tal, ikke dem, der blev rapporteret til dette møde.</p>"
        )
    unreported = int(by_source["unreported"].iloc[-1])
    earlier = by_project["reported_for"].notna() & (by_project["reported_for"] != ctx.meeting_date)
    parts = ["Forbrug og prognose er de tal, der blev rapporteret til mødet"]
    if earlier.any():
        lines = fmt.count_noun(int(earlier.sum()), "budgetlinje", "budgetlinjer")
        parts.append(f"for {lines} er seneste rapport fra et tidligere møde (se kolonnen Rapporteret)")
    if unreported:
        lines = fmt.count_noun(unreported, "budgetlinje", "budgetlinjer")
        parts.append(f"{lines} har endnu ingen rapporterede tal; summerne omfatter kun de rapporterede linjer")
    return d.paragraph("; ".join(parts) + ".", "dap-note")


# ----------------------------------------------------------------- 8. dependencies


def dependencies(ctx: ReportContext) -> str:
    alerts = sr.dependency_alerts(ctx.portfolio, ctx.meeting_date)
    everything = sr.dependencies_table(ctx.portfolio, ctx.meeting_date)
    parts = [
        d.html_table(
            alerts,
            {
                "project_name": "Projekt",
                "depends_on_name": "Afhænger af",
                "depends_on_overall": "Dens status",
                "problem": "Problem",
                "description": "Afhængighed",
            },
            rag=["depends_on_overall"],
            empty="Ingen projekter afhænger af et projekt, der er rødt eller forsinket.",
            caption="Projekter der afhænger af et rødt eller forsinket projekt",
        )
    ]
    graph = everything
    if len(everything) > MAX_GRAPH_EDGES:
        # The arrows that matter first: into red or slipping projects, then those of projects on the agenda.
        agenda = _agenda_projects(ctx)
        alerted = set(zip(alerts["project_id"], alerts["depends_on"], strict=True))
        rank = [
            ((p, q) not in alerted, p not in agenda and q not in agenda)
            for p, q in zip(everything["project_id"], everything["depends_on"], strict=True)
        ]
        graph = (
            everything.assign(_rank=pd.Series(rank, index=everything.index))
            .sort_values("_rank", kind="stable")
            .head(MAX_GRAPH_EDGES)
        )
    fig = charts.dependency_graph(graph.drop(columns=["_rank"], errors="ignore"), "Afhængigheder i porteføljen")
    if fig is not None:
        selection = (
            ""
            if len(graph) == len(everything)
            else f" Viser {len(graph)} af {len(everything)} afhængigheder: dem mod røde eller forsinkede "
            "projekter og dem for projekter på dagsordenen først."
        )
        parts.append(
            d.figure_html(
                fig,
                alt=f"Diagram over {len(graph)} afhængigheder mellem projekter og eksterne systemer.",
                caption="Pilene går fra projektet til det, det afhænger af; farven er det andet projekts samlede "
                "status (grå: ikke rapporteret, hvid: uden for porteføljen)." + selection,
            )
        )
    return "".join(parts)


# ----------------------------------------------------------------- 9. highlights


def highlights(ctx: ReportContext) -> str:
    blocks = sr.highlights(ctx.portfolio, ctx.meeting_date)
    wanted = ctx.highlight_projects()
    if wanted:
        blocks = [b for b in blocks if b.project_id in wanted] + [
            b
            for b in sr.highlights(ctx.portfolio, ctx.meeting_date, project_ids=wanted)
            if b.project_id not in {x.project_id for x in blocks}
        ]
    if not blocks:
        return d.paragraph("Ingen enkeltprojekter er på dagsordenen.", "dap-empty")
    parts = []
    for b in blocks:
        s = b.status or {}
        rag = "".join(
            f" {label} {d.rag_badge(s.get(key))}"
            for key, label in (
                ("time_rag", "Tid"),
                ("economy_rag", "Økonomi"),
                ("deliverables_rag", "Leverancer"),
                ("overall_rag", "Samlet"),
            )
        )
        body = [
            f"<h3>{d.esc(b.name)}</h3>",
            f'<p class="dap-note">{d.esc(b.track)} · punkter: {d.esc("; ".join(b.agenda_items))}</p>',
            f"<p>{rag}</p>" if b.status else d.paragraph("Ingen status til dette møde.", "dap-callout warn"),
        ]
        for key, label in (
            ("summary", "Resumé"),
            ("achievements", "Opnået siden sidste møde"),
            ("next_steps", "Næste skridt"),
        ):
            if s.get(key):
                body.append(f"<p><strong>{label}:</strong> {d.esc(s[key])}</p>")
        body.append(
            "<p><strong>Største risici:</strong></p>"
            + d.html_table(
                b.top_risks,
                {"title": "Risiko", "score": "Score", "owner": "Ejer", "mitigation": "Afbødning"},
                numeric=["score"],
                formats={"owner": _or_missing, "mitigation": _or_missing},
                flag={"owner": lambda r: not r["owner"], "mitigation": lambda r: not r["mitigation"]},
                empty="Ingen åbne risici.",
            )
        )
        if not b.open_change_requests.empty:
            body.append(
                "<p><strong>Åbne ændringsanmodninger:</strong></p>"
                + d.html_table(
                    b.open_change_requests,
                    {
                        "cr_id": "Ref.",
                        "description": "Beskrivelse",
                        "time_impact_days": "Tid (dage)",
                        "cost_impact_dkk": "Økonomi",
                    },
                    numeric=["time_impact_days", "cost_impact_dkk"],
                    formats={"cost_impact_dkk": fmt.dkk, "time_impact_days": fmt.signed},
                )
            )
        parts.append(f'<section class="dap-highlight">{"".join(body)}</section>')
    return "".join(parts)


# ----------------------------------------------------------------- 7. benefits


def benefits(ctx: ReportContext) -> str:
    """Gevinster: benefits behind plan, measurements since the previous meeting, closed projects' benefits."""
    from ..benefits.sections import meeting_section

    return meeting_section(ctx)


# ----------------------------------------------------------------- 11. indicators (rollout portfolios)


def indicators(ctx: ReportContext, title: str = "11. Indikatorer") -> str:
    """Fremdrifts- og resultatindikatorer; nothing at all for a portfolio without indicators."""
    from ..indicators.sections import indicator_section

    return indicator_section(ctx, title)


def indicator_appendix(ctx: ReportContext, title: str = "Bilag. Alle kommuner rangeret") -> str:
    """The full municipality ranking at the end of the paper; nothing for a portfolio without indicators."""
    from ..indicators.sections import ranking_appendix

    return ranking_appendix(ctx, title)


# ----------------------------------------------------------------- 10. data quality


def data_quality(ctx: ReportContext) -> str:
    table = sr.data_quality(ctx.portfolio, ctx.meeting_date)
    pending = (
        ""
        if sr.reported_for_meeting(ctx.portfolio, ctx.meeting_date)
        else '<p class="dap-callout warn">Ingen projekter har endnu indberettet status til dette møde.</p>'
    )
    corrections = table[table["code"] == "correction"]
    table = table[table["code"] != "correction"]
    parts = [
        pending,
        d.paragraph(
            "Forhold i data, som programsekretariatet bør rette eller følge op på. De stopper ikke "
            "rapporterne, men kan gøre dem mindre retvisende.",
            "dap-note",
        ),
        d.html_table(
            table,
            {"message_da": "Forhold", "location": "Hvor i data"},
            empty="Ingen bemærkninger til datakvaliteten for dette møde.",
        ),
    ]
    if not corrections.empty:
        previous = ctx.portfolio.previous_meeting(ctx.meeting_date)
        parts += [
            "<h3>Rettelser i data, der allerede er udsendt</h3>",
            d.paragraph(
                f"Papirerne til mødet {fmt.date_da(previous)} blev udsendt; siden er disse oplysninger om det møde "
                "rettet. Det udsendte papir er uændret. Sammenligningerne med forrige møde i denne rapport bruger "
                "det, mødet faktisk fik.",
                "dap-note",
            ),
            d.html_table(corrections, {"message_da": "Rettelse", "location": "Hvor i data"}),
        ]
    return "".join(parts)


__all__ = [
    "benefits",
    "data_quality",
    "decisions",
    "dependencies",
    "economy",
    "follow_up",
    "glance",
    "highlights",
    "indicator_appendix",
    "indicators",
    "meeting",
    "milestones",
    "status_table",
]
