"""Finishing touches on the structure tree WeasyPrint writes for a tagged (PDF/UA-1) report.

WeasyPrint tags the HTML's headings, paragraphs, lists, tables and images; two things a
screen reader needs are left for us, and are done here on its in-memory PDF (the
``finisher`` hook of ``write_pdf``) before it is written:

* **Scope on table headers.** Each ``TH`` gets ``/Scope /Column`` (header row) or
  ``/Scope /Row`` (a row's first cell, ``<th scope="row">`` in our tables), so the header
  is announced with each data cell; WeasyPrint's ``/Headers`` on the cells stay.
* **One table, not one per page.** WeasyPrint builds the tree page by page, so a table that
  runs over two pages became two tables, the second without caption and with its header row
  repeated. The fragments are joined into the first: their rows follow its rows, their cells
  point at its header cells, and the header row repeated on the next page becomes an artifact.
  A caption left alone at the foot of a page (its rows all on the next) is a table of its own
  with no cells; it is moved into the table that follows it.
* **Page furniture as artifacts.** The running header and the "Side 1 af 9" footer live in
  page-margin boxes. WeasyPrint marks their text as real content but leaves their elements
  out of the tree: content that is neither in the tree nor an artifact. Here it becomes
  ``/Artifact <</Type /Pagination>>``, as PDF/UA asks for page headers and footers.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import pydyf


def finish_tags(pdf: pydyf.PDF, document=None) -> None:
    """Scope on every ``TH``; split tables joined; untagged content marked as pagination artifacts."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    objects = pdf.objects

    def deref(reference):
        return objects[int(reference.split()[0])]

    root = deref(pdf.catalog["StructTreeRoot"])
    if document is not None:
        for fragments in _table_fragments(document, deref):
            _join_table(fragments, deref)
    _join_lone_captions(root, deref)
    in_tree = _elements_in_tree(root, deref)
    for element in in_tree.values():
        if element["S"] == "/TH":
            _scope_header(element, deref)
    _furniture_as_artifacts(pdf, root, in_tree, deref)


def _elements_in_tree(root, deref) -> dict[int, pydyf.Dictionary]:
    """Every structure element reachable from the root, by object number, in reading order."""
    found: dict[int, pydyf.Dictionary] = {}
    stack = list(reversed(root["K"]))
    while stack:
        kid = stack.pop()
        if not isinstance(kid, bytes):  # a marked-content id
            continue
        element = deref(kid)
        if element.get("Type") != "/StructElem" or element.number in found:
            continue  # an object reference (link annotation)
        found[element.number] = element
        stack.extend(reversed(element.get("K", [])))
    return found


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _table_fragments(document, deref) -> list[list[pydyf.Dictionary]]:
    """The Table elements of each HTML table that the pages broke into more than one, in page order.

    A table's boxes on every page share its HTML element; WeasyPrint keeps each cell's element
    on the cell box (``mark``). Without those internals, nothing is joined.
    """
    tables: dict[int, list[pydyf.Dictionary]] = defaultdict(list)
    for page in document.pages:
        for box in _boxes(getattr(page, "_page_box", None)):
            if getattr(box, "element_tag", None) != "table" or not getattr(box, "is_table_wrapper", False):
                continue
            cells = [c for c in _boxes(box) if getattr(c, "element_tag", None) in ("td", "th")]
            marks = [c.mark for c in cells if isinstance(getattr(c, "mark", None), pydyf.Dictionary)]
            if not marks:
                continue
            table = marks[-1]  # a body cell: header rows may repeat the same boxes on each page
            while table.get("S") != "/Table" and "P" in table:
                table = deref(table["P"])
            if table.get("S") == "/Table" and all(t is not table for t in tables[id(box.element)]):
                tables[id(box.element)].append(table)
    return [fragments for fragments in tables.values() if len(fragments) > 1]


def _rows(group, deref):
    return [deref(kid) for kid in group.get("K", []) if isinstance(kid, bytes) and deref(kid).get("S") == "/TR"]


def _cells(row, deref):
    return [deref(kid) for kid in row.get("K", []) if isinstance(kid, bytes) and deref(kid).get("S") in ("/TH", "/TD")]


