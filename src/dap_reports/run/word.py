"""The papers as editable Word documents (.docx): the ministry finishes its agenda and minutes in Word.

The document is drawn from the same :class:`~dap_reports.reports.papers.computations.Paper` as the HTML
and PDF (never scraped from them), and written into the run's staging folder, so it lands with the
other files or not at all. It is built to be navigable and accessible: Word's own heading styles (Title,
Heading 1–3) for the structure, real tables with a repeated header row and a caption, the title and the
language (da-DK) in the document's properties and as the default proofing language, A4 pages with page
numbers. Placeholders the secretariat must fill in are highlighted yellow and bracketed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..contract.schema import MEETING_KIND
from ..reports.common import formats as fmt
from ..reports.papers import computations as pc
from ..reports.papers import sections as ps

LANGUAGE = "da-DK"
RED = RGBColor(0xB7, 0x1C, 0x1C)
MUTED = RGBColor(0x4A, 0x55, 0x63)


# ----------------------------------------------------------------- building blocks


def _set_language(document) -> None:
    """Danish as the default proofing language of every style (w:lang in the document defaults)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the page."""
    run = paragraph.add_run()
    begin, text, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


FONT = "Arial"  # Word's and LibreOffice's (Liberation Sans) common sans-serif; the HTML report's fallback too


def _fonts(document) -> None:
    """One sans-serif font for body, headings, header and footer (the theme fonts, which would win, removed)."""
    sizes = {"Normal": 10.5, "Header": 8, "Footer": 8, "Title": 24, "Subtitle": 12}
    for name in (*sizes, "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = FONT
        if name in sizes:
            style.font.size = Pt(sizes[name])
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)


def _page_setup(document, running: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = running
    header.runs[0].font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ")
    _field(footer, "PAGE")
    footer.add_run(" af ")
    _field(footer, "NUMPAGES")


def _placeholder(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _labelled(document, label: str, value: str, *, placeholder: bool = False):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    if placeholder:
        _placeholder(paragraph, value)
    else:
        paragraph.add_run(value)
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _note(document, text: str):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic, run.font.color.rgb = True, MUTED
    return paragraph


def _mark_header_row(row) -> None:
    """The first row repeats on every page and is announced as the table's header."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _caption(table, caption: str) -> None:
    """Title and description of the table (Word's alt text for tables)."""
    tbl_pr = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        tbl_pr.append(element)


