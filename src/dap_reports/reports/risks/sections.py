"""The risk report (*Risikorapport*), section by section, as HTML."""

from __future__ import annotations

import pandas as pd

from ...contract.schema import RESPONSE
from ..common import formats as fmt
from ..common import html as d
from ..context import ReportContext
from . import charts
from . import computations as rr

MOVEMENT_DA = {"new": "Nye", "escalated": "Eskalerede", "de_escalated": "Nedtrappede", "closed": "Lukkede"}
MOVEMENT_ONE_DA = {"new": "Ny", "escalated": "Eskaleret", "de_escalated": "Nedtrappet", "closed": "Lukket"}


RISK_COLUMNS = {
    "title": "Risiko",
    "project_name": "Projekt",
    "score": "Score",
    "colour": "Niveau",
    "probability": "S",
    "impact": "K",
    "trend": "Udvikling",
    "owner": "Ejer",
    "response": "Strategi",
    "mitigation": "Afbødning",
}


def _risk_table(frame: pd.DataFrame, empty: str, caption: str | None = None) -> str:
    return d.html_table(
        frame,
        RISK_COLUMNS,
        rag=["colour"],
        trend=["trend"],
        numeric=["score", "probability", "impact"],
        formats={
            "response": lambda v: RESPONSE.danish.get(v, "–") if isinstance(v, str) else "–",
            "owner": lambda v: v if isinstance(v, str) and v else "mangler",
            "mitigation": lambda v: v if isinstance(v, str) and v else "mangler",
        },
        flag={"owner": lambda r: not r["owner"], "mitigation": lambda r: not r["mitigation"]},
        empty=empty,
        caption=caption,
    )


def heatmaps(ctx: ReportContext) -> str:
    p, date = ctx.portfolio, ctx.meeting_date
    rule = ctx.config.rules.risk
    now = rr.heatmap_counts(p, date)
    before = rr.heatmap_previous(p, date)
    n_now = int(now.values.sum())
    figures = [
        d.figure_html(
            charts.risk_heatmap(now, rule, f"Åbne risici {fmt.date_da(date)}"),
            alt=f"Risikomatrix med {n_now} åbne vurderede risici ved mødet {fmt.date_da(date)}.",
            caption="Antal åbne risici i hver celle (sandsynlighed × konsekvens) ved dette møde.",
        )
    ]
    previous = p.previous_meeting(date)
    if before is not None:
        figures.append(
            d.figure_html(
                charts.risk_heatmap(before, rule, f"Forrige møde {fmt.date_da(previous)}"),
                alt=f"Risikomatrix med {int(before.values.sum())} åbne risici ved forrige møde.",
                caption="Samme matrix ved forrige møde: sammenlign for at se, om risici flytter mod "
                "øverste højre hjørne.",
            )
        )
        note = ""
    else:
        note = d.paragraph("Dette er det første møde; der er ingen tidligere matrix at sammenligne med.", "dap-note")
    return (
        d.paragraph(f"Score = sandsynlighed × konsekvens (1–25). {rr.threshold_text(p)}", "dap-note")
        + f'<div class="dap-row">{"".join(figures)}</div>'
        + note
    )


def top_risks(ctx: ReportContext) -> str:
    top = rr.top_risks(ctx.portfolio, ctx.meeting_date)
    return _risk_table(
        top,
        "Ingen åbne, vurderede risici.",
        caption=f"De {len(top)} største åbne risici (S = sandsynlighed, K = konsekvens)",
    )


def movements(ctx: ReportContext) -> str:
    moves = rr.movements(ctx.portfolio, ctx.meeting_date)
    previous = ctx.portfolio.previous_meeting(ctx.meeting_date)
    if previous is None:
        return d.paragraph("Dette er det første møde; der er ingen bevægelser at vise.", "dap-note")
    counts = moves["movement"].value_counts() if not moves.empty else pd.Series(dtype=int)
    summary = ", ".join(f"{MOVEMENT_DA[k].lower()}: {int(counts.get(k, 0))}" for k in MOVEMENT_DA)
    return d.paragraph(f"Siden forrige møde {fmt.date_da(previous)} – {summary}.") + d.html_table(
        moves,
        {
            "movement": "Bevægelse",
            "title": "Risiko",
            "project_name": "Projekt",
            "previous_score": "Score før",
            "score": "Score nu",
            "owner": "Ejer",
        },
        numeric=["previous_score", "score"],
        formats={
            "movement": lambda v: MOVEMENT_ONE_DA.get(v, v),
            "previous_score": lambda v: "–" if pd.isna(v) else f"{int(v)}",
            "score": lambda v: "–" if pd.isna(v) else f"{int(v)}",
            "owner": lambda v: v if isinstance(v, str) and v else "mangler",  # as in the other risk tables
        },
        flag={
            "movement": lambda r: r["movement"] == "escalated",
            "owner": lambda r: not (isinstance(r["owner"], str) and r["owner"]) and r["movement"] != "closed",
        },
        empty="Ingen nye, ændrede eller lukkede risici siden forrige møde.",
    )


def by_project(ctx: ReportContext) -> str:
    p, date = ctx.portfolio, ctx.meeting_date
    counts = rr.risks_by_project(p, date)
    portfolio_level = rr.portfolio_risks(p, date)
    gaps = rr.risk_gaps(p, date)
    return (
        d.html_table(
            counts,
            {
                "project_name": "Projekt",
                "open": "Åbne",
                "red": "Røde",
                "yellow": "Gule",
                "green": "Grønne",
                "unassessed": "Ikke vurderet",
                "max_score": "Højeste score",
                "total_score": "Samlet score",
            },
            numeric=["open", "red", "yellow", "green", "unassessed", "max_score", "total_score"],
            formats={"max_score": lambda v: "–" if pd.isna(v) else f"{int(v)}"},
            caption="Åbne risici pr. projekt",
            empty="Ingen åbne risici.",
        )
        + "<h3>Risici på porteføljeniveau</h3>"
        + _risk_table(portfolio_level, "Ingen åbne risici på porteføljeniveau.")
        + "<h3>Risici uden ejer, afbødning eller vurdering</h3>"
        + d.html_table(
            gaps,
            {"risk_id": "Ref.", "title": "Risiko", "project_name": "Projekt", "missing": "Mangler"},
            flag={"missing": lambda r: True},
            empty="Alle åbne risici har ejer, afbødning og vurdering.",
        )
    )


def exposure(ctx: ReportContext) -> str:
    series = rr.exposure_over_time(ctx.portfolio, ctx.meeting_date)
    if series.empty:
        return d.paragraph("Ingen risikovurderinger endnu.", "dap-empty")
    last = series.iloc[-1]
    first = series.iloc[0]
    fig = charts.exposure_chart(series, "Samlet risikoeksponering pr. møde")
    return d.figure_html(
        fig,
        alt=f"Samlet score gik fra {int(first['total_score'])} ({fmt.date_da(first['meeting_date'])}) til "
        f"{int(last['total_score'])} ({fmt.date_da(last['meeting_date'])}); {int(last['open_risks'])} åbne risici nu.",
        caption="Linjen er summen af scorer for åbne risici ved hvert møde; "
        "søjlerne er antallet af åbne risici fordelt "
        "på rød, gul og grøn. Se efter en stigende linje eller flere røde risici.",
    )