def _join_table(fragments, deref) -> None:
    """Move the rows of every later fragment into the first, and drop the later fragments."""
    first = fragments[0]
    groups = {deref(kid)["S"]: deref(kid) for kid in first["K"] if isinstance(kid, bytes)}
    body = groups.get("/TBody", first)
    first_header = [c for row in _rows(groups.get("/THead", {}), deref) for c in _cells(row, deref)]
    for fragment in fragments[1:]:
        renamed = {}
        for kid in list(fragment["K"]):
            if not isinstance(kid, bytes):
                continue
            group = deref(kid)
            if group["S"] == "/THead":  # the repeated header row: pagination, not content
                header = [c for row in _rows(group, deref) for c in _cells(row, deref)]
                renamed = {
                    str(getattr(old.get("ID"), "string", "")): new["ID"]
                    for old, new in zip(header, first_header, strict=False)
                    if "ID" in old and "ID" in new
                }
                continue
            rows = _rows(group, deref) if group["S"] in ("/TBody", "/TFoot") else [group]
            for row in rows:
                row["P"] = body.reference
                body["K"].append(row.reference)
                for cell in _cells(row, deref):
                    headers = cell.get("A", {}).get("Headers")
                    if headers:
                        cell["A"]["Headers"] = pydyf.Array(renamed.get(h.string, h) for h in headers)
        parent = deref(fragment["P"])
        parent["K"] = pydyf.Array(kid for kid in parent["K"] if kid != fragment.reference)


def _join_lone_captions(root, deref) -> None:
    """A ``Table`` holding only a ``Caption`` (its rows went to the next page, where WeasyPrint starts a new
    branch of the tree) and the ``Table`` after it in reading order, which has no caption: one table."""
    tables = [e for e in _elements_in_tree(root, deref).values() if e.get("S") == "/Table"]
    for lone, after in pairwise(tables):
        inner = [deref(kid) for kid in lone.get("K", []) if isinstance(kid, bytes)]
        rest = [deref(kid).get("S") for kid in after.get("K", []) if isinstance(kid, bytes)]
        if not inner or any(e.get("S") != "/Caption" for e in inner) or "/Caption" in rest:
            continue
        for caption in inner:
            caption["P"] = after.reference
        after["K"] = pydyf.Array([*(c.reference for c in inner), *after["K"]])
        element, parent = lone, deref(lone["P"])
        while True:  # drop the table, and the branch that held nothing else
            parent["K"] = pydyf.Array(kid for kid in parent["K"] if kid != element.reference)
            if parent["K"] or parent is root or "P" not in parent:
                break
            element, parent = parent, deref(parent["P"])


def _scope_header(element, deref) -> None:
    """``/Column`` for a header in ``THead`` or in a row of headers only; else ``/Row``."""
    row = deref(element["P"])
    group = deref(row["P"]) if row["S"] == "/TR" else row
    cells = [deref(kid)["S"] for kid in row.get("K", []) if isinstance(kid, bytes)]
    column = group["S"] == "/THead" or all(cell == "/TH" for cell in cells)
    attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
    attributes["Scope"] = "/Column" if column else "/Row"


def _furniture_as_artifacts(pdf, root, in_tree, deref) -> None:
    """Marked content whose element is not in the tree (page-margin boxes) becomes an artifact."""
    parent_tree = deref(root["ParentTree"])["Nums"]
    page_objects = [deref(reference) for reference in pdf.page_references]
    for key, value in zip(parent_tree[::2], parent_tree[1::2], strict=True):
        if not isinstance(value, pydyf.Array) or key >= len(page_objects):
            continue  # annotations map to one element each, not to a page's marked content
        orphans = {
            mcid
            for mcid, reference in enumerate(value)
            if isinstance(reference, bytes) and deref(reference).number not in in_tree
        }
        if not orphans:
            continue
        stream = deref(page_objects[key]["Contents"]).stream
        for index, item in enumerate(stream):
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in orphans and stream[index + 1] == b"BDC":
                stream[index - 1] = "/Artifact"
                stream[index] = pydyf.Dictionary({"Type": "/Pagination"})
                orphans.discard(item["MCID"])
                value[item["MCID"]] = "null"
