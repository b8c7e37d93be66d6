"""Importing a file without IDs again: a row that matches an existing activity or promise is that
record (unchanged or changed), never a new one."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import ReviewState
from promises.importing import activities as activity_import
from promises.importing import promises as promise_import
from promises.models import Activity, Promise
from tests.factories import (
    ActivityFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db
# The template's columns as people fill them in: no Aktivitet-ID.
ACTIVITY_HEADINGS = "Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Plats;Status"
PROMISE_HEADINGS = "Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från"


@pytest.fixture
def setup(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    draft = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])
    return {"municipality": here, "agreement": here.agreements.get(), "area": area, "draft": draft, "user": coordinator_of(here)}


def _csv(headings, *rows):
    return ("\r\n".join([headings, *rows]) + "\r\n").encode("utf-8")


def _activities(*rows):
    return _csv(ACTIVITY_HEADINGS, *rows)


def _run(setup, data):
    return activity_import.run_import(municipality=setup["municipality"], name="aktiviteter.csv", data=data, by=setup["user"])


def _run_promises(setup, data):
    return promise_import.run_promise_import(municipality=setup["municipality"], name="loften.csv", data=data, by=setup["user"])


def _counts(plan):
    return len(plan.new), len(plan.changed), len(plan.unchanged)


def test_a_template_file_imported_twice_adds_nothing_the_second_time(setup):
    draft = setup["draft"].pk
    data = _activities(
        f"{draft};Trygghetsvandring;Ökad trygghet;gemensamt;Centrum;planerad",
        f"{draft};Trafikinsats vid skolan;Ökad trygghet;polisen;;pågående",
        f"{draft};Medborgardialog;Ökad trygghet;kommunen;Biblioteket;planerad",
    )
    assert _counts(_run(setup, data)) == (3, 0, 0)

    again = _run(setup, data)

    assert again.is_valid and _counts(again) == (0, 0, 3)
    assert Activity.objects.count() == 3


def test_a_changed_status_in_a_file_without_ids_is_one_change_also_in_a_published_promise(setup, here):
    published = PromiseFactory(agreement=setup["agreement"], focus_areas=[setup["area"]])
    walk = ActivityFactory(promise=published, focus_area=setup["area"], description="Trygghetsvandring", status="planned")
    ActivityFactory(promise=published, focus_area=setup["area"], description="Trafikinsats vid skolan", status="planned")

    plan = _run(
        setup,
        _activities(
            f"{published.pk};Trygghetsvandring;Ökad trygghet;gemensamt;;genomförd",
            f"{published.pk};Trafikinsats vid skolan;Ökad trygghet;gemensamt;;planerad",
        ),
    )

    assert plan.is_valid and _counts(plan) == (0, 1, 1)
    assert Activity.objects.count() == 2
    walk.refresh_from_db()
    assert walk.status == "done"


def test_a_description_that_differs_only_in_spaces_and_capitals_is_the_same_activity(setup):
    published = PromiseFactory(agreement=setup["agreement"], focus_areas=[setup["area"]])
    activity = ActivityFactory(promise=published, focus_area=setup["area"], description="Trafikinsats vid skolan")

    plan = _run(setup, _activities(f"{published.pk};  trafikinsats   VID skolan ;Ökad trygghet;gemensamt;;planerad"))

    assert plan.is_valid and _counts(plan) == (0, 0, 1)
    activity.refresh_from_db()
    assert activity.description == "Trafikinsats vid skolan"


def test_the_same_description_in_another_focus_area_is_a_new_activity(setup, here):
    other_area = FocusAreaFactory(municipality=here, name="Narkotika")
    setup["draft"].focus_areas.add(other_area)
    ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")

    plan = _run(setup, _activities(f"{setup['draft'].pk};Trygghetsvandring;Narkotika;gemensamt;;planerad"))

    assert plan.is_valid and _counts(plan) == (1, 0, 0)
    assert Activity.objects.count() == 2


def test_a_content_change_to_a_matched_activity_of_a_published_promise_is_refused(setup):
    published = PromiseFactory(agreement=setup["agreement"], focus_areas=[setup["area"]], title="Publicerat")
    activity = ActivityFactory(promise=published, focus_area=setup["area"], description="Trygghetsvandring", place="Centrum")

    plan = _run(setup, _activities(f"{published.pk};Trygghetsvandring;Ökad trygghet;gemensamt;Torget;planerad"))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Löfte-ID")]
    assert "bara aktiviteternas status kan ändras" in plan.errors[0].message
    activity.refresh_from_db()
    assert activity.place == "Centrum"


def test_a_row_matching_two_existing_activities_asks_for_the_activity_id(setup):
    first = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")
    second = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")

    plan = _run(setup, _activities(f"{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;genomförd"))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Aktivitet-ID")]
    assert "Aktivitet-ID" in plan.errors[0].message and f"{first.pk}, {second.pk}" in plan.errors[0].message
    assert not Activity.objects.filter(status="done").exists()


def test_two_rows_matching_the_same_activity_are_refused(setup):
    ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")

    plan = _run(
        setup,
        _activities(
            f"{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;planerad",
            f"{setup['draft'].pk};TRYGGHETSVANDRING;Ökad trygghet;gemensamt;;genomförd",
        ),
    )

    assert [(e.row, e.column, e.message) for e in plan.errors] == [(3, "Beskrivning", "Aktiviteten finns redan på rad 2.")]
    assert Activity.objects.get().status == "planned"


def test_a_row_without_id_and_a_row_with_the_id_of_the_same_activity_are_refused(setup):
    activity = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")
    headings = "Aktivitet-ID;" + ACTIVITY_HEADINGS

    plan = _run(
        setup,
        _csv(
            headings,
            f"{activity.pk};{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;planerad",
            f";{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;genomförd",
        ),
    )

    assert [(e.row, e.message) for e in plan.errors] == [(3, "Aktiviteten finns redan på rad 2.")]


def test_checking_a_file_without_ids_costs_as_many_queries_for_300_rows_as_for_30(setup):
    activities = ActivityFactory.create_batch(300, promise=setup["draft"], focus_area=setup["area"])

    def queries_to_check(count):
        data = _activities(*[f"{a.promise_id};{a.description};Ökad trygghet;gemensamt;;planerad" for a in activities[:count]])
        with CaptureQueriesContext(connection) as queries:
            plan = activity_import.plan_import(municipality=setup["municipality"], name="aktiviteter.csv", data=data)
        assert plan.is_valid and _counts(plan) == (0, 0, count)
        return len(queries)

    assert queries_to_check(300) == queries_to_check(30)


def test_the_preview_names_the_activity_a_row_matched(client, setup):
    activity = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandringar i centrum")
    client.force_login(setup["user"])
    # The page in English, so that the text is checked whatever the Swedish catalogue holds; the
    # status by its code, which the import reads in every language.
    upload = io.BytesIO(_activities(f"{setup['draft'].pk};Trygghetsvandringar i centrum;Ökad trygghet;gemensamt;;done"))
    upload.name = "aktiviteter.csv"

    client.cookies["django_language"] = "en"
    page = client.post(reverse("promises:import"), {"kommun": setup["municipality"].slug, "file": upload})

    assert f"Row 2 matches activity {activity.pk}, “Trygghetsvandringar i centrum”." in page.content.decode()


def test_the_preview_of_a_file_that_changes_nothing_still_names_the_matches(client, setup):
    activity = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring")
    client.force_login(setup["user"])
    upload = io.BytesIO(_activities(f"{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;;planned"))
    upload.name = "aktiviteter.csv"

    client.cookies["django_language"] = "en"
    page = client.post(reverse("promises:import"), {"kommun": setup["municipality"].slug, "file": upload})

    assert f"Row 2 matches activity {activity.pk}, “Trygghetsvandring”." in page.content.decode()
    assert page.context["plan"].unchanged and not page.context["plan"].new


# Promises --------------------------------------------------------------------------------------


def test_a_promise_file_without_ids_imported_twice_adds_nothing_the_second_time(setup):
    agreement = setup["agreement"].pk
    data = _csv(
        PROMISE_HEADINGS,
        f"{agreement};Trygga vägar;Vi lovar tryggare vägar.;Ökad trygghet;2027-01-01",
        f"{agreement};Trygg skolväg;Vi lovar en trygg skolväg.;Ökad trygghet;2027-01-01",
    )
    assert _counts(_run_promises(setup, data)) == (2, 0, 0)
    before = Promise.objects.count()

    again = _run_promises(setup, data)

    assert again.is_valid and _counts(again) == (0, 0, 2)
    assert Promise.objects.count() == before


def test_a_changed_draft_promise_without_id_is_changed_not_new(setup):
    draft = setup["draft"]

    plan = _run_promises(
        setup, _csv(PROMISE_HEADINGS, f"{draft.agreement_id};{draft.title.upper()};Vi lovar mer.;Ökad trygghet;{draft.valid_from}")
    )

    assert plan.is_valid and _counts(plan) == (0, 1, 0)
    draft.refresh_from_db()
    assert draft.commitment == "Vi lovar mer." and Promise.objects.count() == 1


def test_a_promise_with_the_same_title_but_another_start_is_new(setup):
    draft = setup["draft"]

    plan = _run_promises(setup, _csv(PROMISE_HEADINGS, f"{draft.agreement_id};{draft.title};Vi lovar.;Ökad trygghet;2030-01-01"))

    assert plan.is_valid and _counts(plan) == (1, 0, 0)


def test_a_published_promise_matched_without_id_must_be_changed_through_a_revision(setup):
    published = PromiseFactory(agreement=setup["agreement"], title="Publicerat", focus_areas=[setup["area"]])

    plan = _run_promises(
        setup, _csv(PROMISE_HEADINGS, f"{published.agreement_id};Publicerat;Vi lovar något annat.;Ökad trygghet;{published.valid_from}")
    )

    assert "påbörja en revidering" in plan.errors[0].message
    assert Promise.objects.count() == 2


def test_two_rows_matching_the_same_promise_are_refused(setup):
    draft = setup["draft"]
    row = f"{draft.agreement_id};{draft.title};{draft.commitment};Ökad trygghet;{draft.valid_from}"

    plan = _run_promises(setup, _csv(PROMISE_HEADINGS, row, row))

    assert [(e.row, e.column, e.message) for e in plan.errors] == [(3, "Titel", "Löftet finns redan på rad 2.")]


def test_a_row_matching_two_existing_promises_asks_for_the_promise_id(setup):
    twin = PromiseFactory(
        agreement=setup["agreement"], title=setup["draft"].title, workflow_state=ReviewState.DRAFT, focus_areas=[setup["area"]]
    )
    draft = setup["draft"]

    plan = _run_promises(setup, _csv(PROMISE_HEADINGS, f"{draft.agreement_id};{draft.title};Vi lovar.;Ökad trygghet;{draft.valid_from}"))

    assert [(e.row, e.column) for e in plan.errors] == [(2, "Löfte-ID")]
    assert "Löfte-ID" in plan.errors[0].message and f"{draft.pk}, {twin.pk}" in plan.errors[0].message


def test_the_preview_names_the_promise_a_row_matched(client, setup):
    draft = setup["draft"]
    client.force_login(setup["user"])
    upload = io.BytesIO(_csv(PROMISE_HEADINGS, f"{draft.agreement_id};{draft.title};Vi lovar mer.;Ökad trygghet;{draft.valid_from}"))
    upload.name = "loften.csv"

    client.cookies["django_language"] = "en"
    page = client.post(reverse("promises:import_promises"), {"kommun": setup["municipality"].slug, "file": upload})

    assert f"Row 2 matches promise {draft.pk}, “{draft.title}”." in page.content.decode()
