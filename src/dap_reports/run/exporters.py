"""nbconvert exporters for the reports: HTML and PDF from one template.

Registered under nbconvert's ``nbconvert.exporters`` entry point, so
``jupyter nbconvert --to dap_pdf report.ipynb`` gives the same PDF as ``dap-reports``.
The PDF is the HTML report laid out by WeasyPrint with the template's print stylesheet
(A4, running header, page numbers); nothing is fetched from the network.
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path
from urllib.parse import unquote

from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import default

from ..errors import ReportError

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"
HIDE_INPUT_TAGS = {"remove-input", "remove_input", "hide-input", "hide_input", "parameters", "injected-parameters"}
REMOVE_CELL_TAGS = {"remove-cell", "remove_cell"}
TOC_MARKER = "<!--dap-toc-->"
TOC_MIN_HEADINGS = 4
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>', re.S)
_ENCODED_ANCHOR = re.compile(r'(\sid="|\shref="#)([^"]*%[0-9A-Fa-f]{2}[^"]*)"')
# PDF/UA-1: a tagged PDF (structure tree, marked content, /Lang, title shown, XMP identification).
PDF_VARIANT = "pdf/ua-1"


def _drop_noise(nb, resources):
    """Readers never see stderr, warnings or parameter echoes."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.get("outputs", []) if not (o.output_type == "stream" and o.name == "stderr")
            ]
    return nb, resources


def table_of_contents(body: str) -> str:
    """Insert a table of contents (numbered sections, linked) where the title block left its marker."""
    headings = _H2.findall(body)
    if len(headings) < TOC_MIN_HEADINGS or TOC_MARKER not in body:
        return body.replace(TOC_MARKER, "")
    items = "".join(
        f'<li><a href="#{anchor}">{html.escape(html.unescape(re.sub(r"<[^>]+>", "", text)).strip())}</a></li>'
        for anchor, text in headings
    )
    nav = f'<nav class="dap-toc" aria-label="Indhold"><p class="dap-toc-title">Indhold</p><ol>{items}</ol></nav>'
    return body.replace(TOC_MARKER, nav, 1)


def decode_anchors(body: str) -> str:
    """Heading ids and in-page links, percent-decoded (``#6.-%C3%98konomi`` -> ``#6.-Økonomi``).

    Browsers match a fragment either way; WeasyPrint decodes the link and then finds no element
    with that id, so the PDF's table of contents lost its links for headings with æ, ø or å.
    """
    return _ENCODED_ANCHOR.sub(lambda m: f'{m[1]}{html.escape(unquote(m[2]))}"', body)


def _tagged_pdf_finisher(document, pdf) -> None:
    """Complete WeasyPrint's tags: scope on table headers, split tables joined, page furniture as artifacts."""
    from .pdf_tags import finish_tags

    try:
        finish_tags(pdf, document)
    except Exception as exc:  # the pages are drawn already: never lose a report over a finishing touch
        warnings.warn(f"PDF tags left as WeasyPrint wrote them ({type(exc).__name__}: {exc})", stacklevel=2)


def _compiled():
    """Jinja's cache of compiled templates, in this user's folder of the temporary directory (Jinja's own
    default, made private to the user): compiling the page templates is a third of a second, every time a
    process first exports. Jinja checks each entry against the template's source and its own version."""
    from jinja2 import FileSystemBytecodeCache

    return FileSystemBytecodeCache()


class DapHTMLExporter(HTMLExporter):
    """Self-contained HTML report: no code, no prompts, no external scripts."""

    export_from_notebook = "dap-reports HTML"

    @default("template_name")
    def _template_name_default(self):
        return "dap"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATE_DIR)]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    def _create_environment(self):
        """nbconvert's Jinja environment, with compiled templates kept between runs (see :func:`_compiled`)."""
        environment = super()._create_environment()
        environment.bytecode_cache = _compiled()
        return environment

    def __init__(self, config=None, **kw):
        super().__init__(config=config, **kw)
        self.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=REMOVE_CELL_TAGS, remove_input_tags=HIDE_INPUT_TAGS, enabled=True),
            enabled=True,
        )
        self.register_preprocessor(_drop_noise, enabled=True)

    def from_notebook_node(self, nb, resources=None, **kw):
        """The report as HTML: what nbconvert's HTML exporter makes, without its BeautifulSoup pass.

        That pass parses the whole page and writes it out again to give images without alt text a
        placeholder and output areas a ``tabindex``; on a report of 1,500 projects it takes 1.2 s of the
        1.3 s export. Here the template is rendered as the HTML exporter renders it and the same two
        touches are made on the text (``tests/run/test_exporters.py`` compares the two pages)."""
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        # The report's language is a parameter of the run; Danish unless it says otherwise.
        self.language_code = nb.metadata.get("dap_reports", {}).get("parameters", {}).get("lang", "da")
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return table_of_contents(focusable_outputs(alt_placeholders(literal_characters(body)))), resources


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)", re.I)
_NOTEBOOK_BODY = re.compile(r'class="(?:[^"]*\s)?jp-Notebook[\s"]')
_FOCUSABLE = re.compile(r'(<div\b[^>]*\bclass="(?:[^"]*\s)?jp-(?:Cell-inputWrapper|OutputArea-output)(?:\s[^"]*)?")')
_CHARACTER_REFERENCE = re.compile(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));")


