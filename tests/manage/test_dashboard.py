"""`/hantera/` says what to do now, lists the activities to report on with a status button, and
reads reports' states truthfully."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Action, ReviewState, Transition
from followup.models import FollowUpReport
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def area(here):
    return FocusAreaFactory(municipality=here)


def test_each_activity_of_a_promise_that_applies_is_listed_with_its_status_and_a_button_back_here(signed_in, here, area):
    promise = PromiseFactory(agreement=here.agreements.get(), focus_areas=[area], title="Trygg skolväg")
    walks = ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandringar", status="ongoing")

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "Trygghetsvandringar" in page and "Pågående" in page
    status_url = reverse("promises:activity_status", args=[walks.pk])
    assert f'href="{status_url}?next=/hantera/"' in page


def test_the_status_form_reached_from_the_dashboard_leads_back_to_it(signed_in, here, area):
    promise = PromiseFactory(agreement=here.agreements.get(), focus_areas=[area])
    walks = ActivityFactory(promise=promise, focus_area=area, status="planned")
    url = f"{reverse('promises:activity_status', args=[walks.pk])}?next=/hantera/"

    response = signed_in.post(url, {"status": "done", "status_date": "2024-05-01", "status_note": "", "version": walks.version})

    assert response.status_code == 302 and response["Location"] == "/hantera/"


def test_a_next_address_on_another_site_is_ignored(signed_in, here, area):
    promise = PromiseFactory(agreement=here.agreements.get(), focus_areas=[area])
    walks = ActivityFactory(promise=promise, focus_area=area, status="planned")
    url = f"{reverse('promises:activity_status', args=[walks.pk])}?next=https://example.com/"

    response = signed_in.post(url, {"status": "done", "status_date": "2024-05-01", "status_note": "", "version": walks.version})

    assert response["Location"] == promise.get_manage_url()


def test_activities_of_an_ended_promise_are_not_listed_to_report_on(signed_in, here, area):
    agreement = here.agreements.get()
    ended = PromiseFactory(agreement=agreement, focus_areas=[area], valid_until=D(2023, 12, 31))
    ActivityFactory(promise=ended, focus_area=area, description="Gammal vandring")

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "Gammal vandring" not in page


def test_the_dashboard_makes_as_many_queries_for_twenty_promises_as_for_one(signed_in, here, area):
    agreement = here.agreements.get()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("coordination:dashboard")).status_code == 200
        return len(queries)

    PromiseFactory(agreement=agreement, focus_areas=[area])
    ActivityFactory(promise=agreement.promises.get(), focus_area=area)
    one = count()
    for _ in range(19):
        ActivityFactory.create_batch(10, promise=PromiseFactory(agreement=agreement, focus_areas=[area]), focus_area=area)

    assert count() == one


def test_overdue_periods_without_a_report_are_collapsed_with_a_count_and_the_next_report_is_on_top(signed_in, here, area):
    agreement = here.agreements.get()
    agreement.starts_on, agreement.cadence = D(2022, 1, 1), "tertial"
    agreement.save()
    PromiseFactory(agreement=agreement, focus_areas=[area], valid_from=D(2022, 1, 1))

    response = signed_in.get(reverse("coordination:dashboard"))
    page = response.content.decode()

    overdue = response.context["overdue_unstarted"]
    assert len(overdue) >= 5 and all(row["overdue"] for row in overdue)
    assert f"{len(overdue)} försenade perioder utan rapport" in page
    assert response.context["next_due"]["due"].period not in [row["due"].period for row in overdue]
    assert page.index('id="att-gora"') < page.index("Påbörja rapporten för")


def test_a_submitted_report_past_its_deadline_is_shown_as_submitted_not_overdue(signed_in, here, area, coordinator):
    agreement = here.agreements.get()
    agreement.starts_on, agreement.cadence = D(2022, 1, 1), "yearly"
    agreement.save()
    PromiseFactory(agreement=agreement, focus_areas=[area], valid_from=D(2022, 1, 1))
    report = FollowUpReport.objects.create(agreement=agreement, period_year=2022, workflow_state=ReviewState.SUBMITTED)

    rows = signed_in.get(reverse("coordination:dashboard")).context["open_reports"]

    row = next(row for row in rows if row["due"].report == report)
    assert (row["overdue"], row["state"]) == (False, "Skickad för godkännande")


def test_an_approved_item_is_offered_to_publish_at_the_top(signed_in, here, area):
    promise = PromiseFactory(
        agreement=here.agreements.get(), focus_areas=[area], title="Klart att publicera", workflow_state=ReviewState.APPROVED
    )
    Transition.objects.create(item=promise, action=Action.APPROVE, from_state="submitted", to_state="approved")

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()
    top = page[page.index('id="att-gora"') : page.index('id="rapporter"')]

    assert "Godkänt: publicera nu" in top and "Klart att publicera" in top


def test_the_chiefs_approval_comment_is_shown_beside_what_is_to_be_published(signed_in, here, area, chief):
    promise = PromiseFactory(
        agreement=here.agreements.get(), focus_areas=[area], title="Godkänt löfte", workflow_state=ReviewState.APPROVED
    )
    Transition.objects.create(
        item=promise,
        action=Action.APPROVE,
        from_state="submitted",
        to_state="approved",
        by=chief,
        comment="Bra, men rätta stavningen i rubriken.",
    )

    page = signed_in.get(reverse("coordination:dashboard")).content.decode()
    top = page[page.index('id="att-gora"') : page.index('id="rapporter"')]

    assert "godkände och skriver:" in top and "Bra, men rätta stavningen i rubriken." in top
