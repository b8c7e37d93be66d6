"""A report reaches the chief only when it says something: a summary, and what was done in every
ongoing or done activity; and the coordinator confirms after seeing what will be sent."""

import pytest
from django.urls import reverse

from approvals.models import Action, ReviewState, Transition
from approvals.services import BulkRefused, WorkflowError, run_bulk
from followup.models import ActivityUpdate
from followup.services import ReportIncomplete, report_create_draft, report_submit
from tests.factories import ActivityFactory, fill_in_report

pytestmark = pytest.mark.django_db

EMPTY_SUMMARY = "Uppföljningen kan inte skickas in än. Det saknas: en sammanfattning."


@pytest.fixture
def draft(programme, period, coordinator):
    """Tertial 2 2024 with "Trygghetsvandringar i centrum" ongoing (its note says what was done)
    and "Trafikinsatser vid skolan" planned; no summary yet."""
    return report_create_draft(agreement=programme, period=period, by=coordinator)


def _set(report, description, **fields):
    ActivityUpdate.objects.filter(section__report=report, activity__description=description).update(**fields)


def _nothing_happened(report):
    report.refresh_from_db()
    return report.workflow_state == ReviewState.DRAFT and not Transition.objects.for_item(report).exists()


def test_a_report_with_an_empty_summary_is_refused_with_the_swedish_message_and_nothing_changes(draft, coordinator):
    with pytest.raises(ReportIncomplete) as refused:
        report_submit(report=draft, by=coordinator)

    assert str(refused.value) == EMPTY_SUMMARY
    assert _nothing_happened(draft)


def test_a_summary_of_only_spaces_is_empty(draft, coordinator):
    fill_in_report(draft, summary="  \n\t ")

    with pytest.raises(ReportIncomplete, match="en sammanfattning"):
        report_submit(report=draft, by=coordinator)
    assert _nothing_happened(draft)


def test_every_ongoing_or_done_activity_without_what_was_done_is_listed_by_name(draft, programme, coordinator):
    fill_in_report(draft, summary="Bra tertial.")
    _set(draft, "Trygghetsvandringar i centrum", what_was_done=" ")
    _set(draft, "Trafikinsatser vid skolan", status="done")

    with pytest.raises(ReportIncomplete) as refused:
        report_submit(report=draft, by=coordinator)

    assert str(refused.value) == (
        "Uppföljningen kan inte skickas in än. Det saknas: vad som gjordes i ”Trygghetsvandringar i centrum” (pågående); "
        "vad som gjordes i ”Trafikinsatser vid skolan” (genomförd)."
    )
    assert _nothing_happened(draft)


def test_everything_missing_is_listed_at_once(draft, coordinator):
    _set(draft, "Trygghetsvandringar i centrum", what_was_done="")

    with pytest.raises(ReportIncomplete) as refused:
        report_submit(report=draft, by=coordinator)

    assert [str(item.text) for item in refused.value.missing] == [
        "en sammanfattning",
        "vad som gjordes i ”Trygghetsvandringar i centrum” (pågående)",
    ]


@pytest.mark.parametrize("status", ["planned", "postponed", "cancelled"])
def test_an_activity_that_did_not_happen_needs_no_what_was_done(draft, coordinator, status):
    fill_in_report(draft)
    _set(draft, "Trafikinsatser vid skolan", status=status, what_was_done="")

    report_submit(report=draft, by=coordinator)

    draft.refresh_from_db()
    assert draft.workflow_state == ReviewState.SUBMITTED


def test_a_complete_report_is_submitted_and_recorded(draft, coordinator):
    report_submit(report=fill_in_report(draft), by=coordinator, comment="Klar för granskning")

    draft.refresh_from_db()
    assert draft.workflow_state == ReviewState.SUBMITTED
    assert Transition.objects.for_item(draft).get().comment == "Klar för granskning"


def test_someone_who_may_not_submit_is_told_so_before_what_is_missing(draft, other_coordinator):
    with pytest.raises(WorkflowError, match="får inte skicka in"):
        report_submit(report=draft, by=other_coordinator)
    assert _nothing_happened(draft)


def test_the_bulk_submit_refuses_an_empty_report_too_and_submits_nothing(draft, coordinator):
    from tests.factories import PromiseFactory

    promise = PromiseFactory(agreement=draft.agreement, workflow_state=ReviewState.DRAFT)

    with pytest.raises(BulkRefused) as refused:
        run_bulk(items=[promise, draft], action=Action.SUBMIT, by=coordinator)

    assert [(r.item, r.message) for r in refused.value.refusals] == [(draft, EMPTY_SUMMARY)]
    promise.refresh_from_db()
    assert promise.workflow_state == ReviewState.DRAFT
    assert _nothing_happened(draft)


# The pages: the report's submit button, the confirmation page, the preview.


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def _confirm_url(report):
    return reverse("followup:report_submit", args=[report.pk])


def test_the_submit_button_on_the_report_page_leads_to_the_confirmation_page(signed_in, draft):
    fill_in_report(draft)

    response = signed_in.post(reverse("followup:report_step", args=[draft.pk]), {"action": "submit"})

    assert response.status_code == 302 and response["Location"] == _confirm_url(draft)
    assert _nothing_happened(draft)


def test_other_steps_on_the_report_page_go_straight_on(signed_in, draft, coordinator):
    report_submit(report=fill_in_report(draft), by=coordinator)

    signed_in.post(reverse("followup:report_step", args=[draft.pk]), {"action": "withdraw"})

    draft.refresh_from_db()
    assert draft.workflow_state == ReviewState.DRAFT


