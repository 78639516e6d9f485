"""The indicator section of a rollout portfolio's reports (*fremdrifts- og resultatindikatorer*).

Shown only when the portfolio has indicators: per landsdelsprogram progress against target (ranked,
laggards flagged), the municipalities furthest ahead and furthest behind, small multiples over time,
and each landsdelsprogram's current milestone with the previous meeting's in parentheses. The full
ranking of every municipality is an appendix (*bilag*) at the end of the paper (:func:`ranking_appendix`).
"""

from __future__ import annotations

import pandas as pd

from ..common import formats as fmt
from ..common import html as d
from ..context import ReportContext
from . import charts
from . import computations as ind

KIND_DA = {"progress": "fremdrift", "outcome": "resultat"}
DIRECTION_DA = {"higher": "højere er bedre", "lower": "lavere er bedre"}
LEADERS, BEHIND = 5, 10  # municipalities shown furthest ahead and furthest behind (as many as the chart shows)
RANKING_COLUMNS = {
    "rank": "Nr.",
    "area_name": "Område",
    "parent_name": "Hører under",
    "value": "Værdi",
    "target": "Mål",
    "share_of_target_pct": "Andel af mål",
    "laggard": "Efterslæb",
}


def _headline_indicator(p, date) -> str | None:
    """The progress indicator the ranking is built on: one measured per municipality, preferring a
    count that varies (citizens enrolled) over a yes/no one (municipality live), which ranks nothing."""
    overview = ind.indicator_overview(p, date)
    candidates = []
    for row in overview[overview["kind"] == "progress"].itertuples():
        by_area = ind.progress_by_area(p, row.indicator_id, date, level="municipality")
        if not by_area.empty:
            candidates.append((by_area["value"].nunique() <= 2, row.indicator_id))
    return min(candidates)[1] if candidates else None


