"""Read a tagged PDF the way a screen reader does: its structure tree, in order, announced.

Usage: python tools/read_pdf_aloud.py REPORT.pdf [--cells]   (needs pypdf: pip install -e ".[test]")

A screen reader (NVDA or JAWS with Acrobat Reader, VoiceOver with Preview) does not read the
page: it reads the structure tree, element by element, and announces each element's role. This
prints that reading as text: headings with their level, list sizes, links, figures by their
alternate text, tables by caption and size, and with ``--cells`` every data cell with the headers
a reader hears with it (from the cells' /Headers and the header cells' /Scope). Page furniture
marked as artifacts (running header, page numbers, rules, backgrounds) is not read, as in a screen
reader. At the end come the problems it met: text on a page that neither the tree claims nor an
artifact covers, figures without alternate text, links without text, header cells without scope,
data cells without headers, heading levels that skip.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from pypdf import PdfReader
from pypdf.generic import IndirectObject

SILENT = {"/Document", "/Part", "/Art", "/Sect", "/Div", "/NonStruct", "/Span", "/LBody", "/THead", "/TBody", "/TFoot"}


def page_texts(reader: PdfReader) -> tuple[dict[tuple[int, int], str], list[str]]:
    """Text per (page, MCID), and text found outside any marked content."""
    texts: dict[tuple[int, int], str] = defaultdict(str)
    loose: list[str] = []
    for number, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(operator, operands, cm, tm, stack=stack):
            if operator == b"BDC":
                properties = operands[1] if isinstance(operands[1], dict) else {}
                stack.append(None if operands[0] == "/Artifact" else properties.get("/MCID"))
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, number=number):
            if not value.strip():
                if stack and stack[-1] is not None:
                    texts[number, stack[-1]] += value
                return
            if not stack:
                loose.append(value.strip())
            elif stack[-1] is not None:
                texts[number, stack[-1]] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts, loose


class Reader:
    def __init__(self, reader: PdfReader, cells: bool):
        self.reader, self.cells = reader, cells
        self.pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
        self.texts, self.loose = page_texts(reader)
        self.claimed: set[tuple[int, int]] = set()
        self.headers: dict[str, str] = {}
        self.problems: list[str] = []
        self.lines: list[str] = []
        self.level = 0

    def kids(self, element):
        k = element.get("/K")
        for kid in k if isinstance(k, list) else [] if k is None else [k]:
            yield kid.get_object() if isinstance(kid, IndirectObject) else kid

    def text(self, element) -> str:
        """The text of an element and everything below it, as one line."""
        parts = []
        for kid in self.kids(element):
            if isinstance(kid, int):
                key = (self.pages[element.raw_get("/Pg").idnum], kid)
                self.claimed.add(key)
                parts.append(self.texts.get(key, ""))
            elif kid.get("/Type") == "/MCR":
                key = (self.pages[kid.raw_get("/Pg").idnum], int(kid["/MCID"]))
                self.claimed.add(key)
                parts.append(self.texts.get(key, ""))
            elif kid.get("/Type") != "/OBJR":
                if kid["/S"] == "/Figure":
                    parts.append(f"[graphic: {kid.get('/Alt', '')}]")
                    self.text(kid)
                else:
                    parts.append(self.text(kid))
        return " ".join(" ".join(parts).split())

    def say(self, depth: int, line: str) -> None:
        self.lines.append("  " * depth + line)

    def read(self, element, depth: int = 0) -> None:
        for kid in self.kids(element):
            if isinstance(kid, int) or kid.get("/Type") in ("/MCR", "/OBJR"):
                continue
            role = kid["/S"]
            direct_text = any(isinstance(k, int) or k.get("/Type") == "/MCR" for k in self.kids(kid))
            if role in SILENT and direct_text:  # text in a plain container (a span, a div): read as it is
                self.say(depth, self.text(kid))
            elif role in SILENT:
                self.read(kid, depth)
            elif role[:2] == "/H" and role[2:].isdigit():
                level = int(role[2:])
                if level > self.level + 1:
                    self.problems.append(f"heading level {level} after level {self.level}: {self.text(kid)}")
                self.level = level
                self.say(depth, f"heading level {level}: {self.text(kid)}")
            elif role == "/P":
                self.say(depth, self.text(kid))
            elif role == "/L":
                items = [k for k in self.kids(kid) if isinstance(k, dict) and k.get("/S") == "/LI"]
                self.say(depth, f"list with {len(items)} items")
                self.read(kid, depth + 1)
            elif role == "/LI":
                self.say(depth, f"• {self.text(kid)}")
            elif role == "/Link":
                label = self.text(kid)
                if not label:
                    self.problems.append("link without text")
                self.say(depth, f"link: {label}")
            elif role == "/Figure":
                alt = str(kid.get("/Alt", ""))
                if not alt.strip():
                    self.problems.append("figure without alternate text")
                self.text(kid)
                self.say(depth, f"graphic: {alt}")
            elif role == "/Caption":
                self.say(depth, f"caption: {self.text(kid)}")
            elif role == "/Table":
                self.table(kid, depth)
            else:
                self.say(depth, f"{role[1:]}: {self.text(kid)}")

    def table(self, table, depth: int) -> None:
        rows, caption = [], ""
        for kid in self.kids(table):
            if not isinstance(kid, dict) or kid.get("/Type") == "/OBJR":
                continue
            if kid["/S"] == "/Caption":
                caption = self.text(kid)
            elif kid["/S"] == "/TR":
                rows.append(kid)
            else:
                rows.extend(k for k in self.kids(kid) if isinstance(k, dict) and k.get("/S") == "/TR")
        width = max((len([c for c in self.kids(r) if isinstance(c, dict)]) for r in rows), default=0)
        self.say(depth, f"table with {len(rows)} rows and {width} columns" + (f": {caption}" if caption else ""))
        for row in rows:
            for cell in (c for c in self.kids(row) if isinstance(c, dict)):
                attributes = cell.get("/A", {})
                if cell["/S"] == "/TH":
                    self.headers[str(cell.get("/ID", ""))] = self.text(cell)
                    if "/Scope" not in attributes:
                        self.problems.append(f"header cell without scope: {self.text(cell)}")
        for row in rows:
            cells = [c for c in self.kids(row) if isinstance(c, dict)]
            if not self.cells:
                self.say(depth + 1, "row: " + " | ".join(self.text(c) for c in cells))
                continue
            for cell in cells:
                if cell["/S"] == "/TH":
                    scope = str(cell.get("/A", {}).get("/Scope", "no scope"))[1:].lower()
                    self.say(depth + 1, f"{scope} header: {self.text(cell)}")
                    continue
                names = [self.headers.get(str(h), "?") for h in cell.get("/A", {}).get("/Headers", [])]
                if not names:
                    self.problems.append(f"data cell without headers: {self.text(cell)}")
                self.say(depth + 1, f"{', '.join(names)}: {self.text(cell)}")

    def finish(self) -> None:
        unclaimed = [text for key, text in self.texts.items() if key not in self.claimed and text.strip()]
        if unclaimed:
            self.problems.append(f"{len(unclaimed)} pieces of text in marked content the tree does not claim")
        if self.loose:
            self.problems.append(f"{len(self.loose)} pieces of text outside marked content: {self.loose[:5]}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf")
    parser.add_argument("--cells", action="store_true", help="announce every table cell with its headers")
    args = parser.parse_args(argv)
    reader = PdfReader(args.pdf)
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        print(f"{args.pdf}: not tagged (no structure tree); a screen reader guesses the reading order")
        return 1
    title = reader.metadata.title if reader.metadata else None
    shown = root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
    print(f"document: {title or '(no title)'}{'' if shown else ' (file name shown instead of title)'}")
    print(f"language: {root.get('/Lang', '(none)')}, {len(reader.pages)} pages")
    reading = Reader(reader, args.cells)
    reading.read(root["/StructTreeRoot"])
    reading.finish()
    print("\n".join(reading.lines))
    print(f"\nproblems: {len(reading.problems)}")
    for problem in reading.problems:
        print(f"  - {problem}")
    return 1 if reading.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
