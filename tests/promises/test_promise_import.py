"""Promises in and out of spreadsheets: new ones as drafts, changes only to drafts, all or nothing."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from promises.importing import promises as promise_import
from promises.models import Audience, Promise
from tests.factories import FocusAreaFactory, PromiseFactory, coordinator_of

pytestmark = pytest.mark.django_db
HEADINGS = "Löfte-ID;Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från;Gäller till"


@pytest.fixture
def setup(here):
    FocusAreaFactory(municipality=here, name="Ökad trygghet")
    FocusAreaFactory(name="Narkotika", slug="narkotika")
    return {"municipality": here, "agreement": here.agreements.get(), "user": coordinator_of(here)}


def _csv(*rows):
    return ("\r\n".join([HEADINGS, *rows]) + "\r\n").encode("utf-8")


def _run(setup, data, name="loften.csv"):
    return promise_import.run_promise_import(municipality=setup["municipality"], name=name, data=data, by=setup["user"])


def test_new_promises_are_imported_as_drafts_with_their_focus_areas(setup):
    plan = _run(setup, _csv(f';{setup["agreement"].pk};Trygga vägar;Vi lovar tryggare vägar.;"Ökad trygghet; Narkotika";2027-01-01;'))

    assert plan.is_valid and len(plan.new) == 1
    promise = Promise.objects.get(title="Trygga vägar")
    assert promise.workflow_state == ReviewState.DRAFT
    assert sorted(a.name for a in promise.focus_areas.all()) == ["Narkotika", "Ökad trygghet"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exported_promises_import_back_unchanged(setup, kind):
    area = setup["municipality"].focus_areas.get()
    PromiseFactory(agreement=setup["agreement"], title="=Formel?", commitment="Vi lovar.", focus_areas=[area])
    PromiseFactory(agreement=setup["agreement"], title="Utkast", workflow_state=ReviewState.DRAFT, focus_areas=[area])

    plan = _run(setup, promise_import.export_promises(setup["municipality"], kind), name=f"loften.{kind}")

    assert plan.is_valid and (len(plan.new), len(plan.changed), len(plan.unchanged)) == (0, 0, 2)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (";{agreement};Titel;Löfte;Okänt område;2027-01-01;", "Fokusområden", "Det finns inget fokusområde ”Okänt område”"),
        (";999999;Titel;Löfte;Ökad trygghet;2027-01-01;", "Överenskommelse-ID", "Kommunen har ingen överenskommelse 999999."),
        (";{agreement};Titel;Löfte;Ökad trygghet;2027-01-01;2026-01-01", "Gäller till", "Slutdatumet kan inte vara före startdatumet."),
        (";{agreement};;Löfte;Ökad trygghet;2027-01-01;", "Titel", "Den här kolumnen måste fyllas i."),
    ],
)
def test_a_bad_promise_row_is_named_and_nothing_is_written(setup, row, column, message):
    plan = _run(
        setup, _csv(f";{setup['agreement'].pk};Bra löfte;Vi lovar.;Ökad trygghet;2027-01-01;", row.format(agreement=setup["agreement"].pk))
    )

    assert [(e.row, e.column) for e in plan.errors] == [(3, column)]
    assert message in plan.errors[0].message
    assert not Promise.objects.exists()


def test_a_published_promise_cannot_be_changed_by_import(setup):
    published = PromiseFactory(agreement=setup["agreement"], title="Publicerat", focus_areas=[setup["municipality"].focus_areas.get()])

    plan = _run(setup, _csv(f"{published.pk};{setup['agreement'].pk};Ändrat;Vi lovar.;Ökad trygghet;2027-01-01;"))

    assert "påbörja en revidering" in plan.errors[0].message
    published.refresh_from_db()
    assert published.title == "Publicerat"


def test_another_municipalitys_promise_is_a_row_error(setup, there):
    theirs = PromiseFactory(agreement=there.agreements.get(), workflow_state=ReviewState.DRAFT)

    plan = _run(setup, _csv(f"{theirs.pk};{setup['agreement'].pk};Kapat;Vi lovar.;Ökad trygghet;2027-01-01;"))

    assert "Kommunen har inget löfte" in plan.errors[0].message
    theirs.refresh_from_db()
    assert theirs.title != "Kapat"


def test_coordinator_imports_promises_through_the_preview(client, setup):
    import io

    client.force_login(setup["user"])
    upload = io.BytesIO(_csv(f";{setup['agreement'].pk};Trygga vägar;Vi lovar.;Ökad trygghet;2027-01-01;"))
    upload.name = "loften.csv"

    preview = client.post(reverse("promises:import_promises"), {"kommun": setup["municipality"].slug, "file": upload})
    assert "1 nytt löfte (ett utkast)" in preview.content.decode()
    client.post(f"{reverse('promises:import_promises_confirm')}?kommun={setup['municipality'].slug}")

    assert Promise.objects.get().title == "Trygga vägar"


NEW_COLUMNS = ";Gäller så länge överenskommelsen gäller;Målgrupp;Vilken grupp eller vilket område;Undertecknat"


def _csv_with_new_columns(*rows):
    return ("\r\n".join([HEADINGS + NEW_COLUMNS, *rows]) + "\r\n").encode("utf-8")


def test_a_new_promise_gets_its_audience_signature_date_and_running_with_the_agreement(setup):
    plan = _run(
        setup,
        _csv_with_new_columns(
            f";{setup['agreement'].pk};Trygga kvarter;Vi lovar.;Ökad trygghet;2027-01-01;;ja;ett område;Centrum;2026-12-01"
        ),
    )

    assert plan.is_valid
    promise = Promise.objects.get()
    assert (promise.runs_with_agreement, promise.audience, promise.audience_detail, promise.signed_on) == (
        True,
        Audience.NEIGHBOURHOOD,
        "Centrum",
        datetime.date(2026, 12, 1),
    )


def test_empty_new_columns_mean_everyone_and_not_running_with_the_agreement(setup):
    plan = _run(setup, _csv_with_new_columns(f";{setup['agreement'].pk};Trygga vägar;Vi lovar.;Ökad trygghet;2027-01-01;;;;;"))

    assert plan.is_valid
    promise = Promise.objects.get()
    assert (promise.runs_with_agreement, promise.audience, promise.signed_on) == (False, Audience.EVERYONE, None)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_new_promise_columns_go_out_and_come_back(setup, kind):
    area = setup["municipality"].focus_areas.get()
    PromiseFactory(
        agreement=setup["agreement"],
        title="Barnlöfte",
        workflow_state=ReviewState.DRAFT,
        focus_areas=[area],
        runs_with_agreement=True,
        audience=Audience.CHILDREN,
        signed_on=datetime.date(2026, 1, 15),
    )
    PromiseFactory(
        agreement=setup["agreement"],
        title="Trygga kvarter",
        workflow_state=ReviewState.DRAFT,
        focus_areas=[area],
        audience=Audience.NEIGHBOURHOOD,
        audience_detail="Centrum",
    )
    exported = promise_import.export_promises(setup["municipality"], kind)
    fields = ["title", "runs_with_agreement", "audience", "audience_detail", "signed_on"]
    before = list(Promise.objects.order_by("pk").values(*fields))
    Promise.objects.update(runs_with_agreement=False, audience=Audience.EVERYONE, audience_detail="", signed_on=None)

    plan = _run(setup, exported, name=f"loften.{kind}")
    again = _run(setup, exported, name=f"loften.{kind}")

    assert plan.is_valid and (len(plan.new), len(plan.changed)) == (0, 2)
    assert list(Promise.objects.order_by("pk").values(*fields)) == before
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 2)


def test_a_changed_audience_is_a_content_change_refused_in_a_published_promise(setup):
    published = PromiseFactory(agreement=setup["agreement"], title="Publicerat", focus_areas=[setup["municipality"].focus_areas.get()])

    plan = _run(
        setup,
        _csv_with_new_columns(
            f"{published.pk};{setup['agreement'].pk};Publicerat;{published.commitment};Ökad trygghet;{published.valid_from};;nej;barn;;"
        ),
    )

    assert "påbörja en revidering" in plan.errors[0].message
    published.refresh_from_db()
    assert published.audience == Audience.EVERYONE


def test_an_old_file_without_the_new_columns_leaves_them_as_they_are(setup):
    draft = PromiseFactory(
        agreement=setup["agreement"],
        title="Utkast",
        workflow_state=ReviewState.DRAFT,
        focus_areas=[setup["municipality"].focus_areas.get()],
        runs_with_agreement=True,
        audience=Audience.OTHER,
        audience_detail="Företagare",
        signed_on=datetime.date(2026, 1, 15),
    )

    plan = _run(setup, _csv(f"{draft.pk};{setup['agreement'].pk};Utkast;{draft.commitment};Ökad trygghet;{draft.valid_from};"))

    assert plan.is_valid and len(plan.unchanged) == 1
    draft.refresh_from_db()
    assert (draft.runs_with_agreement, draft.audience, draft.audience_detail, draft.signed_on) == (
        True,
        Audience.OTHER,
        "Företagare",
        datetime.date(2026, 1, 15),
    )


def test_an_unknown_audience_is_a_row_error_that_lists_only_the_valid_words(setup):
    plan = _run(setup, _csv_with_new_columns(f";{setup['agreement'].pk};Trygga vägar;Vi lovar.;Ökad trygghet;2027-01-01;;nej;bilister;;"))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Målgrupp")]
    rejected, valid = plan.errors[0].message.split(";")
    assert "bilister" in rejected and "bilister" not in valid
    assert "alla, barn, unga, äldre, ett område" in valid and "annan grupp" in valid
    assert not Promise.objects.exists()


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ("kanske;alla;;", "Gäller så länge överenskommelsen gäller"),
        ("nej;annan grupp;;", "Vilken grupp eller vilket område"),
        ("nej;alla;;1 december", "Undertecknat"),
    ],
)
def test_a_bad_value_in_a_new_promise_column_is_a_row_error(setup, cells, column):
    plan = _run(setup, _csv_with_new_columns(f";{setup['agreement'].pk};Trygga vägar;Vi lovar.;Ökad trygghet;2027-01-01;;{cells}"))

    assert [(e.row, e.column) for e in plan.errors] == [(2, column)]
    assert not Promise.objects.exists()
