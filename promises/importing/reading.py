"""Reading a spreadsheet to import, whatever it holds: CSV and XLSX read within bounds.

Reading never trusts a file: a workbook is a zip of XML, so its directory is checked before
anything is unpacked, and rows are read lazily, only as wide as the headings and only up to the
row limit. Every import reads its file here (`read_table`) and refuses it with ImportFileError.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

from django.conf import settings
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from approvals.errors import DomainError


class ImportFileError(DomainError):
    """The file as a whole cannot be read or is not acceptable; the message says why."""


def require_columns(headings: list[str], required: list[str]) -> None:
    """ImportFileError naming every required heading the file lacks."""
    missing = [heading for heading in required if heading not in headings]
    if missing:
        raise ImportFileError(
            ngettext(
                "The column %(columns)s is missing; the first row must hold the headings, as in the template.",
                "The columns %(columns)s are missing; the first row must hold the headings, as in the template.",
                len(missing),
            )
            % {"columns": ", ".join(f"”{heading}”" for heading in missing)}
        )


def file_too_large(size: int) -> str:
    """The refusal of a file of `size` bytes, over IMPORT_MAX_BYTES."""
    limit, point = settings.IMPORT_MAX_BYTES, get_format("DECIMAL_SEPARATOR")
    return _("The file is %(size)s MB; at most %(limit)s MB can be imported.") % {
        "size": f"{size / 1_000_000:.1f}".replace(".", point),
        "limit": f"{limit / 1_000_000:g}".replace(".", point),
    }


def too_many_rows(rows: int | None = None) -> ImportFileError:
    limit = settings.IMPORT_MAX_ROWS
    if rows is None:  # reading stopped at the first row past the limit
        return ImportFileError(_("The file has more than %(limit)s rows; at most %(limit)s can be imported at a time.") % {"limit": limit})
    return ImportFileError(_("The file has %(rows)s rows; at most %(limit)s can be imported at a time.") % {"rows": rows, "limit": limit})


def read_table(name: str, data: bytes) -> tuple[list[str], list[list[str]], list[str]]:
    """The file's headings, its non-empty rows (as text) and notes on how it was read; ImportFileError
    if the file is empty, too large, of an unknown kind, corrupt, carries macros or has too many rows.
    Never more than IMPORT_MAX_ROWS rows are kept, and a workbook is bounded before it is unpacked."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(file_too_large(len(data)))
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    lowered = name.lower()
    if lowered.endswith((".xlsm", ".xls", ".xlsb")):
        raise ImportFileError(_("Only .xlsx and .csv files can be imported; save the file as an Excel workbook (.xlsx) without macros."))
    if lowered.endswith(".xlsx"):
        headings, rows = _read_xlsx(data)
        notes = []
    elif lowered.endswith((".csv", ".txt")):
        headings, rows, notes = _read_csv(data)
    else:
        raise ImportFileError(_("Only .xlsx and .csv files can be imported."))
    if not rows:
        raise ImportFileError(_("The file has headings but no rows."))
    return headings, rows, notes


def _is_blank(row) -> bool:
    return not any(cell.strip() for cell in row)


def _read_csv(data: bytes) -> tuple[list[str], list[list[str]], list[str]]:
    """Read as a stream: rows past IMPORT_MAX_ROWS are counted (a CSV is at most IMPORT_MAX_BYTES,
    so that is quick) but never kept."""
    if b"\x00" in data:  # NUL is the same byte in UTF-8 and Windows-1252: UTF-16 or a binary file
        raise ImportFileError(_("The file is not a text file; save it as CSV UTF-8 or as .xlsx."))
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            headings, rows, count = _read_csv_as(data, encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ImportFileError(_("The file's characters cannot be read; save it as CSV UTF-8."))
    notes = []
    if encoding == "cp1252":
        notes.append(_("The file was saved as Windows-1252 (older Excel); å, ä and ö have been read as such."))
    if count > settings.IMPORT_MAX_ROWS:
        raise too_many_rows(count)
    return headings, rows, notes


def _read_csv_as(data: bytes, encoding: str) -> tuple[list[str], list[list[str]], int]:
    """The headings, the first IMPORT_MAX_ROWS non-empty rows and how many non-empty rows there are."""
    first_line = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="").readline()
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), delimiter=delimiter)
    limit = settings.IMPORT_MAX_ROWS
    try:
        headings = next(reader, None)
        if headings is None:
            raise ImportFileError(_("The file is empty."))
        rows, count = [], 0
        for row in reader:
            if _is_blank(row):
                continue
            count += 1
            if count <= limit:
                rows.append(row)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file could not be read: %(reason)s") % {"reason": error}) from error
    return [cell.strip() for cell in headings], rows, count


