"""The coordinator picks on the import page the promise that rows without Löfte-ID belong to,
from a list of their own municipality's promises; nobody has to read an ID out of an address."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import ReviewState
from promises.importing import activities as activity_import
from promises.importing import reading
from promises.models import Activity
from promises.services import promise_start_revision
from tests.factories import (
    ActivityFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db
# The template's headings, filled in without any ID.
TEMPLATE_HEADINGS = ";".join(activity_import.COLUMNS)


@pytest.fixture
def setup(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    agreement = here.agreements.get()
    draft = PromiseFactory(agreement=agreement, title="Tryggare skolvägar", workflow_state=ReviewState.DRAFT, focus_areas=[area])
    other_draft = PromiseFactory(agreement=agreement, title="Tryggare centrum", workflow_state=ReviewState.DRAFT, focus_areas=[area])
    return {"municipality": here, "area": area, "draft": draft, "other_draft": other_draft, "user": coordinator_of(here)}


@pytest.fixture
def signed_in(client, setup):
    client.force_login(setup["user"])
    return client


def _template_row(description, status="planerad", promise_id=""):
    cells = {heading: "" for heading in activity_import.COLUMNS}
    cells.update(
        {"Löfte-ID": str(promise_id), "Beskrivning": description, "Fokusområde": "Ökad trygghet", "Ansvarig": "gemensamt", "Status": status}
    )
    return ";".join(cells.values())


def _file(*rows, name="aktiviteter.csv"):
    upload = io.BytesIO(("\r\n".join([TEMPLATE_HEADINGS, *rows]) + "\r\n").encode("utf-8"))
    upload.name = name
    return upload


def _page(setup):
    return f"{reverse('promises:import')}?kommun={setup['municipality'].slug}"


def _confirm(client, setup):
    return client.post(f"{reverse('promises:import_confirm')}?kommun={setup['municipality'].slug}", follow=True)


def test_the_chosen_promise_fills_rows_without_loefte_id_and_rows_with_one_keep_theirs(signed_in, setup):
    draft, other = setup["draft"], setup["other_draft"]
    upload = _file(_template_row("Vandring vid skolan"), _template_row("Vandring i centrum", promise_id=other.pk))

    preview = signed_in.post(_page(setup), {"promise": draft.pk, "file": upload}).content.decode()

    assert "2 nya aktiviteter" in preview
    assert "Rader utan Löfte-ID hamnar i löftet ”Tryggare skolvägar”." in preview
    assert not Activity.objects.exists()
    _confirm(signed_in, setup)
    assert dict(Activity.objects.values_list("description", "promise")) == {"Vandring vid skolan": draft.pk, "Vandring i centrum": other.pk}


def test_the_confirmation_applies_the_promise_chosen_for_the_preview(signed_in, setup):
    signed_in.post(_page(setup), {"promise": setup["other_draft"].pk, "file": _file(_template_row("Vandring"))})

    _confirm(signed_in, setup)

    assert Activity.objects.get().promise == setup["other_draft"]


def test_the_template_filled_in_without_ids_imported_twice_adds_nothing_the_second_time(signed_in, setup):
    rows = [_template_row("Vandring"), _template_row("Dialog", status="pågående")]
    signed_in.post(_page(setup), {"promise": setup["draft"].pk, "file": _file(*rows)})
    _confirm(signed_in, setup)

    again = signed_in.post(_page(setup), {"promise": setup["draft"].pk, "file": _file(*rows)}).content.decode()

    assert "2 oförändrade aktiviteter" in again and Activity.objects.count() == 2


def test_another_municipalitys_promise_posted_is_refused_and_nothing_is_written(signed_in, setup, there):
    theirs = PromiseFactory(agreement=there.agreements.get(), workflow_state=ReviewState.DRAFT)

    response = signed_in.post(_page(setup), {"promise": theirs.pk, "file": _file(_template_row("Kapad"))})
    _confirm(signed_in, setup)

    assert "Välj ett av kommunens löften i listan." in response.content.decode()
    assert "Förhandsgranskning" not in response.content.decode()
    assert not Activity.objects.exists()


def test_the_import_itself_refuses_a_promise_of_another_municipality(setup, there):
    theirs = PromiseFactory(agreement=there.agreements.get(), workflow_state=ReviewState.DRAFT)
    data = ("\r\n".join([TEMPLATE_HEADINGS, _template_row("Kapad")]) + "\r\n").encode()

    with pytest.raises(reading.ImportFileError):
        activity_import.run_import(municipality=setup["municipality"], name="a.csv", data=data, by=setup["user"], promise=theirs)
    assert not Activity.objects.exists()


def test_a_row_without_loefte_id_when_no_promise_is_chosen_is_a_row_error(setup):
    data = ("\r\n".join([TEMPLATE_HEADINGS, _template_row("Vandring")]) + "\r\n").encode()

    plan = activity_import.plan_import(municipality=setup["municipality"], name="a.csv", data=data)

    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, "Löfte-ID", "Ange Löfte-ID, eller välj på importsidan ett löfte för rader utan Löfte-ID.")
    ]


def test_a_file_without_the_loefte_id_column_needs_a_chosen_promise(setup):
    data = "Beskrivning;Fokusområde;Ansvarig;Status\r\nVandring;Ökad trygghet;polisen;planerad\r\n".encode()

    with pytest.raises(reading.ImportFileError, match="Filen har ingen kolumn ”Löfte-ID”"):
        activity_import.plan_import(municipality=setup["municipality"], name="a.csv", data=data)
    plan = activity_import.plan_import(municipality=setup["municipality"], name="a.csv", data=data, promise=setup["draft"])
    assert plan.errors == [] and plan.new[0].promise == setup["draft"]


def test_the_list_offers_drafts_and_revisions_first_with_their_period_and_state(signed_in, setup, here):
    published = PromiseFactory(agreement=here.agreements.get(), title="Droger", focus_areas=[setup["area"]])
    promise_start_revision(promise=published, by=setup["user"])

    page = signed_in.get(_page(setup)).content.decode()

    drafts = page.index('<optgroup label="Utkast och revideringar: nya aktiviteter och ändringar">')
    others = page.index('<optgroup label="Inskickade, godkända och publicerade: bara status kan ändras">')
    assert drafts < page.index("Droger · från 2023 · Utkast (revidering)") < others
    assert others < page.index("Droger · från 2023 · Publicerad")
    assert drafts < page.index("Tryggare skolvägar · från 2023 · Utkast<") < others


def test_the_list_holds_only_the_municipalitys_own_promises(signed_in, setup, there):
    PromiseFactory(agreement=there.agreements.get(), title="Deras löfte", workflow_state=ReviewState.DRAFT)

    page = signed_in.get(_page(setup)).content.decode()

    assert "Tryggare skolvägar" in page and "Deras löfte" not in page


def test_a_promise_of_one_year_or_several_is_labelled_with_its_years(signed_in, setup, here):
    import datetime

    agreement = here.agreements.get()
    PromiseFactory(agreement=agreement, title="Ett år", valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2024, 12, 31))
    PromiseFactory(agreement=agreement, title="Två år", valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2025, 12, 31))

    page = signed_in.get(_page(setup)).content.decode()

    assert "Ett år · 2024 · Publicerad<" in page and "Två år · 2024–2025 · Publicerad<" in page


def test_a_promise_can_be_chosen_in_advance_by_its_address(signed_in, setup):
    page = signed_in.get(f"{_page(setup)}&lofte={setup['other_draft'].pk}").content.decode()

    assert f'<option value="{setup["other_draft"].pk}" selected>' in page


def test_the_page_costs_as_many_queries_with_thirty_promises_as_with_three(signed_in, setup, here):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(_page(setup)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(27):
        promise = PromiseFactory(agreement=here.agreements.get(), focus_areas=[setup["area"]])
        ActivityFactory(promise=promise, focus_area=setup["area"])

    assert queries() == few


def test_the_preview_names_the_chosen_promise_only_when_a_row_took_it(signed_in, setup):
    draft = setup["draft"]

    with_ids = signed_in.post(_page(setup), {"promise": draft.pk, "file": _file(_template_row("Vandring", promise_id=draft.pk))})
    without = signed_in.post(_page(setup), {"promise": draft.pk, "file": _file(_template_row("Vandring"))})

    assert "hamnar i löftet" not in with_ids.content.decode()
    assert "Rader utan Löfte-ID hamnar i löftet ”Tryggare skolvägar”." in without.content.decode()
