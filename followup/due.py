"""Which follow-up reports are due, when, and whether they are late: computed, never stored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from approvals.models import ReviewState
from followup.models import FollowUpReport
from followup.periods import UNKNOWN, ReportingPeriod, periods_due
from promises.models import Promise, place_in_time


@dataclass(frozen=True)
class DueReport:
    """One period an agreement must report on, with its deadline and how far the report has come."""

    agreement: Agreement
    period: ReportingPeriod
    deadline: datetime.date
    report: FollowUpReport | None  # the version in the works, else the latest published one

    @property
    def is_published(self) -> bool:
        return self.report is not None and self.report.workflow_state == ReviewState.PUBLISHED

    @property
    def is_with_the_chief(self) -> bool:
        return self.report is not None and self.report.workflow_state == ReviewState.SUBMITTED

    def is_overdue(self, today: datetime.date) -> bool:
        """Past its deadline and not published; a report with the chief for approval waits on
        them, not on the coordinator, so it is not called overdue."""
        return not self.is_published and not self.is_with_the_chief and today > self.deadline

    def days_left(self, today: datetime.date) -> int:
        return (self.deadline - today).days

    def state_label(self, today: datetime.date) -> str:
        """Where the period's report stands: its workflow state once it exists ("Overdue, draft"
        when a draft is late), else not started or overdue."""
        if self.is_published:
            return _("Published")
        if self.report is not None:
            if self.report.workflow_state == ReviewState.DRAFT and self.is_overdue(today):
                return _("Overdue, draft")
            return self.report.get_workflow_state_display()
        if self.is_overdue(today):
            return _("Overdue")
        return _("Not started")


def promises_applying(agreement: Agreement, *, start: datetime.date, end: datetime.date) -> list[Promise]:
    """The agreement's published promises that applied on any day from `start` to `end`, in their
    order, placed in time with two queries whatever their number."""
    promises = place_in_time(
        Promise.objects.published()
        .filter(agreement=agreement, valid_from__lte=end)
        .with_extensions()
        .order_by("order", "valid_from", "pk"),
        agreement_ends={agreement.pk: agreement.effective_end()},
    )
    return [promise for promise in promises if promise.applies_during(start, end)]


def deadline_of(period: ReportingPeriod) -> datetime.date:
    return period.end + datetime.timedelta(days=settings.REPORT_DEADLINE_DAYS)


def reports_due(agreement: Agreement, *, today: datetime.date, lookahead_days: int = 0) -> list[DueReport]:
    """The agreement's periods that have ended (or end within `lookahead_days`), from the day its
    reports are kept in this service, with the state of each period's report; oldest first."""
    start = agreement.reports_from or agreement.starts_on
    end = today + datetime.timedelta(days=lookahead_days)
    promises = promises_applying(agreement, start=start, end=end)
    # A period is due only if something was promised in it.
    periods = [
        period
        for period in periods_due(agreement, start=start, end=end)
        if any(promise.applies_during(period.start, period.end) for promise in promises)
    ]
    reports = {}
    for report in FollowUpReport.objects.filter(agreement=agreement).order_by("version_number"):
        key = (report.period_year, report.period_tertial)
        current = reports.get(key)
        # A version in the works is what the coordinator needs; otherwise the latest published.
        if current is None or current.workflow_state == ReviewState.PUBLISHED:
            reports[key] = report
    return [DueReport(agreement, period, deadline_of(period), reports.get((period.year, period.tertial))) for period in periods]


def outstanding(agreement: Agreement, *, today: datetime.date, lookahead_days: int) -> list[DueReport]:
    """The due reports whose deadline is within `lookahead_days`, or past, and that wait on the
    coordinator: not published, and not with the chief for approval."""
    horizon = today + datetime.timedelta(days=lookahead_days)
    return [
        due
        for due in reports_due(agreement, today=today, lookahead_days=lookahead_days)
        if not due.is_published and due.deadline <= horizon and not due.is_with_the_chief
    ]


def next_follow_up(agreement: Agreement | None, *, today: datetime.date, published=None, valid_until=UNKNOWN) -> DueReport | None:
    """The follow-up residents can expect next: the first period whose deadline has not passed and
    whose report is not yet published (the period running today, or one that ended lately and is
    still being written up). None when the agreement reports on no such period.
    A page that has read them passes the published reports' periods ((year, tertial) pairs) and
    the agreement's effective end, to save the queries."""
    if agreement is None:
        return None
    window_start = today - datetime.timedelta(days=settings.REPORT_DEADLINE_DAYS)
    periods = periods_due(agreement, start=window_start, end=today + datetime.timedelta(days=366), valid_until=valid_until)
    if published is None:
        published = FollowUpReport.objects.published().filter(agreement=agreement).values_list("period_year", "period_tertial")
    published = set(published)
    for period in periods:
        if (period.year, period.tertial) not in published and deadline_of(period) >= today:
            return DueReport(agreement, period, deadline_of(period), None)
    return None
