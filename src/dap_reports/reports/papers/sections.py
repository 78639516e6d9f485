"""The agenda (*dagsorden*) and the minutes (*referat*), section by section, as HTML.

Each function takes the report context and returns HTML drawn from :mod:`.computations`; the Word
document of the same paper (``dap_reports.run.word``) is drawn from the same :class:`~.computations.Paper`.
Placeholders the secretariat must fill in (a missing recommendation, a decision not yet recorded) are
marked, so they are seen on screen, on paper and in Word.
"""

from __future__ import annotations

import pandas as pd

from ...contract.schema import AGENDA_ITEM, MEETING_KIND
from ..common import formats as fmt
from ..common import html as d
from ..context import ReportContext
from . import computations as pc

TITLES = {pc.AGENDA: "Dagsorden", pc.MINUTES: "Referat"}
ACTION_COLUMNS = {"action_id": "Nr.", "text": "Opfølgning", "owner": "Ansvarlig", "due_date": "Frist"}


def placeholder(text: str) -> str:
    return f'<mark class="dap-placeholder">{d.esc(text)}</mark>'


def made(ctx: ReportContext) -> pd.Timestamp | None:
    """The day the paper was made (its ``generated_at``), which is the date it carries."""
    try:
        return pd.Timestamp(ctx.generated_at).tz_localize(None).normalize()
    except (ValueError, TypeError):
        return None


def paper(ctx: ReportContext, kind: str) -> pc.Paper:
    return pc.paper(ctx.portfolio, kind, ctx.meeting_date, ctx.parameters, made=made(ctx))


def item_heading(item: pc.PaperItem) -> str:
    """'3. Ændringsanmodning: … (beslutning)'; 'Eventuelt' without a kind."""
    kind = f" ({AGENDA_ITEM.danish[item.kind]})" if item.kind else ""
    return f"{item.number}. {item.title}{kind}"


def kind_title(kind: str) -> str:
    return TITLES[kind]


# ----------------------------------------------------------------- the header block (both papers)


def header(ctx: ReportContext, kind: str) -> str:
    """The paper's header block: unit and portfolio, date, case and document number; title; meeting."""
    p = paper(ctx, kind)
    left = [x for x in (p.unit, ctx.config.name) if x]
    right = [
        f'Dato: <span class="dap-paper-date">{fmt.date_da(p.paper_date)}</span>',
        f"Sagsnr.: {d.esc(p.case_number or '–')}",
        f"Dok.nr.: {d.esc(p.document_number or '–')}",
    ]
    block = (
        f'<div class="dap-header"><div>{"<br>".join(d.esc(x) for x in left)}</div><div>{"<br>".join(right)}</div></div>'
    )
    title = TITLES[kind]
    subtitle = ctx.parameters.get("title") or f"Styregruppemøde {fmt.date_da(p.date, long=True)}"
    synthetic = (
        '<p class="dap-synthetic">Syntetiske demodata: alle navne på personer og alle tal er opdigtede.</p>'
        if ctx.config.synthetic
        else ""
    )
    if ctx.parameters.get("public"):
        synthetic = (
            '<p class="dap-public"><strong>Offentlig version.</strong> Personnavne er erstattet af organisation '
            "eller rolle.</p>" + synthetic
        )
    draft = ""
    if kind == pc.MINUTES and p.missing_decisions:
        draft = (
            '<p class="dap-callout warn">Udkast: beslutningen er endnu ikke registreret for '
            f"{fmt.count_noun(len(p.missing_decisions), 'punkt', 'punkter')} "
            f"({', '.join(map(str, p.missing_decisions))}); de står som markerede pladsholdere.</p>"
        )
    running = f'<div class="dap-running">{d.esc(ctx.config.name)} · {title} · {fmt.date_da(p.date)}</div>'
    return f'{running}{block}<h1>{title}</h1><p class="dap-note">{d.esc(subtitle)}</p>{synthetic}{draft}'


# ----------------------------------------------------------------- the meeting