def test_the_confirmation_page_shows_what_will_be_sent_and_does_not_submit(signed_in, draft):
    fill_in_report(draft, summary="Trygghetsvandringarna kom i gång.")

    page = signed_in.get(_confirm_url(draft)).content.decode()

    assert "Tertial 2 2024" in page and "Trygghetsvandringarna kom i gång." in page
    assert "<dt>Aktiviteter</dt><dd>2</dd>" in page and "<dt>Löften</dt><dd>1</dd>" in page
    assert "Pågående</span> 1" in page and "Planerad</span> 1" in page
    assert reverse("followup:report_preview", args=[draft.pk]) in page
    assert '<form method="post"' in page and "Bekräfta och skicka in för godkännande" in page
    assert _nothing_happened(draft)


def test_confirming_submits_with_the_message_to_the_chief(signed_in, draft, coordinator):
    fill_in_report(draft)

    response = signed_in.post(_confirm_url(draft), {"comment": "Se särskilt vandringarna."}, follow=True)

    draft.refresh_from_db()
    assert response.redirect_chain == [(draft.get_manage_url(), 302)]
    assert "Klart: skickad för godkännande." in response.content.decode()
    assert draft.workflow_state == ReviewState.SUBMITTED
    step = Transition.objects.for_item(draft).get()
    assert (step.action, step.by, step.comment) == (Action.SUBMIT, coordinator, "Se särskilt vandringarna.")


def test_the_confirmation_page_lists_what_is_missing_with_links_and_offers_no_confirm_button(signed_in, draft):
    _set(draft, "Trygghetsvandringar i centrum", what_was_done="")
    update = ActivityUpdate.objects.get(section__report=draft, activity__description="Trygghetsvandringar i centrum")

    page = signed_in.get(_confirm_url(draft)).content.decode()

    edit = reverse("followup:report_edit", args=[draft.pk])
    assert f'<a href="{edit}#id_summary">En sammanfattning</a>' in page
    assert f'<a href="{edit}#update-{update.pk}">Vad som gjordes i ”Trygghetsvandringar i centrum” (pågående)</a>' in page
    assert "Bekräfta och skicka in" not in page
    assert 'id="update-%d"' % update.pk in signed_in.get(edit).content.decode()


def test_confirming_an_incomplete_report_shows_what_is_missing_and_changes_nothing(signed_in, draft):
    response = signed_in.post(_confirm_url(draft), {"comment": "x"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and "En sammanfattning" in page
    assert _nothing_happened(draft)


def test_a_submitted_report_has_no_confirmation_page(signed_in, draft, coordinator):
    report_submit(report=fill_in_report(draft), by=coordinator)

    response = signed_in.get(_confirm_url(draft), follow=True)

    assert response.redirect_chain == [(draft.get_manage_url(), 302)]
    assert "Bara ett utkast kan skickas in" in response.content.decode()


def test_confirming_twice_submits_once(signed_in, draft):
    fill_in_report(draft)

    signed_in.post(_confirm_url(draft))
    signed_in.post(_confirm_url(draft))

    assert Transition.objects.for_item(draft).count() == 1


def test_another_municipalitys_coordinator_cannot_see_or_confirm_it(client, draft, other_coordinator):
    fill_in_report(draft)
    client.force_login(other_coordinator)

    assert client.get(_confirm_url(draft)).status_code == 404
    assert client.post(_confirm_url(draft)).status_code == 404
    assert _nothing_happened(draft)


def test_the_editor_says_what_is_needed_before_submitting(signed_in, draft):
    _set(draft, "Trygghetsvandringar i centrum", what_was_done="")

    page = signed_in.get(reverse("followup:report_edit", args=[draft.pk])).content.decode()

    assert "Hur perioden gick, i några stycken; behövs innan uppföljningen kan skickas in." in page
    assert page.count("Behövs innan uppföljningen kan skickas in, eftersom aktiviteten pågår eller är genomförd.") == 1


def test_the_preview_of_a_draft_offers_edit_and_submit(signed_in, draft):
    page = signed_in.get(reverse("followup:report_preview", args=[draft.pk])).content.decode()

    assert f'href="{reverse("followup:report_edit", args=[draft.pk])}">Redigera uppföljningen</a>' in page
    assert f'href="{_confirm_url(draft)}">Skicka in för godkännande</a>' in page


def test_the_preview_of_a_submitted_report_offers_neither(signed_in, draft, coordinator):
    report_submit(report=fill_in_report(draft), by=coordinator)

    page = signed_in.get(reverse("followup:report_preview", args=[draft.pk])).content.decode()

    assert reverse("followup:report_edit", args=[draft.pk]) not in page
    assert _confirm_url(draft) not in page


def test_the_report_page_no_longer_submits_an_empty_draft_in_one_click(signed_in, draft):
    response = signed_in.post(reverse("followup:report_step", args=[draft.pk]), {"action": "submit"}, follow=True)

    assert "Uppföljningen kan inte skickas in än" in response.content.decode()
    assert _nothing_happened(draft)


def test_a_report_with_many_activities_lists_each_missing_one(programme, period, coordinator):
    promise = programme.promises.get()
    for n in range(5):
        ActivityFactory(promise=promise, focus_area=promise.focus_areas.get(), description=f"Insats {n}", status="done")
    report = fill_in_report(report_create_draft(agreement=programme, period=period, by=coordinator))
    ActivityUpdate.objects.filter(section__report=report, status="done").update(what_was_done="")

    with pytest.raises(ReportIncomplete) as refused:
        report_submit(report=report, by=coordinator)

    assert [str(item.text) for item in refused.value.missing] == [f"vad som gjordes i ”Insats {n}” (genomförd)" for n in range(5)]
    assert _nothing_happened(report)
