"""Finishing touches on the structure tree WeasyPrint writes for a tagged (PDF/UA-1) report.

WeasyPrint tags the HTML's headings, paragraphs, lists, tables and images; two things a
screen reader needs are left for us, and are done here on its in-memory PDF (the
``finisher`` hook of ``write_pdf``) before it is written:

* **Scope on table headers.** Each ``TH`` gets ``/Scope /Column`` (header row) or
  ``/Scope /Row`` (a row's first cell, ``<th scope="row">`` in our tables), so the header
  is announced with each data cell; WeasyPrint's ``/Headers`` on the cells stay.
* **Page furniture as artifacts.** The running header and the "Side 1 af 9" footer live in
  page-margin boxes. WeasyPrint marks their text as real content but leaves their elements
  out of the tree: content that is neither in the tree nor an artifact. Here it becomes
  ``/Artifact <</Type /Pagination>>``, as PDF/UA asks for page headers and footers.
"""

from __future__ import annotations

import pydyf


def finish_tags(pdf: pydyf.PDF) -> None:
    """Scope on every ``TH``; untagged page furniture marked as pagination artifacts."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    objects = pdf.objects

    def deref(reference):
        return objects[int(reference.split()[0])]

    root = deref(pdf.catalog["StructTreeRoot"])
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
