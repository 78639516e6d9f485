"""The PDF as a reader gets it, and the exporters registered with nbconvert."""

import io
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from dap_reports.run.exporters import decode_anchors, table_of_contents

A4 = (595, 842)  # points
MEETING = "2026-03-11"


@pytest.fixture
def pdfs(demo_meeting_reports):
    folder, _ = demo_meeting_reports
    return {stem: PdfReader(folder / f"{stem}-{MEETING}.pdf") for stem in ("portefoljeoverblik", "risikorapport")}


def _text(reader):
    return "\n".join(page.extract_text() for page in reader.pages)


def test_status_pdf_pages_text_and_metadata(pdfs):
    reader = pdfs["portefoljeoverblik"]
    assert 5 <= len(reader.pages) <= 14
    text = _text(reader)
    for heading in (
        "Porteføljeoverblik",
        "Indhold",
        "1. Mødet",
        "3. Status pr. projekt",
        "4. Sager til beslutning",
        "5. Opfølgning",
        "7. Økonomi",
        "8. Gevinster",
        "11. Datakvalitet",
    ):
        assert heading in text, heading
    # a known figure: the 2026 grants over all funding sources, to the krone
    assert "32.740.000 kr." in text
    assert "møde 2 af 6 i 2026" in text
    assert "Side 1 af" in reader.pages[0].extract_text()
    assert "Styregruppen for Digital almen praksis · Porteføljeoverblik · 11-03-2026" in reader.pages[1].extract_text()
    assert reader.metadata.title.startswith("Porteføljeoverblik – Styregruppen for Digital almen praksis")
    assert reader.trailer["/Root"]["/Lang"] == "da"


def test_every_page_is_a4(pdfs):
    for reader in pdfs.values():
        for page in reader.pages:
            size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
            assert tuple(size) == A4


def test_risk_pdf(pdfs):
    reader = pdfs["risikorapport"]
    assert 2 <= len(reader.pages) <= 8
    text = _text(reader)
    for heading in ("Risikorapport", "1. Risikobillede", "2. Største risici", "5. Risikoeksponering over tid"):
        assert heading in text
    assert "æ" in text and "ø" in text and "å" in text


def test_charts_are_vector_graphics(pdfs):
    # Charts are embedded as SVG and stay vector in the PDF: crisp at any zoom, no bitmaps at all.
    for reader in pdfs.values():
        assert all(len(page.images) == 0 for page in reader.pages)


def test_table_of_contents_links_numbered_sections():
    body = "<!--dap-toc-->" + "".join(
        f'<h2 id="{i}.-A">{i}. A<a class="anchor-link" href="#{i}.-A">¶</a></h2>' for i in range(1, 6)
    )
    toc = table_of_contents(body)
    assert '<nav class="dap-toc"' in toc and 'href="#5.-A">5. A</a>' in toc and "¶</a></li>" not in toc
    assert "<!--dap-toc-->" not in table_of_contents("<!--dap-toc--><h2 id='x'>x</h2>")
    # Markdown headings come with character references (St&#248;rste): the contents say the letter once.
    entities = "<!--dap-toc-->" + "".join(f'<h2 id="{i}">{i}. St&#248;rste &amp; f&#230;rre</h2>' for i in range(4))
    assert ">0. Største &amp; færre</a>" in table_of_contents(entities)


def test_anchors_are_decoded_for_weasyprint():
    body = '<h2 id="6.-%C3%98konomi">6. Økonomi</h2><a href="#6.-%C3%98konomi">x</a><a href="https://a.dk/%C3%B8">y</a>'
    decoded = decode_anchors(body)
    assert '<h2 id="6.-Økonomi">' in decoded and '<a href="#6.-Økonomi">' in decoded
    assert 'href="https://a.dk/%C3%B8"' in decoded  # only in-page links
    assert decode_anchors('<h2 id="a%22b">') == '<h2 id="a&quot;b">'


def test_nbconvert_knows_the_exporters(demo_meeting_reports, tmp_path):
    folder, _ = demo_meeting_reports
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "dap_pdf",
            str(folder / f"risikorapport-{MEETING}.ipynb"),
            "--output-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert PdfReader(tmp_path / f"risikorapport-{MEETING}.pdf").pages


