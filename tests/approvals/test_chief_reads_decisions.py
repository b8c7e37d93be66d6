"""The chief decides with a comment: an approval keeps it for the coordinator, a return needs one
and says so beside the field; every time on the approval pages is Stockholm time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Action, ReviewState, Transition
from approvals.views import awaiting_item_url
from promises.services import promise_submit
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def submitted(draft, coordinator):
    promise_submit(promise=draft, by=coordinator)
    return draft


@pytest.fixture
def second(here, coordinator):
    promise = PromiseFactory(agreement=here.agreements.get(), title="Tryggare skolvägar", workflow_state=ReviewState.DRAFT)
    promise_submit(promise=promise, by=coordinator)
    return promise


def _textarea(page: str, number: int) -> str:
    return re.search(rf'<textarea id="comment-{number}"[^>]*>', page).group(0)


def _number_of(page: str, item) -> int:
    """The number the awaiting page gives the item's fields (comment-<n>)."""
    form = page[page.index(f'<input type="hidden" name="item" value="{item.model_key}">') :]
    return int(re.search(r'id="comment-(\d+)"', form).group(1))


def test_the_chief_approves_with_a_comment_that_is_kept_in_the_workflow_record(client, chief, submitted):
    client.force_login(chief)

    response = client.post(
        reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve", "comment": " Bra, publicera före jul. "}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    step = submitted.transitions().last()
    assert submitted.workflow_state == ReviewState.APPROVED
    assert (step.action, step.comment, step.by) == (Action.APPROVE, "Bra, publicera före jul.", chief)


def test_the_chief_approves_without_a_comment(client, chief, submitted):
    client.force_login(chief)

    client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve", "comment": ""})

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.APPROVED
    assert submitted.transitions().last().comment == ""


def test_the_coordinator_reads_the_approval_comment_on_the_items_page(client, chief, coordinator, submitted):
    client.force_login(chief)
    client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve", "comment": "Bra, publicera före jul."})
    client.force_login(coordinator)

    page = client.get(submitted.get_manage_url()).content.decode()

    assert "Godkänd med en kommentar" in page
    assert "Bra, publicera före jul." in page[: page.index("Arbetsflöde")]  # in the notice at the top, not only the record


def test_the_chief_approves_with_a_comment_from_the_items_own_page(client, chief, submitted):
    client.force_login(chief)

    response = client.post(awaiting_item_url(submitted), {"item": submitted.model_key, "action": "approve", "comment": "Fint."})

    assert response.status_code == 302 and response["Location"] == reverse("approvals:awaiting")
    assert submitted.transitions().last().comment == "Fint."


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_return_without_a_comment_shows_the_error_beside_that_items_field(client, chief, submitted, second, comment):
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "return", "comment": comment})

    page = response.content.decode()
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.SUBMITTED
    mine, other = _number_of(page, submitted), _number_of(page, second)
    field = _textarea(page, mine)
    assert 'aria-invalid="true"' in field and f"comment-{mine}-error" in field
    assert re.search(rf'id="comment-{mine}-error"><li>Skriv en kommentar', page)
    assert "aria-invalid" not in _textarea(page, other)
    # The summary that site.js moves focus to, linking to the field.
    summary = page[page.index('id="error-summary"') :]
    assert 'tabindex="-1"' in page[page.index('id="error-summary"') - 80 : page.index('id="error-summary"') + 20]
    assert summary.index(f'href="#comment-{mine}"') < summary.index(f'id="comment-{mine}"')
    assert page.count('id="error-summary"') == 1


def test_a_page_with_no_refusal_has_no_error_summary(client, chief, submitted):
    client.force_login(chief)

    page = client.get(reverse("approvals:awaiting")).content.decode()

    assert 'id="error-summary"' not in page and 'aria-invalid="true"' not in page


def test_a_refused_return_keeps_what_was_typed(client, chief, submitted, monkeypatch):
    """Any refusal (here: the item's own submitter may not decide on it) is shown beside the field,
    and the comment typed stays in it."""
    submitted.submitted_by = chief
    submitted.save()
    client.force_login(chief)

    page = client.post(
        reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve", "comment": "Min egen text"}
    ).content.decode()

    assert "Min egen text</textarea>" in page
    assert "aria-invalid" in page


