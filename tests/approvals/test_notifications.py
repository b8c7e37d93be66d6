"""Nobody gets e-mail about a step they cannot take: who may take it is asked of the same rules
the services check."""

import pytest
from django.core import mail

from agreements.models import Chief
from approvals.models import Action, ReviewState, Transition
from approvals.notifications import recipients
from promises.services import promise_approve, promise_return, promise_submit, promise_withdraw
from tests.factories import MunicipalityFactory, UserFactory, chief_of, chief_without_staff_of, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a step and return the addresses each of its e-mails went to."""

    def run(step, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            step(**kwargs)
        return sorted(address for message in mail.outbox for address in message.to)

    return run


def test_a_chief_without_staff_status_gets_the_awaiting_approval_e_mail(send, here, draft, coordinator):
    chief = chief_without_staff_of(here.police_area, username="ny.chef")

    to = send(promise_submit, promise=draft, by=coordinator)

    assert to == [chief.email]
    assert "Väntar på ditt godkännande" in mail.outbox[0].subject


def test_submitting_e_mails_no_chief_of_another_police_area(send, draft, coordinator, chief, other_chief):
    assert send(promise_submit, promise=draft, by=coordinator) == [chief.email]


def test_submitting_e_mails_no_inactive_chief(send, here, draft, coordinator, chief):
    chief_of(here.police_area, username="slutat", is_active=False)

    assert send(promise_submit, promise=draft, by=coordinator) == [chief.email]


def test_submitting_e_mails_no_one_whose_chief_role_was_removed(send, here, draft, coordinator, chief):
    former = chief_of(here.police_area, username="tidigare.chef")
    Chief.objects.filter(user=former).delete()

    assert send(promise_submit, promise=draft, by=coordinator) == [chief.email]


def test_a_submitter_who_is_also_the_areas_chief_gets_no_e_mail_asking_them_to_approve(send, here, draft, chief):
    both = coordinator_of(here, username="samordnare.och.chef")
    Chief.objects.create(user=both, police_area=here.police_area)

    assert send(promise_submit, promise=draft, by=both) == [chief.email]


def test_a_withdrawal_e_mails_the_chiefs_who_were_to_approve_not_the_chief_who_submitted(send, here, draft, chief):
    both = coordinator_of(here, username="samordnare.och.chef")
    Chief.objects.create(user=both, police_area=here.police_area)
    colleague = coordinator_of(here, username="kollega")
    promise_submit(promise=draft, by=both)

    to = send(promise_withdraw, promise=draft, by=colleague)

    assert to == [chief.email]
    assert mail.outbox[0].subject.startswith("Tagen tillbaka:")


def test_a_return_e_mails_the_coordinators_who_can_submit_again_not_the_other_chiefs(send, here, draft, coordinator, chief):
    chief_of(here.police_area, username="andra.chefen")
    promise_submit(promise=draft, by=coordinator)

    to = send(promise_return, promise=draft, by=chief, comment="Lägg till platsen.")

    assert to == [coordinator.email]


def test_an_approval_e_mails_the_coordinators_who_can_publish_and_no_one_elsewhere(
    send, here, draft, coordinator, chief, other_coordinator
):
    neighbour = MunicipalityFactory(police_area=here.police_area)
    coordinator_of(neighbour, username="grannkommunens.samordnare")
    promise_submit(promise=draft, by=coordinator)

    to = send(promise_approve, promise=draft, by=chief)

    assert to == [coordinator.email]


def test_a_coordinator_who_is_also_chief_hears_of_an_approval_by_another_chief(send, here, draft, coordinator, chief):
    both = coordinator_of(here, username="samordnare.och.chef")
    Chief.objects.create(user=both, police_area=here.police_area)
    promise_submit(promise=draft, by=coordinator)

    to = send(promise_approve, promise=draft, by=chief)

    assert to == sorted([coordinator.email, both.email])


def test_an_administrator_without_a_role_is_not_e_mailed_about_every_step(send, draft, coordinator, chief):
    UserFactory(username="admin", is_staff=True, is_superuser=True)

    assert send(promise_submit, promise=draft, by=coordinator) == [chief.email]


def test_a_user_without_an_e_mail_address_is_left_out(send, here, draft, coordinator, chief):
    chief_without_staff_of(here.police_area, username="utan.adress", email="")

    assert send(promise_submit, promise=draft, by=coordinator) == [chief.email]


def test_a_step_that_is_no_one_elses_concern_has_no_recipients(draft, coordinator, chief):
    step = Transition.objects.create(item=draft, action=Action.START_REVISION, from_state="published", to_state="published", by=coordinator)

    assert recipients(step) == []


def test_judging_a_withdrawal_as_it_stood_leaves_the_item_itself_a_draft(draft, coordinator, chief):
    promise_submit(promise=draft, by=coordinator)
    withdrawal = promise_withdraw(promise=draft, by=coordinator)

    assert recipients(withdrawal) == [chief.email]
    assert draft.workflow_state == ReviewState.DRAFT
