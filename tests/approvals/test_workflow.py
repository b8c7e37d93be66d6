"""Coordinators submit, withdraw and publish; chiefs approve or return; every step is recorded."""

import pytest
from django.core import mail

from approvals.models import Action, ReviewState, Transition
from approvals.services import WorkflowError
from promises.services import (
    PromiseError,
    promise_approve,
    promise_publish,
    promise_return,
    promise_submit,
    promise_update,
    promise_withdraw,
)
from tests.factories import coordinator_of

pytestmark = pytest.mark.django_db


def _state(promise):
    promise.refresh_from_db()
    return promise.workflow_state


def test_coordinator_submits_a_draft_and_the_step_is_recorded(draft, coordinator, chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        promise_submit(promise=draft, by=coordinator, comment="Klart för granskning")

    assert _state(draft) == ReviewState.SUBMITTED
    step = Transition.objects.for_item(draft).get()
    assert (step.action, step.from_state, step.to_state, step.by, step.comment) == (
        Action.SUBMIT,
        ReviewState.DRAFT,
        ReviewState.SUBMITTED,
        coordinator,
        "Klart för granskning",
    )
    assert draft.submitted_by == coordinator


def test_submitting_e_mails_the_chiefs_of_the_police_area(draft, coordinator, chief, other_chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        promise_submit(promise=draft, by=coordinator)

    assert [message.to for message in mail.outbox] == [[chief.email]]
    assert "Väntar på ditt godkännande" in mail.outbox[0].subject
    assert "Tryggare centrum" in mail.outbox[0].subject
    assert "/admin/att-godkanna/" in mail.outbox[0].body


def test_no_e_mail_is_sent_when_the_step_is_refused(draft, other_coordinator, chief, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError):
        promise_submit(promise=draft, by=other_coordinator)

    assert mail.outbox == []


def test_coordinator_of_another_municipality_cannot_submit(draft, other_coordinator):
    with pytest.raises(WorkflowError) as error:
        promise_submit(promise=draft, by=other_coordinator)

    assert str(error.value) == "Du får inte skicka in det här; det kan bara kommunens samordnare."
    assert _state(draft) == ReviewState.DRAFT
    assert not Transition.objects.exists()


def test_chief_cannot_submit(draft, chief):
    with pytest.raises(WorkflowError, match="kommunens samordnare"):
        promise_submit(promise=draft, by=chief)
    assert _state(draft) == ReviewState.DRAFT


def test_chief_approves_a_submitted_promise_and_the_coordinators_hear_of_it(draft, coordinator, chief, django_capture_on_commit_callbacks):
    promise_submit(promise=draft, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        promise_approve(promise=draft, by=chief)

    assert _state(draft) == ReviewState.APPROVED
    assert mail.outbox[-1].to == [coordinator.email]
    assert "Godkänd" in mail.outbox[-1].subject


def test_coordinator_cannot_approve(draft, coordinator):
    promise_submit(promise=draft, by=coordinator)

    with pytest.raises(WorkflowError) as error:
        promise_approve(promise=draft, by=coordinator)

    assert str(error.value) == "Du får inte godkänna det här; det kan bara cheferna för dess lokalpolisområde."
    assert _state(draft) == ReviewState.SUBMITTED


def test_chief_of_another_police_area_cannot_approve(draft, coordinator, other_chief):
    promise_submit(promise=draft, by=coordinator)

    with pytest.raises(WorkflowError, match="cheferna för dess lokalpolisområde"):
        promise_approve(promise=draft, by=other_chief)
    assert _state(draft) == ReviewState.SUBMITTED


def test_nobody_approves_their_own_submission(here, draft):
    both = coordinator_of(here)
    both.chief_of_areas.add(here.police_area)
    promise_submit(promise=draft, by=both)

    with pytest.raises(WorkflowError) as error:
        promise_approve(promise=draft, by=both)

    assert str(error.value) == "Du kan inte godkänna något som du själv har skickat in; en annan chef måste godkänna det."
    assert _state(draft) == ReviewState.SUBMITTED


def test_not_even_an_administrator_approves_their_own_submission(draft, admin_user):
    promise_submit(promise=draft, by=admin_user)

    with pytest.raises(WorkflowError, match="själv har skickat in"):
        promise_approve(promise=draft, by=admin_user)


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_returning_without_a_comment_is_refused(draft, coordinator, chief, comment):
    promise_submit(promise=draft, by=coordinator)

    with pytest.raises(WorkflowError) as error:
        promise_return(promise=draft, by=chief, comment=comment)

    assert str(error.value) == "Skriv en kommentar om vad som behöver ändras innan du skickar tillbaka."
    assert _state(draft) == ReviewState.SUBMITTED
    assert Transition.objects.count() == 1


def test_chief_returns_with_a_comment_that_reaches_the_coordinator(draft, coordinator, chief, django_capture_on_commit_callbacks):
    promise_submit(promise=draft, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        promise_return(promise=draft, by=chief, comment="Lägg till var trygghetsvandringarna ska ske.")

    assert _state(draft) == ReviewState.DRAFT
    assert Transition.objects.for_item(draft).last().comment == "Lägg till var trygghetsvandringarna ska ske."
    assert mail.outbox[-1].to == [coordinator.email]
    assert "Lägg till var trygghetsvandringarna ska ske." in mail.outbox[-1].body


def test_coordinator_withdraws_a_submitted_promise(draft, coordinator):
    promise_submit(promise=draft, by=coordinator)

    promise_withdraw(promise=draft, by=coordinator)

    assert _state(draft) == ReviewState.DRAFT
    assert [step.action for step in draft.transitions()] == [Action.SUBMIT, Action.WITHDRAW]


def test_coordinator_publishes_an_approved_promise_and_the_public_sees_it(client, draft, coordinator, chief):
    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)
    assert "Tryggare centrum" not in client.get(draft.agreement.municipality.get_absolute_url()).content.decode()

    promise_publish(promise=draft, by=coordinator)

    assert _state(draft) == ReviewState.PUBLISHED
    assert "Tryggare centrum" in client.get(draft.agreement.municipality.get_absolute_url()).content.decode()


def test_chief_cannot_publish(draft, coordinator, chief):
    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)

    with pytest.raises(WorkflowError, match="publicera"):
        promise_publish(promise=draft, by=chief)
    assert _state(draft) == ReviewState.APPROVED


@pytest.mark.parametrize(
    ("state", "step", "message"),
    [
        (ReviewState.SUBMITTED, promise_submit, "Bara ett utkast kan skickas in; det här är ”Skickad för godkännande”."),
        (ReviewState.PUBLISHED, promise_submit, "Bara ett utkast kan skickas in; det här är ”Publicerad”."),
        (ReviewState.DRAFT, promise_publish, "Bara något som är godkänt kan publiceras; det här är ”Utkast”."),
        (ReviewState.SUBMITTED, promise_publish, "Bara något som är godkänt kan publiceras; det här är ”Skickad för godkännande”."),
        (ReviewState.APPROVED, promise_withdraw, "Bara något som är inskickat kan tas tillbaka; det här är ”Godkänd”."),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(draft, coordinator, state, step, message):
    draft.workflow_state = state
    draft.save()

    with pytest.raises(WorkflowError) as error:
        step(promise=draft, by=coordinator)

    assert str(error.value) == message
    assert _state(draft) == state
    assert not Transition.objects.exists()


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.APPROVED])
def test_chief_cannot_approve_what_is_not_submitted(draft, chief, state):
    draft.workflow_state = state
    draft.save()

    with pytest.raises(WorkflowError, match="Bara något som är inskickat kan godkännas"):
        promise_approve(promise=draft, by=chief)
    assert _state(draft) == state


def test_a_stale_copy_cannot_move_an_item_that_someone_else_already_moved(draft, coordinator, chief):
    stale = type(draft).objects.get(pk=draft.pk)
    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)

    with pytest.raises(WorkflowError, match="Bara något som är inskickat kan tas tillbaka"):
        promise_withdraw(promise=stale, by=coordinator)
    assert _state(draft) == ReviewState.APPROVED


def test_coordinator_edits_a_draft(draft, coordinator):
    promise_update(promise=draft, by=coordinator, title="Tryggare torg")

    assert type(draft).objects.get(pk=draft.pk).title == "Tryggare torg"
    assert draft.history.first().history_user == coordinator


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.PUBLISHED])
def test_a_promise_that_is_not_a_draft_cannot_be_edited_in_place(draft, coordinator, state):
    draft.workflow_state = state
    draft.save()

    with pytest.raises(PromiseError) as error:
        promise_update(promise=draft, by=coordinator, title="Ändrad i smyg")

    assert "kan inte ändras direkt" in str(error.value)
    assert type(draft).objects.get(pk=draft.pk).title == "Tryggare centrum"


