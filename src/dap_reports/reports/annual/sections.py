"""The annual roll-up (*Årsrapport*) for the National Board, section by section, as HTML.

Written for a board reader who has not followed each meeting: every section opens with a
sentence that says what the figures show.
"""

from __future__ import annotations

import pandas as pd

from ...contract.schema import DECISION
from ..common import formats as fmt
from ..common import html as d
from ..context import ReportContext
from ..risks import charts as risk_charts
from ..risks import computations as rr
from . import charts
from . import computations as ar

OUTCOME_DA = {
    "met": "nået til tiden",
    "late": "nået for sent",
    "missed": "ikke nået",
    "moved": "flyttet",
    "upcoming": "kommende",
}
ROUTE_DA = {
    "approved_within": "godkendt inden for tolerance",
    "rejected_within": "afvist (inden for tolerance)",
    "escalated": "uden for tolerance – besluttet af styregruppen",
}


def _today(ctx: ReportContext):
    """The day a year still running is counted up to: the day the report was made (its "Dannet" stamp)."""
    return ctx.parameters.get("today") or (ctx.generated_at[:10] if ctx.generated_at else None)


def summary(ctx: ReportContext) -> str:
    s = ar.year_summary(ctx.portfolio, ctx.report_year, today=_today(ctx))
    table = s.by_track_phase.reset_index()
    labels = ctx.config.phase_labels
    phases = [c for c in table.columns if c in labels]
    lists = []
    for frame, label, column in (
        (s.started, "Startet", "start_date"),
        (s.completed, "Afsluttet", "closed_date"),
        (s.stopped, "Stoppet", "closed_date"),
    ):
        names = [f"{r.name} ({fmt.date_da(getattr(r, column))})" for r in frame.itertuples()]
        lists.append(f"<p><strong>{label} i {ctx.report_year}:</strong> {d.esc(', '.join(names) or 'ingen')}</p>")
    return (
        d.bullet_list(s.sentences, css="dap-summary")
        + d.html_table(
            table,
            {"track": "Spor", **{c: labels[c].capitalize() for c in phases}, "total": "I alt"},
            numeric=[*phases, "total"],
            caption=f"Porteføljen ved udgangen af {ctx.report_year} efter spor og fase",
        )
        + "".join(lists)
    )


def status_over_year(ctx: ReportContext) -> str:
    grid = ar.status_grid(ctx.portfolio, ctx.report_year)
    if grid.empty:
        return d.paragraph(f"Ingen statusrapporter i {ctx.report_year}.", "dap-empty")
    meetings = [c for c in grid.columns if c != "name"]
    shown = grid.reset_index()
    # A project not yet (or no longer) active at a meeting has no status to show: a dash, not a grey badge.
    for c in meetings:
        shown[c] = [d.rag_badge(v) if v != "inactive" else "–" for v in shown[c]]
    html = d.html_table(
        shown,
        {"name": "Projekt", **{c: fmt.date_da(c) for c in meetings}},
        markup=meetings,
        caption=f"Samlet status ved årets møder {ctx.report_year} (– = ikke aktivt ved mødet)",
    )
    return (
        d.paragraph(
            "Hver række er et projekt, hver kolonne et møde med statusrapporter. Se efter projekter, der "
            "bliver ved med at være røde, og grå felter, hvor status ikke blev rapporteret.",
            "dap-note",
        )
        + html
    )


