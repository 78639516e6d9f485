import pandas as pd
from matplotlib.figure import Figure

from dap_reports.reports.common import formats as fmt
from dap_reports.reports.common import html as d


def test_workbook_text_is_escaped_and_rag_is_a_word_badge():
    html = d.html_table(
        pd.DataFrame({"name": ["<script>x</script>"], "rag": [None], "trend": ["worsened"]}),
        rag=["rag"],
        trend=["trend"],
    )
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'class="rag rag-none"' in html and "ikke rapp." in html  # grey, never green
    assert "værre" in html
    assert '<th scope="row">' in html and '<th scope="col">' in html


def test_empty_table_says_so():
    assert "Ingen sager" in d.html_table(pd.DataFrame(), empty="Ingen sager.")


def test_danish_formats():
    assert fmt.dkk(1234567) == "1.234.567 kr."
    assert fmt.mio(6_000_000) == "6,0 mio. kr."
    assert fmt.pct(12.345, 1) == "12,3 %"
    assert fmt.date_da("2026-03-11") == "11-03-2026"
    assert fmt.date_da("2026-03-11", long=True) == "11. marts 2026"
    assert fmt.dkk(float("nan")) == "–"


def test_figures_have_alt_text_and_are_reproducible():
    def make():
        fig = Figure()
        fig.subplots().plot([1, 2], [3, 4])
        return d.figure_html(fig, alt='Linje "op"', caption="Se efter stigningen.")

    first, second = make(), make()
    assert first == second
    assert 'alt="Linje &quot;op&quot;"' in first and "<figcaption>Se efter stigningen.</figcaption>" in first