def _table(document, header: list[str], rows: list[list[tuple[str, bool]]], caption: str, widths: list[float]):
    """A real Word table: bold header row repeated on each page, cells (text, flagged red), a caption."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    _caption(table, caption)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _mark_header_row(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, (text, flagged) in zip(cells, values, strict=True):
            run = cell.paragraphs[0].add_run(text)
            if flagged:
                run.bold, run.font.color.rgb = True, RED
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid: LibreOffice lays the table out from it
        for cell in column.cells:
            cell.width = Cm(width)  # the cells: Word does
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    document.add_paragraph()
    return table


def _due(value, overdue: bool) -> tuple[str, bool]:
    if pd.isna(value):
        return "ingen frist", True
    return fmt.date_da(value), bool(overdue)


def _actions(document, actions: pd.DataFrame, caption: str, *, with_origin: bool = False) -> None:
    header = ["Nr.", "Opfølgning", "Ansvarlig", "Frist"]
    widths = [1.6, 8.6, 4.2, 2.2]
    if with_origin:
        header = ["Nr.", "Opfølgning", "Projekt", "Ansvarlig", "Rejst", "Frist"]
        widths = [1.3, 5.4, 2.8, 3.1, 2.0, 2.0]  # 16.6 cm: A4 less the margins
    rows: list[list[tuple[str, bool]]] = []
    for a in actions.to_dict("records"):
        owner = (str(a["owner"]), False) if isinstance(a["owner"], str) else ("ingen ansvarlig", True)
        row = [(str(a["action_id"]), False), (str(a["text"]), False)]
        if with_origin:
            row.append((a["project_name"] if isinstance(a["project_name"], str) else "Porteføljen", False))
        row.append(owner)
        if with_origin:
            row.append((fmt.date_da(a["meeting_date"]), False))
        row.append(_due(a["due_date"], bool(a["overdue"])))
        rows.append(row)
    _table(document, header, rows, caption, widths)


# ----------------------------------------------------------------- the paper


def _front(
    document, paper: pc.Paper, name: str, title: str, subtitle: str, synthetic: bool, public: bool = False
) -> None:
    for line in [x for x in (paper.unit, name) if x]:
        document.add_paragraph(line).runs[0].font.color.rgb = MUTED
    block = document.add_paragraph()
    block.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lines = [
        f"Dato: {fmt.date_da(paper.paper_date)}",
        f"Sagsnr.: {paper.case_number or '–'}",
        f"Dok.nr.: {paper.document_number or '–'}",
    ]
    for i, line in enumerate(lines):
        run = block.add_run(line)
        run.font.size = Pt(9)
        if i < len(lines) - 1:
            run.add_break()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(subtitle, style="Subtitle")
    if public:
        _note(document, "Offentlig version: personnavne er erstattet af organisation eller rolle.")
    if synthetic:
        _note(document, "Syntetiske demodata: alle navne på personer og alle tal er opdigtede.")


def _meeting(document, paper: pc.Paper, days: int) -> None:
    document.add_heading("Mødet", level=1)
    _labelled(document, "Mødedato", fmt.date_da(paper.date, long=True))
    _labelled(
        document,
        "Møde",
        f"møde {paper.number} af {paper.of} i {paper.date.year} ({MEETING_KIND.danish[paper.meeting_kind]})",
    )
    _labelled(document, "Sted", paper.location or pc.MISSING_PLACE, placeholder=paper.location is None)
    if paper.kind == pc.AGENDA:
        _labelled(document, "Udsendes senest", f"{fmt.date_da(paper.deadline)} ({days} dage før mødet)")
    else:
        _labelled(document, "Referatet udsendes senest", f"{fmt.date_da(paper.deadline)} ({days} dage efter mødet)")
    if paper.kind == pc.MINUTES:
        _note(document, "Medlemmerne bringer styregruppens beslutninger videre i egen organisation.")


def _participants(document, paper: pc.Paper) -> None:
    document.add_heading("Deltagere", level=1)
    _labelled(document, "Formand", ", ".join(paper.chair) or "–")
    _labelled(document, "Medlemmer", ", ".join(paper.members) or "–")
    _labelled(document, "Sekretariat", ", ".join(paper.secretariat) or "–")
    _labelled(document, "Programsekretariat", ", ".join(paper.programme_office) or "–")
    document.add_heading("Inviterede", level=2)
    if paper.invited:
        for name, reason in paper.invited:
            document.add_paragraph(f"{name} – {reason}", style="List Bullet")
    else:
        _note(document, "Ingen punkter kræver inviterede deltagere ud over styregruppens medlemmer.")


def _item(document, item: pc.PaperItem, minutes: bool) -> None:
    document.add_heading(ps.item_heading(item), level=2)
    presenter = []
    if item.presenter:
        presenter.append(f"Fremlægges af {item.presenter}")
    if item.project_name and item.project_name not in item.title:
        presenter.append(f"Projekt: {item.project_name}")
    if presenter:
        _note(document, " · ".join(presenter))
    if item.kind is not None:
        document.add_heading("Indstilling", level=3)
        paragraph = document.add_paragraph()
        if item.recommendation_missing:
            _placeholder(paragraph, pc.MISSING_RECOMMENDATION)
        else:
            paragraph.add_run(item.recommendation or "")
        if item.background:
            document.add_heading("Baggrund", level=3)
            document.add_paragraph(item.background)
        if item.exception is not None:
            document.add_heading("Afvigelsesrapport", level=3)
            for label, key in (
                ("Årsag", "cause"),
                ("Konsekvenser", "consequences"),
                ("Handlemuligheder", "options"),
                ("Projektets indstilling", "recommendation"),
            ):
                _labelled(document, label, item.exception[key] or ("mangler" if key == "recommendation" else "–"))
    if not minutes and item.attachments:
        document.add_heading("Bilag", level=3)
        for k, name in enumerate(item.attachments, start=1):
            document.add_paragraph(f"Bilag {item.number}.{k}: {name}", style="List Bullet")
    if minutes:
        document.add_heading("Referat (beslutning)" if item.kind is not None else "Referat", level=3)
        paragraph = document.add_paragraph()
        if item.decision:
            paragraph.add_run(item.decision)
        else:
            _placeholder(paragraph, pc.MISSING_DECISION if item.kind is not None else pc.MISSING_NOTE)
        if item.kind is not None or not item.actions.empty:
            document.add_heading("Opfølgning", level=3)
            if item.actions.empty:
                document.add_paragraph("Ingen nye opfølgningspunkter.")
            else:
                _actions(document, item.actions, f"Nye opfølgningspunkter under punkt {item.number}")


def paper_document(paper: pc.Paper, *, name: str, subtitle: str = ""):
    """The paper as a python-docx Document (see the module docstring for how it is built)."""
    minutes = paper.kind == pc.MINUTES
    title = ps.kind_title(paper.kind)
    subtitle = subtitle or f"Styregruppemøde {fmt.date_da(paper.date, long=True)}"
    document = Document()
    _set_language(document)
    _fonts(document)
    _page_setup(document, f"{name} · {title} · {fmt.date_da(paper.date)}")
    properties = document.core_properties
    properties.title = f"{title} – {name} – {fmt.date_da(paper.date, long=True)}"
    properties.subject = subtitle
    properties.language = LANGUAGE
    properties.author = name
    properties.keywords = "styregruppe; dagsorden" if not minutes else "styregruppe; referat"
    stamp = dt.datetime.combine(paper.paper_date.date(), dt.time(0, 0))
    properties.created = properties.modified = stamp
    properties.last_modified_by = "dap-reports"
    properties.revision = 1
    return document, title, subtitle


def write_paper(
    paper: pc.Paper,
    path: Path,
    *,
    name: str,
    agenda_days: int,
    minutes_days: int,
    synthetic: bool = False,
    subtitle: str = "",
    public: bool = False,
) -> Path:
    """Write ``paper`` as an editable Word document at ``path``."""
    minutes = paper.kind == pc.MINUTES
    document, title, subtitle = paper_document(paper, name=name, subtitle=subtitle)
    _front(document, paper, name, title, subtitle, synthetic, public)
    if minutes and paper.missing_decisions:
        paragraph = document.add_paragraph()
        _placeholder(
            paragraph,
            f"Udkast: beslutningen er endnu ikke registreret for "
            f"{fmt.count_noun(len(paper.missing_decisions), 'punkt', 'punkter')} "
            f"({', '.join(map(str, paper.missing_decisions))}).",
        )
    _meeting(document, paper, minutes_days if minutes else agenda_days)
    _participants(document, paper)
    document.add_heading("Referat af punkterne" if minutes else "Dagsordenens punkter", level=1)
    for item in paper.items:
        _item(document, item, minutes)
    if minutes:
        if not paper.other_actions.empty:
            document.add_heading("Øvrige nye opfølgningspunkter", level=2)
            _actions(document, paper.other_actions, "Opfølgningspunkter fra mødet uden for et bestemt punkt")
        document.add_heading("Opfølgningspunkter, der føres videre", level=1)
        n = len(paper.open_actions)
        overdue = int(paper.open_actions["overdue"].sum())
        following = f" ({fmt.date_da(paper.next)})" if paper.next is not None else ""
        document.add_paragraph(
            f"{fmt.count_noun(n, 'opfølgningspunkt', 'opfølgningspunkter')} {'er åbent' if n == 1 else 'er åbne'} "
            f"efter mødet og følges op på næste møde{following}; {overdue} har overskredet fristen (rød markering)."
        )
        if n:
            _actions(document, paper.open_actions, "Åbne opfølgningspunkter efter mødet", with_origin=True)
    else:
        document.add_heading("Bilag", level=1)
        titles = {i.number: i.title for i in paper.items}
        if paper.attachments:
            _table(
                document,
                ["Bilag", "Punkt", "Fil"],
                [
                    [(f"Bilag {label}", False), (f"{n}. {titles[n]}", False), (file, False)]
                    for label, n, file in paper.attachments
                ],
                "Bilag til dagsordenen",
                [2.2, 7.2, 7.2],
            )
        else:
            document.add_paragraph("Ingen bilag.")
    path = Path(path)
    document.save(str(path))
    return path


def write_job_docx(job, path: Path) -> Path:
    """The Word document of a paper job (``agenda`` or ``minutes``), from the job's data and parameters."""
    from ..contract.loading import load_portfolio
    from ..contract.locate import resolve_data_path
    from ..contract.public import public_version

    parameters = job.parameters
    portfolio = load_portfolio(resolve_data_path(parameters.get("data_path") or None))
    if parameters.get("public"):  # the same names as the HTML and PDF: organisations and roles, no persons
        portfolio = public_version(portfolio, parameters["meeting_date"])
    try:
        made = pd.Timestamp(parameters.get("generated_at")).tz_localize(None).normalize()
    except (ValueError, TypeError):
        made = None
    paper = pc.paper(portfolio, job.kind, parameters["meeting_date"], parameters, made=made)
    config = portfolio.config
    return write_paper(
        paper,
        path,
        name=config.name,
        agenda_days=config.agenda_days_before,
        minutes_days=config.minutes_days_after,
        synthetic=config.synthetic,
        subtitle=parameters.get("title") or "",
        public=bool(parameters.get("public")),
    )


__all__ = ["paper_document", "write_job_docx", "write_paper"]
