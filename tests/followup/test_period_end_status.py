"""A new report draft states each activity's status at the end of the period, read from the
activity's history, and the editor says where each pre-filled value came from."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.models import ActivityUpdate
from followup.periods import ReportingPeriod
from followup.services import report_create_draft
from promises.history import StatusSource, status_on, statuses_on
from promises.models import Activity
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory, fill_in_report

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TERTIAL_2 = ReportingPeriod(2026, 2)  # May–August 2026


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def add_activity(promise, when, **fields) -> Activity:
    """An activity entered on `when` (as a planned one unless `fields` say otherwise)."""
    activity = ActivityFactory.build(promise=promise, focus_area=promise.focus_areas.first(), **fields)
    activity._history_date = when
    activity.save()
    return activity


def set_status(activity, when, status, *, since=None, note=""):
    """What the coordinator's status form does, as on `when`."""
    activity.status, activity.status_date, activity.status_note = status, since, note
    activity._history_date = when
    activity.save()


@pytest.fixture
def promise(here):
    agreement = here.agreements.get()
    agreement.cadence = "tertial"
    agreement.save()
    area = FocusAreaFactory(municipality=here, name="Trygghet")
    return PromiseFactory(agreement=agreement, title="Tryggare centrum", valid_from=datetime.date(2026, 1, 1), focus_areas=[area])


@pytest.fixture
def walks(promise):
    """Planned in March, ongoing from June, done on 25 November: after the end of tertial 2."""
    activity = add_activity(promise, at(2026, 3, 2), description="Trygghetsvandringar i centrum")
    set_status(activity, at(2026, 6, 10), "ongoing", since=datetime.date(2026, 6, 10), note="Två vandringar i juni")
    set_status(activity, at(2026, 11, 25, 16, 6), "done", since=datetime.date(2026, 11, 25), note="Alla sex vandringar klara")
    return activity


def _update(report, activity) -> ActivityUpdate:
    return ActivityUpdate.objects.get(section__report=report, activity=activity)


def test_an_activity_done_after_the_period_keeps_its_status_at_the_end_of_the_period_in_the_draft(walks, promise, coordinator):
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    update = _update(report, walks)
    assert (update.status, update.what_was_done) == ("ongoing", "Två vandringar i juni")


def test_the_same_activity_is_done_in_the_draft_of_the_period_it_was_done_in(walks, promise, coordinator):
    report = report_create_draft(agreement=promise.agreement, period=ReportingPeriod(2026, 3), by=coordinator)

    update = _update(report, walks)
    assert (update.status, update.what_was_done) == ("done", "Alla sex vandringar klara")


def test_a_status_recorded_late_counts_from_the_date_it_was_given(walks):
    # On 25 November the coordinator records that the walks were in fact done on 20 August.
    set_status(walks, at(2026, 11, 25, 17), "done", since=datetime.date(2026, 8, 20), note="Klart redan i augusti")

    then = status_on(walks, TERTIAL_2.end)

    assert (then.status, then.note, then.since, then.source) == (
        "done",
        "Klart redan i augusti",
        datetime.date(2026, 8, 20),
        StatusSource.HISTORY,
    )


def test_a_later_record_replaces_what_an_earlier_one_said_for_the_same_days(promise):
    activity = add_activity(promise, at(2026, 3, 2))
    set_status(activity, at(2026, 9, 1), "postponed", since=datetime.date(2026, 8, 20), note="Skjuts upp")
    # The next day: that was a mistake, it has been ongoing since June.
    set_status(activity, at(2026, 9, 2), "ongoing", since=datetime.date(2026, 6, 1), note="Pågår sedan juni")

    assert status_on(activity, TERTIAL_2.end).status == "ongoing"


def test_a_status_without_a_date_counts_from_the_day_it_was_recorded_in_swedish_time(promise):
    before_midnight = add_activity(promise, at(2026, 3, 2))
    after_midnight = add_activity(promise, at(2026, 3, 2))
    set_status(before_midnight, at(2026, 8, 31, 23, 30), "ongoing")
    # 00:30 on 1 September in Stockholm is still 31 August in UTC.
    set_status(after_midnight, at(2026, 9, 1, 0, 30), "ongoing")

    then = statuses_on([before_midnight, after_midnight], TERTIAL_2.end)

    assert then[before_midnight.pk].status == "ongoing"
    assert then[after_midnight.pk].status == "planned"


def test_an_activity_added_after_the_period_gets_its_first_known_status_and_says_so(promise):
    activity = add_activity(promise, at(2026, 9, 10), status="planned")
    set_status(activity, at(2026, 10, 1), "ongoing", since=datetime.date(2026, 10, 1))

    then = status_on(activity, TERTIAL_2.end)

    assert (then.status, then.source, then.recorded_on) == ("planned", StatusSource.FIRST_KNOWN, datetime.date(2026, 9, 10))


def test_an_activity_added_after_the_period_with_a_status_from_after_it_was_still_planned(promise):
    activity = add_activity(
        promise, at(2026, 9, 10), status="ongoing", status_date=datetime.date(2026, 9, 1), status_note="Startade 1 sept"
    )

    then = status_on(activity, TERTIAL_2.end)

    assert (then.status, then.note, then.source) == ("planned", "", StatusSource.NOT_YET)


def test_an_activity_without_any_history_has_its_status_of_today(promise):
    activity = add_activity(promise, at(2026, 3, 2), status="ongoing", status_note="Pågår")
    activity.history.all().delete()  # as data loaded raw from a fixture

    then = status_on(activity, TERTIAL_2.end)

    assert (then.status, then.note, then.source) == ("ongoing", "Pågår", StatusSource.CURRENT)


