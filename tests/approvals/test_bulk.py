"""Several items at once: each checked and recorded as its own step, and all of them or none."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.models import Agreement
from approvals.models import Action, ReviewState, Transition
from approvals.services import BulkRefused, run_bulk
from followup.models import FollowUpReport
from promises.models import Promise
from promises.services import promise_approve, promise_start_revision, promise_submit, promise_update
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, PromiseFactory

# A municipality's agreements never overlap (an exclusion constraint on PostgreSQL): a new one
# starts after the one `here` already has.
LATER = {"starts_on": datetime.date(2030, 1, 1), "ends_on": datetime.date(2030, 12, 31)}

pytestmark = pytest.mark.django_db


def _promises(municipality, count, state, **fields):
    agreement = municipality.agreements.get()
    return [PromiseFactory(agreement=agreement, title=f"Löfte {n:02d}", workflow_state=state, **fields) for n in range(count)]


def _submitted(municipality, count, by):
    promises = _promises(municipality, count, ReviewState.DRAFT)
    for promise in promises:
        promise_submit(promise=promise, by=by)
    return promises


def _states(items):
    return [type(item).objects.get(pk=item.pk).workflow_state for item in items]


def _keys(items):
    return [item.model_key for item in items]


# The service.


def test_bulk_approval_of_ten_records_ten_approvals(here, coordinator, chief):
    promises = _submitted(here, 10, coordinator)

    steps = run_bulk(items=promises, action=Action.APPROVE, by=chief, comment="Bra")

    assert len(steps) == 10
    assert _states(promises) == [ReviewState.APPROVED] * 10
    approvals = Transition.objects.filter(action=Action.APPROVE)
    assert sorted(approvals.values_list("object_id", flat=True)) == sorted(p.pk for p in promises)
    assert set(approvals.values_list("by", "comment")) == {(chief.pk, "Bra")}


def test_one_item_outside_the_chiefs_police_area_means_none_is_approved(here, there, coordinator, other_coordinator, chief):
    promises = _submitted(here, 9, coordinator)
    elsewhere = _submitted(there, 1, other_coordinator)[0]
    before = Transition.objects.count()

    with pytest.raises(BulkRefused) as refused:
        run_bulk(items=[*promises, elsewhere], action=Action.APPROVE, by=chief)

    assert [(r.item.pk, r.message) for r in refused.value.refusals] == [
        (elsewhere.pk, "Du får inte godkänna det här; det kan bara cheferna för dess lokalpolisområde.")
    ]
    assert _states([*promises, elsewhere]) == [ReviewState.SUBMITTED] * 10
    assert Transition.objects.count() == before


def test_every_refused_item_is_listed_not_only_the_first(here, coordinator, chief):
    promises = _submitted(here, 3, coordinator)
    already = _promises(here, 2, ReviewState.APPROVED)

    with pytest.raises(BulkRefused) as refused:
        run_bulk(items=[*promises, *already], action=Action.APPROVE, by=chief)

    assert sorted(r.item.pk for r in refused.value.refusals) == sorted(p.pk for p in already)
    assert all("Godkänd" in r.message for r in refused.value.refusals)


def test_a_refused_bulk_step_sends_no_e_mail_and_a_taken_one_sends_each(here, coordinator, chief, django_capture_on_commit_callbacks):
    promises = _submitted(here, 2, coordinator)
    draft = _promises(here, 1, ReviewState.DRAFT)[0]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BulkRefused):
        run_bulk(items=[*promises, draft], action=Action.APPROVE, by=chief)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        run_bulk(items=promises, action=Action.APPROVE, by=chief)
    assert len(mail.outbox) == 2


def test_nobody_approves_their_own_submission_in_bulk_either(here, coordinator, chief):
    promises = _submitted(here, 2, coordinator)
    chief.coordinated_municipalities.add(here)
    own = _promises(here, 1, ReviewState.DRAFT)[0]
    promise_submit(promise=own, by=chief)

    with pytest.raises(BulkRefused) as refused:
        run_bulk(items=[*promises, own], action=Action.APPROVE, by=chief)

    assert [r.item.pk for r in refused.value.refusals] == [own.pk]
    assert "själv har skickat in" in refused.value.refusals[0].message
    assert _states(promises) == [ReviewState.SUBMITTED] * 2


def test_a_kinds_own_error_refuses_the_bulk_and_undoes_the_others(here, coordinator, monkeypatch):
    from followup import services as followup_services
    from followup.rendering import PdfError

    def broken_pdf(snapshot):
        raise PdfError("no fonts")

    monkeypatch.setattr(followup_services, "render_pdf", broken_pdf)
    promise = _promises(here, 1, ReviewState.APPROVED)[0]
    report = FollowUpReport.objects.create(agreement=here.agreements.get(), period_year=2024, workflow_state=ReviewState.APPROVED)

    with pytest.raises(BulkRefused) as refused:
        run_bulk(items=[promise, report], action=Action.PUBLISH, by=coordinator)

    assert [r.item for r in refused.value.refusals] == [report]
    assert "no fonts" in refused.value.refusals[0].message
    assert _states([promise, report]) == [ReviewState.APPROVED, ReviewState.APPROVED]
    assert not Transition.objects.filter(action=Action.PUBLISH).exists()


# The coordinator's pages.


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_dashboard_offers_drafts_to_submit_and_approved_items_to_publish_with_labelled_checkboxes(signed_in, here):
    draft = _promises(here, 1, ReviewState.DRAFT)[0]
    approved = AgreementFactory(municipality=here, title="Ny överenskommelse", workflow_state=ReviewState.APPROVED, **LATER)
    report = FollowUpReport.objects.create(agreement=here.agreements.get(workflow_state=ReviewState.PUBLISHED), period_year=2024)

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert f'value="{draft.model_key}" id="submit-' in page
    assert f'value="{report.model_key}" id="submit-' in page
    assert f'value="{approved.model_key}" id="publish-' in page
    assert '<label for="publish-1">Överenskommelse: Ny överenskommelse</label>' in page
    assert _("Submit the selected items") in page and _("Publish the selected items") in page


def test_confirmation_page_lists_exactly_the_chosen_items(signed_in, here):
    chosen, also, other = _promises(here, 3, ReviewState.DRAFT)

    response = signed_in.get(reverse("approvals:bulk_steps"), {"action": "submit", "item": _keys([chosen, also])})

    page = response.content.decode()
    assert response.status_code == 200
    assert chosen.title in page and also.title in page
    assert other.title not in page
    assert page.count('name="item"') == 2
    assert "Utkast" in page  # the current state
    assert _states([chosen, also]) == [ReviewState.DRAFT] * 2


def test_coordinator_submits_several_kinds_at_once(signed_in, here, coordinator):
    promises = _promises(here, 2, ReviewState.DRAFT)
    agreement = AgreementFactory(municipality=here, workflow_state=ReviewState.DRAFT, **LATER)
    report = FollowUpReport.objects.create(
        agreement=here.agreements.filter(workflow_state=ReviewState.PUBLISHED).get(), period_year=2024, summary="Året i korthet."
    )  # an empty report is refused (tests/followup/test_submit_guards.py)
    items = [*promises, agreement, report]

    response = signed_in.post(reverse("approvals:bulk_steps"), {"action": "submit", "kommun": here.slug, "item": _keys(items)}, follow=True)

    assert response.redirect_chain == [(f"{reverse('coordination:dashboard')}?kommun={here.slug}", 302)]
    assert _("Number of items submitted for approval: %(count)d.") % {"count": 4} in response.content.decode()
    assert _states(items) == [ReviewState.SUBMITTED] * 4
    assert Transition.objects.filter(action=Action.SUBMIT, by=coordinator).count() == 4


def test_coordinator_publishes_several_and_a_revision_is_merged_into_its_promise(signed_in, here, coordinator, chief):
    area = FocusAreaFactory(name="Trygghet")
    published = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", commitment="Gammal text.", focus_areas=[area])
    ActivityFactory(promise=published, focus_area=area)
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment="Ny text.")
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    other = _promises(here, 1, ReviewState.APPROVED)[0]

    response = signed_in.post(reverse("approvals:bulk_steps"), {"action": "publish", "item": _keys([revision, other])})

    assert response.status_code == 302
    assert not Promise.objects.filter(pk=revision.pk).exists()
    published.refresh_from_db()
    assert published.commitment == "Ny text."
    assert _states([other]) == [ReviewState.PUBLISHED]


def test_a_refused_item_publishes_nothing_and_the_page_says_which_and_why(signed_in, here, coordinator, chief):
    area = FocusAreaFactory(name="Trygghet")
    published = PromiseFactory(agreement=here.agreements.get(), commitment="Gammal text.", focus_areas=[area])
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment="Ny text.")
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    draft = PromiseFactory(agreement=here.agreements.get(), title="Inte godkänt än", workflow_state=ReviewState.DRAFT)
    before = Transition.objects.count()

    response = signed_in.post(reverse("approvals:bulk_steps"), {"action": "publish", "item": _keys([revision, draft])})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and 'id="error-summary"' in page
    assert "Inte godkänt än" in page
    assert "Bara något som är godkänt kan publiceras; det här är ”Utkast”." in page
    assert Transition.objects.count() == before
    published.refresh_from_db()
    assert published.commitment == "Gammal text."
    assert _states([revision, draft]) == [ReviewState.APPROVED, ReviewState.DRAFT]


def test_items_of_another_municipality_are_not_found(signed_in, there):
    elsewhere = _promises(there, 1, ReviewState.DRAFT)[0]

    shown = signed_in.get(reverse("approvals:bulk_steps"), {"action": "submit", "item": [elsewhere.model_key]})
    taken = signed_in.post(reverse("approvals:bulk_steps"), {"action": "submit", "item": [elsewhere.model_key]})

    assert (shown.status_code, taken.status_code) == (404, 404)
    assert _states([elsewhere]) == [ReviewState.DRAFT]


@pytest.mark.parametrize("key", ["promises.promise:999999", "promises.activity:1", "auth.user:1", "nonsense", "promises.promise:x"])
def test_unknown_item_keys_are_not_found(signed_in, here, key):
    draft = _promises(here, 1, ReviewState.DRAFT)[0]

    response = signed_in.post(reverse("approvals:bulk_steps"), {"action": "submit", "item": [draft.model_key, key]})

    assert response.status_code == 404
    assert _states([draft]) == [ReviewState.DRAFT]


def test_only_submitting_and_publishing_are_offered_to_coordinators(signed_in, here):
    draft = _promises(here, 1, ReviewState.DRAFT)[0]

    response = signed_in.post(reverse("approvals:bulk_steps"), {"action": "approve", "item": [draft.model_key]})

    assert response.status_code == 404


def test_nothing_ticked_goes_back_to_the_dashboard_with_a_message(signed_in, here):
    response = signed_in.get(reverse("approvals:bulk_steps"), {"action": "submit", "kommun": here.slug}, follow=True)

    assert response.redirect_chain[0][0] == f"{reverse('coordination:dashboard')}?kommun={here.slug}"
    assert _("Tick at least one item first.") in response.content.decode()


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_confirmation_page_makes_as_many_queries_for_thirty_items_as_for_one(signed_in, here):
    promises = _promises(here, 30, ReviewState.DRAFT)
    agreements = [
        AgreementFactory(
            municipality=here,
            workflow_state=ReviewState.DRAFT,
            starts_on=datetime.date(2030 + n, 1, 1),
            ends_on=datetime.date(2030 + n, 12, 31),
        )
        for n in range(2)
    ]
    reports = [FollowUpReport.objects.create(agreement=agreements[0], period_year=year) for year in (2023, 2024, 2025)]
    url = reverse("approvals:bulk_steps")

    one = _queries(signed_in, url, {"action": "submit", "item": _keys([promises[0], agreements[0], reports[0]])})
    thirty = _queries(signed_in, url, {"action": "submit", "item": _keys([*promises, *agreements, *reports])})

    assert thirty == one


# The chiefs' pages.


def test_chief_approves_ten_promises_from_the_awaiting_page_as_ten_steps(client, here, coordinator, chief):
    promises = _submitted(here, 10, coordinator)
    client.force_login(chief)

    listed = client.get(reverse("approvals:awaiting")).content.decode()
    confirm = client.get(reverse("approvals:awaiting_bulk"), {"item": _keys(promises)}).content.decode()
    response = client.post(reverse("approvals:awaiting_bulk"), {"item": _keys(promises), "comment": "Godkänt i klump"}, follow=True)

    assert all(f'value="{p.model_key}"' in listed for p in promises)
    assert "Godkänn de markerade" in listed
    assert all(p.title in confirm for p in promises)
    assert response.redirect_chain == [(reverse("approvals:awaiting"), 302)]
    assert _("Number of items approved: %(count)d.") % {"count": 10} in response.content.decode()
    assert _states(promises) == [ReviewState.APPROVED] * 10
    approvals = Transition.objects.filter(action=Action.APPROVE, by=chief)
    assert approvals.count() == 10
    assert set(approvals.values_list("comment", flat=True)) == {"Godkänt i klump"}


def test_one_already_approved_of_ten_approves_none_and_the_page_says_which_and_why(client, here, coordinator, chief):
    promises = _submitted(here, 9, coordinator)
    already = _submitted(here, 1, coordinator)[0]
    promise_approve(promise=already, by=chief)
    before = Transition.objects.count()
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting_bulk"), {"item": _keys([*promises, already])})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and 'id="error-summary"' in page
    assert f"{already.title}</a> – Bara något som är inskickat kan godkännas; det här är ”Godkänd”." in page
    assert Transition.objects.count() == before
    assert _states(promises) == [ReviewState.SUBMITTED] * 9


def test_chief_cannot_reach_another_police_areas_items_in_bulk(client, here, there, coordinator, other_coordinator, chief):
    mine = _submitted(here, 1, coordinator)[0]
    elsewhere = _submitted(there, 1, other_coordinator)[0]
    client.force_login(chief)

    response = client.post(reverse("approvals:awaiting_bulk"), {"item": _keys([mine, elsewhere])})

    assert response.status_code == 404
    assert _states([mine, elsewhere]) == [ReviewState.SUBMITTED] * 2


def test_coordinators_cannot_use_the_chiefs_bulk_approval(client, here, coordinator):
    draft = _promises(here, 1, ReviewState.DRAFT)[0]
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)

    response = client.get(reverse("approvals:awaiting_bulk"), {"item": [draft.model_key]})

    assert response.status_code == 403


def test_chiefs_confirmation_page_makes_as_many_queries_for_thirty_items_as_for_one(client, here, coordinator, chief):
    promises = _submitted(here, 30, coordinator)
    client.force_login(chief)
    url = reverse("approvals:awaiting_bulk")

    one = _queries(client, url, {"item": _keys(promises[:1])})
    thirty = _queries(client, url, {"item": _keys(promises)})

    assert thirty == one


def test_the_admin_approve_action_is_all_or_none_too(client, here, coordinator, chief):
    promises = _submitted(here, 2, coordinator)
    draft = _promises(here, 1, ReviewState.DRAFT)[0]
    client.force_login(chief)

    response = client.post(
        reverse("admin:promises_promise_changelist"),
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [p.pk for p in [*promises, draft]]},
        follow=True,
    )

    assert _("Nothing was done: not every chosen item can take this step.") in response.content.decode()
    assert _states(promises) == [ReviewState.SUBMITTED] * 2
    assert not Transition.objects.filter(action=Action.APPROVE).exists()


def test_agreements_are_approved_in_bulk_with_promises(client, here, coordinator, chief):
    promise = _submitted(here, 1, coordinator)[0]
    agreement = AgreementFactory(municipality=here, workflow_state=ReviewState.DRAFT, **LATER)
    run_bulk(items=[agreement], action=Action.SUBMIT, by=coordinator)
    client.force_login(chief)

    client.post(reverse("approvals:awaiting_bulk"), {"item": _keys([promise, agreement])})

    assert _states([promise, agreement]) == [ReviewState.APPROVED] * 2
    assert Agreement.objects.get(pk=agreement.pk).workflow_state == ReviewState.APPROVED
