"""The coordinator's report pages: start a due report, edit it all on one page, bad input refused."""

import pytest
from django.urls import reverse

from followup.models import FollowUpReport
from followup.periods import ReportingPeriod
from followup.services import report_create_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def draft(programme, coordinator):
    return report_create_draft(agreement=programme, period=ReportingPeriod(2022, 1), by=coordinator)


def _edit_data(report, **overrides):
    sections = list(report.sections.all())
    updates = [u for s in sections for u in s.updates.all()]
    data = {
        "version": report.version,
        "summary": "Bra tertial.",
        "sections-TOTAL_FORMS": len(sections), "sections-INITIAL_FORMS": len(sections),
        "updates-TOTAL_FORMS": len(updates), "updates-INITIAL_FORMS": len(updates),
    }
    for i, section in enumerate(sections):
        data[f"sections-{i}-id"] = section.pk
        data[f"sections-{i}-text"] = "Löftet gick bra."
    for i, update in enumerate(updates):
        data.update({f"updates-{i}-id": update.pk, f"updates-{i}-status": "done", f"updates-{i}-what_was_done": f"Gjort {i}",
                     f"updates-{i}-achieved": "3", f"updates-{i}-next_step": ""})
    data.update(overrides)
    return data


def test_dashboard_offers_to_start_each_due_report(signed_in, programme):
    page = signed_in.get(reverse("approvals:dashboard")).content.decode()

    assert "Påbörja uppföljningen" in page
    assert "Tertial 1 2022" in page and "Försenad" in page


def test_coordinator_starts_the_report_for_a_due_period(signed_in, programme):
    response = signed_in.post(f"{reverse('followup:report_new')}?kommun={programme.municipality.slug}", {"period": "2022-tertial-1"})

    report = FollowUpReport.objects.get()
    assert response["Location"] == report.get_manage_url()
    assert report.period == ReportingPeriod(2022, 1)


@pytest.mark.parametrize("period", ["2022", "2099-tertial-1", "tertial", ""])
def test_a_period_that_is_not_due_cannot_be_started(signed_in, programme, period):
    response = signed_in.post(f"{reverse('followup:report_new')}?kommun={programme.municipality.slug}", {"period": period})

    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not FollowUpReport.objects.exists()


def test_coordinator_saves_the_whole_report_at_once(signed_in, draft):
    response = signed_in.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Bra tertial."
    assert draft.sections.get().text == "Löftet gick bra."
    assert sorted(u.what_was_done for u in draft.sections.get().updates.all()) == ["Gjort 0", "Gjort 1"]
    assert {u.status for u in draft.sections.get().updates.all()} == {"done"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("updates-0-achieved", "-1", "större än eller lika med 0"), ("updates-0-status", "klar", "Välj ett giltigt alternativ")],
)
def test_bad_activity_update_is_refused_and_nothing_is_saved(signed_in, draft, field, value, message):
    response = signed_in.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, **{field: value}))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and 'id="error-summary"' in page
    draft.refresh_from_db()
    assert draft.summary == ""
    assert not draft.sections.get().updates.filter(what_was_done__startswith="Gjort").exists()


def test_the_second_of_two_report_edits_is_refused_and_keeps_the_typing(client, programme, draft, coordinator):
    from tests.factories import coordinator_of

    colleague = coordinator_of(programme.municipality)
    client.force_login(colleague)
    client.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, summary="Kollegans text"))
    client.force_login(coordinator)

    response = client.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, summary="Min text"))

    assert "Någon annan sparade det här medan du redigerade" in response.content.decode()
    assert "Min text" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Kollegans text"


def test_preview_shows_the_draft_as_it_will_look(signed_in, draft):
    page = signed_in.get(reverse("followup:report_preview", args=[draft.pk])).content.decode()

    assert "Förhandsgranskning" in page and "Tertial 1 2022" in page and "Trafikinsatser vid skolan" in page


def test_preview_pdf_is_a_pdf(signed_in, draft):
    response = signed_in.get(reverse("followup:report_preview", args=[draft.pk]) + "?pdf=1")

    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
