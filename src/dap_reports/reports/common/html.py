"""HTML pieces for the reports: tables with RAG cells, figures with alt text, headings, facts.

Every value that comes from the workbook passes through :func:`html.escape`; only markup
built here from known values (RAG words, arrows) is written unescaped.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...contract.parsing import is_blank
from ...contract.rag import RAG_DA

# Project status trends and risk trends share the marks; a risk rising is bad news.
TREND_MARK = {
    "improved": ("▲", "bedre"),
    "worsened": ("▼", "værre"),
    "unchanged": ("▶", "uændret"),
    "escalated": ("▲", "stigende"),
    "de_escalated": ("▼", "faldende"),
    "new": ("✚", "ny"),
}


# The Danish headings of a list of follow-up actions (queries.actions_as_of), as the status report's
# Opfølgning and the minutes' carried-forward actions both show it.
ACTION_HEADINGS_DA = {
    "action_id": "Nr.",
    "text": "Opfølgning",
    "project_name": "Projekt",
    "owner": "Ansvarlig",
    "meeting_date": "Rejst",
    "due_date": "Frist",
}


# ------------------------------------------------------------------ building blocks


def esc(value) -> str:
    return "" if is_blank(value) else html.escape(str(value))


def rag_badge(value) -> str:
    """A RAG value as a coloured badge that also carries the word (grey when not reported)."""
    key = None if is_blank(value) else value
    word = RAG_DA.get(key, str(value))
    css = f"rag-{key}" if key else "rag-none"
    label = "ikke rapp." if key is None else word
    return f'<span class="rag {css}" title="{word}">{label}</span>'


def trend_mark(value) -> str:
    if is_blank(value) or value not in TREND_MARK:
        return ""
    arrow, word = TREND_MARK[value]
    return f'<span class="trend trend-{value}" title="{word}">{arrow} {word}</span>'


# A cell value (whatever the column holds) to text; None leaves the cell empty, like a blank value.
Formatter = Callable[[Any], str | None]
RowPredicate = Callable[[dict], bool]  # a row as a dict of its columns' values


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    rag: Iterable[str] = (),
    trend: Iterable[str] = (),
    numeric: Iterable[str] = (),
    nowrap: Iterable[str] = (),
    markup: Iterable[str] = (),
    formats: Mapping[str, Formatter] | None = None,
    flag: Mapping[str, RowPredicate] | None = None,
    caption: str | None = None,
    empty: str = "Ingen.",
    total_last_row: bool = False,
) -> str:
    """Render ``frame`` as an accessible HTML table with Danish headings.

    ``columns`` maps column -> heading (and picks the order); ``rag``/``trend`` columns are
    drawn as badges; ``markup`` columns hold HTML built by this module and are not escaped;
    ``formats`` turn values into text (escaped afterwards); ``flag`` marks
    a cell red when its predicate is true for the row.
    """
    if frame is None or frame.empty:
        return f'<p class="dap-empty">{html.escape(empty)}</p>'
    columns = dict(columns) if columns else {c: c for c in frame.columns}
    rag, trend, numeric, nowrap, markup = set(rag), set(trend), set(numeric), set(nowrap), set(markup)
    formats = dict(formats or {})
    flag = dict(flag or {})
    num_class = ' class="num"'
    head = "".join(
        f'<th scope="col"{num_class if c in numeric else ""}>{html.escape(h)}</th>' for c, h in columns.items()
    )
    first = next(iter(columns))
    rows = []
    last = len(frame) - 1
    # Rows as dicts of the columns' own values (iterrows makes a Series per row: seconds on 1,500 rows).
    for i, record in enumerate(frame.to_dict("records")):
        cells = []
        for c in columns:
            value = record.get(c)
            if c in rag:
                text = rag_badge(value)
            elif c in trend:
                text = trend_mark(value)
            elif c in markup:  # already HTML built here from known values (never workbook text)
                text = "" if is_blank(value) else str(value)
            elif c in formats:
                text = esc(formats[c](value))
            else:
                text = esc(value)
            classes = []
            if c in numeric:
                classes.append("num")
            if c in nowrap:
                classes.append("nowrap")
            if c in flag and flag[c](record):
                classes.append("flag")
            cls = f' class="{" ".join(classes)}"' if classes else ""
            # The first column names the row, so screen readers announce it with each cell.
            tag = "th" if c == first and c not in numeric else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f"<{tag}{scope}{cls}>{text}</{tag}>")
        row_class = ' class="total"' if total_last_row and i == last else ""
        rows.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="dap-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


if TYPE_CHECKING:  # matplotlib.typing.RcKeyType is newer than the oldest matplotlib supported
    from matplotlib.typing import RcKeyType

# A fixed salt keeps SVG element ids, and so the HTML, identical from run to run; text stays text.
SVG_RC: dict[RcKeyType, Any] = {"svg.hashsalt": "dap-reports", "svg.fonttype": "none"}


def figure_html(fig, alt: str, caption: str, *, dpi: int = 150) -> str:
    """Embed a matplotlib figure as an inline SVG image with alt text and a caption.

    SVG keeps charts crisp on screen and in print. Its text is SVG text in the house font
    (DejaVu Sans, then the reader's sans-serif), not one path per glyph: a third of the size,
    quicker to write, and three times quicker to lay out in a PDF, whose exporter supplies
    matplotlib's own DejaVu Sans (:mod:`dap_reports.run.exporters`). A figure made with pyplot
    is closed so the notebook's inline backend does not show it a second time; the reports' own
    figures are not pyplot's (:func:`~dap_reports.reports.common.style.new_figure`), so pyplot is
    not imported for them.
    """
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_RC):
        fig.savefig(buffer, format="svg", dpi=dpi, metadata={"Date": None})
    pyplot = sys.modules.get("matplotlib.pyplot")  # not imported: the figure cannot be one of pyplot's
    if pyplot is not None:
        pyplot.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure class="dap-figure"><img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def heading(text: str, level: int = 2) -> str:
    """A heading with the same anchor id nbconvert gives Markdown headings, so the table of
    contents links to it too."""
    from urllib.parse import quote

    anchor = quote(text.replace(" ", "-"), safe=".-")
    return f'<h{level} id="{anchor}">{html.escape(text)}</h{level}>'


def paragraph(text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{html.escape(text)}</p>"


def bullet_list(items: Iterable[str], ordered: bool = False, css: str = "") -> str:
    tag = "ol" if ordered else "ul"
    cls = f' class="{css}"' if css else ""
    body = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return f"<{tag}{cls}>{body}</{tag}>"


def facts(pairs: Iterable[tuple[str, str]]) -> str:
    body = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs)
    return f'<dl class="dap-facts">{body}</dl>'


def show(*parts: str) -> None:
    """Display HTML in the notebook as a display output (no ``Out[n]`` prompt)."""
    from IPython.display import HTML, display

    display(HTML("".join(parts)))