def _realistic(promises, count):
    """`count` activities over the promises, each with a history of the size real ones get: entered,
    edited, ongoing before the period ends, done after it, moved."""
    made = []
    for n in range(count):
        activity = add_activity(promises[n % len(promises)], at(2026, 1, 15), description=f"Aktivitet {n}")
        activity.place = "Centrum"
        activity._history_date = at(2026, 2, 1)
        activity.save()
        set_status(activity, at(2026, 5, 4), "ongoing", since=datetime.date(2026, 5, 4), note=f"Påbörjad {n}")
        set_status(activity, at(2026, 7, 1), "ongoing", since=datetime.date(2026, 5, 4), note=f"Halvvägs {n}")
        set_status(activity, at(2026, 10, 5), "done", since=datetime.date(2026, 10, 5), note=f"Klar {n}")
        activity.order = n + 1
        activity._history_date = at(2026, 11, 1)
        activity.save()
        made.append(activity)
    return made


def test_statuses_on_reads_the_history_in_at_most_two_queries(promise):
    activities = _realistic([promise], 30) + [add_activity(promise, at(2026, 9, 10))]

    with CaptureQueriesContext(connection) as queries:
        then = statuses_on(activities, TERTIAL_2.end)

    assert len(queries) == 2
    assert {then[a.pk].status for a in activities[:30]} == {"ongoing"}
    assert {then[a.pk].note for a in activities[:30]} == {f"Halvvägs {n}" for n in range(30)}
    assert then[activities[-1].pk].source == StatusSource.FIRST_KNOWN


def test_a_draft_takes_as_many_queries_for_forty_activities_as_for_ten(here, promise, coordinator):
    promises = [
        promise,
        PromiseFactory(agreement=promise.agreement, valid_from=promise.valid_from, focus_areas=[promise.focus_areas.get()]),
    ]
    _realistic(promises, 10)

    def queries_for_a_draft():
        by = type(coordinator).objects.get(pk=coordinator.pk)  # a fresh user, with nothing cached
        with CaptureQueriesContext(connection) as queries:
            report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=by)
        assert set(ActivityUpdate.objects.filter(section__report=report).values_list("status", flat=True)) == {"ongoing"}
        count = ActivityUpdate.objects.filter(section__report=report).count()
        report.delete()
        return len(queries), count

    ten, ten_updates = queries_for_a_draft()
    _realistic(promises, 30)
    forty, forty_updates = queries_for_a_draft()

    assert (ten_updates, forty_updates) == (10, 40)
    assert forty == ten


# The editor.


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_editor_says_the_status_came_from_the_history_and_marks_a_change_after_the_period(signed_in, walks, promise, coordinator):
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert "Status den 31 augusti 2026 enligt aktivitetens historik." in page
    assert "Ändrad efter perioden: nu Genomförd sedan 25 november 2026." in page
    assert "Ifylld från anteckningen till den statusen." in page


def test_the_editor_does_not_mark_an_activity_whose_status_has_not_changed_since(signed_in, promise, coordinator):
    activity = add_activity(promise, at(2026, 3, 2))
    set_status(activity, at(2026, 6, 10), "ongoing", since=datetime.date(2026, 6, 10), note="Pågår")
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert "Status den 31 augusti 2026 enligt aktivitetens historik." in page
    assert "Ändrad efter perioden" not in page


def test_the_editor_says_when_the_coordinator_changed_the_status_in_the_report(signed_in, walks, promise, coordinator):
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)
    ActivityUpdate.objects.filter(section__report=report).update(status="done")

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert "Ändrad i uppföljningen; enligt aktivitetens historik var den ”Pågående” den 31 augusti 2026." in page
    assert "enligt aktivitetens historik." not in page


def test_the_editor_says_an_activity_was_added_after_the_period(signed_in, promise, coordinator):
    add_activity(promise, at(2026, 9, 10), description="Nattvandringar")
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert "Aktiviteten registrerades här den 10 september 2026, efter perioden; detta är dess första kända status." in page


def test_the_editor_says_an_activity_whose_first_status_came_after_the_period_was_planned(signed_in, promise, coordinator):
    add_activity(promise, at(2026, 9, 10), status="done", status_date=datetime.date(2026, 9, 5))
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert "Aktivitetens första registrerade status gäller från 5 september 2026, efter perioden; dessförinnan var den planerad." in page
    assert "Ändrad efter perioden: nu Genomförd sedan 5 september 2026." in page


def test_the_editor_says_the_next_step_came_from_the_previous_report(signed_in, walks, promise, coordinator, chief):
    from followup.services import report_approve, report_publish, report_submit

    first = fill_in_report(report_create_draft(agreement=promise.agreement, period=ReportingPeriod(2026, 1), by=coordinator))
    ActivityUpdate.objects.filter(section__report=first).update(next_step="Fler vandringar i sommar")
    report_submit(report=first, by=coordinator)
    report_approve(report=first, by=chief)
    report_publish(report=first, by=coordinator)
    report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)

    page = signed_in.get(reverse("followup:report_edit", args=[report.pk])).content.decode()

    assert _update(report, walks).next_step == "Fler vandringar i sommar"
    assert "Från förra uppföljningen (Tertial 1 2026)." in page


def test_the_editor_reads_the_history_in_as_many_queries_for_forty_activities_as_for_ten(signed_in, promise, coordinator):
    def queries_for_the_editor():
        report = report_create_draft(agreement=promise.agreement, period=TERTIAL_2, by=coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert signed_in.get(reverse("followup:report_edit", args=[report.pk])).status_code == 200
        report.delete()
        return len(queries)

    _realistic([promise], 10)
    ten = queries_for_the_editor()
    _realistic([promise], 30)

    assert queries_for_the_editor() == ten
