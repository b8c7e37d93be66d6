"""Publishing a revision writes its content back into the promise, never its stale progress."""

import datetime

import pytest

from promises.models import Activity
from promises.services import (
    activity_change_status,
    activity_create,
    activity_update,
    promise_approve,
    promise_publish,
    promise_start_revision,
    promise_submit,
)
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return FocusAreaFactory(name="Trygghet")


@pytest.fixture
def published(here, area):
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", focus_areas=[area])
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandring i centrum", status="planned")
    return promise


def _publish(revision, coordinator, chief):
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    promise_publish(promise=revision, by=coordinator)


def test_status_reported_during_a_revision_stays_after_the_revision_is_published(published, coordinator, chief):
    live = published.activities.get()
    revision = promise_start_revision(promise=published, by=coordinator)
    activity_change_status(activity=live, by=coordinator, status="done", on=datetime.date(2024, 5, 2), note="Alla fyra vandringar gjorda")
    copy = revision.activities.get()
    activity_update(activity=copy, by=coordinator, description="Trygghetsvandring i centrum och vid stationen")

    _publish(revision, coordinator, chief)

    live.refresh_from_db()
    assert live.description == "Trygghetsvandring i centrum och vid stationen"
    assert (live.status, live.status_date, live.status_note) == ("done", datetime.date(2024, 5, 2), "Alla fyra vandringar gjorda")


def test_activity_added_in_the_revision_keeps_its_own_status(published, coordinator, chief, area):
    revision = promise_start_revision(promise=published, by=coordinator)
    activity_create(promise=revision, by=coordinator, focus_area=area, description="Föräldravandring", responsible="jointly")
    Activity.objects.filter(promise=revision, description="Föräldravandring").update(status="ongoing", status_note="Startad")

    _publish(revision, coordinator, chief)

    added = published.activities.get(description="Föräldravandring")
    assert (added.status, added.status_note) == ("ongoing", "Startad")


def test_revision_copies_the_live_status_so_its_editor_sees_it(published, coordinator):
    live = published.activities.get()
    activity_change_status(activity=live, by=coordinator, status="ongoing", on=datetime.date(2024, 3, 1), note="Första vandringen gjord")

    revision = promise_start_revision(promise=published, by=coordinator)

    copy = revision.activities.get()
    assert (copy.status, copy.status_date, copy.status_note) == ("ongoing", datetime.date(2024, 3, 1), "Första vandringen gjord")
