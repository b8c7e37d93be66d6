"""The coordinator edits promises in the browser: every bad input gets a Swedish message and
nothing is written."""

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from promises.models import FocusArea, Promise
from tests.factories import FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(here):
    return FocusAreaFactory(municipality=here, name="Trygga parker")


def _new_promise_data(here, area, **overrides):
    data = {
        "kommun": here.slug,
        "agreement": here.agreements.get().pk,
        "title": "Trygga parker",
        "commitment": "Vi lovar att arbeta för tryggare parker.",
        "focus_areas": [area.pk],
        "valid_from": "2027-01-01",
        "valid_until": "",
        "order": "1",
        "effect": "",
        "background": "",
        "sources": "",
        "audience": "everyone",
        "audience_detail": "",
        "signed_on": "",
        "originally_published_on": "",
        "originally_published_where": "",
    }
    data.update(overrides)
    return data


def _swedish(msgid: str) -> str:
    """A model's message as the page shows it: in Swedish, which is not its English msgid."""
    from django.utils.translation import gettext

    shown = gettext(msgid)
    assert shown != msgid, f"no Swedish translation of {msgid!r}"
    return shown


def test_coordinator_creates_a_draft_promise(signed_in, here, area):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area))

    promise = Promise.objects.get(title="Trygga parker")
    assert response.status_code == 302 and response["Location"] == promise.get_manage_url()
    assert promise.workflow_state == ReviewState.DRAFT
    assert list(promise.focus_areas.all()) == [area]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        ({"commitment": "   "}, "commitment", "Detta fält måste fyllas i."),
        ({"focus_areas": []}, "focus_areas", "Välj minst ett fokusområde."),
        ({"valid_from": "2027-01-01", "valid_until": "2026-01-01"}, "valid_until", "Slutdatumet kan inte vara före startdatumet."),
        ({"valid_from": "den första"}, "valid_from", "Fyll i ett giltigt datum."),
        ({"title": "x" * 201}, "title", "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
    ],
)
def test_bad_promise_input_is_refused_next_to_its_field_and_nothing_is_written(signed_in, here, area, overrides, field, message):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, **overrides))

    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert "Rätta följande" in page
    assert not Promise.objects.filter(workflow_state=ReviewState.DRAFT).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"audience": "neighbourhood", "audience_detail": "  "},
            "audience_detail",
            "Say which neighbourhood or group the promise is aimed at.",
        ),
        ({"audience": "other"}, "audience_detail", "Say which neighbourhood or group the promise is aimed at."),
        ({"originally_published_on": "2999-01-01"}, "originally_published_on", "The original publication date cannot be in the future."),
        ({"originally_published_where": "polisen.se"}, "originally_published_on", "Give the date it was first published there."),
    ],
)
def test_bad_lifecycle_input_gets_the_models_swedish_message_next_to_its_field(signed_in, here, area, overrides, field, message):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [_swedish(message)]
    assert not Promise.objects.filter(title="Trygga parker").exists()


def test_an_unknown_audience_is_refused(signed_in, here, area):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, audience="alla"))

    assert "Välj ett giltigt alternativ" in str(response.context["form"].errors["audience"])
    assert not Promise.objects.filter(title="Trygga parker").exists()


def test_coordinator_saves_the_period_audience_signing_and_earlier_publication(signed_in, here, area):
    import datetime

    data = _new_promise_data(
        here,
        area,
        valid_until="2027-12-31",
        runs_with_agreement="on",
        audience="neighbourhood",
        audience_detail="Centrum",
        signed_on="2024-12-10",
        originally_published_on="2024-12-15",
        originally_published_where="polisen.se",
    )

    signed_in.post(reverse("promises:promise_new"), data)

    promise = Promise.objects.get(title="Trygga parker")
    assert promise.runs_with_agreement is True
    assert (promise.audience, promise.audience_detail) == ("neighbourhood", "Centrum")
    assert promise.signed_on == datetime.date(2024, 12, 10)
    assert (promise.originally_published_on, promise.originally_published_where) == (datetime.date(2024, 12, 15), "polisen.se")


def test_the_form_groups_the_new_fields_and_labels_the_checkbox_as_the_model_does(signed_in, here):
    from django.utils.text import capfirst

    response = signed_in.get(f"{reverse('promises:promise_new')}?kommun={here.slug}")

    groups = {str(legend): [field.name for field in fields] for legend, fields in response.context["form"].grouped()}
    assert groups["Period"] == ["valid_from", "valid_until", "runs_with_agreement", "order"]
    assert groups["Riktas till"] == ["audience", "audience_detail"]
    assert groups["Underteckning"] == ["signed_on"]
    assert groups["Tidigare publicering"] == ["originally_published_on", "originally_published_where"]
    assert response.context["form"]["runs_with_agreement"].label == capfirst(_swedish("applies as long as the agreement does"))
    page = response.content.decode()
    assert 'type="checkbox" name="runs_with_agreement"' in page
    assert 'type="radio" name="audience"' in page


