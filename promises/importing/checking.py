"""Checking the rows of a file to import, the same way for every import: what a plan holds, how a
bad row is named, and how a cell is read (formulae refused, numbers, dates, statuses).

A plan is found without writing anything: every bad row is listed with its row number, column and
reason, and the import writes nothing unless the plan has no errors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.editing import Change
from approvals.models import ReviewState
from promises.importing.reading import read_table, require_columns
from promises.models import Promise
from promises.spreadsheets import FORMULA_START, STATUSES, YES_NO_WORDS, normalised


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowMatch:
    """A row without an ID that is an existing record, so that the preview can say it is not new."""

    row: int
    pk: int
    label: str


@dataclass
class RowChange:
    """A changed row, for the preview: the record's name and each changed column before and after,
    written as the file writes them."""

    row: int
    label: str
    fields: list[Change]


def row_change(row: int, label: str, columns: dict, before, after) -> RowChange:
    """The columns (heading → how a record shows in that column) in which `after` differs from `before`."""
    fields = [Change(heading, show(before), show(after)) for heading, show in columns.items() if show(before) != show(after)]
    return RowChange(row, label, fields)


@dataclass
class ImportPlan:
    """What an import would do, found without writing anything."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matches: list[RowMatch] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    filled: int = 0  # rows that took the record chosen on the import page

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged)


def read_rows(name: str, data: bytes, *, required: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """The file's headings, rows and reading notes, refused (ImportFileError) if a required column is missing."""
    headings, rows, notes = read_table(name, data)
    require_columns(headings, required)
    return headings, rows, notes


def column_index(headings: list[str], columns) -> dict[str, int]:
    """Where each of `columns` the file has stands in it."""
    return {heading: headings.index(heading) for heading in columns if heading in headings}


def row_values(row: list[str], index: dict[str, int]) -> dict[str, str]:
    """A row's cells by heading; a short row's missing cells are empty."""
    return {heading: (row[i] if i < len(row) else "") for heading, i in index.items()}


def fill_column(headings: list[str], rows: list[list[str]], heading: str, value: str) -> tuple[list[str], list[list[str]], int]:
    """The table with `value` in every empty cell of the column `heading` (added if the file lacks
    it), and how many cells that filled."""
    if heading not in headings:
        headings = [*headings, heading]
    at = headings.index(heading)
    table, filled = [], 0
    for row in rows:
        row = list(row) + [""] * max(0, at + 1 - len(row))
        if not row[at].strip():
            row[at] = value
            filled += 1
        table.append(row)
    return headings, table, filled


# Cells -----------------------------------------------------------------------------------------


def formula_errors(number: int, values: dict[str, str], headings=None) -> list[RowError]:
    """A RowError for each cell (of `headings`, or all) that a spreadsheet would run as a formula."""
    found = []
    for heading in values if headings is None else headings:
        value = values.get(heading, "")
        if value.startswith(FORMULA_START) and not is_number(value):
            found.append(
                RowError(
                    number,
                    heading,
                    _("The cell starts with “%(char)s” and looks like a spreadsheet formula; write it as text.") % {"char": value[0]},
                )
            )
    return found


def cleaned(values: dict[str, str]) -> dict[str, str]:
    """The cells as text: stripped, and what we export as '=… read back as =…"""
    return {heading: unescaped(value).strip() for heading, value in values.items()}


def whole_number(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def count_in(number: int, heading: str, text: str, errors: list) -> int | None:
    """The cell as a whole number, 0 or more; a RowError if it is not one."""
    count = whole_number(text)
    if count is None or count < 0:
        errors.append(RowError(number, heading, _("Write a whole number, 0 or more.")))
    return count


def date_in(number: int, heading: str, text: str, errors: list) -> datetime.date | None:
    """The cell as a date written YYYY-MM-DD; None and a RowError if it is not one."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(RowError(number, heading, _("Write the date as YYYY-MM-DD, for example 2024-05-31.")))
        return None


def status_in(number: int, text: str, errors: list) -> str | None:
    """The column Status as an activity status, read by its Swedish word; a RowError if unknown."""
    status = STATUSES.get(normalised(text))
    if status is None:
        errors.append(
            RowError(
                number,
                "Status",
                _("Unknown status “%(value)s”; use planerad, pågående, genomförd, framflyttad or inställd.") % {"value": text},
            )
        )
    return status


def is_number(value: str) -> bool:
    try:
        float(value.replace(",", "."))
        return True
    except ValueError:
        return False


def unescaped(value: str) -> str:
    """What we export as '=… (a formula made harmless) imports as the text =…"""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


def as_cell(value) -> str:
    """A value as a cell of the file holds it: dates as YYYY-MM-DD, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO_WORDS[value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


# "The promise … is published" names each state in its own clause: in Swedish a promise is neuter
# ("löftet är publicerat"), so the state's label, which agrees with common-gender nouns, cannot be used.
PROMISE_IS = {
    ReviewState.DRAFT: gettext_lazy("The promise “%(title)s” is a draft"),
    ReviewState.SUBMITTED: gettext_lazy("The promise “%(title)s” is submitted for approval"),
    ReviewState.APPROVED: gettext_lazy("The promise “%(title)s” is approved"),
    ReviewState.PUBLISHED: gettext_lazy("The promise “%(title)s” is published"),
}


def promise_is(promise: Promise) -> str:
    return str(PROMISE_IS[promise.workflow_state]) % {"title": promise.title}
