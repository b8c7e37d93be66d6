"""Spreadsheets out, and the words in them: CSV and XLSX written safe from formula injection, and
the Swedish interchange words every import and export (and open data) use.

Writing prefixes any text a spreadsheet would run as a formula. Reading a file to import is
`promises.importing.reading`.
"""

from __future__ import annotations

import csv
import io

from approvals.models import ReviewState
from promises.models import ActivityStatus, Audience, ResponsibleParty

FORMULA_START = ("=", "+", "-", "@")

# The interchange words. Statuses, responsible parties, audiences and yes/no are written in files
# and open data as these Swedish words whatever the reader's language, and read back by them, never
# by a translated label: a file exported in one language imports in the other. Defined only here.
STATUS_WORDS = {
    ActivityStatus.PLANNED: "planerad",
    ActivityStatus.ONGOING: "pågående",
    ActivityStatus.DONE: "genomförd",
    ActivityStatus.POSTPONED: "framflyttad",
    ActivityStatus.CANCELLED: "inställd",
}
RESPONSIBLE_WORDS = {
    ResponsibleParty.POLICE: "polisen",
    ResponsibleParty.MUNICIPALITY: "kommunen",
    ResponsibleParty.JOINTLY: "gemensamt",
    ResponsibleParty.PARTNER: "samverkanspart",
}
AUDIENCE_WORDS = {
    Audience.EVERYONE: "alla",
    Audience.CHILDREN: "barn",
    Audience.YOUNG_PEOPLE: "unga",
    Audience.OLDER_PEOPLE: "äldre",
    Audience.NEIGHBOURHOOD: "ett område",
    Audience.OTHER: "annan grupp",
}
YES_NO_WORDS = {True: "ja", False: "nej"}
# A promise's state, written for the reader's help and never read.
WORKFLOW_WORDS = {
    ReviewState.DRAFT: "utkast",
    ReviewState.SUBMITTED: "skickad för godkännande",
    ReviewState.APPROVED: "godkänd",
    ReviewState.PUBLISHED: "publicerad",
}


def normalised(text: str) -> str:
    """Text as rows are matched on: whitespace collapsed and case ignored, so that a re-typed
    description or title still finds its record."""
    return " ".join(text.split()).casefold()


def word_reader(words: dict) -> dict:
    """What each written word reads as: its Swedish word, and for choices also the stored value
    itself (files exported in English before the words were fixed wrote "postponed", "police")."""
    reader = {normalised(str(value)): value for value in words if isinstance(value, str)}
    return reader | {normalised(word): value for value, word in words.items()}


STATUSES = word_reader(STATUS_WORDS)
RESPONSIBLE_PARTIES = word_reader(RESPONSIBLE_WORDS)
AUDIENCES = word_reader(AUDIENCE_WORDS)
YES_NO = word_reader(YES_NO_WORDS)


def spreadsheet_safe(value) -> str | int:
    """Text a spreadsheet shows and never runs: a leading = + - @, tab or carriage return gets an
    apostrophe before it (OWASP's advice on CSV injection). Numbers stay numbers."""
    if isinstance(value, int):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith((*FORMULA_START, "\t", "\r")) else text


def write_table(rows: list[list], kind: str, *, title: str = "Data", widths=(), instructions=()) -> bytes:
    """Rows as CSV (UTF-8 with BOM, semicolons, as Swedish Excel opens it) or as an XLSX workbook,
    every text cell made safe from formula injection."""
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        for row in rows:
            writer.writerow([spreadsheet_safe(value) for value in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    if instructions:
        guide = workbook.create_sheet("Instruktioner")
        for line in instructions:
            guide.append([str(line)])
        guide.column_dimensions["A"].width = 110
        guide["A1"].font = Font(bold=True, size=14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