def test_what_was_typed_is_kept_when_the_form_is_refused(signed_in, here, area):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, title="", commitment="Mitt långa löfte"))

    assert "Mitt långa löfte" in response.content.decode()


def test_a_focus_area_of_another_municipality_cannot_be_chosen(signed_in, here, there):
    foreign = FocusAreaFactory(municipality=there, name="Deras område")

    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, foreign))

    assert "Välj ett giltigt alternativ" in str(response.context["form"].errors["focus_areas"])
    assert not Promise.objects.filter(title="Trygga parker").exists()


def test_a_promise_cannot_be_put_under_another_municipalitys_agreement(signed_in, here, there, area):
    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, agreement=there.agreements.get().pk))

    assert "agreement" in response.context["form"].errors
    assert not Promise.objects.filter(title="Trygga parker").exists()


def test_coordinator_edits_a_draft_and_the_history_says_who(signed_in, draft, coordinator, area):
    data = _new_promise_data(draft.agreement.municipality, area, title="Tryggare parker", version=draft.version)

    signed_in.post(reverse("promises:promise_edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert draft.title == "Tryggare parker"
    assert draft.version == 2
    assert draft.history.first().history_user == coordinator


def test_a_published_promise_cannot_be_edited_through_the_form(signed_in, here, area):
    published = PromiseFactory(agreement=here.agreements.get(), title="Publicerat")

    response = signed_in.post(
        reverse("promises:promise_edit", args=[published.pk]),
        _new_promise_data(here, area, title="Ändrat", version=published.version),
        follow=True,
    )

    assert "är publicerad och kan inte ändras direkt" in response.content.decode()
    published.refresh_from_db()
    assert published.title == "Publicerat"


def test_the_second_of_two_edits_from_the_same_version_is_refused_and_shows_what_changed(client, signed_in, draft, here, area, coordinator):
    from tests.factories import coordinator_of

    colleague = coordinator_of(here, first_name="Kollega", last_name="Larsson")
    first = _new_promise_data(here, area, title="Kollegans titel", version=draft.version)
    second = _new_promise_data(here, area, title="Min titel", commitment="Min egen text", version=draft.version)
    client.force_login(colleague)
    client.post(reverse("promises:promise_edit", args=[draft.pk]), first)
    client.force_login(coordinator)

    response = client.post(reverse("promises:promise_edit", args=[draft.pk]), second)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan sparade det här medan du redigerade" in page
    assert "Kollega Larsson" in page
    assert "Tryggare centrum" in page and "Kollegans titel" in page  # the change, before and after
    assert "Min egen text" in page  # what they typed is kept
    draft.refresh_from_db()
    assert draft.title == "Kollegans titel"

    client.post(reverse("promises:promise_edit", args=[draft.pk]), {**second, "version": response.context["form"].data["version"]})
    draft.refresh_from_db()
    assert draft.title == "Min titel"  # saving again, knowingly, replaces it


def test_coordinator_creates_a_local_focus_area_which_joins_the_draft(signed_in, draft):
    signed_in.post(reverse("promises:focus_area_new", args=[draft.pk]), {"name": "  Trygg  skolväg ", "description": ""})

    area = FocusArea.objects.get(name="Trygg skolväg")
    assert area.municipality == draft.agreement.municipality
    assert area in draft.focus_areas.all()


def test_a_focus_area_whose_name_exists_is_refused(signed_in, draft, area):
    response = signed_in.post(reverse("promises:focus_area_new", args=[draft.pk]), {"name": "trygga parker"})

    assert "Det finns redan ett fokusområde som heter" in response.content.decode()
    assert FocusArea.objects.filter(name__iexact="trygga parker").count() == 1


def test_another_municipalitys_coordinator_gets_404_on_the_edit_page(client, other_coordinator, draft):
    client.force_login(other_coordinator)

    assert client.get(reverse("promises:promise_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("promises:promise_edit", args=[draft.pk]), {"title": "Kapad"}).status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Tryggare centrum"


def test_new_promise_for_a_municipality_one_does_not_coordinate_is_404(signed_in, there):
    assert signed_in.get(f"{reverse('promises:promise_new')}?kommun={there.slug}").status_code == 404


def test_dashboard_shows_the_chiefs_comment_on_a_returned_promise(signed_in, draft, coordinator, chief):
    from promises.services import promise_return, promise_submit

    promise_submit(promise=draft, by=coordinator)
    promise_return(promise=draft, by=chief, comment="Ange var vandringarna sker.")

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "Tillbakaskickat till dig med en kommentar" in page
    assert "Ange var vandringarna sker." in page


def test_dashboard_warns_when_the_agreement_ends_within_90_days(signed_in, here):
    import datetime

    from django.utils import timezone

    here.agreements.update(ends_on=timezone.localdate() + datetime.timedelta(days=30))

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "Överenskommelsen går ut om 30 dagar." in page


def test_dashboard_warns_when_the_agreement_runs_on_automatic_extension(signed_in, here):
    import datetime

    here.agreements.update(starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 12, 31), extends_automatically=True)

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "gäller nu bara genom automatisk förlängning" in page
