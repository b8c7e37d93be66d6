"""Promises have a template like activities: the headings and an instructions sheet, linked from the
promise import page; filled in without any ID, it imports into the agreement chosen on the page."""

import io

import openpyxl
import pytest
from django.urls import reverse

from agreements.models import Agreement
from approvals.models import ReviewState
from promises.importing import promises as promise_import
from promises.importing import reading
from promises.models import Promise
from tests.factories import (
    AgreementFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(here):
    FocusAreaFactory(municipality=here, name="Ökad trygghet")
    return {"municipality": here, "agreement": here.agreements.get(), "user": coordinator_of(here)}


@pytest.fixture
def signed_in(client, setup):
    client.force_login(setup["user"])
    return client


def _page(setup):
    return f"{reverse('promises:import_promises')}?kommun={setup['municipality'].slug}"


def _download_template(client) -> openpyxl.Workbook:
    response = client.get(reverse("promises:import_promises_template"))
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="mall-loften.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _filled_in(workbook, *rows) -> io.BytesIO:
    sheet = workbook["Löften"]
    headings = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(heading, "") for heading in headings])
    upload = io.BytesIO()
    workbook.save(upload)
    upload.seek(0)
    upload.name = "mall-loften.xlsx"
    return upload


def test_the_template_has_the_headings_and_instructions(signed_in):
    workbook = _download_template(signed_in)

    assert [cell.value for cell in workbook["Löften"][1]] == promise_import.PROMISE_COLUMNS
    assert workbook["Löften"].max_row == 1
    assert workbook["Instruktioner"]["A1"].value == "Import av löften till Medborgarlöften"
    instructions = [row[0].value for row in workbook["Instruktioner"].iter_rows()]
    assert any(line and line.startswith("Överenskommelse-ID: lämna tomt och välj överenskommelsen på importsidan") for line in instructions)


def test_the_promise_import_page_links_the_template(signed_in, setup):
    page = signed_in.get(_page(setup)).content.decode()

    assert f'<a href="{reverse("promises:import_promises_template")}">Ladda ned mallen (.xlsx, med instruktioner)</a>' in page


def test_the_template_filled_in_without_ids_imports_into_the_chosen_agreement(signed_in, setup):
    upload = _filled_in(
        _download_template(signed_in),
        {
            "Titel": "Trygga vägar",
            "Löfte": "Vi lovar tryggare vägar.",
            "Fokusområden": "Ökad trygghet",
            "Gäller från": "2027-01-01",
            "Målgrupp": "barn",
        },
    )

    preview = signed_in.post(_page(setup), {"agreement": setup["agreement"].pk, "file": upload}).content.decode()
    signed_in.post(f"{reverse('promises:import_promises_confirm')}?kommun={setup['municipality'].slug}")

    assert "1 nytt löfte (ett utkast)" in preview
    promise = Promise.objects.get()
    assert (promise.title, promise.agreement, promise.workflow_state, promise.audience) == (
        "Trygga vägar",
        setup["agreement"],
        ReviewState.DRAFT,
        "children",
    )


def test_the_agreement_in_force_is_chosen_in_advance(signed_in, setup, here):
    earlier = AgreementFactory(municipality=here, title="Förra överenskommelsen", starts_on="2019-01-01", ends_on="2022-12-31")

    page = signed_in.get(_page(setup)).content.decode()

    assert f'<option value="{setup["agreement"].pk}" selected>' in page
    assert f'<option value="{earlier.pk}">Förra överenskommelsen · 2019-01-01 – 2022-12-31 · Publicerad</option>' in page


def test_another_municipalitys_agreement_posted_is_refused_and_nothing_is_written(signed_in, setup, there):
    upload = _filled_in(
        _download_template(signed_in),
        {"Titel": "Kapat", "Löfte": "Vi lovar.", "Fokusområden": "Ökad trygghet", "Gäller från": "2027-01-01"},
    )

    response = signed_in.post(_page(setup), {"agreement": there.agreements.get().pk, "file": upload})
    signed_in.post(f"{reverse('promises:import_promises_confirm')}?kommun={setup['municipality'].slug}")

    assert "Välj en av kommunens överenskommelser i listan." in response.content.decode()
    assert not Promise.objects.exists()


def test_the_import_itself_refuses_an_agreement_of_another_municipality(setup, there):
    data = "Titel;Löfte;Fokusområden;Gäller från\r\nKapat;Vi lovar.;Ökad trygghet;2027-01-01\r\n".encode()

    with pytest.raises(reading.ImportFileError):
        promise_import.run_promise_import(
            municipality=setup["municipality"], name="l.csv", data=data, by=setup["user"], agreement=there.agreements.get()
        )
    assert not Promise.objects.exists()


def test_a_row_without_agreement_when_none_is_chosen_is_a_row_error(setup):
    data = "Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från\r\n;Nytt;Vi lovar.;Ökad trygghet;2027-01-01\r\n".encode()

    plan = promise_import.plan_promise_import(municipality=setup["municipality"], name="l.csv", data=data)

    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (
            2,
            "Överenskommelse-ID",
            "Ange Överenskommelse-ID, eller välj på importsidan en överenskommelse för rader utan Överenskommelse-ID.",
        )
    ]


def test_a_row_with_an_agreement_id_keeps_it(setup, here):
    earlier = AgreementFactory(municipality=here, starts_on="2019-01-01", ends_on="2022-12-31")
    data = (
        f"Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från\r\n{earlier.pk};Gammalt;Vi lovade.;Ökad trygghet;2019-01-01\r\n"
        ";Nytt;Vi lovar.;Ökad trygghet;2027-01-01\r\n"
    ).encode()

    plan = promise_import.run_promise_import(
        municipality=setup["municipality"], name="l.csv", data=data, by=setup["user"], agreement=setup["agreement"]
    )

    assert plan.errors == []
    assert dict(Promise.objects.values_list("title", "agreement")) == {"Gammalt": earlier.pk, "Nytt": setup["agreement"].pk}
    assert Agreement.objects.count() == 2


def test_the_published_promises_page_speaks_of_promises(signed_in, setup):
    PromiseFactory(agreement=setup["agreement"], focus_areas=[setup["municipality"].focus_areas.get()])

    page = signed_in.get(_page(setup)).content.decode()

    assert "Ett löfte per rad, med mallens rubriker på första raden." in page
    assert "En aktivitet per rad" not in page
