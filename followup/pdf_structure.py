"""The report PDF's structure tree made whole for PDF/UA-1, before WeasyPrint writes the file.

WeasyPrint tags each page on its own: every page gets its own `/Part` (from `<main>`), and an
element split by a page break becomes two elements (a section's heading on one page and its table
in another section on the next). An anonymous block inside a heading becomes a heading inside the
heading; header cells carry no `/Scope`; a chart's `/Alt` is only its SVG title. This module
records which HTML element each structure element comes from while WeasyPrint tags the pages, and
a finisher (WeasyPrint's documented hook, run before the file is written) then joins the pieces of
one element, folds anonymous repeats into their element, sets each header cell's scope and the
data cells' headers, and gives a chart its data as alternate text.
"""

from __future__ import annotations

import contextvars
import functools

import pydyf

SVG = "{http://www.w3.org/2000/svg}"

# HTML element (the lxml node) of each structure element WeasyPrint made, by object number; set
# only while a report is being rendered, so other WeasyPrint users in the process are untouched.
_origins: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pdf_structure_origins", default=None)


def _install_recorder() -> bool:
    """Wrap WeasyPrint's per-box tagging function to note each element's HTML origin. It is a
    private function, so if a WeasyPrint release renames it, this says so (False) and the finisher
    still sets scopes and alt text; the tests notice the pages' trees are no longer joined."""
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False
    if getattr(build, "_records_origins", False):
        return True

    @functools.wraps(build)
    def recording(box, *args, **kwargs):
        for element in build(box, *args, **kwargs):
            origins = _origins.get()
            if origins is not None:
                # The innermost call made the element; the calls for <html>, <body> and the page
                # only pass it up.
                origins.setdefault(element.number, getattr(getattr(box, "_box", box), "element", None))
            yield element

    recording._records_origins = True
    tags._build_box_tree = recording  # the recursion looks the name up in the module, so it is recorded too
    return True