def test_a_return_without_a_comment_on_the_items_page_shows_the_error_there(client, chief, submitted):
    client.force_login(chief)

    response = client.post(awaiting_item_url(submitted), {"item": submitted.model_key, "action": "return", "comment": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in _textarea(page, 1) and 'id="error-summary"' in page
    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.SUBMITTED


def test_a_return_with_a_comment_on_the_items_page_returns_it(client, chief, submitted):
    client.force_login(chief)

    client.post(awaiting_item_url(submitted), {"item": submitted.model_key, "action": "return", "comment": "Ange skolorna."})

    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.DRAFT
    assert submitted.transitions().last().comment == "Ange skolorna."


def test_an_item_no_longer_awaiting_has_no_decision_on_its_page_and_cannot_be_decided(client, chief, submitted):
    client.force_login(chief)
    client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve"})

    page = client.get(awaiting_item_url(submitted)).content.decode()
    client.post(awaiting_item_url(submitted), {"item": submitted.model_key, "action": "return", "comment": "För sent"})

    assert 'value="approve"' not in page
    assert [step.action for step in submitted.transitions()] == [Action.SUBMIT, Action.APPROVE]


def test_an_unknown_step_is_not_found(client, chief, submitted):
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "publish"})

    assert response.status_code == 404


def test_bulk_approval_from_the_awaiting_page_still_works(client, chief, submitted, second):
    client.force_login(chief)
    page = client.get(reverse("approvals:awaiting")).content.decode()
    assert f'name="item" value="{submitted.model_key}" id="choose-' in page

    client.post(reverse("approvals:awaiting_bulk"), {"item": [submitted.model_key, second.model_key], "comment": "Godkänt i klump"})

    for promise in (submitted, second):
        promise.refresh_from_db()
        assert promise.workflow_state == ReviewState.APPROVED
        assert promise.transitions().last().comment == "Godkänt i klump"


# Times: stored in UTC, shown in Stockholm time (UTC+1 in winter, UTC+2 in summer).


def _step_at(item, at, action=Action.SUBMIT):
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        from_state=ReviewState.DRAFT,
        to_state=ReviewState.SUBMITTED,
        at=at,
    )


@pytest.mark.parametrize(
    "at, shown",
    [
        (datetime.datetime(2026, 11, 25, 16, 6, tzinfo=UTC), "2026-11-25 17:06"),
        (datetime.datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "2026-07-02 00:30"),
    ],
)
def test_a_workflow_step_names_its_time_in_stockholm(draft, at, shown):
    assert f"({shown})" in str(_step_at(draft, at))


def test_the_approval_pages_show_the_submission_time_in_stockholm(client, chief, submitted):
    Transition.objects.for_item(submitted).update(at=datetime.datetime(2026, 11, 25, 16, 6, tzinfo=UTC))
    client.force_login(chief)

    listed = client.get(reverse("approvals:awaiting")).content.decode()
    item_page = client.get(awaiting_item_url(submitted)).content.decode()

    assert "25 november 2026 17:06" in listed and "16:06" not in listed
    assert "25 november 2026 17:06" in item_page and "16:06" not in item_page


def test_the_admins_workflow_record_names_times_in_stockholm(client, chief, submitted):
    Transition.objects.for_item(submitted).update(at=datetime.datetime(2026, 11, 25, 16, 6, tzinfo=UTC))
    client.force_login(chief)

    page = client.get(submitted.get_admin_url()).content.decode()

    assert "17:06" in page and "16:06" not in page


# The awaiting page lists every item; its queries must not grow with each item's workflow record.


def _promises_awaiting(here, coordinator, count):
    area = FocusAreaFactory(municipality=here)
    for number in range(count):
        promise = PromiseFactory(
            agreement=here.agreements.get(), title=f"Löfte {number}", workflow_state=ReviewState.DRAFT, focus_areas=[area]
        )
        ActivityFactory(promise=promise, focus_area=area)
        promise_submit(promise=promise, by=coordinator)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_awaiting_page_reads_the_workflow_records_of_all_items_at_once(client, chief, here, coordinator):
    client.force_login(chief)
    _promises_awaiting(here, coordinator, 1)
    one = _queries(client, reverse("approvals:awaiting"))
    _promises_awaiting(here, coordinator, 19)

    twenty = _queries(client, reverse("approvals:awaiting"))

    # Each promise's summary reads its focus areas, extensions, signatories and activities (4 queries,
    # the kind's own summary template); the workflow records and everything else are read once for all.
    assert twenty - one <= 19 * 4