def economy(ctx: ReportContext) -> str:
    year = ctx.report_year
    by_source = ar.economy_by_source(ctx.portfolio, year)
    by_project = ar.economy_by_project(ctx.portfolio, year)
    if by_source.empty:
        return d.paragraph(f"Ingen budgetlinjer for {year}.", "dap-empty")
    money = ("granted_dkk", "spent_dkk", "forecast_dkk", "unspent_dkk")
    formats = dict.fromkeys(money, fmt.dkk) | {"share_spent_pct": fmt.pct}
    parts = [
        d.paragraph(
            f"Midler bevilges pr. kalenderår. Tabellen viser {year}: bevilget, forbrugt til dato, forventet "
            "forbrug for hele året og ikke forbrugt (bevilget minus forbrugt).",
            "dap-note",
        ),
        d.html_table(
            by_source,
            {
                "source_name": "Finansieringskilde",
                "granted_dkk": "Bevilget",
                "spent_dkk": "Forbrugt",
                "share_spent_pct": "Forbrugt %",
                "forecast_dkk": "Forventet",
                "unspent_dkk": "Ikke forbrugt",
            },
            numeric=[*money, "share_spent_pct"],
            formats=formats,
            total_last_row=True,
            caption=f"Pr. finansieringskilde {year}",
        ),
        "<h3>Hvilken kilde finansierer hvilket projekt</h3>",
    ]
    for source, rows in by_project.groupby("source_name", sort=False):
        total = rows[list(money)].sum()
        rows = pd.concat([rows, pd.DataFrame([{"project_name": "I alt", **total.to_dict()}])], ignore_index=True)
        parts.append(
            d.html_table(
                rows,
                {
                    "project_name": "Projekt",
                    "granted_dkk": "Bevilget",
                    "spent_dkk": "Forbrugt",
                    "forecast_dkk": "Forventet",
                    "unspent_dkk": "Ikke forbrugt",
                },
                numeric=list(money),
                formats=formats,
                total_last_row=True,
                caption=str(source),
            )
        )
    matrix = ar.source_project_matrix(ctx.portfolio, year)
    fig = charts.source_project_chart(matrix, f"Bevilling {year} pr. projekt fordelt på finansieringskilde")
    several = int((matrix > 0).sum(axis=1).gt(1).sum())
    parts.append(
        d.figure_html(
            fig,
            alt=f"Bevilling pr. projekt i {year} fordelt på {matrix.shape[1]} kilder; {several} projekter har mere "
            "end én kilde.",
            caption="Hver søjle er et projekts bevilling for året, delt op efter den kilde, der betaler. Se efter "
            "projekter med flere kilder.",
        )
    )
    return "".join(parts)


def delivery(ctx: ReportContext) -> str:
    today = _today(ctx)
    summary_ = ar.delivery_summary(ctx.portfolio, ctx.report_year, today=today)
    table = ar.milestones_in_year(ctx.portfolio, ctx.report_year, today=today)
    slip = summary_["average_slip_days"]
    text = (
        f"{summary_['planned']} milepæle havde baseline i {ctx.report_year}: {summary_['met']} nået til tiden, "
        f"{summary_['late']} nået for sent, {summary_['missed']} ikke nået og {summary_['moved']} flyttet"
        + (f"; {summary_['upcoming']} kommende" if summary_.get("upcoming") else "")
        + (f". Gennemsnitlig forskydning {str(slip).replace('.', ',')} dage." if slip is not None else ".")
    )
    dates = ("baseline_date", "forecast_date", "actual_date")
    return d.paragraph(text) + d.html_table(
        table,
        {
            "project_name": "Projekt",
            "name": "Milepæl",
            "baseline_date": "Baseline",
            "forecast_date": "Forventet",
            "actual_date": "Faktisk",
            "slip_days": "Forskydning",
            "outcome": "Udfald",
        },
        numeric=["slip_days"],
        nowrap=list(dates),
        formats={
            **dict.fromkeys(dates, fmt.date_da),
            "outcome": OUTCOME_DA.get,
            "slip_days": lambda v: "–" if pd.isna(v) else f"{v:+.0f} dage",
        },
        flag={"outcome": lambda r: r["outcome"] in ("missed", "late")},
        empty=f"Ingen milepæle i {ctx.report_year}.",
    )


