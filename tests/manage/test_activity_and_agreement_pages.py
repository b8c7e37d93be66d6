"""Activities, their status, order and carry-over; agreements and signatories, in the browser's forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Signatory
from approvals.models import ReviewState
from promises.models import Activity
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(here):
    return FocusAreaFactory(municipality=here, name="Trygga parker")


@pytest.fixture
def promise(draft, area):
    draft.focus_areas.set([area])
    return draft


def _activity_data(promise, area, **overrides):
    data = {
        "description": "Trygghetsvandring i parken",
        "promise": promise.pk,
        "focus_area": area.pk,
        "responsible": "jointly",
        "partner_name": "",
        "place": "Stadsparken",
        "timing": "Varje höst",
        "target": "2 vandringar per år",
        "target_per_year": "2",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_activity_last_in_order(signed_in, promise, area):
    ActivityFactory(promise=promise, focus_area=area, order=1)

    signed_in.post(reverse("promises:activity_new", args=[promise.pk]), _activity_data(promise, area))

    added = Activity.objects.get(description="Trygghetsvandring i parken")
    assert (added.promise, added.order, added.target_per_year) == (promise, 2, 2)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"description": ""}, "description", "Detta fält måste fyllas i."),
        ({"responsible": "partner", "partner_name": ""}, "partner_name", "Ange vilken samverkanspart som är ansvarig."),
        ({"responsible": "grannen"}, "responsible", "Välj ett giltigt alternativ."),
        ({"target_per_year": "-3"}, "target_per_year", "Kontrollera att detta värde är större än eller lika med 0."),
        ({"place": "x" * 201}, "place", "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
    ],
)
def test_bad_activity_input_is_refused_and_nothing_is_written(signed_in, promise, area, overrides, field, message):
    response = signed_in.post(reverse("promises:activity_new", args=[promise.pk]), _activity_data(promise, area, **overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Activity.objects.exists()


def test_coordinator_plans_an_activity_for_part_of_the_promises_period(signed_in, promise, area):
    signed_in.post(
        reverse("promises:activity_new", args=[promise.pk]),
        _activity_data(promise, area, planned_from="2026-01-01", planned_until="2026-12-31"),
    )

    added = Activity.objects.get(description="Trygghetsvandring i parken")
    assert (added.planned_from, added.planned_until) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_a_planned_end_before_the_planned_start_is_refused_in_swedish_and_nothing_is_written(signed_in, promise, area):
    from django.utils.translation import gettext

    msgid = "The planned end cannot be before the planned start."
    response = signed_in.post(
        reverse("promises:activity_new", args=[promise.pk]),
        _activity_data(promise, area, planned_from="2026-06-01", planned_until="2026-05-31"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["planned_until"] == [gettext(msgid)]
    assert gettext(msgid) != msgid, "the message has no Swedish translation"
    assert not Activity.objects.exists()


def test_activity_focus_area_must_be_one_of_the_promises(signed_in, promise, here):
    other_area = FocusAreaFactory(municipality=here, name="Trafik")

    response = signed_in.post(reverse("promises:activity_new", args=[promise.pk]), _activity_data(promise, other_area))

    assert "Välj ett av löftets fokusområden." in response.context["form"].errors["focus_area"]
    assert not Activity.objects.exists()


def test_activity_cannot_be_moved_to_another_municipalitys_promise(signed_in, promise, area, there):
    activity = ActivityFactory(promise=promise, focus_area=area, description="Min aktivitet")
    theirs = PromiseFactory(agreement=there.agreements.get(), workflow_state=ReviewState.DRAFT)

    response = signed_in.post(
        reverse("promises:activity_edit", args=[activity.pk]), _activity_data(theirs, area, description="Flyttad", version=activity.version)
    )

    assert "Välj ett giltigt alternativ" in str(response.context["form"].errors["promise"])
    activity.refresh_from_db()
    assert (activity.promise, activity.description) == (promise, "Min aktivitet")


def test_activity_moves_to_another_draft_promise_of_the_same_municipality(signed_in, promise, area, here):
    activity = ActivityFactory(promise=promise, focus_area=area)
    other = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])

    signed_in.post(reverse("promises:activity_edit", args=[activity.pk]), _activity_data(other, area, version=activity.version))

    activity.refresh_from_db()
    assert activity.promise == other


def test_status_change_keeps_its_date_and_note_in_the_history(signed_in, promise, area, coordinator):
    activity = ActivityFactory(promise=promise, focus_area=area)
    promise.workflow_state = ReviewState.PUBLISHED  # progress is reported on published promises too
    promise.save()

    signed_in.post(
        reverse("promises:activity_status", args=[activity.pk]),
        {"status": "postponed", "status_date": "2026-03-01", "status_note": "Snöstorm", "version": activity.version},
    )

    activity.refresh_from_db()
    assert (activity.status, activity.status_date, activity.status_note) == ("postponed", datetime.date(2026, 3, 1), "Snöstorm")
    latest = activity.history.first()
    assert (latest.status, latest.status_note, latest.history_user) == ("postponed", "Snöstorm", coordinator)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "done", "status_date": ""}, "status_date", "Ange från vilket datum statusen gäller."),
        ({"status": "klar", "status_date": "2026-01-01"}, "status", "Välj ett giltigt alternativ."),
        ({"status": "done", "status_date": "2999-01-01"}, "status_date", "Datumet kan inte vara i framtiden."),
        ({"status": "done", "status_date": "2026-01-01", "status_note": "x" * 301}, "status_note", "som mest 300 tecken"),
    ],
)
def test_bad_status_change_is_refused_and_the_status_stays(signed_in, promise, area, data, field, message):
    activity = ActivityFactory(promise=promise, focus_area=area, status="planned")

    response = signed_in.post(reverse("promises:activity_status", args=[activity.pk]), {**data, "version": activity.version})

    assert message in " ".join(response.context["form"].errors[field])
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_coordinator_removes_an_activity_after_confirming(signed_in, promise, area):
    activity = ActivityFactory(promise=promise, focus_area=area)
    url = reverse("promises:activity_delete", args=[activity.pk])

    assert "Ta bort aktiviteten?" in signed_in.get(url).content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()
    signed_in.post(url)

    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_an_activity_of_a_published_promise_cannot_be_removed(signed_in, here, area):
    published = PromiseFactory(agreement=here.agreements.get(), focus_areas=[area])
    activity = ActivityFactory(promise=published, focus_area=area)

    response = signed_in.post(reverse("promises:activity_delete", args=[activity.pk]), follow=True)

    assert "kan inte ändras direkt" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_coordinator_reorders_activities(signed_in, promise, area):
    first = ActivityFactory(promise=promise, focus_area=area, order=1)
    second = ActivityFactory(promise=promise, focus_area=area, order=2)

    signed_in.post(reverse("promises:activity_move", args=[second.pk]), {"direction": "up"})

    assert list(promise.activities.order_by("order")) == [second, first]


def test_coordinator_carries_over_chosen_unfinished_activities(signed_in, promise, area, here):
    earlier = PromiseFactory(agreement=here.agreements.get(), valid_from=datetime.date(2020, 1, 1), focus_areas=[area])
    walks = ActivityFactory(promise=earlier, focus_area=area, description="Trygghetsvandringar", status="postponed")
    ActivityFactory(promise=earlier, focus_area=area, description="Klart sedan länge", status="done")
    url = reverse("promises:carry_over", args=[promise.pk])

    page = signed_in.get(url).content.decode()
    assert "Trygghetsvandringar" in page and "Klart sedan länge" not in page

    signed_in.post(url, {"activities": [walks.pk]})

    carried = promise.activities.get()
    assert carried.carried_over_from == walks


def test_carrying_over_nothing_is_refused(signed_in, promise):
    response = signed_in.post(reverse("promises:carry_over", args=[promise.pk]), {})

    assert "Välj minst en aktivitet att föra över." in response.context["form"].errors["activities"]
    assert not promise.activities.exists()


def _agreement_data(**overrides):
    data = {
        "kommun": "har",
        "title": "Samverkansöverenskommelse 2030–2032",
        "other_partners": "",
        "starts_on": "2030-01-01",
        "ends_on": "2032-12-31",
        "extends_automatically": "on",
        "signed_on": "",
        "cadence": "yearly",
        "purpose": "",
        "collaboration_model": "",
        "follow_up": "",
        "remarks": "",
    }
    data.update(overrides)
    return data


def test_coordinator_drafts_an_agreement_with_the_municipalitys_police_area(signed_in, here):
    here.agreements.update(ends_on=datetime.date(2029, 12, 31))

    signed_in.post(reverse("agreements:agreement_new"), _agreement_data())

    agreement = Agreement.objects.get(title="Samverkansöverenskommelse 2030–2032")
    assert (agreement.municipality, agreement.police_area, agreement.workflow_state) == (here, here.police_area, ReviewState.DRAFT)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        ({"ends_on": "2029-01-01"}, "ends_on", "Slutdatumet kan inte vara före startdatumet."),
        ({"starts_on": "2025-01-01", "ends_on": "2026-12-31"}, "starts_on", "överlappar"),
        ({"cadence": "monthly"}, "cadence", "Välj ett giltigt alternativ."),
    ],
)
def test_bad_agreement_input_is_refused_and_nothing_is_written(signed_in, here, overrides, field, message):
    here.agreements.update(starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2029, 12, 31))

    response = signed_in.post(reverse("agreements:agreement_new"), _agreement_data(**overrides))

    assert message in " ".join(response.context["form"].errors[field])
    assert Agreement.objects.filter(municipality=here).count() == 1


def test_signatories_are_added_to_and_removed_from_a_draft_agreement(signed_in, here):
    draft = Agreement.objects.create(
        municipality=here,
        police_area=here.police_area,
        title="Utkast",
        starts_on=datetime.date(2040, 1, 1),
        workflow_state=ReviewState.DRAFT,
    )
    signed_in.post(
        reverse("agreements:signatory_new", args=[draft.pk]),
        {
            "name": "Gert Jonsson",
            "title": "Kommunstyrelsens ordförande",
            "party": "municipality",
            "organisation": "Vaggeryds kommun",
            "signed_on": "",
        },
    )
    signatory = draft.signatories.get()
    assert signatory.name == "Gert Jonsson"

    signed_in.post(reverse("agreements:signatory_remove", args=[signatory.pk]))

    assert not draft.signatories.exists()


def test_a_signatory_without_a_name_is_refused(signed_in, here):
    draft = Agreement.objects.create(
        municipality=here,
        police_area=here.police_area,
        title="Utkast",
        starts_on=datetime.date(2040, 1, 1),
        workflow_state=ReviewState.DRAFT,
    )

    response = signed_in.post(
        reverse("agreements:signatory_new", args=[draft.pk]),
        {"name": "", "title": "Ordförande", "party": "municipality", "organisation": "Kommunen"},
    )

    assert "Detta fält måste fyllas i." in response.context["form"].errors["name"]
    assert not Signatory.objects.filter(agreement=draft).exists()


def test_signatories_of_a_published_agreement_stay(signed_in, here):
    signatory = SignatoryFactory(agreement=here.agreements.get())

    response = signed_in.post(reverse("agreements:signatory_remove", args=[signatory.pk]), follow=True)

    assert "kan inte ändras direkt" in response.content.decode()
    assert Signatory.objects.filter(pk=signatory.pk).exists()


def test_status_date_defaults_to_today(signed_in, promise, area):
    activity = ActivityFactory(promise=promise, focus_area=area)

    page = signed_in.get(reverse("promises:activity_status", args=[activity.pk])).content.decode()

    assert timezone.localdate().isoformat() in page
