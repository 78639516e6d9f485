"""Every PDF the demo makes is a tagged PDF a screen reader can use (PDF/UA-1; EN 301 549 clause 10).

Each PDF is read with pypdf and checked against the HTML report it was laid out from:

* the catalog: ``/MarkInfo << /Marked true >>``, ``/Lang (da)``, the title (shown in the window's
  title bar: ``/DisplayDocTitle``) and the PDF/UA identification in the XMP metadata;
* marked content: every page's text and images sit in marked content with an MCID that an element
  of the structure tree claims, or in an artifact (page furniture, backgrounds, rules); nothing is
  both, nothing is neither;
* the structure tree, in reading order: the headings (H1..H3) of the HTML, in the same order and
  the same as the bookmarks; a Figure with the HTML's alt text for every image; tables whose header
  cells are TH with a /Scope, and data cells pointing at their headers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, ContentStream, DictionaryObject, IndirectObject

ROOT = Path(__file__).resolve().parents[2]
MEETING = "2026-03-11"
PAPERS = ("dagsorden", "referat")  # the agenda and the minutes
STEMS = ["portefoljeoverblik", "risikorapport", "aarsrapport", *PAPERS]
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"', b"Do", b"sh"}  # what puts text, images or shadings on a page


# ------------------------------------------------------------------ the HTML side


class _Outline(HTMLParser):
    """The title, headings and image alt texts of an HTML report, in document order."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.alts: list[str] = []
        self.tables = 0
        self.section_ids: list[str] = []  # the h2 ids, which the table of contents links to
        self._open: str | None = None
        self._text: list[str] = []
        self._hidden = 0  # inside <a class="anchor-link"> (the pilcrow, hidden in print)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("title", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._open, self._text = tag, []
            if tag == "h2" and attributes.get("id"):
                self.section_ids.append(unquote(attributes["id"]))
        elif tag == "img":
            self.alts.append(attributes.get("alt") or "")
        elif tag == "table":
            self.tables += 1
        elif tag == "a" and "anchor-link" in (attributes.get("class") or ""):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._hidden:
            self._hidden -= 1
        elif tag == self._open:
            text = " ".join("".join(self._text).split())
            if tag == "title":
                self.title = text
            else:
                self.headings.append((int(tag[1]), text))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._hidden:
            self._text.append(data)


# ------------------------------------------------------------------ the PDF side