@pytest.mark.parametrize("filler", [22, 26, 30, 56])  # the heading falls near the foot of a page
def test_a_section_heading_never_ends_a_page_alone(filler):
    """A heading is its own notebook cell; what follows it on paper must start on the heading's page."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from dap_reports.run.exporters import DapPDFExporter

    block = '<section style="break-inside: avoid; height: 90mm">Indholdet</section>'
    nb = new_notebook(
        cells=[
            new_markdown_cell("\n\n".join(f"Linje {i}" for i in range(filler))),
            new_markdown_cell("## 9. Overskriften"),
            new_code_cell(
                "",
                metadata={"tags": ["remove-input"]},
                outputs=[new_output("display_data", data={"text/html": block})],
            ),
        ]
    )
    pdf, _ = DapPDFExporter().from_notebook_node(nb)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    heading = next(i for i, text in enumerate(pages) if "9. Overskriften" in text)
    assert "Indholdet" in pages[heading], (filler, pages)


CHART_FONT_PROBE = """
import sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output
from dap_reports.contract.config import RiskRule
from dap_reports.reports.common.html import figure_html
from dap_reports.reports.risks.charts import risk_heatmap
import pandas as pd
grid = pd.DataFrame(1, index=[5, 4, 3, 2, 1], columns=[1, 2, 3, 4, 5])
html = figure_html(risk_heatmap(grid, RiskRule(), "Åbne risici"), "Risikomatrix", "Matrix")
cell = new_code_cell("", outputs=[new_output("display_data", data={"text/html": html, "text/plain": ""})])
nb = new_notebook(cells=[cell])
nb.metadata["title"] = "Prøve"
from dap_reports.run.exporters import DapPDFExporter
pdf, _ = DapPDFExporter().from_notebook_node(nb)
Path(sys.argv[1]).write_bytes(pdf)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the system's fonts with a fontconfig file")
def test_chart_text_is_text_in_matplotlibs_dejavu_sans_whatever_fonts_are_installed(tmp_path):
    """The charts' SVG text is set in the font matplotlib laid it out with, taken from matplotlib's files:
    here on a system whose fontconfig knows no fonts at all."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    target = tmp_path / "chart.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    subprocess.run([sys.executable, "-c", CHART_FONT_PROBE, str(target)], check=True, env=env, capture_output=True)
    reader = PdfReader(target)
    assert "Konsekvens (1–5)" in _text(reader)  # the chart's axis label, as text

    fonts = set()

    def collect(resources):
        resources = resources.get_object() if resources is not None else {}
        fonts.update(str(f.get_object()["/BaseFont"]) for f in (resources.get("/Font") or {}).values())
        for xobject in (resources.get("/XObject") or {}).values():
            collect(xobject.get_object().get("/Resources"))

    collect(reader.pages[0].get("/Resources"))
    assert any(name.endswith("+DejaVu-Sans") for name in fonts), fonts


@pytest.mark.parametrize("stem", ["portefoljeoverblik", "risikorapport"])
def test_the_html_is_nbconverts_without_its_second_pass(demo_meeting_reports, stem):
    """The report's HTML is the page nbconvert's HTML exporter makes — the same elements, attributes and
    text — without parsing and writing the page a second time (its BeautifulSoup pass)."""
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from dap_reports.run.outputs import exporter

    folder, _ = demo_meeting_reports
    nb = nbformat.read(folder / f"{stem}-{MEETING}.ipynb", as_version=4)
    ours = exporter("html").from_notebook_node(nb)[0]
    theirs = table_of_contents(HTMLExporter.from_notebook_node(exporter("html"), nb)[0])
    assert ours != theirs  # not the same text: written once, not parsed and written again …
    assert str(BeautifulSoup(ours, "html.parser")) == str(BeautifulSoup(theirs, "html.parser"))  # … same page


def test_letters_are_written_as_letters_and_markup_stays_escaped():
    from dap_reports.run.exporters import literal_characters

    body = "<h2>Overskrift &#230;&#248;&#229;<a>&#182;</a></h2><p>&#x00D8;konomi &#60;b&#62; &amp; &#55296;</p>"
    assert literal_characters(body) == "<h2>Overskrift æøå<a>¶</a></h2><p>Økonomi &#60;b&#62; &amp; &#55296;</p>"


def test_images_without_alt_text_get_nbconverts_placeholder():
    from dap_reports.run.exporters import alt_placeholders, focusable_outputs

    body = '<img src="a.png"><IMG alt="Graf" src="b.png"><img\nsrc="c.png" alt="">'
    assert alt_placeholders(body) == (
        '<img alt="No description has been provided for this image" src="a.png"><IMG alt="Graf" src="b.png">'
        '<img\nsrc="c.png" alt="">'
    )
    html = '<div class="jp-OutputArea-output jp-RenderedHTML"><div class="jp-OutputArea-child">'
    assert focusable_outputs(html) == html  # outside a notebook's body: as nbconvert, nothing
    lab = f'<body class="jp-Notebook" data-x="1">{html}'
    assert focusable_outputs(lab) == (
        '<body class="jp-Notebook" data-x="1"><div class="jp-OutputArea-output jp-RenderedHTML" tabindex="0">'
        '<div class="jp-OutputArea-child">'
    )
