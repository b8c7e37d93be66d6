"""The admin obeys the rules of the coordinator pages: add and change forms check the parent's scope
and state, choices list only what the user may use, and published content is not changed in place,
not even by an administrator."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import Signatory
from approvals.models import ReviewState
from followup.models import Indicator
from promises.models import Activity, Promise
from promises.services import PromiseError, activity_update
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db

REFUSED_CHOICE = "Välj ett av alternativen i listan"  # approvals.admin.UNUSABLE_CHOICE, in Swedish


@pytest.fixture
def staff_coordinator_there(other_coordinator):
    """A coordinator of another municipality who has been given "Staff status"."""
    other_coordinator.is_staff = True
    other_coordinator.save()
    return other_coordinator


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save()
    return coordinator


@pytest.fixture
def area():
    return FocusAreaFactory(name="Trygghet i centrum")


@pytest.fixture
def published_here(here, area):
    return PromiseFactory(agreement=here.agreements.get(), title="Publicerat löfte här", focus_areas=[area])


@pytest.fixture
def draft_here(here, area):
    return PromiseFactory(agreement=here.agreements.get(), title="Hemligt utkast här", workflow_state=ReviewState.DRAFT, focus_areas=[area])


def _activity_form(promise, area, **changes):
    return {
        "promise": promise.pk,
        "focus_area": area.pk,
        "description": "Inplanterad aktivitet",
        "responsible": "jointly",
        "partner_name": "",
        "place": "",
        "timing": "",
        "planned_from": "",
        "planned_until": "",
        "target": "",
        "target_per_year": "",
        "status": "planned",
        "status_date": "",
        "status_note": "",
        "carried_over_from": "",
        "order": "0",
        **changes,
    }


def test_coordinator_of_another_municipality_cannot_add_an_activity_to_a_published_promise(
    client, staff_coordinator_there, published_here, area
):
    client.force_login(staff_coordinator_there)

    response = client.post(reverse("admin:promises_activity_add"), _activity_form(published_here, area))

    assert response.status_code == 200
    assert REFUSED_CHOICE in response.content.decode()
    assert not published_here.activities.exists()


def test_coordinator_of_another_municipality_cannot_add_an_activity_to_a_draft_there(client, staff_coordinator_there, draft_here, area):
    client.force_login(staff_coordinator_there)

    response = client.post(reverse("admin:promises_activity_add"), _activity_form(draft_here, area))

    assert REFUSED_CHOICE in response.content.decode()
    assert not draft_here.activities.exists()


def test_the_add_form_lists_only_the_users_own_draft_promises_and_focus_areas(
    client, staff_coordinator_there, there, draft_here, published_here
):
    own_draft = PromiseFactory(agreement=there.agreements.get(), title="Eget utkast där", workflow_state=ReviewState.DRAFT)
    PromiseFactory(agreement=there.agreements.get(), title="Eget publicerat där")
    FocusAreaFactory(municipality=draft_here.agreement.municipality, name="Härs lokala område")
    FocusAreaFactory(municipality=there, name="Egna lokala området")
    client.force_login(staff_coordinator_there)

    page = client.get(reverse("admin:promises_activity_add")).content.decode()

    assert own_draft.title in page
    assert "Eget publicerat där" not in page  # content goes into drafts only
    assert "Hemligt utkast här" not in page and "Publicerat löfte här" not in page
    assert "Egna lokala området" in page and "Härs lokala område" not in page
    assert "Trygghet i centrum" in page  # the national catalogue is everyone's


def test_coordinator_adds_an_activity_to_their_own_draft_in_the_admin(client, staff_coordinator, draft_here, area):
    client.force_login(staff_coordinator)

    response = client.post(reverse("admin:promises_activity_add"), _activity_form(draft_here, area))

    assert response.status_code == 302
    assert draft_here.activities.get().description == "Inplanterad aktivitet"


def test_administrator_cannot_move_a_draft_activity_into_a_published_promise_in_the_admin(
    client, admin_user, draft_here, published_here, area
):
    activity = ActivityFactory(promise=draft_here, focus_area=area, description="Utkastets aktivitet")
    client.force_login(admin_user)
    url = reverse("admin:promises_activity_change", args=[activity.pk])

    page = client.get(url).content.decode()
    response = client.post(url, _activity_form(published_here, area, description="Utkastets aktivitet"))

    assert "Publicerat löfte här" not in page.split('name="promise"')[1].split("</select>")[0]
    assert response.status_code == 200
    assert REFUSED_CHOICE in response.content.decode()
    activity.refresh_from_db()
    assert activity.promise == draft_here
    assert not published_here.activities.exists()


def test_no_path_moves_a_draft_activity_into_a_published_promise(draft_here, published_here, area, coordinator, admin_user):
    activity = ActivityFactory(promise=draft_here, focus_area=area)

    activity.promise = published_here
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    with pytest.raises(PromiseError):
        activity_update(activity=Activity.objects.get(pk=activity.pk), by=admin_user, promise=published_here)

    assert "inte ens en administratör" in " ".join(refused.value.message_dict["promise"])
    assert Activity.objects.get(pk=activity.pk).promise == draft_here


def test_a_new_activity_in_a_published_promise_is_refused_by_the_model(published_here, area):
    activity = Activity(promise=published_here, focus_area=area, description="Ny", responsible="jointly")

    with pytest.raises(ValidationError) as refused:
        activity.full_clean()

    assert "promise" in refused.value.message_dict


def test_reporting_a_status_on_a_published_promises_activity_still_validates(published_here, area):
    activity = ActivityFactory(promise=published_here, focus_area=area)
    activity.status, activity.status_date = "done", datetime.date(2024, 5, 1)

    activity.full_clean()  # progress is not content: no error


def test_coordinator_of_another_municipality_cannot_add_a_signatory_to_a_published_agreement(client, staff_coordinator_there, here):
    agreement = here.agreements.get()
    client.force_login(staff_coordinator_there)

    response = client.post(
        reverse("admin:agreements_signatory_add"),
        {
            "agreement": agreement.pk,
            "order": "0",
            "name": "Inplanterad",
            "title": "Chef",
            "party": "municipality",
            "organisation": "X",
            "signed_on": "",
        },
    )

    assert REFUSED_CHOICE in response.content.decode()
    assert not Signatory.objects.filter(name="Inplanterad").exists()


def test_administrator_cannot_add_a_signatory_to_a_published_agreement_in_the_admin(client, admin_user, here):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:agreements_signatory_add"),
        {
            "agreement": here.agreements.get().pk,
            "order": "0",
            "name": "Inplanterad",
            "title": "Chef",
            "party": "municipality",
            "organisation": "X",
            "signed_on": "",
        },
    )

    assert REFUSED_CHOICE in response.content.decode()
    assert not Signatory.objects.filter(name="Inplanterad").exists()


def test_coordinator_of_another_municipality_cannot_add_an_indicator_there(client, staff_coordinator_there, here, there):
    client.force_login(staff_coordinator_there)
    url = reverse("admin:followup_indicator_add")
    form = {
        "municipality": here.pk,
        "name": "Inplanterad indikator",
        "unit": "procent",
        "source": "X",
        "description": "",
        "by_gender": "on",
        "order": "0",
        "measurements-TOTAL_FORMS": "0",
        "measurements-INITIAL_FORMS": "0",
        "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "1000",
    }

    page = client.get(url).content.decode()
    response = client.post(url, form)

    assert there.name in page and here.name not in page
    assert REFUSED_CHOICE in response.content.decode()
    assert not Indicator.objects.filter(name="Inplanterad indikator").exists()


def test_coordinator_of_another_municipality_cannot_add_a_promise_under_its_agreement(client, staff_coordinator_there, here, area):
    client.force_login(staff_coordinator_there)
    form = {
        "agreement": here.agreements.get().pk,
        "title": "Inplanterat löfte",
        "commitment": "Vi lovar.",
        "focus_areas": [area.pk],
        "audience": "everyone",
        "audience_detail": "",
        "valid_from": "2024-01-01",
        "valid_until": "",
        "order": "0",
        "signed_on": "",
        "originally_published_on": "",
        "originally_published_where": "",
        "effect": "",
        "background": "",
        "sources": "",
        **{
            f"{prefix}-{name}": value
            for prefix in ("activities", "signatories", "extensions")
            for name, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}.items()
        },
        "approvals-transition-content_type-object_id-TOTAL_FORMS": "0",
        "approvals-transition-content_type-object_id-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:promises_promise_add"), form)

    assert REFUSED_CHOICE in response.content.decode()
    assert not Promise.objects.filter(title="Inplanterat löfte").exists()


def test_the_activity_rows_on_a_draft_promise_offer_only_national_and_own_focus_areas(client, staff_coordinator, draft_here, there):
    FocusAreaFactory(municipality=there, name="Annans lokala område")
    FocusAreaFactory(municipality=draft_here.agreement.municipality, name="Vårt lokala område")
    ActivityFactory(promise=draft_here, focus_area=draft_here.focus_areas.get())
    client.force_login(staff_coordinator)

    page = client.get(reverse("admin:promises_promise_change", args=[draft_here.pk])).content.decode()

    assert "Vårt lokala område" in page
    assert "Annans lokala område" not in page


def test_a_published_promise_page_in_the_admin_says_why_it_cannot_be_changed(client, admin_user, published_here):
    client.force_login(admin_user)

    page = client.get(reverse("admin:promises_promise_change", args=[published_here.pk])).content.decode()

    assert "inte ens av en administratör" in page