def indicator_section(ctx: ReportContext, title: str, date=None) -> str:
    """The whole section with its heading, or nothing for a portfolio without indicators."""
    p = ctx.portfolio
    date = ctx.meeting_date if date is None else date
    overview = ind.indicator_overview(p, date)
    if p.indicators.empty:
        return ""
    parts = [d.heading(title)]
    if overview["period"].isna().all():
        return parts[0] + d.paragraph("Der er endnu ingen indikatorværdier for perioden.", "dap-empty")
    quarter = overview["period"].dropna().max()
    mean = overview[
        overview["period"].notna()
        & (overview["unit"].map(ind.aggregation) == "ratio")
        & ~overview["weighted"].astype(bool)
    ]
    parts.append(
        d.paragraph(
            f"Seneste kvartal: {quarter}. Andel af mål er den del af vejen fra baseline til mål, der er tilbagelagt "
            "(også når lavere er bedre); 'på sporet' betyder, at andelen mindst er så stor som den andel af tiden, "
            "der er gået frem mod måldatoen. Procenter for hele landet og for et landsdelsprogram er vægtede: "
            "summen af tællerne delt med summen af nævnerne, ikke et gennemsnit af områdernes procenter."
            + (
                f" Uden nævnere er {fmt.danish_list(mean['name'])} et uvægtet gennemsnit af områderne."
                if not mean.empty
                else ""
            ),
            "dap-note",
        )
    )
    parts.append(
        d.html_table(
            overview,
            {
                "name": "Indikator",
                "kind": "Type",
                "unit": "Enhed",
                "direction": "Retning",
                "period": "Kvartal",
                "baseline": "Baseline",
                "value": "Værdi",
                "target": "Mål",
                "target_date": "Måldato",
                "share_of_target_pct": "Andel af mål",
                "on_track": "På sporet",
            },
            numeric=["baseline", "value", "target", "share_of_target_pct"],
            nowrap=["target_date"],
            formats={
                "kind": KIND_DA.get,
                "direction": DIRECTION_DA.get,
                "baseline": fmt.measure,
                "value": fmt.measure,
                "target": fmt.measure,
                "target_date": fmt.date_da,
                "share_of_target_pct": fmt.pct,
                "on_track": lambda v: {True: "ja", False: "nej"}.get(v, "–"),
            },
            flag={"on_track": lambda r: r["on_track"] is False},
        )
    )

    headline = _headline_indicator(p, date)
    if headline is not None:
        name = overview.set_index("indicator_id").loc[headline, "name"]
        programmes = ind.progress_by_area(p, headline, date, level="landsdelsprogram")
        municipalities = ind.progress_by_area(p, headline, date, level="municipality")
        laggards = municipalities[municipalities["laggard"]]
        fig = charts.progress_by_region_chart(
            programmes, f"{name}: andel af mål pr. landsdelsprogram", municipalities=municipalities
        )
        parts.append(f"<h3>{d.esc(name)} pr. landsdelsprogram og kommune</h3>")
        parts.append(
            d.figure_html(
                fig,
                alt=f"{name}: andel af mål for {len(programmes)} landsdelsprogrammer; "
                f"{int(programmes['laggard'].sum())} med efterslæb. {len(laggards)} kommuner med efterslæb.",
                caption="Søjlerne viser hvert landsdelsprograms andel af målet, og nederst de ti kommuner, der er "
                "længst bagud. Skraverede søjler har efterslæb (under halvdelen af medianen).",
            )
        )
        formats = {
            "value": fmt.measure,
            "target": fmt.measure,
            "share_of_target_pct": fmt.pct,
            "laggard": lambda v: "efterslæb" if v else "",
        }
        flag = {"laggard": lambda r: bool(r["laggard"])}
        numeric = ["rank", "value", "target", "share_of_target_pct"]
        parts.append(
            d.html_table(
                programmes,
                RANKING_COLUMNS,
                numeric=numeric,
                formats=formats,
                flag=flag,
                caption="Landsdelsprogrammer, rangeret",
            )
        )
        leaders, behind = ind.leaders_and_laggards(municipalities, LEADERS, BEHIND)
        parts.append(
            d.html_table(
                leaders,
                RANKING_COLUMNS,
                numeric=numeric,
                formats=formats,
                flag=flag,
                caption=f"De {len(leaders)} kommuner længst fremme",
            )
        )
        parts.append(
            d.html_table(
                behind,
                RANKING_COLUMNS,
                numeric=numeric,
                formats=formats,
                flag=flag,
                caption=f"De {len(behind)} kommuner længst bagud, den bageste først ({len(laggards)} kommuner har "
                "efterslæb i alt)",
            )
        )
        parts.append(
            d.paragraph(
                f"Alle {len(municipalities)} kommuner står rangeret i bilaget sidst i rapporten. Kommunernes mål er "
                "angivet i hele personer.",
                "dap-note",
            )
        )
        series = ind.indicator_series(p, headline, level="landsdelsprogram")
        series = series[series["period"].map(ind.period_end) <= pd.Timestamp(date)]
        if not series.empty:
            targets = dict(zip(programmes["area_id"], programmes["target"], strict=True))
            fig = charts.indicator_small_multiples(
                series, f"{name} pr. landsdelsprogram over tid", target_by_area=targets
            )
            parts.append(
                d.figure_html(
                    fig,
                    alt=f"{name} pr. kvartal for hvert landsdelsprogram med målet som stiplet linje.",
                    caption="Ét panel pr. landsdelsprogram med samme skala; den stiplede linje er målet. Se efter "
                    "programmer, hvis kurve flader ud langt under målet.",
                )
            )

    milestones = ind.milestone_progress(p, date)
    if not milestones.empty:
        parts.append("<h3>Landsdelsprogrammernes milepæle</h3>")
        parts.append(
            d.paragraph(
                "Nuværende milepæl for hvert landsdelsprogram; i parentes den milepæl, programmet "
                "havde nået ved forrige møde.",
                "dap-note",
            )
        )
        parts.append(d.html_table(milestones, {"project_name": "Landsdelsprogram", "display": "Milepæl"}))
    return "".join(parts)


def ranking_appendix(ctx: ReportContext, title: str, date=None) -> str:
    """*Bilag*: every municipality ranked on the headline indicator, or nothing without municipality figures."""
    p = ctx.portfolio
    date = ctx.meeting_date if date is None else date
    if p.indicators.empty:
        return ""
    headline = _headline_indicator(p, date)
    if headline is None:
        return ""
    name = ind.indicator_overview(p, date).set_index("indicator_id").loc[headline, "name"]
    municipalities = ind.progress_by_area(p, headline, date, level="municipality")
    laggards = int(municipalities["laggard"].sum())
    return (
        d.heading(title)
        + d.paragraph(
            f"{name}, kvartal {municipalities.attrs['period']}: alle kommuner rangeret efter andel af deres mål "
            "(se afsnittet om indikatorer for reglerne).",
            "dap-note",
        )
        + d.html_table(
            municipalities,
            RANKING_COLUMNS,
            numeric=["rank", "value", "target", "share_of_target_pct"],
            formats={
                "value": fmt.measure,
                "target": fmt.measure,
                "share_of_target_pct": fmt.pct,
                "laggard": lambda v: "efterslæb" if v else "",
            },
            flag={"laggard": lambda r: bool(r["laggard"])},
            caption=f"Alle {len(municipalities)} kommuner, rangeret ({laggards} med efterslæb)",
        )
    )
