"""Benefits realisation (*Gevinster*, *Gevinstrealisering*) as report sections.

Two sections, registered in the registry's status and annual kinds: :func:`meeting_section` for a meeting
(benefits behind plan, the measurements since the previous meeting, closed projects still realising
benefits) and :func:`year_section` for the annual roll-up (per project, closed ones included; economic
benefits planned against realised in DKK per year; non-economic benefits with their latest value; one chart).
"""

from __future__ import annotations

import pandas as pd

from ...contract.parsing import is_blank
from ..common import formats as fmt
from ..common import html as d
from ..context import ReportContext
from . import charts
from . import computations as bc
from .charts import STATE_DA


def _value(value) -> str:
    """A measured value as the analyst wrote it: up to two decimals, Danish separators."""
    return fmt.compact(value, 2)


def _share(value) -> str:
    return fmt.DASH if is_blank(value) else fmt.pct(100 * float(value))


def _project(row) -> str:
    return f"{row['project_name']} (lukket)" if row.get("project_closed") else str(row["project_name"])


def _from_to(row) -> str:
    baseline = "?" if is_blank(row["baseline"]) else _value(row["baseline"])
    return f"{baseline} → {_value(row['target'])} {row['unit']}"


def _latest(row) -> str:
    if is_blank(row["value"]):
        return "ingen måling"
    return f"{_value(row['value'])} ({fmt.date_da(row['measured_date'])})"


def _money(value) -> str:
    return fmt.mio(value, 2)


def rag_badge(rag) -> str:
    """A computed benefits RAG as a badge; grey 'ikke målt' when it cannot be worked out."""
    if rag is None or is_blank(rag):
        return '<span class="rag rag-none" title="ikke målt">ikke målt</span>'
    return d.rag_badge(rag)


def _state_badge(state) -> str:
    """The computed state as a RAG badge carrying the Danish word (grey for no current measurement)."""
    rag = bc.STATE_RAG.get(state)
    css = f"rag-{rag}" if rag else "rag-none"
    return f'<span class="rag {css}" title="{STATE_DA[state]}">{STATE_DA[state]}</span>'