def risks(ctx: ReportContext) -> str:
    p, year = ctx.portfolio, ctx.report_year
    opened, closed = ar.risks_opened(p, year), ar.risks_closed(p, year)
    top = ar.top_risks_at_year_end(p, year)
    exposure = ar.exposure_in_year(p, year)
    cols = {"risk_id": "Ref.", "title": "Risiko", "project_name": "Projekt", "owner": "Ejer"}
    parts = [
        d.paragraph(f"{fmt.count_noun(len(opened), 'risiko', 'risici')} blev rejst og {len(closed)} lukket i {year}."),
        d.html_table(
            opened,
            {**cols, "raised_date": "Rejst"},
            formats={"raised_date": fmt.date_da},
            caption=f"Rejst i {year}",
            empty="Ingen nye risici.",
        ),
        d.html_table(
            closed,
            {**cols, "closed_date": "Lukket"},
            formats={"closed_date": fmt.date_da},
            caption=f"Lukket i {year}",
            empty="Ingen lukkede risici.",
        ),
        d.html_table(
            top,
            {
                "title": "Risiko",
                "project_name": "Projekt",
                "score": "Score",
                "colour": "Niveau",
                "owner": "Ejer",
                "mitigation": "Afbødning",
            },
            rag=["colour"],
            numeric=["score"],
            caption="Største risici ved årets udgang",
            empty="Ingen åbne risici.",
        ),
    ]
    if not exposure.empty:
        fig = risk_charts.exposure_chart(exposure, f"Risikoeksponering ved årets møder {year}")
        first, last = exposure.iloc[0], exposure.iloc[-1]
        parts.append(
            d.figure_html(
                fig,
                alt=f"Samlet score fra {int(first['total_score'])} til {int(last['total_score'])} i løbet af {year}.",
                caption="Summen af scorer for åbne risici ved hvert møde (linje) og antal åbne risici efter niveau "
                "(søjler). Se efter retningen over året.",
            )
        )
    parts.append(d.paragraph(rr.threshold_text(p), "dap-note"))
    return "".join(parts)


def change_requests(ctx: ReportContext) -> str:
    s = ar.change_request_summary(ctx.portfolio, ctx.report_year)
    table = ar.change_requests_in_year(ctx.portfolio, ctx.report_year)
    text = (
        f"{s['decided']} ændringsanmodninger blev besluttet i {ctx.report_year}: {s['approved']} godkendt og "
        f"{s['rejected']} afvist; {s['approved_within_tolerance']} godkendt inden for tolerance og "
        f"{s['escalated']} uden for tolerancen (besluttet af styregruppen). De godkendte ændringer flyttede "
        f"slutdatoer i alt {s['total_time_impact_days']} dage og ændrede omkostninger med "
        f"{fmt.dkk(s['total_cost_impact_dkk'])}; {s['pending_at_year_end']} afventede beslutning ved årets udgang."
    )
    return (
        d.paragraph(text)
        + d.html_table(
            table,
            {
                "cr_id": "Ref.",
                "project_name": "Projekt",
                "decision_meeting_date": "Besluttet",
                "decision": "Beslutning",
                "time_impact_days": "Tid (dage)",
                "cost_impact_dkk": "Økonomi",
                "route": "Behandling",
            },
            numeric=["time_impact_days", "cost_impact_dkk"],
            formats={
                "decision_meeting_date": fmt.date_da,
                "decision": lambda v: DECISION.danish.get(v, v),
                "cost_impact_dkk": fmt.dkk,
                "time_impact_days": lambda v: "–" if pd.isna(v) else fmt.signed(v),
                "route": ROUTE_DA.get,
            },
            empty=f"Ingen ændringsanmodninger besluttet i {ctx.report_year}.",
        )
        + _baselines(ctx)
    )