def _meeting_facts(p: pc.Paper) -> list[tuple[str, str]]:
    return [
        ("Mødedato", fmt.date_da(p.date, long=True)),
        ("Møde", f"møde {p.number} af {p.of} i {p.date.year} ({MEETING_KIND.danish[p.meeting_kind]})"),
    ]


def _facts_html(rows: list[tuple[str, str]], placeholders: set[str]) -> str:
    body = "".join(f"<dt>{d.esc(k)}</dt><dd>{placeholder(v) if v in placeholders else d.esc(v)}</dd>" for k, v in rows)
    return f'<dl class="dap-facts">{body}</dl>'


def agenda_meeting(ctx: ReportContext) -> str:
    p = paper(ctx, pc.AGENDA)
    rows = _meeting_facts(p)
    rows.append(("Sted", p.location or pc.MISSING_PLACE))
    rows.append(("Udsendes senest", f"{fmt.date_da(p.deadline)} ({ctx.config.agenda_days_before} dage før mødet)"))
    if p.previous is not None:
        rows.append(("Forrige møde", fmt.date_da(p.previous)))
    return _facts_html(rows, {pc.MISSING_PLACE})


def minutes_meeting(ctx: ReportContext) -> str:
    p = paper(ctx, pc.MINUTES)
    rows = _meeting_facts(p)
    rows.append(("Sted", p.location or pc.MISSING_PLACE))
    rows.append(
        ("Referatet udsendes senest", f"{fmt.date_da(p.deadline)} ({ctx.config.minutes_days_after} dage efter mødet)")
    )
    if p.next is not None:
        rows.append(("Næste møde", fmt.date_da(p.next)))
    return _facts_html(rows, {pc.MISSING_PLACE}) + d.paragraph(
        "Medlemmerne bringer styregruppens beslutninger videre i egen organisation.", "dap-note"
    )


def participants(ctx: ReportContext) -> str:
    """Chair, members, secretariat, programme office and the guests invited by the terms of reference."""
    p = paper(ctx, pc.AGENDA)
    rows = [
        ("Formand", ", ".join(p.chair) or "–"),
        ("Medlemmer", ", ".join(p.members) or "–"),
        ("Sekretariat", ", ".join(p.secretariat) or "–"),
        ("Programsekretariat", ", ".join(p.programme_office) or "–"),
    ]
    invited = (
        d.bullet_list([f"{name} – {reason}" for name, reason in p.invited])
        if p.invited
        else d.paragraph("Ingen punkter kræver inviterede deltagere ud over styregruppens medlemmer.", "dap-note")
    )
    return d.facts(rows) + "<h3>Inviterede</h3>" + invited


# ----------------------------------------------------------------- items


def _block(title: str, body: str) -> str:
    return f"<h4>{d.esc(title)}</h4>{body}"


def _recommendation(item: pc.PaperItem) -> str:
    if item.recommendation_missing:
        return f"<p>{placeholder(pc.MISSING_RECOMMENDATION)}</p>"
    return d.paragraph(item.recommendation or "")


def _exception(item: pc.PaperItem) -> str:
    if item.exception is None:
        return ""
    rows = [
        ("Årsag", item.exception["cause"] or "ikke oplyst"),
        ("Konsekvenser", item.exception["consequences"] or "ikke oplyst"),
        ("Handlemuligheder", item.exception["options"] or "ikke oplyst"),
        ("Projektets indstilling", item.exception["recommendation"] or "mangler"),
    ]
    return _block("Afvigelsesrapport", d.facts(rows))


def _presenter(item: pc.PaperItem) -> str:
    parts = []
    if item.presenter:
        parts.append(f"Fremlægges af {item.presenter}")
    if item.project_name and item.project_name not in item.title:
        parts.append(f"Projekt: {item.project_name}")
    return d.paragraph(" · ".join(parts), "dap-note") if parts else ""


def _item_opening(item) -> list[str]:
    """What an item starts with in the agenda and in the minutes alike: heading, presenter and, for an item
    with a kind, the recommendation and background."""
    body = [d.heading(item_heading(item), 3), _presenter(item)]
    if item.kind is not None:
        body.append(_block("Indstilling", _recommendation(item)))
        if item.background:
            body.append(_block("Baggrund", d.paragraph(item.background)))
    return body


