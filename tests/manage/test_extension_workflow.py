"""An extension by decision goes draft → submitted → approved (by the chief, on the awaiting page
or in the admin) → published; only then does the promise's stated end move, never its own period."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse

from approvals.models import Action, ReviewState
from approvals.services import WorkflowError
from promises.extension_services import (
    promise_extension_approve,
    promise_extension_create,
    promise_extension_publish,
    promise_extension_return,
    promise_extension_submit,
)
from promises.models import PromiseExtension
from promises.services import PromiseError, promise_approve, promise_publish, promise_start_revision, promise_submit, promise_update
from tests.factories import PromiseExtensionFactory, PromiseFactory

pytestmark = pytest.mark.django_db

OWN_END = datetime.date(2025, 12, 31)
NEW_END = datetime.date(2027, 12, 31)


@pytest.fixture
def published(here):
    return PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", valid_until=OWN_END)


@pytest.fixture
def extension(published, coordinator):
    return promise_extension_create(
        promise=published,
        by=coordinator,
        extended_until=NEW_END,
        decided_on=datetime.date(2025, 11, 20),
        decided_by="Kommunstyrelsen",
        reference="KS 2025/123",
        note="Oförändrat ett år till.",
    )


@pytest.fixture
def submitted(extension, coordinator):
    promise_extension_submit(extension=extension, by=coordinator)
    return extension


def _state(item):
    item.refresh_from_db()
    return item.workflow_state


def test_extension_is_created_submitted_approved_and_published_and_then_moves_the_stated_end(published, extension, coordinator, chief):
    promise_extension_submit(extension=extension, by=coordinator)
    promise_extension_approve(extension=extension, by=chief)
    assert published.stated_end() == OWN_END  # approved is not yet in force

    promise_extension_publish(extension=extension, by=coordinator)

    published.refresh_from_db()
    assert _state(extension) == ReviewState.PUBLISHED
    assert published.stated_end() == NEW_END
    assert published.valid_until == OWN_END
    assert [step.action for step in extension.transitions()] == [Action.SUBMIT, Action.APPROVE, Action.PUBLISH]
    assert published.ends_on(agreement_end=None) == NEW_END


def test_the_chief_sees_the_extension_and_its_decision_on_the_awaiting_page(client, submitted, chief):
    client.force_login(chief)

    page = client.get(reverse("approvals:awaiting")).content.decode()

    assert "Trygg stad" in page  # which promise
    assert "3 mars 2023 – 31 december 2025" in page  # its period now
    assert "31 december 2027" in page  # the new end
    assert "20 november 2025" in page and "Kommunstyrelsen" in page and "KS 2025/123" in page
    assert "Oförändrat ett år till." in page
    assert f'value="{submitted.model_key}"' in page
    assert reverse("approvals:awaiting_item", args=["promises.promiseextension", submitted.pk]) in page  # read it in full


def test_the_chief_approves_on_the_awaiting_page_and_the_coordinator_publishes_on_the_extensions_page(
    client, published, submitted, chief, coordinator
):
    client.force_login(chief)
    client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve"})
    assert _state(submitted) == ReviewState.APPROVED

    client.force_login(coordinator)
    page = client.get(submitted.get_manage_url()).content.decode()
    assert 'value="publish"' in page
    response = client.post(reverse("promises:extension_step", args=[submitted.pk]), {"action": "publish"})

    assert response["Location"] == submitted.get_manage_url()
    assert _state(submitted) == ReviewState.PUBLISHED
    published.refresh_from_db()
    assert (published.stated_end(), published.valid_until) == (NEW_END, OWN_END)


def test_the_coordinator_submits_and_withdraws_on_the_extensions_page(signed_in, extension):
    step = reverse("promises:extension_step", args=[extension.pk])

    signed_in.post(step, {"action": "submit"})
    assert _state(extension) == ReviewState.SUBMITTED
    signed_in.post(step, {"action": "withdraw"})
    assert _state(extension) == ReviewState.DRAFT


def test_submitting_an_extension_e_mails_the_chief(extension, coordinator, chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        promise_extension_submit(extension=extension, by=coordinator)

    assert [message.to for message in mail.outbox] == [[chief.email]]
    assert "Trygg stad" in mail.outbox[0].subject
    assert "/admin/att-godkanna/" in mail.outbox[0].body


def test_a_chief_of_another_area_neither_sees_nor_approves_it(client, submitted, other_chief):
    client.force_login(other_chief)

    assert "Trygg stad" not in client.get(reverse("approvals:awaiting")).content.decode()
    client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve"})
    assert _state(submitted) == ReviewState.SUBMITTED
    with pytest.raises(WorkflowError):
        promise_extension_approve(extension=submitted, by=other_chief)


def test_the_coordinator_cannot_approve_their_own_extension(submitted, coordinator):
    with pytest.raises(WorkflowError):
        promise_extension_approve(extension=submitted, by=coordinator)

    assert _state(submitted) == ReviewState.SUBMITTED


def test_a_returned_extension_is_a_draft_again_and_can_be_corrected(signed_in, submitted, chief):
    promise_extension_return(extension=submitted, by=chief, comment="Ange diarienumret för beslutet.")

    assert _state(submitted) == ReviewState.DRAFT
    page = signed_in.get(submitted.get_manage_url()).content.decode()
    assert "Ange diarienumret för beslutet." in page
    assert reverse("promises:extension_edit", args=[submitted.pk]) in page


def test_an_unapproved_extension_cannot_be_published(extension, submitted, coordinator):
    with pytest.raises(WorkflowError):
        promise_extension_publish(extension=submitted, by=coordinator)

    assert _state(submitted) == ReviewState.SUBMITTED


def test_publishing_is_refused_when_a_revision_has_meanwhile_moved_the_end_past_it(published, submitted, coordinator, chief):
    promise_extension_approve(extension=submitted, by=chief)
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, valid_until=datetime.date(2028, 12, 31))
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    promise_publish(promise=revision, by=coordinator)

    with pytest.raises(PromiseError) as error:
        promise_extension_publish(extension=submitted, by=coordinator)

    assert "2028-12-31" in str(error.value)
    assert _state(submitted) == ReviewState.APPROVED
    assert not submitted.transitions().filter(action=Action.PUBLISH).exists()


def test_the_chief_approves_with_the_admin_action(client, submitted, chief):
    client.force_login(chief)

    client.post(
        reverse("admin:promises_promiseextension_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [submitted.pk]},
    )

    assert _state(submitted) == ReviewState.APPROVED


def test_the_admin_shows_the_workflow_record_and_a_published_extension_is_read_only(client, admin_user, published, coordinator, chief):
    extension = PromiseExtensionFactory(promise=published, workflow_state=ReviewState.PUBLISHED)
    client.force_login(admin_user)
    url = reverse("admin:promises_promiseextension_change", args=[extension.pk])

    page = client.get(url).content.decode()
    client.post(url, {"extended_until": "2030-12-31", "decided_on": "2025-11-20", "decided_by": "Någon annan"})

    assert 'name="decided_by"' not in page
    extension.refresh_from_db()
    assert extension.decided_by == "Kommunstyrelsen"


def test_the_admin_lists_only_the_chiefs_own_areas_extensions(client, submitted, chief, there):
    theirs = PromiseExtensionFactory(promise=PromiseFactory(agreement=there.agreements.get(), title="Annans löfte", valid_until=OWN_END))
    client.force_login(chief)

    page = client.get(reverse("admin:promises_promiseextension_changelist")).content.decode()

    assert "Trygg stad" in page
    assert "Annans löfte" not in page
    assert client.get(reverse("admin:promises_promiseextension_change", args=[theirs.pk])).status_code == 302


def test_extensions_are_not_added_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:promises_promiseextension_add")).status_code == 403
    assert not PromiseExtension.objects.exists()