def test_coordinator_of_another_municipality_cannot_edit_a_draft(draft, other_coordinator):
    with pytest.raises(PromiseError, match="kommunens samordnare"):
        promise_update(promise=draft, by=other_coordinator, title="Kapad")
    assert type(draft).objects.get(pk=draft.pk).title == "Tryggare centrum"


def test_agreements_go_through_the_same_workflow(client, here, coordinator, chief):
    from agreements.services import agreement_approve, agreement_publish, agreement_submit
    from tests.factories import AgreementFactory

    draft_agreement = AgreementFactory(
        municipality=here, title="Ny överenskommelse 2040", starts_on="2040-01-01", ends_on=None, workflow_state=ReviewState.DRAFT
    )

    agreement_submit(agreement=draft_agreement, by=coordinator)
    agreement_approve(agreement=draft_agreement, by=chief)
    assert here.agreements.exclude(pk=draft_agreement.pk).get().successor() is None  # drafts never count
    agreement_publish(agreement=draft_agreement, by=coordinator)

    assert [step.action for step in draft_agreement.transitions()] == [Action.SUBMIT, Action.APPROVE, Action.PUBLISH]
    assert here.agreements.exclude(pk=draft_agreement.pk).get().successor() == draft_agreement


def test_publishing_e_mails_the_coordinators_but_not_the_one_who_published(
    here, draft, coordinator, chief, django_capture_on_commit_callbacks
):
    colleague = coordinator_of(here, username="kollega")
    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)

    with django_capture_on_commit_callbacks(execute=True):
        promise_publish(promise=draft, by=coordinator)

    assert [message.to for message in mail.outbox] == [[colleague.email]]
    assert mail.outbox[0].subject == "Publicerad: löfte ”Tryggare centrum”"


def test_a_failing_mail_server_does_not_undo_the_step(draft, coordinator, chief, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port

    with django_capture_on_commit_callbacks(execute=True):
        promise_submit(promise=draft, by=coordinator)

    assert _state(draft) == ReviewState.SUBMITTED