def agenda_items(ctx: ReportContext) -> str:
    p = paper(ctx, pc.AGENDA)
    parts = []
    for item in p.items:
        body = _item_opening(item)
        if item.kind is not None:
            body.append(_exception(item))
        if item.attachments:
            body.append(
                _block(
                    "Bilag",
                    d.bullet_list(f"Bilag {item.number}.{k}: {name}" for k, name in enumerate(item.attachments, 1)),
                )
            )
        parts.append(f'<section class="dap-item">{"".join(body)}</section>')
    return "".join(parts)


def agenda_attachments(ctx: ReportContext) -> str:
    p = paper(ctx, pc.AGENDA)
    titles = {i.number: i.title for i in p.items}
    frame = pd.DataFrame(
        [{"label": f"Bilag {label}", "item": f"{n}. {titles[n]}", "file": name} for label, n, name in p.attachments],
        columns=["label", "item", "file"],
    )
    return d.paragraph(
        "Mødets porteføljeoverblik og risikorapport vedlægges som PDF (tilgængelige, mærkede PDF'er).", "dap-note"
    ) + d.html_table(frame, {"label": "Bilag", "item": "Punkt", "file": "Fil"}, empty="Ingen bilag.")


def _actions_table(actions: pd.DataFrame, empty: str, columns: dict | None = None) -> str:
    return d.html_table(
        actions,
        columns or ACTION_COLUMNS,
        nowrap=["due_date", "meeting_date"],
        formats={
            "due_date": lambda v: fmt.date_da(v) if not pd.isna(v) else "ingen frist",
            "meeting_date": fmt.date_da,
            "owner": lambda v: v if isinstance(v, str) else "ingen ansvarlig",
            "project_name": lambda v: v if isinstance(v, str) else "Porteføljen",
        },
        flag={
            "owner": lambda r: r["owner"] is None,
            "due_date": lambda r: pd.isna(r["due_date"]) or bool(r.get("overdue", False)),
        },
        empty=empty,
    )


def minutes_items(ctx: ReportContext) -> str:
    p = paper(ctx, pc.MINUTES)
    parts = []
    for item in p.items:
        body = _item_opening(item)
        if item.kind is not None:
            decision = d.paragraph(item.decision) if item.decision else f"<p>{placeholder(pc.MISSING_DECISION)}</p>"
            body.append(_block("Referat (beslutning)", decision))
        else:
            note = d.paragraph(item.decision) if item.decision else f"<p>{placeholder(pc.MISSING_NOTE)}</p>"
            body.append(_block("Referat", note))
        if item.kind is not None or not item.actions.empty:
            body.append(_block("Opfølgning", _actions_table(item.actions, "Ingen nye opfølgningspunkter.")))
        parts.append(f'<section class="dap-item">{"".join(body)}</section>')
    if not p.other_actions.empty:
        parts.append(
            d.heading("Øvrige nye opfølgningspunkter", 3)
            + d.paragraph("Opfølgningspunkter fra mødet, der ikke hører til et bestemt punkt.", "dap-note")
            + _actions_table(p.other_actions, "")
        )
    return "".join(parts)


def carried_forward(ctx: ReportContext) -> str:
    p = paper(ctx, pc.MINUTES)
    overdue = int(p.open_actions["overdue"].sum())
    n = len(p.open_actions)
    following = f" ({fmt.date_da(p.next)})" if p.next is not None else ""
    text = (
        f"{fmt.count_noun(n, 'opfølgningspunkt', 'opfølgningspunkter')} {'er åbent' if n == 1 else 'er åbne'} "
        f"efter mødet og følges op på næste møde{following}; {overdue} har overskredet fristen (rød markering)."
    )
    return d.paragraph(text) + _actions_table(
        p.open_actions,
        "Ingen åbne opfølgningspunkter.",
        d.ACTION_HEADINGS_DA,
    )


__all__ = [
    "agenda_attachments",
    "agenda_items",
    "agenda_meeting",
    "carried_forward",
    "header",
    "minutes_items",
    "minutes_meeting",
    "participants",
]