class Structure:
    """Record origins while WeasyPrint renders (`with Structure() as structure:`), then pass
    `structure.finish` as WeasyPrint's finisher."""

    def __enter__(self):
        self.recording = _install_recorder()
        self.origins: dict[int, object] = {}
        self._token = _origins.set(self.origins)
        return self

    def __exit__(self, *exc):
        _origins.reset(self._token)
        return False

    def finish(self, document, pdf: pydyf.PDF) -> None:
        root_ref = pdf.catalog.get("StructTreeRoot")
        if root_ref is None:
            return
        self.pdf = pdf
        root = self._obj(root_ref)
        for ref in list(root["K"]):
            self._repair(self._obj(ref))

    # --- tree walking ---

    def _obj(self, ref):
        return self.pdf.objects[int(ref.split()[0])] if isinstance(ref, bytes) else ref

    def _is_elem(self, ref) -> bool:
        obj = self._obj(ref) if isinstance(ref, bytes) else None
        return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"

    def _is_container(self, elem) -> bool:
        """Only elements of elements: marked content and annotations stay where WeasyPrint put them."""
        return all(self._is_elem(kid) for kid in elem["K"])

    def _origin(self, elem):
        return self.origins.get(elem.number)

    def _same(self, a, b) -> bool:
        origin = self._origin(a)
        return origin is not None and origin is self._origin(b) and a["S"] == b["S"]

    def _repair(self, elem) -> None:
        self._join_pieces(elem)
        self._fold_repeats(elem)
        for ref in elem["K"]:
            if self._is_elem(ref):
                self._repair(self._obj(ref))
        tag = elem["S"]
        if tag == "/Table":
            self._table(elem)
        elif tag == "/Figure":
            self._figure(elem)

    def _join_pieces(self, elem) -> None:
        """Adjacent pieces of one HTML element (split by a page break) become one element."""
        kids = pydyf.Array()
        for ref in elem["K"]:
            if kids and self._is_elem(ref) and self._is_elem(kids[-1]):
                previous, current = self._obj(kids[-1]), self._obj(ref)
                if self._same(previous, current) and self._is_container(previous) and self._is_container(current):
                    self._adopt(previous, list(current["K"]))
                    continue
            kids.append(ref)
        elem["K"] = kids

    def _fold_repeats(self, elem) -> None:
        """A child made from the element itself (an anonymous block: the H1 inside an H1) gives
        its children to the element."""
        kids = pydyf.Array()
        changed = False
        for ref in elem["K"]:
            if self._is_elem(ref) and self._same(elem, kid := self._obj(ref)) and self._is_container(kid):
                for grandchild in kid["K"]:
                    self._obj(grandchild)["P"] = elem.reference
                    kids.append(grandchild)
                changed = True
            else:
                kids.append(ref)
        elem["K"] = kids
        if changed:
            self._join_pieces(elem)

    def _adopt(self, elem, refs) -> None:
        for ref in refs:
            self._obj(ref)["P"] = elem.reference
            elem["K"].append(ref)

    # --- tables ---

    def _rows(self, table):
        for ref in table["K"]:
            kid = self._obj(ref) if self._is_elem(ref) else None
            if kid is None:
                continue
            if kid["S"] == "/TR":
                yield kid
            elif kid["S"] in ("/THead", "/TBody", "/TFoot"):
                yield from self._rows(kid)

    def _cells(self, row):
        return [self._obj(ref) for ref in row["K"] if self._is_elem(ref) and self._obj(ref)["S"] in ("/TH", "/TD")]

    def _table(self, table) -> None:
        """Every header cell gets its scope (from the HTML `scope`, else by place: in a header row
        a column's, first in a body row a row's) and an ID; every data cell the IDs of its row's
        and its column's headers, counted over the whole table, not one page's piece of it."""
        rows = [(row, self._cells(row)) for row in self._rows(table)]
        spanned = any("ColSpan" in cell["A"] or "RowSpan" in cell["A"] for _, cells in rows for cell in cells)
        column_headers: dict[int, list] = {}
        row_headers: dict[int, list] = {}
        for i, (row, cells) in enumerate(rows):
            in_head = self._obj(row["P"])["S"] == "/THead"
            for j, cell in enumerate(cells):
                if cell["S"] != "/TH":
                    continue
                scope = self._scope(cell, in_head=in_head, first=j == 0)
                cell["A"]["Scope"] = scope
                if spanned:
                    continue  # WeasyPrint counts spans itself; its IDs and headers stand
                cell["ID"] = pydyf.String(f"h{table.number}-{i}-{j}")
                if scope in ("/Column", "/Both"):
                    column_headers.setdefault(j, []).append(cell["ID"])
                if scope in ("/Row", "/Both"):
                    row_headers.setdefault(i, []).append(cell["ID"])
        if spanned:
            return
        for i, (_row, cells) in enumerate(rows):
            for j, cell in enumerate(cells):
                if cell["S"] == "/TD":
                    cell["A"]["Headers"] = pydyf.Array(row_headers.get(i, []) + column_headers.get(j, []))

    def _scope(self, cell, *, in_head: bool, first: bool) -> str:
        origin = self._origin(cell)
        scope = (origin.get("scope") if origin is not None else None) or ""
        by_attribute = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
        if scope in by_attribute:
            return by_attribute[scope]
        if in_head:
            return "/Column"
        return "/Row" if first else "/Both"

    # --- figures ---

    def _figure(self, figure) -> None:
        """A chart's alternate text is its title and its description, which states the data."""
        origin = self._origin(figure)
        if origin is None or origin.tag != f"{SVG}svg":
            return
        parts = [
            " ".join("".join(node.itertext()).split())
            for node in (origin.find(f"{SVG}title"), origin.find(f"{SVG}desc"))
            if node is not None
        ]
        text = ". ".join(part.rstrip(".") for part in parts if part)
        if text:
            figure["Alt"] = pydyf.String(text + ".")