def _display(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns the tables show, made once."""
    if frame.empty:
        return frame
    return frame.assign(
        project=[_project(r) for _, r in frame.iterrows()],
        from_to=[_from_to(r) for _, r in frame.iterrows()],
        latest=[_latest(r) for _, r in frame.iterrows()],
        verdict=[_state_badge(s) for s in frame["state"]],
    )


def rules_note(ctx: ReportContext) -> str:
    rule = ctx.config.rules.benefits
    return d.paragraph(
        "Realiseringsgraden er den andel af den planlagte forbedring fra baseline til mål, som seneste måling "
        "viser – også når lavere er bedre. Den forventede realiseringsgrad vokser jævnt fra realiseringens start "
        "til måldatoen. Vurderingen sammenligner seneste måling med det forventede på måledatoen: "
        f"{rule.describe_da()}. "
        f"En måling ældre end {rule.measurement_valid_days} dage giver ingen vurdering (grå), ligesom en gevinst "
        "uden måling efter realiseringens start.",
        "dap-note",
    )


def _summary(frame: pd.DataFrame, when: str) -> str:
    tally = bc.counts(frame)
    closed = int(frame.loc[frame["project_closed"], "project_id"].nunique())
    return (
        f"{fmt.count_noun(len(frame), 'gevinst', 'gevinster')} fra "
        f"{fmt.count_noun(frame['project_id'].nunique(), 'projekt', 'projekter')} følges {when}"
        + (f", heraf {fmt.count_noun(closed, 'lukket projekt', 'lukkede projekter')}" if closed else "")
        + f": {tally['on_track']} på sporet, {tally['watch']} til opmærksomhed, {tally['behind']} bagud, "
        f"{tally['not_measured'] + tally['stale']} uden aktuel måling og {tally['not_started']} endnu ikke startet."
    )


# ------------------------------------------------------------------ the meeting report


def meeting_section(ctx: ReportContext) -> str:
    """*Gevinster* for a meeting: what is behind plan, what was measured since the previous meeting, and the
    benefits of closed projects still being realised."""
    p, date = ctx.portfolio, ctx.meeting_date
    frame = bc.assess(p, date)
    if frame.empty:
        return d.paragraph(
            "Gevinstregistret (arket benefits) har ingen gevinster for projekterne ved dette møde.", "dap-empty"
        )
    behind = _display(bc.behind_plan(p, date))
    measured = bc.measurements_since_previous(p, date)
    closed = _display(frame[frame["project_closed"]])
    previous = p.previous_meeting(date)
    since = f"siden forrige møde ({fmt.date_da(previous)})" if previous is not None else "de seneste to måneder"
    parts = [
        d.paragraph(_summary(frame, "ved mødet")),
        rules_note(ctx),
        "<h3>Gevinster bag planen</h3>",
        d.html_table(
            behind,
            {
                "project": "Projekt",
                "title": "Gevinst",
                "owner": "Ejer",
                "from_to": "Fra → mål",
                "latest": "Seneste måling",
                "achievement": "Realiseret",
                "expected_at_measurement": "Forventet ved måling",
                "expected": "Forventet nu",
                "verdict": "Vurdering",
            },
            numeric=["achievement", "expected_at_measurement", "expected"],
            markup=["verdict"],
            formats={
                "owner": lambda v: v or "mangler",
                "achievement": _share,
                "expected_at_measurement": _share,
                "expected": _share,
            },
            flag={"owner": lambda r: not r["owner"]},
            empty="Ingen gevinster er bag planen.",
        ),
        f"<h3>Målinger {since}</h3>",
        d.html_table(
            measured.assign(
                project=measured["project_name"],
                shown=[f"{_value(v)} {u}" for v, u in zip(measured["value"], measured["unit"], strict=True)],
                before=[
                    fmt.DASH if is_blank(v) else f"{_value(v)} ({fmt.date_da(t)})"
                    for v, t in zip(measured["previous_value"], measured["previous_date"], strict=True)
                ],
            ),
            {
                "project": "Projekt",
                "title": "Gevinst",
                "measured_date": "Målt",
                "shown": "Værdi",
                "before": "Forrige måling",
                "achievement": "Realiseret",
                "note": "Note",
            },
            numeric=["achievement"],
            nowrap=["measured_date"],
            formats={"measured_date": fmt.date_da, "achievement": _share},
            empty="Ingen nye målinger.",
        ),
    ]
    if not closed.empty:
        parts += [
            "<h3>Lukkede projekter i gevinstrealisering</h3>",
            _benefit_table(
                closed,
                money=True,
                caption="Gevinsterne følges, efter projektet er lukket: mindst til måldatoen og "
                f"{ctx.config.rules.benefits.follow_up_months} måneder efter lukningen",
            ),
        ]
    return "".join(parts)


def _benefit_table(
    frame: pd.DataFrame, *, money: bool = False, caption: str | None = None, expected: str = "Forventet nu"
) -> str:
    """Benefits with their latest measurement, achievement, what was expected then and at the report's date."""
    columns = {
        "project": "Projekt",
        "title": "Gevinst",
        "from_to": "Fra → mål",
        "latest": "Seneste måling",
        "achievement": "Realiseret",
        "expected_at_measurement": "Forventet ved måling",
        "expected": expected,
        "verdict": "Vurdering",
    }
    if money:
        columns["realised_dkk_per_year"] = "Realiseret kr. pr. år"
    return d.html_table(
        frame,
        columns,
        numeric=["achievement", "expected_at_measurement", "expected", "realised_dkk_per_year"],
        markup=["verdict"],
        formats={
            "achievement": _share,
            "expected_at_measurement": _share,
            "expected": _share,
            "realised_dkk_per_year": _money,
        },
        caption=caption,
    )


# ------------------------------------------------------------------ the annual roll-up


def _per_project(frame: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    rows = []
    for _project_id, group in frame.groupby("project_id", sort=True):
        started = (group["realisation_start"] <= date).tolist()
        rows.append(
            {
                "project": _project(group.iloc[0]),
                "benefits": len(group),
                "started": int(sum(started)),
                "rag": bc.combine(group["rag"].tolist(), started),
                "expected_dkk_per_year": group["expected_dkk_per_year"].sum(min_count=1),
                "realised_dkk_per_year": group["realised_dkk_per_year"].sum(min_count=1),
            }
        )
    return pd.DataFrame(rows)


def year_section(ctx: ReportContext) -> str:
    """*Gevinstrealisering* for the annual roll-up, assessed at 31 December."""
    year = ctx.report_year
    y = bc.year_benefits(ctx.portfolio, year)
    if y.benefits.empty:
        return d.paragraph(f"Gevinstregistret (arket benefits) har ingen gevinster for {year}.", "dap-empty")
    end = bc.year_end(year)
    parts = [d.bullet_list(y.sentences, css="dap-summary")]
    started = y.benefits[y.benefits["state"] != "not_started"]
    if not started.empty:
        fig = charts.achievement_chart(started, f"Gevinster: realiseret mod forventet ved udgangen af {year}")
        tally = y.counts
        parts.append(
            d.figure_html(
                fig,
                alt=f"{len(started)} gevinster i realisering ved udgangen af {year}: {tally['on_track']} på sporet, "
                f"{tally['watch']} til opmærksomhed, {tally['behind']} bagud og "
                f"{tally['not_measured'] + tally['stale']} uden aktuel måling. Bagud: "
                + (", ".join(started.loc[started["state"] == "behind", "title"]) or "ingen")
                + ".",
                caption="Søjlen er den andel af den planlagte forbedring, der er realiseret ved seneste måling; den "
                "sorte streg er, hvor planen forventede den på måledatoen. De gevinster, der er længst bagud, står "
                "øverst. Skraverede søjler er bagud eller til opmærksomhed.",
            )
        )
    parts.append(rules_note(ctx))
    per_project = _per_project(y.benefits, end)
    parts += [
        "<h3>Pr. projekt</h3>",
        d.html_table(
            per_project.assign(
                rag=[
                    rag_badge(r) if s else fmt.DASH
                    for r, s in zip(per_project["rag"], per_project["started"], strict=True)
                ]
            ),
            {
                "project": "Projekt",
                "benefits": "Gevinster",
                "started": "I realisering",
                "rag": "Vurdering",
                "expected_dkk_per_year": "Planlagt kr. pr. år ved årets udgang",
                "realised_dkk_per_year": "Realiseret kr. pr. år ved årets udgang",
            },
            numeric=["benefits", "started", "expected_dkk_per_year", "realised_dkk_per_year"],
            markup=["rag"],
            formats={"expected_dkk_per_year": _money, "realised_dkk_per_year": _money},
            caption=f"Projekternes gevinster ved udgangen af {year} (lukkede projekter medregnet)",
        ),
    ]
    parts.append("<h3>Økonomiske gevinster: planlagt og realiseret</h3>")
    if y.by_year.empty:
        parts.append(d.paragraph("Ingen økonomiske gevinster med en planlagt værdi i kr.", "dap-empty"))
    else:
        parts.append(
            d.paragraph(
                "Beløbene er kr. pr. år ved årets udgang: planlagt er den planlagte værdi gange den forventede "
                "realiseringsgrad, realiseret er den planlagte værdi gange realiseringsgraden ved årets seneste "
                "måling. Årene efter " + str(year) + " viser kun planen.",
                "dap-note",
            )
        )
        fig = charts.economic_by_year_chart(y.by_year, "Økonomiske gevinster pr. år (mio. kr. pr. år)", year)
        shown = y.by_year[y.by_year["year"] <= year]
        parts.append(
            d.figure_html(
                fig,
                alt="; ".join(
                    f"{int(r.year)}: planlagt {fmt.mio(r.planned_dkk_per_year)}, "
                    f"realiseret {fmt.mio(r.realised_dkk_per_year)}"
                    for r in shown.itertuples()
                )
                + ".",
                caption="Planlagt (lys) og realiseret (mørk) værdi af de økonomiske gevinster ved hvert års udgang; "
                "skraverede søjler er plan for de kommende år.",
            )
        )
        parts.append(
            d.html_table(
                y.by_year.assign(unmeasured=y.by_year["unmeasured"].where(y.by_year["year"] <= year)),
                {
                    "year": "År",
                    "planned_dkk_per_year": "Planlagt kr. pr. år",
                    "realised_dkk_per_year": "Realiseret kr. pr. år",
                    "unmeasured": "Ikke målt",
                },
                numeric=["planned_dkk_per_year", "realised_dkk_per_year", "unmeasured"],
                formats={
                    "year": lambda v: str(int(v)),
                    "planned_dkk_per_year": _money,
                    "realised_dkk_per_year": _money,
                    "unmeasured": lambda v: fmt.DASH if is_blank(v) else str(int(v)),
                },
                caption="Pr. år",
            )
        )
        economic = _display(y.economic)
        parts.append(
            d.html_table(
                economic,
                {
                    "project": "Projekt",
                    "title": "Gevinst",
                    "planned_dkk_per_year": "Fuld gevinst kr. pr. år",
                    "expected_dkk_per_year": f"Planlagt ved udgangen af {year}",
                    "realised_dkk_per_year": f"Realiseret ved udgangen af {year}",
                    "latest": "Seneste måling",
                    "verdict": "Vurdering",
                },
                numeric=["planned_dkk_per_year", "expected_dkk_per_year", "realised_dkk_per_year"],
                markup=["verdict"],
                formats=dict.fromkeys(
                    ("planned_dkk_per_year", "expected_dkk_per_year", "realised_dkk_per_year"), _money
                ),
                caption="Pr. gevinst",
            )
        )
    parts.append("<h3>Ikke-økonomiske gevinster</h3>")
    parts.append(
        _benefit_table(
            _display(y.non_economic),
            expected=f"Forventet ved udgangen af {year}",
            caption=f"Seneste værdi ved udgangen af {year}",
        )
        if not y.non_economic.empty
        else d.paragraph("Ingen ikke-økonomiske gevinster.", "dap-empty")
    )
    return "".join(parts)


__all__ = ["meeting_section", "rules_note", "year_section"]