def _baselines(ctx: ReportContext) -> str:
    """Original against approved baseline per project, and what the year's decisions moved."""
    year = ctx.report_year
    table = ar.baselines_in_year(ctx.portfolio, year)
    s = ar.rebaselining_summary(ctx.portfolio, year)
    moved = table[(table["rebaseline_days"].fillna(0) != 0) | (table["rebaseline_dkk"].fillna(0) != 0)]
    text = (
        f"I {year} flyttede godkendte ændringsanmodninger og nye baselines baselinen for {s['projects']} "
        f"{'projekt' if s['projects'] == 1 else 'projekter'}: slutdatoer i alt {fmt.signed(s['days'], 'dage')} og "
        f"budgetter i alt {fmt.signed(s['dkk'], 'kr.')}. Status og tolerancer måles mod den gældende baseline "
        "(Statens It-råds seneste godkendte baseline); den oprindelige står ved siden af."
    )
    dates = ("original_end_date", "baseline_end_date")
    money = ("original_budget_dkk", "baseline_budget_dkk")
    return (
        "<h3>Baselines: oprindelig og gældende</h3>"
        + d.paragraph(text)
        + d.html_table(
            moved.assign(year_changes=[", ".join(c) for c in moved["year_changes"]]),
            {
                "name": "Projekt",
                "original_end_date": "Opr. slutdato",
                "baseline_end_date": "Gældende slutdato",
                "original_budget_dkk": "Opr. budget",
                "baseline_budget_dkk": "Gældende budget",
                "year_changes": f"Ændret i {year}",
            },
            numeric=list(money),
            nowrap=list(dates),
            formats={**dict.fromkeys(dates, fmt.date_da), **dict.fromkeys(money, fmt.mio)},
            empty="Ingen projekter har ændret baseline.",
            caption=f"Projekter hvis gældende baseline ved udgangen af {year} afviger fra den oprindelige",
        )
    )


def governance(ctx: ReportContext) -> str:
    today = _today(ctx)
    s = ar.governance_summary(ctx.portfolio, ctx.report_year, today=today)
    table = ar.governance(ctx.portfolio, ctx.report_year, today=today)
    coverage = ar.arshjul_coverage(ctx.portfolio, ctx.report_year)
    missing = coverage[~coverage["covered"]]
    breaches = (
        f"Dagsorden sendt for sent: {', '.join(fmt.date_da(x) for x in s['agenda_breaches']) or 'ingen'}. "
        f"Referat sendt for sent: {', '.join(fmt.date_da(x) for x in s['minutes_breaches']) or 'ingen'}."
    )
    text = (
        f"{s['held']} møder afholdt ({s['ordinary_held']} ordinære og {s['extra_held']} ekstraordinære) mod "
        f"{s['planned']} planlagte ordinære. Dagsordenen skal ud mindst {ctx.config.agenda_days_before} dage før "
        f"og referatet senest {ctx.config.minutes_days_after} dage efter. {breaches}"
    )
    on_time = {True: "ja", False: "nej", None: "–"}
    cover_text = (
        "Alle projekter, der var aktive i året, var på mindst én dagsorden (årshjulet er overholdt)."
        if missing.empty
        else f"{len(missing)} aktive projekter var ikke på nogen dagsorden: {', '.join(missing['name'])}."
    )
    return (
        d.paragraph(text)
        + d.html_table(
            table,
            {
                "meeting_date": "Møde",
                "kind": "Type",
                "agenda_sent_date": "Dagsorden sendt",
                "agenda_days_before": "Dage før",
                "agenda_on_time": "Rettidig",
                "minutes_sent_date": "Referat sendt",
                "minutes_days_after": "Dage efter",
                "minutes_on_time": "Rettidigt",
            },
            numeric=["agenda_days_before", "minutes_days_after"],
            formats={
                "meeting_date": fmt.date_da,
                "agenda_sent_date": fmt.date_da,
                "minutes_sent_date": fmt.date_da,
                "kind": lambda v: {"ordinary": "ordinært", "extra": "ekstra"}.get(v, v),
                "agenda_on_time": lambda v: on_time.get(None if pd.isna(v) else bool(v)),
                "minutes_on_time": lambda v: on_time.get(None if pd.isna(v) else bool(v)),
                "agenda_days_before": lambda v: "–" if pd.isna(v) else f"{v:.0f}",
                "minutes_days_after": lambda v: "–" if pd.isna(v) else f"{v:.0f}",
            },
            flag={
                "agenda_on_time": lambda r: r["agenda_on_time"] is False,
                "minutes_on_time": lambda r: r["minutes_on_time"] is False,
            },
            caption=f"Møder i {ctx.report_year}",
        )
        + "<h3>Årshjul: blev alle projekter behandlet?</h3>"
        + d.paragraph(cover_text)
        + d.html_table(
            coverage,
            {"name": "Projekt", "track": "Spor", "agenda_count": "Dagsordenspunkter", "meetings": "Møder"},
            numeric=["agenda_count"],
            formats={"meetings": lambda v: ", ".join(fmt.date_da(x) for x in v) if len(v) else "ingen"},
            flag={"meetings": lambda r: not r["covered"]},
        )
    )


