"""The public summary of a lägesbild goes draft → submitted (by the coordinator) → approved (by the
police area's chief, who reads it in full on /admin/att-godkanna/) → published. Until then its text
is on no public page, and the internal lägesbild never is."""

import pytest
from django.urls import reverse

from approvals.models import Action, ReviewState
from tests.cycle.situation_fixtures import SECRET, SUMMARY, picture, summary  # noqa: F401 (fixtures)
from tests.factories import PromiseFactory

pytestmark = pytest.mark.django_db


def _state(item):
    item.refresh_from_db()
    return item.workflow_state


def _public_pages(client, here, promise):
    return "".join(client.get(url).content.decode() for url in ["/", here.get_absolute_url(), promise.get_absolute_url()])


def test_the_summary_goes_from_draft_to_published_through_the_chiefs_approval(client, here, coordinator, chief, picture, summary):
    step = reverse("cycle:summary_step", args=[summary.pk])
    client.force_login(coordinator)
    assert 'value="submit"' in client.get(summary.get_manage_url()).content.decode()
    client.post(step, {"action": "submit"})
    assert _state(summary) == ReviewState.SUBMITTED

    client.force_login(chief)
    awaiting = client.get(reverse("approvals:awaiting")).content.decode()
    assert SUMMARY in awaiting and f'value="{summary.model_key}"' in awaiting
    read_url = reverse("approvals:awaiting_item", args=["cycle.publicsummary", summary.pk])
    assert read_url in awaiting
    full = client.get(read_url).content.decode()
    assert SUMMARY in full and picture.title in full
    client.post(reverse("approvals:awaiting"), {"item": summary.model_key, "action": "approve"})
    assert _state(summary) == ReviewState.APPROVED

    client.force_login(coordinator)
    client.post(step, {"action": "publish"})
    assert _state(summary) == ReviewState.PUBLISHED
    assert [step.action for step in summary.transitions()] == [Action.SUBMIT, Action.APPROVE, Action.PUBLISH]


def test_the_coordinator_withdraws_a_submitted_summary_to_draft(client, coordinator, summary):
    client.force_login(coordinator)
    step = reverse("cycle:summary_step", args=[summary.pk])

    client.post(step, {"action": "submit"})
    client.post(step, {"action": "withdraw"})

    assert _state(summary) == ReviewState.DRAFT


def test_a_chief_of_another_area_neither_sees_nor_approves_the_summary(client, coordinator, other_chief, summary):
    client.force_login(coordinator)
    client.post(reverse("cycle:summary_step", args=[summary.pk]), {"action": "submit"})

    client.force_login(other_chief)
    assert SUMMARY not in client.get(reverse("approvals:awaiting")).content.decode()
    assert client.get(reverse("approvals:awaiting_item", args=["cycle.publicsummary", summary.pk])).status_code == 404
    client.post(reverse("approvals:awaiting"), {"item": summary.model_key, "action": "approve"})
    assert _state(summary) == ReviewState.SUBMITTED


def test_the_chief_reaches_each_summary_from_the_lagesbild(client, chief, picture, summary):
    client.force_login(chief)

    page = client.get(picture.get_manage_url()).content.decode()

    assert reverse("approvals:awaiting_item", args=["cycle.publicsummary", summary.pk]) in page
    assert "Utkast" in page  # its workflow state


def test_the_coordinator_reaches_each_summary_from_the_lagesbild_with_its_state(client, coordinator, picture, summary):
    client.force_login(coordinator)

    page = client.get(picture.get_manage_url()).content.decode()

    assert summary.get_manage_url() in page and "Utkast" in page


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_an_unpublished_summary_is_on_no_public_page(client, here, summary, state):
    from cycle.models import PublicSummary

    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=state)
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad")

    assert SUMMARY not in _public_pages(client, here, promise)


def test_the_internal_lagesbild_is_on_no_public_page_even_with_a_published_summary(client, here, picture, summary):
    from cycle.models import PublicSummary

    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=ReviewState.PUBLISHED)
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad")
    promise.problems.create(situation_picture=picture, title="Otrygghet i centrum")

    pages = _public_pages(client, here, promise)

    assert "Trygg stad" in pages  # the pages were served
    assert SECRET not in pages and picture.analysis not in pages
