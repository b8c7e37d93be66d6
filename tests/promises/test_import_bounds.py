"""Spreadsheets are bounded before they are read: hostile workbooks, over-long files and oversized
uploads are refused with their reason, in little memory, and nothing is written."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ReviewState
from promises import import_views
from promises.importing import checking, reading
from promises.models import Activity
from tests.factories import FocusAreaFactory, PromiseFactory, coordinator_of

pytestmark = pytest.mark.django_db
PEAK_LIMIT = 50_000_000

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Aktiviteter" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADING_ROW = '<row r="1">' + _cell("A1", "Beskrivning") + _cell("B1", "Status") + "</row>"


def workbook(sheet_rows: str = "", *, dimension: str | None = None, sheet_chunks=(), extra_entries: int = 0) -> bytes:
    """A workbook written by hand, so that the test says exactly what its sheet XML holds. The sheet's
    rows are `sheet_rows`, followed by `sheet_chunks` streamed into the zip (for large sheets)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(f"<sheetData>{HEADING_ROW}{sheet_rows}".encode())
            for chunk in sheet_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
        for number in range(extra_entries):
            archive.writestr(f"customXml/item{number}.xml", "<a/>")
    return buffer.getvalue()


def peak_memory(read, *args):
    """What `read(*args)` raises and the most memory it held at once."""
    tracemalloc.start()
    try:
        with pytest.raises(reading.ImportFileError) as error:
            read(*args)
        return error.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_dimension_bomb_is_refused_by_its_declared_size_in_little_memory():
    # A1:XFD1048576 and one cell in the last row: openpyxl would pad a million rows to 16,384 cells.
    data = workbook('<row r="1048576">' + _cell("XFD1048576", "x") + "</row>", dimension="A1:XFD1048576")
    assert len(data) < 3000

    error, peak = peak_memory(reading.read_table, "bomb.xlsx", data)

    assert "Bladet säger att det når rad 1048576 och kolumn 16384" in str(error)
    assert peak < PEAK_LIMIT


def test_a_sheet_running_on_past_its_rows_without_a_declared_size_is_refused_in_little_memory():
    data = workbook(
        '<row r="2">' + _cell("A2", "Vandring") + _cell("B2", "planerad") + '</row><row r="1048576">' + _cell("XFD1048576", "x") + "</row>"
    )

    error, peak = peak_memory(reading.read_table, "bomb.xlsx", data)

    assert "Bladet fortsätter efter rad 20001" in str(error)
    assert peak < PEAK_LIMIT


def _rows(count: int, start: int = 2):
    """`count` sheet rows as XML chunks, made one at a time, never all at once."""
    for number in range(start, start + count):
        yield f'<row r="{number}"><c r="A{number}"><v>1</v></c></row>'.encode()