@dataclass
class Tagged:
    """A PDF's structure tree in reading order, and the marked content of its pages."""

    reader: PdfReader
    elements: list[tuple[int, DictionaryObject]] = field(default_factory=list)  # (depth, element)
    claimed: set[tuple[int, int]] = field(default_factory=set)  # (page number, MCID) the tree claims

    def roles(self, *names: str) -> list[DictionaryObject]:
        return [e for _, e in self.elements if e["/S"] in names]


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def structure(reader: PdfReader) -> Tagged:
    """Walk the structure tree depth first, as a screen reader reads it."""
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    tagged = Tagged(reader)

    def kids(element):
        k = element.get("/K")
        return k if isinstance(k, list) else [] if k is None else [k]

    def walk(element, depth):
        for raw in kids(element):
            kid = _resolve(raw)
            if isinstance(kid, int):  # an MCID on the element's page
                tagged.claimed.add((pages[element.raw_get("/Pg").idnum], kid))
            elif kid.get("/Type") == "/MCR":
                tagged.claimed.add((pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"])))
            elif kid.get("/Type") != "/OBJR":  # a link annotation's object reference needs no text
                tagged.elements.append((depth, kid))
                walk(kid, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return tagged


def marked_content(reader: PdfReader, page_number: int) -> tuple[set[int], int]:
    """The MCIDs on one page, and how many text/image operators stand outside any marked content."""
    operations = ContentStream(reader.pages[page_number].get_contents(), reader).operations
    mcids, stack, untagged = set(), [], 0
    for operands, operator in operations:
        if operator in (b"BDC", b"BMC"):
            properties = operands[1] if operator == b"BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, dict) else None
            if mcid is not None:
                assert operands[0] != "/Artifact", "an artifact with an MCID"
                mcids.add(int(mcid))
            stack.append(operands[0])
        elif operator == b"EMC":
            stack.pop()
        elif operator in TEXT_OPERATORS and not stack:
            untagged += 1
    assert not stack, "unbalanced marked content"
    return mcids, untagged


# ------------------------------------------------------------------ fixtures


@dataclass
class Report:
    stem: str
    pdf: Path
    html: _Outline
    tagged: Tagged


@pytest.fixture(scope="module", params=STEMS)
def report(request, demo_meeting_reports, demo_annual_report, demo_papers) -> Report:
    stem = request.param
    if stem == "aarsrapport":
        folder = demo_annual_report[1] / "2026" / "annual"
        pdf, html = folder / "aarsrapport-2026.pdf", folder / "aarsrapport-2026.html"
    elif stem in ("dagsorden", "referat"):
        pdf, html = (demo_papers / f"{stem}-{MEETING}.{ext}" for ext in ("pdf", "html"))
    else:
        pdf, html = (demo_meeting_reports[0] / f"{stem}-{MEETING}.{ext}" for ext in ("pdf", "html"))
    outline = _Outline()
    outline.feed(html.read_text(encoding="utf-8"))
    return Report(stem, pdf, outline, structure(PdfReader(pdf)))


# ------------------------------------------------------------------ tests


def test_catalog_declares_a_tagged_danish_pdf_ua_document(report):
    reader = report.tagged.reader
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/Lang"] == "da"
    assert reader.metadata.title == report.html.title and report.html.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)  # the title, not the file name
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfuaid:part="1"|<pdfuaid:part>1</pdfuaid:part>', xmp), xmp
    assert report.html.title in xmp  # dc:title
    assert reader.pdf_header.endswith("1.7")


def test_every_page_is_marked_content_claimed_by_the_tree_or_artifact(report):
    reader, claimed = report.tagged.reader, report.tagged.claimed
    for number in range(len(reader.pages)):
        mcids, untagged = marked_content(reader, number)
        assert mcids, f"page {number + 1} has no tagged content"
        assert untagged == 0, f"page {number + 1}: {untagged} operators outside marked content"
        on_page = {mcid for page, mcid in claimed if page == number}
        assert mcids == on_page, f"page {number + 1}: MCIDs not in the tree {sorted(mcids - on_page)[:10]}"


def test_headings_and_bookmarks_follow_the_html(report):
    tagged, html = report.tagged, report.html
    levels = [int(e["/S"][2]) for e in tagged.roles("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels == [level for level, _ in html.headings]
    assert levels[0] == 1 and levels.count(1) == 1

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [" ".join(item.title.split())]

    assert list(titles(tagged.reader.outline)) == [text for _, text in html.headings]


def test_figures_carry_the_html_alt_texts(report):
    figures = report.tagged.roles("/Figure")
    assert [str(f.get("/Alt", "")) for f in figures] == report.html.alts
    assert all(alt.strip() for alt in report.html.alts)


def test_table_headers_are_th_with_scope(report):
    tagged = report.tagged
    tables = tagged.roles("/Table")
    assert len(tables) == report.html.tables  # a table broken over pages is still one table
    headers = tagged.roles("/TH")
    assert headers
    scopes = {str(_resolve(th["/A"]).get("/Scope")) for th in headers}
    assert scopes <= {"/Column", "/Row"}, scopes
    assert "/Column" in scopes and "/Row" in scopes
    ids = {str(th["/ID"]) for th in headers}
    for cell in tagged.roles("/TD"):
        pointed = [str(i) for i in _resolve(cell["/A"]).get("/Headers", [])]
        assert pointed and set(pointed) <= ids, pointed


def test_table_of_contents_links_reach_their_headings(report):
    """Every in-document link has a destination, headings with æ, ø or å included."""
    reader = report.tagged.reader
    names = reader.trailer["/Root"]["/Names"]["/Dests"]["/Names"]
    destinations = {str(name) for name in names[::2]}
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    internal = {str(link["/Dest"]) for link in links if "/Dest" in link}
    if report.stem in PAPERS:  # a few pages, read from the top: no table of contents, so no links
        assert not links
        return
    assert set(report.html.section_ids) <= internal, set(report.html.section_ids) - internal
    assert internal <= destinations, internal - destinations
    assert all("/Contents" in link for link in links)  # PDF/UA: an alternate description per link


def test_read_aloud_tool_finds_no_problem(report):
    """tools/read_pdf_aloud.py, the screen-reader reading of the tree, has nothing to report."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "read_pdf_aloud.py"), "--cells", str(report.pdf)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert "language: da" in lines[1]
    assert f"heading level 1: {report.html.headings[0][1]}" in lines
    for alt in report.html.alts:
        assert f"graphic: {alt}" in lines
    assert lines[-1] == "problems: 0"


def test_a_caption_left_alone_at_the_foot_of_a_page_joins_its_table():
    """The filler leaves room for the caption only: its rows start on page 2, where WeasyPrint starts a new
    branch of the tree. The finished PDF has one Table holding the caption, the header row and every row."""
    import io

    from weasyprint import HTML

    from dap_reports.run.exporters import PDF_VARIANT, _tagged_pdf_finisher

    rows = "".join(f"<tr><th scope='row'>r{i}</th><td>{i}</td></tr>" for i in range(5))
    html = (
        '<html lang="da"><head><title>t</title><style>@page { size: A4; margin: 10mm } tr { break-inside: avoid }'
        '</style></head><body><div style="height: 266mm">fyld</div><table><caption>Billedtekst</caption><thead><tr>'
        f'<th scope="col">A</th><th scope="col">B</th></tr></thead><tbody>{rows}</tbody></table></body></html>'
    )
    reader = PdfReader(
        io.BytesIO(HTML(string=html).render().write_pdf(pdf_variant=PDF_VARIANT, finisher=_tagged_pdf_finisher))
    )
    assert len(reader.pages) == 2
    tagged = structure(reader)
    tables = tagged.roles("/Table")
    assert len(tables) == 1
    kinds = [kid.get_object()["/S"] for kid in tables[0]["/K"]]
    assert kinds[0] == "/Caption" and "/TBody" in kinds
    assert len(tagged.roles("/TR")) == 6  # the header row and five rows, none repeated