OUTCOME_ACTION_DA = {
    "on_time": "lukket til tiden",
    "late": "lukket for sent",
    "open": "åben",
    "cancelled": "annulleret",
}


def decisions_and_actions(ctx: ReportContext) -> str:
    """The year's decision log and how the follow-up actions were closed, per organisation."""
    year, today = ctx.report_year, _today(ctx)
    log = ar.decision_log(ctx.portfolio, year)
    by_org = ar.actions_by_organisation(ctx.portfolio, year, today=today)
    total = by_org.iloc[-1]
    meetings = log["meeting_date"].nunique()
    cutoff = min(pd.Timestamp(year, 12, 31), pd.Timestamp(today) if today else pd.Timestamp.today().normalize())
    text = (
        f"I {year} registrerede styregruppen {fmt.count_noun(len(log), 'beslutning', 'beslutninger')} på "
        f"{fmt.count_noun(meetings, 'møde', 'møder')} og rejste "
        f"{fmt.count_noun(int(total['actions']), 'opfølgningspunkt', 'opfølgningspunkter')}: "
        f"{int(total['on_time'])} lukket til tiden, {int(total['late'])} lukket for sent, {int(total['open'])} åbne "
        f"(heraf {int(total['overdue'])} med overskredet frist) og {int(total['cancelled'])} annulleret, opgjort "
        f"{fmt.date_da(cutoff)}."
    )
    counts = ["actions", "on_time", "late", "open", "overdue", "cancelled"]
    return (
        d.paragraph(text)
        + "<h3>Opfølgningspunkter pr. organisation</h3>"
        + d.html_table(
            by_org if int(total["actions"]) else by_org.iloc[0:0],
            {
                "org_name": "Ansvarlig organisation",
                "actions": "Punkter",
                "on_time": "Til tiden",
                "late": "For sent",
                "open": "Åbne",
                "overdue": "Heraf overskredet",
                "cancelled": "Annulleret",
                "on_time_pct": "Til tiden %",
            },
            numeric=[*counts, "on_time_pct"],
            formats={"on_time_pct": lambda v: fmt.pct(v)},
            flag={"overdue": lambda r: r["overdue"] > 0},
            total_last_row=True,
            empty=f"Ingen opfølgningspunkter rejst i {year}.",
            caption=f"Opfølgningspunkter rejst i {year}, og hvordan de blev lukket",
        )
        + "<h3>Beslutningslog</h3>"
        + d.html_table(
            log.assign(item_title=[f"{n}. {t}" for n, t in zip(log["number"], log["title"], strict=True)]),
            {"meeting_date": "Møde", "item_title": "Punkt", "decision": "Beslutning"},
            nowrap=["meeting_date"],
            formats={"meeting_date": fmt.date_da},
            empty=f"Ingen beslutninger registreret i {year}.",
            caption=f"Styregruppens beslutninger {year}, som ført i referaterne",
        )
    )


def benefits(ctx: ReportContext) -> str:
    """Gevinstrealisering at year end: per project (closed ones included), money per year, latest values."""
    from ..benefits.sections import year_section

    return year_section(ctx)


def indicators(ctx: ReportContext, title: str = "9. Indikatorer") -> str:
    """Indicators at year end (31 December); nothing for a portfolio without indicators."""
    from ..indicators.sections import indicator_section

    return indicator_section(ctx, title, date=pd.Timestamp(year=ctx.report_year, month=12, day=31))


def indicator_appendix(ctx: ReportContext, title: str = "Bilag. Alle kommuner rangeret") -> str:
    """The full municipality ranking at year end, at the end of the paper; nothing without indicators."""
    from ..indicators.sections import ranking_appendix

    return ranking_appendix(ctx, title, date=pd.Timestamp(year=ctx.report_year, month=12, day=31))
