"""How a new report draft is filled in, and where each filled-in value came from.

A draft takes each activity's status at the end of the period from the activity's history, the
note that went with that status as "what was done", and the next step from the previous report.
The editor reads the same facts again to say where each value came from: computed, never stored,
so a status recorded afterwards with an earlier date shows up there too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from followup.models import ActivityUpdate, FollowUpReport
from followup.periods import ReportingPeriod
from promises.history import StatusOn, statuses_on
from promises.models import Activity


def previous_report(agreement, period: ReportingPeriod) -> FollowUpReport | None:
    """The latest published report of the same kind (tertial or annual) for an earlier period."""
    earlier = Q(period_year__lt=period.year)
    if period.tertial:
        earlier |= Q(period_year=period.year, period_tertial__lt=period.tertial)
    return (
        FollowUpReport.objects.published()
        .filter(agreement=agreement, period_tertial__isnull=period.tertial is None)
        .filter(earlier)
        .order_by("-period_year", "-period_tertial", "-version_number")
        .first()
    )


def next_steps_in(report: FollowUpReport | None) -> dict[int, str]:
    """The next step each activity had in `report`, by activity id."""
    if report is None:
        return {}
    return dict(ActivityUpdate.objects.filter(section__report=report).values_list("activity_id", "next_step"))


@dataclass(frozen=True)
class Origin:
    """What one activity update was (or would now be) filled in from."""

    day: datetime.date  # the period's last day
    then: StatusOn  # the activity's status at the end of that day
    now_status: str  # the activity's status today
    now_since: datetime.date | None
    previous: FollowUpReport | None
    previous_next_step: str | None  # None: the activity was not in the previous report

    @property
    def changed_after_period(self) -> bool:
        """The activity's status today is not the one it had at the end of the period."""
        return self.now_status != self.then.status

    def status_from_history(self, update: ActivityUpdate) -> bool:
        return update.status == self.then.status

    def what_was_done_from_note(self, update: ActivityUpdate) -> bool:
        return bool(update.what_was_done.strip()) and update.what_was_done == self.then.note

    def next_step_from_previous(self, update: ActivityUpdate) -> bool:
        return bool(update.next_step.strip()) and update.next_step == self.previous_next_step


def origins(report: FollowUpReport, updates: list[ActivityUpdate]) -> dict[int, Origin]:
    """Where each of the report's updates was filled in from, by update id, in a bounded number of
    queries (the updates come with their activities)."""
    day = report.period.end
    then = statuses_on([update.activity for update in updates], day)
    previous = previous_report(report.agreement, report.period)
    steps = next_steps_in(previous)
    return {
        update.pk: Origin(
            day=day,
            then=then[update.activity_id],
            now_status=update.activity.status,
            now_since=update.activity.status_date,
            previous=previous,
            previous_next_step=steps.get(update.activity_id),
        )
        for update in updates
    }


def activities_to_report(promises, period: ReportingPeriod) -> dict[int, list[Activity]]:
    """The activities planned during the period, by promise id, in their order: one query."""
    found: dict[int, list[Activity]] = {promise.pk: [] for promise in promises}
    for activity in Activity.objects.filter(promise__in=list(found)).order_by("promise", "order", "pk"):
        if activity.planned_during(period.start, period.end):
            found[activity.promise_id].append(activity)
    return found