# A workbook is a zip of XML. These bounds are checked on the zip's directory before anything is
# unpacked, so that a small upload cannot unpack into gigabytes (a "zip bomb"): an honest workbook of
# IMPORT_MAX_ROWS rows unpacks to about 10 MB and compresses 5 to 30 times.
XLSX_MAX_ENTRIES = 500
XLSX_MAX_UNPACKED_BYTES = 50_000_000
XLSX_MAX_RATIO = 100  # checked for entries larger than XLSX_RATIO_FROM_BYTES
XLSX_RATIO_FROM_BYTES = 1_000_000
# The columns read: the template has 16; a sheet that declares more is refused before its rows are
# read, because openpyxl pads every row to the declared width.
XLSX_MAX_COLUMNS = 200


def _check_archive(archive: zipfile.ZipFile) -> None:
    """ImportFileError unless the zip's directory is that of a plain, reasonably sized workbook."""
    entries = archive.infolist()
    damaged = _("The file is not an Excel workbook (.xlsx), although its name says so, or it is damaged.")
    if len(entries) > XLSX_MAX_ENTRIES:
        raise ImportFileError(
            _("The workbook consists of %(count)s parts; an Excel workbook to import has at most %(limit)s.")
            % {"count": len(entries), "limit": XLSX_MAX_ENTRIES}
        )
    names = [entry.filename for entry in entries]
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(_("The workbook carries macros, which are never imported; save it as .xlsx without macros."))
    if "[Content_Types].xml" not in names:
        raise ImportFileError(damaged)
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "The workbook unpacks to %(size)s MB; at most %(limit)s MB can be imported. Copy only the rows to import into a new workbook."
            )
            % {"size": f"{unpacked / 1_000_000:.0f}", "limit": f"{XLSX_MAX_UNPACKED_BYTES / 1_000_000:g}"}
        )
    for entry in entries:
        if entry.file_size > XLSX_RATIO_FROM_BYTES and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1):
            raise ImportFileError(
                _("The workbook is compressed far more than a spreadsheet can be (%(name)s); it is not imported.")
                % {"name": entry.filename}
            )


def _read_xlsx(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The first sheet's headings and its first IMPORT_MAX_ROWS non-empty rows, read lazily and only
    as wide as the headings; ImportFileError for a workbook past the bounds above."""
    import openpyxl

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(_("The file is not an Excel workbook (.xlsx), although its name says so, or it is damaged."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("The Excel file could not be read; it may be damaged.")) from error
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_("The Excel file could not be read; it may be damaged.")) from error
    try:
        return _read_sheet(workbook.worksheets[0])
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("The Excel file could not be read; it may be damaged.")) from error
    finally:
        workbook.close()


def _read_sheet(sheet) -> tuple[list[str], list[list[str]]]:
    limit = settings.IMPORT_MAX_ROWS
    # Rows a sheet may reach, blank ones included: blank rows between and below the data are common,
    # a sheet that runs on for a million rows is not.
    max_rows = 2 * limit + 1
    declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
    if declared_rows > max_rows or declared_columns > XLSX_MAX_COLUMNS:
        raise ImportFileError(
            _(
                "The sheet says it reaches row %(rows)s and column %(columns)s, far past the %(limit)s rows and %(max_columns)s columns "
                "that can be imported; copy only the rows and columns with data into a new workbook."
            )
            % {"rows": declared_rows, "columns": declared_columns, "limit": limit, "max_columns": XLSX_MAX_COLUMNS}
        )
    # A declared size smaller than the sheet would make openpyxl skip rows silently: read what is there.
    sheet.reset_dimensions()
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=XLSX_MAX_COLUMNS, values_only=True), None)
    headings = [_cell_text(value).strip() for value in first or ()]
    while headings and not headings[-1]:
        headings.pop()
    if not headings:
        raise ImportFileError(_("The file is empty."))
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=len(headings), values_only=True), start=2):
        if number > max_rows:
            raise ImportFileError(
                _(
                    "The sheet runs on past row %(rows)s; at most %(limit)s rows can be imported. Copy only the rows with data into a new workbook."
                )
                % {"rows": max_rows, "limit": limit}
            )
        row = [_cell_text(value) for value in values]
        if _is_blank(row):
            continue
        if len(rows) == limit:
            raise too_many_rows()
        rows.append(row)
    return headings, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