def test_a_zip_bomb_is_refused_from_its_directory_in_little_memory():
    # About 200 MB of sheet XML that compresses to a few hundred kB.
    chunk = b"<row><c><v>1</v></c></row>" * 40_000
    data = workbook(sheet_chunks=(chunk for _ in range(200_000_000 // len(chunk))))
    assert len(data) < 1_000_000

    error, peak = peak_memory(reading.read_table, "bomb.xlsx", data)

    assert "Arbetsboken packas upp till 200 MB; högst 50 MB kan importeras." in str(error)
    assert peak < PEAK_LIMIT


def test_a_sheet_compressed_far_beyond_a_spreadsheet_is_refused():
    chunk = b"<row><c><v>1</v></c></row>" * 40_000
    data = workbook(sheet_chunks=(chunk for _ in range(20_000_000 // len(chunk))))  # 20 MB, under the size limit

    error, peak = peak_memory(reading.read_table, "bomb.xlsx", data)

    assert "Arbetsboken är komprimerad mycket mer än ett kalkylark kan vara (xl/worksheets/sheet1.xml)" in str(error)
    assert peak < PEAK_LIMIT


def test_a_workbook_of_too_many_parts_is_refused():
    with pytest.raises(reading.ImportFileError, match="Arbetsboken består av 505 delar; en Excel-arbetsbok att importera har högst 500."):
        reading.read_table("delar.xlsx", workbook(extra_entries=500))


def test_a_workbook_is_read_lazily_and_stops_past_the_row_limit(settings, monkeypatch):
    settings.IMPORT_MAX_ROWS = 10
    data = workbook(sheet_chunks=_rows(1000))
    cells = []
    text = reading._cell_text
    monkeypatch.setattr(reading, "_cell_text", lambda value: cells.append(value) or text(value))

    with pytest.raises(reading.ImportFileError, match="Filen har fler än 10 rader; högst 10 kan importeras åt gången."):
        reading.read_table("rader.xlsx", data)

    assert len(cells) <= 200 + 2 * 11  # the headings' row (read up to 200 columns), then 11 rows of 2 cells


def test_only_as_many_columns_as_there_are_headings_are_read():
    data = workbook(
        '<row r="2">' + _cell("A2", "Vandring") + _cell("B2", "planerad") + _cell("GR2", "en anteckning") + "</row>", dimension="A1:GR2"
    )

    headings, rows, _notes = reading.read_table("bred.xlsx", data)

    assert headings == ["Beskrivning", "Status"]
    assert rows == [["Vandring", "planerad"]]


def test_a_sheet_wider_than_the_columns_read_is_refused():
    data = workbook('<row r="2">' + _cell("GS2", "x") + "</row>", dimension="A1:GS2")

    with pytest.raises(reading.ImportFileError, match="når rad 2 och kolumn 201"):
        reading.read_table("bred.xlsx", data)


def test_rows_past_a_declared_size_that_is_too_small_are_still_read():
    rows = "".join(f'<row r="{n}">' + _cell(f"A{n}", f"Vandring {n}") + _cell(f"B{n}", "planerad") + "</row>" for n in range(2, 6))
    data = workbook(rows, dimension="A1:B2")

    _headings, read, _notes = reading.read_table("liten.xlsx", data)

    assert [row[0] for row in read] == ["Vandring 2", "Vandring 3", "Vandring 4", "Vandring 5"]


def test_blank_rows_between_the_data_are_skipped():
    sheet = openpyxl.Workbook()
    sheet.active.append(["Beskrivning", "Status"])
    sheet.active.append(["Vandring", "planerad"])
    sheet.active.append([None, None])
    sheet.active.append(["   ", None])
    sheet.active.append(["Dialog", "genomförd"])
    buffer = io.BytesIO()
    sheet.save(buffer)

    _headings, rows, _notes = reading.read_table("luckor.xlsx", buffer.getvalue())

    assert rows == [["Vandring", "planerad"], ["Dialog", "genomförd"]]


def test_a_csv_of_millions_of_rows_is_refused_in_little_memory(settings):
    data = b"Beskrivning;Status\r\n" + b"x;y\r\n" * 900_000  # 4.5 MB, under the byte limit

    error, peak = peak_memory(reading.read_table, "rader.csv", data)

    assert "Filen har 900000 rader; högst 10000 kan importeras åt gången." in str(error)
    assert peak < PEAK_LIMIT


def test_a_csv_with_a_byte_order_mark_and_broken_characters_is_refused_with_a_message():
    with pytest.raises(reading.ImportFileError, match="Filens tecken kan inte läsas; spara den som CSV UTF-8."):
        reading.read_table("trasig.csv", b"\xef\xbb\xbfBeskrivning;Status\r\nTrygghetsvandring \xff;planerad\r\n")


# Uploads -------------------------------------------------------------------------------------------


class LargeUpload(SimpleUploadedFile):
    """An upload that says it is large and must never be read."""

    def __init__(self, size: int):
        super().__init__("stor.csv", b"Beskrivning;Status\r\n", content_type="text/csv")
        self.size = size

    def read(self, *args, **kwargs):
        raise AssertionError("an oversized upload was read")

    def chunks(self, *args, **kwargs):
        raise AssertionError("an oversized upload was read")


def test_an_upload_over_the_byte_limit_is_refused_by_its_size_without_being_read():
    form = import_views.UploadForm(data={}, files={"file": LargeUpload(50_000_000)})

    assert not form.is_valid()
    assert form.errors["file"] == ["Filen är 50,0 MB; högst 5 MB kan importeras."]


def test_the_import_page_refuses_an_oversized_upload_before_reading_it(client, here, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1000
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    draft = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])
    monkeypatch.setattr(checking, "read_table", lambda *args: pytest.fail("the file was read"))
    client.force_login(coordinator_of(here))
    rows = "".join(f";{draft.pk};Vandring {n};Ökad trygghet;gemensamt;;;planerad\r\n" for n in range(40))
    upload = io.BytesIO(("Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status\r\n" + rows).encode())
    upload.name = "aktiviteter.csv"

    page = client.post(reverse("promises:import"), {"kommun": here.slug, "file": upload}).content.decode()

    assert "högst 0,001 MB kan importeras" in page
    assert not Activity.objects.exists()


def test_djangos_upload_limits_match_the_import_limit():
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == django_settings.IMPORT_MAX_BYTES
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= django_settings.IMPORT_MAX_BYTES
