"""Activities in and out of spreadsheets: all or nothing, every bad row named, never half-written."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import ReviewState
from promises.importing import activities as activity_import
from promises.importing import reading
from promises.models import Activity
from tests.factories import (
    ActivityFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db
HEADINGS = "Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status"


@pytest.fixture
def setup(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    draft = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])
    return {"municipality": here, "area": area, "draft": draft, "user": coordinator_of(here)}


def _csv(*rows, headings=HEADINGS, encoding="utf-8"):
    return ("\r\n".join([headings, *rows]) + "\r\n").encode(encoding)


def _plan(setup, data, name="aktiviteter.csv"):
    return activity_import.plan_import(municipality=setup["municipality"], name=name, data=data)


def _run(setup, data, name="aktiviteter.csv"):
    return activity_import.run_import(municipality=setup["municipality"], name=name, data=data, by=setup["user"])


def test_a_semicolon_windows_csv_with_swedish_letters_imports(setup):
    data = _csv(
        f";{setup['draft'].pk};Trygghetsvandring på Åsvägen i Örnsköldsvik;Ökad trygghet;gemensamt;;Ängen;pågående", encoding="cp1252"
    )

    plan = _run(setup, data)

    assert plan.is_valid and len(plan.new) == 1
    activity = Activity.objects.get()
    assert (activity.description, activity.place, activity.status, activity.responsible) == (
        "Trygghetsvandring på Åsvägen i Örnsköldsvik",
        "Ängen",
        "ongoing",
        "jointly",
    )
    assert "Windows-1252" in plan.notes[0]


def test_a_comma_separated_utf8_csv_with_bom_imports(setup):
    data = b"\xef\xbb\xbf" + _csv(
        f",{setup['draft'].pk},Trafikinsats,Ökad trygghet,polisen,,,planerad", headings=HEADINGS.replace(";", ",")
    )

    assert _run(setup, data).is_valid
    assert Activity.objects.get().responsible == "police"


def test_importing_the_same_file_twice_changes_nothing(setup):
    data = _csv(f";{setup['draft'].pk};Trafikinsats;Ökad trygghet;polisen;;;planerad")
    _run(setup, data)
    exported = activity_import.export_csv(setup["municipality"])

    again = _run(setup, exported)

    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 1)
    assert Activity.objects.count() == 1


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_what_we_export_imports_back_unchanged(setup, kind):
    area, draft = setup["area"], setup["draft"]
    ActivityFactory(
        promise=draft,
        focus_area=area,
        description="=SUMMA(A1) är ingen formel",
        place="Torget",
        target_per_year=4,
        responsible="partner",
        partner_name="Länsstyrelsen",
        status="postponed",
    )
    ActivityFactory(promise=draft, focus_area=area, description="Medborgardialog", status="done")
    before = list(Activity.objects.order_by("pk").values())
    exported = activity_import.export_csv(setup["municipality"]) if kind == "csv" else activity_import.export_xlsx(setup["municipality"])

    plan = _run(setup, exported, name=f"export.{kind}")

    assert plan.is_valid and (len(plan.new), len(plan.changed)) == (0, 0)
    assert list(Activity.objects.order_by("pk").values()) == before


def test_exports_escape_spreadsheet_formulae(setup):
    ActivityFactory(
        promise=setup["draft"], focus_area=setup["area"], description='=HYPERLINK("http://evil")', place="+46 70", target="@home"
    )

    text = activity_import.export_csv(setup["municipality"]).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(activity_import.export_xlsx(setup["municipality"]))).worksheets[0]

    assert "'=HYPERLINK" in text and "'+46 70" in text and "'@home" in text
    assert sheet["D2"].value == '\'=HYPERLINK("http://evil")' and sheet["D2"].data_type == "s"


def test_the_template_has_the_headings_and_instructions(setup):
    workbook = openpyxl.load_workbook(io.BytesIO(activity_import.export_xlsx(None, template=True)))

    assert [cell.value for cell in workbook["Aktiviteter"][1]] == list(activity_import.COLUMNS)
    assert "Instruktioner" in workbook.sheetnames
    assert workbook["Instruktioner"]["A1"].value == "Import av aktiviteter till Medborgarlöften"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("{draft};Vandring;Ökad trygghet;gemensamt;;;klar", "Status", "Okänd status ”klar”"),
        ("{draft};Vandring;Narkotika;gemensamt;;;planerad", "Fokusområde", "Det finns inget fokusområde ”Narkotika”"),
        ("{draft};Vandring;Ökad trygghet;grannen;;;planerad", "Ansvarig", "Okänd ansvarig ”grannen”"),
        ("{draft};Vandring;Ökad trygghet;samverkanspart;;;planerad", "Samverkanspart", "Ange vilken samverkanspart"),
        ("{draft};;Ökad trygghet;gemensamt;;;planerad", "Beskrivning", "Beskriv aktiviteten."),
        ("99999;Vandring;Ökad trygghet;gemensamt;;;planerad", "Löfte-ID", "Det finns inget löfte 99999."),
        ("{draft};=2+2;Ökad trygghet;gemensamt;;;planerad", "Beskrivning", "ser ut som en kalkylbladsformel"),
        ("{draft};Vandring;Ökad trygghet;gemensamt;;{long};planerad", "Plats", "Högst 200 tecken (den här har 201)."),
    ],
)
def test_a_bad_row_is_named_with_its_row_and_column_and_nothing_is_written(setup, row, column, message):
    good = f";{setup['draft'].pk};Bra aktivitet;Ökad trygghet;gemensamt;;;planerad"
    bad = ";" + row.format(draft=setup["draft"].pk, long="x" * 201)

    plan = _run(setup, _csv(good, bad))

    assert not plan.is_valid
    assert [(e.row, e.column) for e in plan.errors] == [(3, column)]
    assert message in plan.errors[0].message
    assert not Activity.objects.exists()


def test_another_municipalitys_rows_are_row_errors(setup, there):
    theirs = PromiseFactory(agreement=there.agreements.get(), workflow_state=ReviewState.DRAFT)
    their_activity = ActivityFactory(promise=theirs)

    plan = _run(
        setup,
        _csv(
            f";{theirs.pk};Kapning;Ökad trygghet;gemensamt;;;planerad",
            f"{their_activity.pk};{setup['draft'].pk};Kapning;Ökad trygghet;gemensamt;;;planerad",
        ),
    )

    assert [(e.row, e.message) for e in plan.errors] == [
        (2, f"Löftet {theirs.pk} hör till en annan kommun."),
        (3, f"Aktiviteten {their_activity.pk} hör till en annan kommun."),
    ]
    assert Activity.objects.count() == 1


def test_duplicate_rows_are_refused(setup):
    row = f";{setup['draft'].pk};Vandring;Ökad trygghet;gemensamt;;;planerad"

    plan = _run(setup, _csv(row, row))

    assert [(e.row, e.message) for e in plan.errors] == [(3, "Samma aktivitet finns redan på rad 2.")]
    assert not Activity.objects.exists()


def test_a_new_activity_in_a_published_promise_is_refused_but_its_status_can_change(setup, here):
    published = PromiseFactory(agreement=here.agreements.get(), focus_areas=[setup["area"]], title="Publicerat")
    existing = ActivityFactory(promise=published, focus_area=setup["area"], description="Befintlig", status="planned")

    refused = _run(setup, _csv(f";{published.pk};Ny;Ökad trygghet;gemensamt;;;planerad"))
    allowed = _run(setup, _csv(f"{existing.pk};{published.pk};Befintlig;Ökad trygghet;gemensamt;;;genomförd"))

    assert refused.errors[0].message == "Löftet ”Publicerat” är publicerat; nya aktiviteter kan bara läggas till i ett utkast."
    assert allowed.is_valid and len(allowed.changed) == 1
    existing.refresh_from_db()
    assert existing.status == "done"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.csv", b"", "Filen är tom."),
        ("bara-rubriker.csv", _csv(), "Filen har rubriker men inga rader."),
        ("saknar.csv", "Löfte-ID;Beskrivning\r\n1;Vandring\r\n".encode(), "Kolumnerna ”Fokusområde”, ”Ansvarig”, ”Status” saknas"),
        ("utf16.csv", HEADINGS.encode("utf-16"), "Filen är inte en textfil"),
        ("falsk.xlsx", b"Det har ar ingen Excel-fil", "Filen är inte en Excel-arbetsbok (.xlsx)"),
        ("bild.png", b"\x89PNG....", "Bara .xlsx- och .csv-filer kan importeras."),
        ("makro.xlsm", b"PK\x03\x04", "Bara .xlsx- och .csv-filer kan importeras; spara filen som en Excel-arbetsbok (.xlsx) utan makron."),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(setup, name, data, message):
    with pytest.raises(reading.ImportFileError) as error:
        _run(setup, data, name=name)

    assert message in str(error.value)
    assert not Activity.objects.exists()


def test_a_workbook_with_macros_is_refused(setup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/vbaProject.bin", b"macro")

    with pytest.raises(reading.ImportFileError, match="makron"):
        _run(setup, buffer.getvalue(), name="arbetsbok.xlsx")


def test_an_oversized_file_or_too_many_rows_is_refused(setup, settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(reading.ImportFileError, match="högst 0,001 MB"):
        _run(setup, _csv(*[f";{setup['draft'].pk};Vandring {n};Ökad trygghet;gemensamt;;;planerad" for n in range(40)]))

    settings.IMPORT_MAX_BYTES = 1_000_000
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(reading.ImportFileError, match="Filen har 11 rader; högst 10"):
        _run(setup, _csv(*[f";{setup['draft'].pk};Vandring {n};Ökad trygghet;gemensamt;;;planerad" for n in range(11)]))
    assert not Activity.objects.exists()


def test_three_hundred_rows_import_in_a_bounded_number_of_queries(setup):
    data = _csv(*[f";{setup['draft'].pk};Vandring {n};Ökad trygghet;gemensamt;;;planerad" for n in range(300)])

    with CaptureQueriesContext(connection) as queries:
        plan = _run(setup, data)

    assert plan.is_valid and Activity.objects.count() == 300
    assert len(queries) < 30  # a handful of reads, then inserts in batches of 500; never one per row


def test_coordinator_uploads_sees_the_preview_and_confirms(client, setup):
    client.force_login(setup["user"])
    upload = io.BytesIO(_csv(f";{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;;planerad"))
    upload.name = "aktiviteter.csv"

    preview = client.post(reverse("promises:import"), {"kommun": setup["municipality"].slug, "file": upload})
    assert "1 ny aktivitet" in preview.content.decode()
    assert not Activity.objects.exists()

    client.post(f"{reverse('promises:import_confirm')}?kommun={setup['municipality'].slug}")
    assert Activity.objects.get().description == "Trygghetsvandring"


def test_a_bad_upload_lists_its_rows_on_the_page(client, setup):
    client.force_login(setup["user"])
    upload = io.BytesIO(_csv(f";{setup['draft'].pk};Vandring;Ökad trygghet;gemensamt;;;klar"))
    upload.name = "aktiviteter.csv"

    page = client.post(reverse("promises:import"), {"kommun": setup["municipality"].slug, "file": upload}).content.decode()

    assert "har 1 problem; inget importerades" in page and "Okänd status ”klar”" in page
    assert client.post(f"{reverse('promises:import_confirm')}?kommun={setup['municipality'].slug}").status_code == 302
    assert not Activity.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_planned_dates_go_out_and_come_back_unchanged(setup, kind):
    activity = ActivityFactory(
        promise=setup["draft"], focus_area=setup["area"], planned_from=datetime.date(2026, 3, 1), planned_until=datetime.date(2026, 5, 31)
    )
    exported = activity_import.export_csv(setup["municipality"]) if kind == "csv" else activity_import.export_xlsx(setup["municipality"])
    Activity.objects.filter(pk=activity.pk).update(planned_from=None, planned_until=None)

    plan = _run(setup, exported, name=f"export.{kind}")

    assert plan.is_valid and (len(plan.new), len(plan.changed)) == (0, 1)
    activity.refresh_from_db()
    assert (activity.planned_from, activity.planned_until) == (datetime.date(2026, 3, 1), datetime.date(2026, 5, 31))


def test_a_new_activity_gets_its_planned_dates(setup):
    headings = HEADINGS + ";Planerad från;Planerad till"

    plan = _run(setup, _csv(f";{setup['draft'].pk};Sommarlovsinsats;Ökad trygghet;gemensamt;;;planerad;2026-06-15;", headings=headings))

    assert plan.is_valid
    assert (Activity.objects.get().planned_from, Activity.objects.get().planned_until) == (datetime.date(2026, 6, 15), None)


def test_a_planned_end_before_the_planned_start_is_a_row_error(setup):
    headings = HEADINGS + ";Planerad från;Planerad till"

    plan = _run(
        setup, _csv(f";{setup['draft'].pk};Sommarlovsinsats;Ökad trygghet;gemensamt;;;planerad;2026-08-01;2026-06-01", headings=headings)
    )

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Planerad till")]
    assert "Planerad från" in plan.errors[0].message
    assert not Activity.objects.exists()


def test_a_file_without_the_planned_columns_keeps_the_planned_dates(setup):
    activity = ActivityFactory(
        promise=setup["draft"], focus_area=setup["area"], description="Vandring", planned_from=datetime.date(2026, 3, 1)
    )

    plan = _run(setup, _csv(f"{activity.pk};{setup['draft'].pk};Vandring;Ökad trygghet;gemensamt;;;planerad"))

    assert plan.is_valid and len(plan.unchanged) == 1
    activity.refresh_from_db()
    assert activity.planned_from == datetime.date(2026, 3, 1)
