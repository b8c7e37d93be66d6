"""Chiefs work in the admin: they see their own police area only, and approve or return there."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from approvals.models import ReviewState
from promises.services import promise_submit
from tests.factories import PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, coordinator):
    promise_submit(promise=draft, by=coordinator)
    return draft


@pytest.fixture
def submitted_elsewhere(there, other_coordinator):
    promise = PromiseFactory(agreement=there.agreements.get(), title="Annans löfte", workflow_state=ReviewState.DRAFT)
    promise_submit(promise=promise, by=other_coordinator)
    return promise


def test_chief_sees_only_their_own_police_areas_promises(client, chief, submitted, submitted_elsewhere):
    client.force_login(chief)

    page = client.get(reverse("admin:promises_promise_changelist")).content.decode()

    assert "Tryggare centrum" in page
    assert "Annans löfte" not in page


def test_chief_sees_what_awaits_approval_in_their_area_only(client, chief, submitted, submitted_elsewhere):
    client.force_login(chief)

    page = client.get(reverse("approvals:awaiting")).content.decode()

    assert "Tryggare centrum" in page
    assert "Annans löfte" not in page
    assert "Godkänn" in page


def test_admin_index_links_chiefs_to_what_awaits_them(client, chief):
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse("approvals:awaiting") in page


def test_chief_approves_from_the_awaiting_page(client, chief, submitted):
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve"}, follow=True)

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.APPROVED
    assert "Ingenting väntar på ditt godkännande just nu." in response.content.decode()


def test_returning_from_the_awaiting_page_without_a_comment_is_refused(client, chief, submitted):
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "return", "comment": ""}, follow=True)

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.SUBMITTED
    assert "Skriv en kommentar" in response.content.decode()


def test_chief_cannot_act_on_another_areas_item_from_the_awaiting_page(client, chief, submitted_elsewhere):
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted_elsewhere.model_key, "action": "approve"}, follow=True)

    submitted_elsewhere.refresh_from_db()
    assert submitted_elsewhere.workflow_state == ReviewState.SUBMITTED
    assert "väntar inte längre på ditt godkännande" in response.content.decode()


def test_chief_approves_with_the_admin_action(client, chief, submitted):
    client.force_login(chief)

    client.post(
        reverse("admin:promises_promise_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [submitted.pk]},
    )

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.APPROVED


def test_return_action_asks_for_the_comment_and_then_returns(client, chief, submitted):
    client.force_login(chief)
    url = reverse("admin:promises_promise_changelist")

    asked = client.post(url, {"action": "return_selected", ACTION_CHECKBOX_NAME: [submitted.pk]})
    assert asked.status_code == 200
    assert "Kommentar till samordnaren" in asked.content.decode()
    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.SUBMITTED

    empty = client.post(url, {"action": "return_selected", ACTION_CHECKBOX_NAME: [submitted.pk], "comment": "  "})
    assert "Skriv en kommentar" in empty.content.decode()

    client.post(url, {"action": "return_selected", ACTION_CHECKBOX_NAME: [submitted.pk], "comment": "Ange platserna."})
    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.DRAFT
    assert submitted.transitions().last().comment == "Ange platserna."


def test_coordinator_of_the_item_cannot_approve_with_the_admin_action(client, here, submitted, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)

    client.post(reverse("admin:promises_promise_changelist"), {"action": "approve_selected", ACTION_CHECKBOX_NAME: [submitted.pk]})

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.SUBMITTED


def test_workflow_record_is_shown_on_the_items_admin_page(client, chief, submitted):
    client.force_login(chief)

    page = client.get(reverse("admin:promises_promise_change", args=[submitted.pk])).content.decode()

    assert "Skickad för godkännande" in page
    assert "samordnare.har" in page or "Sam Ordnare" in page


def test_published_promise_is_read_only_in_the_admin_even_for_an_administrator(client, admin_user, here):
    published = PromiseFactory(agreement=here.agreements.get(), title="Publicerat")
    client.force_login(admin_user)
    url = reverse("admin:promises_promise_change", args=[published.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"title": "Ändrad", "agreement": here.agreements.get().pk, "commitment": "x", "valid_from": "2024-01-01"})

    assert 'name="_save"' not in page
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "Publicerat"


def test_administrator_gives_a_user_the_coordinator_role_in_the_admin(client, admin_user, here):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("ny.samordnare")
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url).content.decode()
    assert "Samordnare för kommuner" in page


def test_giving_a_role_is_kept_in_the_history(admin_user, here):
    from agreements.models import Coordinator
    from tests.factories import UserFactory

    user = UserFactory()
    role = Coordinator(user=user, municipality=here)
    role._history_user = admin_user
    role.save()

    record = Coordinator.history.get()
    assert (record.user, record.municipality, record.history_user, record.history_type) == (user, here, admin_user, "+")


def test_changes_to_a_user_are_in_the_history_without_the_password(admin_user):
    from tests.factories import UserFactory

    user = UserFactory(username="ny")
    user.is_staff = True
    user.save()

    assert [record.is_staff for record in user.history.all()] == [True, False]
    assert not hasattr(user.history.first(), "password")