def literal_characters(body: str) -> str:
    """Letters beyond ASCII as themselves, not as character references: nbconvert writes a Markdown
    heading's "æøå" as ``&#230;&#248;&#229;`` (its BeautifulSoup pass wrote them back as letters). The
    page is UTF-8 and no script or style holds a reference, so the page reads the same, and its text
    can be searched for "Økonomi". References to ASCII characters (``&#60;``) stay: they may be markup."""

    def letter(match: re.Match) -> str:
        code = int(match[1]) if match[1] else int(match[2], 16)
        return chr(code) if 128 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]

    return _CHARACTER_REFERENCE.sub(letter, body)


def alt_placeholders(body: str) -> str:
    """nbconvert's placeholder alt text on images that have none (the reports' own images all have one)."""
    return _IMG_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', body)


def focusable_outputs(body: str) -> str:
    """``tabindex="0"`` on input and output areas in a notebook's body (the lab template's ``jp-Notebook``;
    the reports' own template has none), as nbconvert gives them, so a keyboard can scroll one."""
    if not _NOTEBOOK_BODY.search(body):
        return body
    return _FOCUSABLE.sub(r'\1 tabindex="0"', body)


def require_weasyprint():
    """WeasyPrint, or the analyst's error when this machine cannot load it."""
    try:
        import weasyprint
    except OSError as exc:  # WeasyPrint needs the system's Pango library
        raise ReportError(
            f"PDF output needs the Pango library ({exc}). On Debian/Ubuntu: apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0; on Windows: use the conda environment (environment.yml), whose WeasyPrint "
            "brings Pango; or make HTML only with --format html."
        ) from None
    return weasyprint


class DapPDFExporter(DapHTMLExporter):
    """A4 PDF of the HTML report, laid out by WeasyPrint."""

    export_from_notebook = "dap-reports PDF"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    @default("template_file")
    def _template_file_default(self):
        return "index.html.j2"  # the PDF is the HTML report, laid out for paper

    def from_notebook_node(self, nb, resources=None, **kw):
        body, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return pdf_from_html(body), resources


def pdf_from_html(body: str) -> bytes:
    """The PDF of an HTML report made by :class:`DapHTMLExporter` (what :class:`DapPDFExporter` does after
    making the HTML; a report exported as both lays out the HTML it has already made)."""
    HTML = require_weasyprint().HTML
    font_config, chart_fonts = chart_font_faces()
    document = HTML(string=decode_anchors(body), url_fetcher=_inline_only(), base_url=".")
    return document.write_pdf(
        stylesheets=[chart_fonts],
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
        finisher=_tagged_pdf_finisher,
    )


def _inline_only():
    """Only inline (data:) resources: a report must never reach the network or the disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


# The faces of DejaVu Sans the charts use (matplotlib's own files): file, weight, style.
CHART_FONT_FILES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)
_chart_fonts: tuple | None = None
_chart_fonts_owner = 0  # the process that made them, and so the folder WeasyPrint keeps them in


def chart_font_faces():
    """WeasyPrint's font configuration and a stylesheet of ``@font-face`` rules for the charts' text.

    Charts carry their text as SVG text in DejaVu Sans, the font matplotlib laid them out with
    (:func:`dap_reports.reports.common.html.figure_html`). The PDF takes that very font from
    matplotlib's own files, so it looks the same on every computer, whatever fonts are installed.
    Made once per process: a forked report process inherits it ready (:mod:`.forked`).
    """
    global _chart_fonts, _chart_fonts_owner
    if _chart_fonts is None:
        import atexit
        import os

        import matplotlib
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        faces = [
            f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{(folder / name).as_uri()}"); }}'
            for name, weight, style in CHART_FONT_FILES
        ]
        config = FontConfiguration()
        # This stylesheet is ours and names nothing but the four font files; the report itself
        # still reads nothing but inline (data:) resources.
        fonts = CSS(string="\n".join(faces), font_config=config, url_fetcher=URLFetcher(allowed_protocols=("file",)))
        _chart_fonts, _chart_fonts_owner = (config, fonts), os.getpid()
        atexit.register(_forget_chart_fonts)
    return _chart_fonts


def _forget_chart_fonts() -> None:
    """At exit, while the interpreter still works: WeasyPrint removes its copy of the font files when
    the configuration goes; a forked copy of the configuration leaves them to the process that made it."""
    global _chart_fonts
    import os

    if _chart_fonts is not None and _chart_fonts_owner != os.getpid():
        _chart_fonts[0]._folder = None
    _chart_fonts = None
