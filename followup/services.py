"""Writes to follow-up reports: drafting, editing, the workflow, publishing as a frozen record,
corrections, and reminders of reports that are due."""

from __future__ import annotations

import datetime
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from agreements.models import Agreement, AgreementState
from approvals.editing import save_edit
from approvals.errors import DomainError
from approvals.models import Action, ReviewState, Transition
from approvals.services import check_allowed, lock, record, run_transition
from followup import drafting
from followup.due import outstanding, promises_applying
from followup.models import ActivityUpdate, FollowUpReport, ReminderSent, ReportSection
from followup.periods import ReportingPeriod, periods_of_year
from followup.rendering import PdfError, build_snapshot, render_pdf
from promises.history import statuses_on
from promises.models import ActivityStatus, Promise


class ReportError(DomainError):
    """A change to a follow-up report that the rules do not allow; the message is for the user."""


@contextmanager
def unfrozen():
    """Inside one transaction, let the database accept changes to published reports, which its
    triggers otherwise refuse (followup/migrations/0003). Only for resetting the demo data; a user's
    work never needs it: corrections are new versions."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL medborgarloften.unfreeze = 'on'")
        yield
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL medborgarloften.unfreeze = 'off'")


def _require_edit(*, item, by) -> None:
    if by is None or not by.has_perm("followup.change_followupreport", item):
        raise ReportError(_("You may not change this report; only the municipality's coordinators can."))


def promises_reported_on(agreement: Agreement, period: ReportingPeriod) -> list[Promise]:
    """The agreement's published promises that applied during the period: by their own dates and
    the decisions extending them, or for as long as the agreement applies when they say so."""
    return promises_applying(agreement, start=period.start, end=period.end)


@transaction.atomic
def report_create_draft(*, agreement: Agreement, period: ReportingPeriod, by) -> FollowUpReport:
    """Start the report for a period: one section per promise, one update per activity, with the
    activity's status at the end of the period (from its history), the note that went with that
    status as what was done, and the next step from the previous report. A bounded number of
    queries, however many activities there are."""
    _require_edit(item=agreement, by=by)
    if period not in periods_of_year(period.year, agreement.cadence):
        raise ReportError(_("The agreement is not followed up for %(period)s.") % {"period": period.label})
    existing = FollowUpReport.objects.filter(agreement=agreement).for_period(period)
    if existing.exclude(workflow_state=ReviewState.PUBLISHED).exists():
        raise ReportError(_("A report for %(period)s is already being prepared.") % {"period": period.label})
    if existing.exists():
        raise ReportError(_("The report for %(period)s is published; start a correction of it instead.") % {"period": period.label})

    # What was planned as the next step last time is where this period started.
    next_steps = drafting.next_steps_in(drafting.previous_report(agreement, period))
    report = FollowUpReport(agreement=agreement, period_year=period.year, period_tertial=period.tertial)
    try:
        # Two coordinators starting the same period at once both pass the check above; the
        # database's "one report in the works" constraint lets one in, and the other gets the
        # message, not a 500. The savepoint keeps the outer transaction usable.
        with transaction.atomic():
            save_edit(report, expected_version=None, by=by)
    except IntegrityError as error:
        raise ReportError(_("A report for %(period)s is already being prepared.") % {"period": period.label}) from error
    promises = promises_reported_on(agreement, period)
    sections = bulk_create_with_history(
        [ReportSection(report=report, promise=promise, order=order) for order, promise in enumerate(promises, start=1)],
        ReportSection,
        default_user=by,
    )
    planned = drafting.activities_to_report(promises, period)
    then = statuses_on([activity for activities in planned.values() for activity in activities], period.end)
    bulk_create_with_history(
        [
            ActivityUpdate(
                section=section,
                activity=activity,
                status=then[activity.pk].status,
                what_was_done=then[activity.pk].note,
                next_step=next_steps.get(activity.pk, ""),
                order=position,
            )
            for section in sections
            for position, activity in enumerate(planned[section.promise_id], start=1)
        ],
        ActivityUpdate,
        batch_size=500,
        default_user=by,
    )
    return report


@transaction.atomic
def report_update(
    *,
    report: FollowUpReport,
    by,
    expected_version: int | None,
    summary: str,
    changes_note: str = "",
    originally_published_on: datetime.date | None = None,
    originally_published_where: str = "",
    sections: dict[int, str] | None = None,
    updates: dict[int, dict] | None = None,
) -> FollowUpReport:
    """Save a draft's texts and activity updates together; refused if someone else saved the report
    in between (EditConflict) or if it is no longer a draft."""
    lock(report)
    _require_edit(item=report, by=by)
    if not report.is_editable:
        raise ReportError(_("The report is “%(state)s” and cannot be changed in place.") % {"state": report.get_workflow_state_display()})
    report.summary, report.changes_note = summary, changes_note
    report.originally_published_on, report.originally_published_where = originally_published_on, originally_published_where.strip()
    save_edit(report, expected_version=expected_version, by=by)
    for section in report.sections.filter(pk__in=(sections or {}).keys()):
        section.text = sections[section.pk]
        section._history_user = by
        section.save(update_fields=["text"])
    for update in ActivityUpdate.objects.filter(section__report=report, pk__in=(updates or {}).keys()):
        for field, value in updates[update.pk].items():
            setattr(update, field, value)
        update.full_clean()
        update._history_user = by
        update.save()
    return report


@dataclass(frozen=True)
class Missing:
    """One thing a report lacks before it can be submitted, and where the editor asks for it."""

    text: str
    anchor: str  # the element's id on the report's edit page


class ReportIncomplete(ReportError):
    """A report that lacks what the chief needs to read; `missing` lists each thing."""

    def __init__(self, missing: list[Missing]):
        super().__init__(
            _("The report cannot be submitted yet. Missing: %(missing)s.") % {"missing": "; ".join(str(item.text) for item in missing)}
        )
        self.missing = missing


# The statuses that say something happened, so the report must say what.
STATUSES_NEEDING_WHAT_WAS_DONE = (ActivityStatus.ONGOING, ActivityStatus.DONE)


def missing_for_submission(report: FollowUpReport) -> list[Missing]:
    """What the report lacks before it can go to the chief, in the order of its edit page: the
    summary, then what was done in each ongoing or done activity, by name. Empty when complete."""
    missing = []
    if not report.summary.strip():
        missing.append(Missing(text=_("a summary"), anchor="id_summary"))
    if report.version_number > 1 and not report.changes_note.strip():
        # A correction cannot be published without saying what changed: ask before the chief reads it.
        missing.append(Missing(text=_("what changed since the previous version"), anchor="id_changes_note"))
    updates = (
        ActivityUpdate.objects.filter(section__report=report, status__in=STATUSES_NEEDING_WHAT_WAS_DONE)
        .select_related("activity")
        .order_by("section__order", "section", "order", "pk")
    )
    for update in (update for update in updates if not update.what_was_done.strip()):
        text = _("what was done in “%(activity)s” (%(status)s)") % {
            "activity": update.activity.description,
            "status": update.get_status_display().lower(),
        }
        missing.append(Missing(text=text, anchor=f"update-{update.pk}"))
    return missing


@transaction.atomic
def report_submit(*, report: FollowUpReport, by, comment: str = "") -> Transition:
    """The coordinator sends the report to the police area chief for approval; refused, with
    everything that is missing listed, while the summary or what was done in an ongoing or done
    activity is empty."""
    lock(report)
    check_allowed(item=report, action=Action.SUBMIT, by=by)
    report.refresh_from_db(fields=["summary", "changes_note", "version_number"])
    if missing := missing_for_submission(report):
        raise ReportIncomplete(missing)
    return run_transition(item=report, action=Action.SUBMIT, by=by, comment=comment)


def report_withdraw(*, report: FollowUpReport, by, comment: str = "") -> Transition:
    return run_transition(item=report, action=Action.WITHDRAW, by=by, comment=comment)


def report_approve(*, report: FollowUpReport, by, comment: str = "") -> Transition:
    return run_transition(item=report, action=Action.APPROVE, by=by, comment=comment)


def report_return(*, report: FollowUpReport, by, comment: str) -> Transition:
    return run_transition(item=report, action=Action.RETURN, by=by, comment=comment)


@transaction.atomic
def report_publish(*, report: FollowUpReport, by, comment: str = "") -> Transition:
    """Publish an approved report as a permanent record: its content is frozen in a snapshot and
    the PDF made from it is stored. If the PDF cannot be made, nothing is published."""
    lock(report)
    if report.version_number > 1 and not report.changes_note.strip():
        raise ReportError(_("Say what changed since the previous version before publishing the correction."))
    step = run_transition(item=report, action=Action.PUBLISH, by=by, comment=comment)
    report.published_at = timezone.now()
    report.snapshot = build_snapshot(report)
    try:
        report.pdf = render_pdf(report.snapshot)
    except PdfError as error:
        raise ReportError(_("The PDF could not be made, so nothing was published: %(reason)s") % {"reason": error}) from error
    report.pdf_sha256 = hashlib.sha256(report.pdf).hexdigest()
    report._history_user = by
    report.save(update_fields=["published_at", "snapshot", "pdf", "pdf_sha256"])
    return step


@transaction.atomic
def report_start_correction(*, report: FollowUpReport, by) -> FollowUpReport:
    """Correct a published report: a new version, a draft copy of it, which says what changed when
    it is published. The published version stays public, and reachable afterwards at its own address."""
    lock(report)
    check_allowed(item=report, action=Action.START_REVISION, by=by)
    period_reports = FollowUpReport.objects.filter(agreement=report.agreement).for_period(report.period)
    if period_reports.exclude(workflow_state=ReviewState.PUBLISHED).exists():
        raise ReportError(_("A correction of this report is already under way; continue with it."))
    latest = period_reports.order_by("-version_number").first()
    correction = FollowUpReport(
        agreement=report.agreement,
        period_year=report.period_year,
        period_tertial=report.period_tertial,
        summary=latest.summary,
        version_number=latest.version_number + 1,
    )
    save_edit(correction, expected_version=None, by=by)
    for section in latest.sections.prefetch_related("updates"):
        copy = ReportSection.objects.create(report=correction, promise=section.promise, text=section.text, order=section.order)
        ActivityUpdate.objects.bulk_create(
            ActivityUpdate(
                section=copy,
                activity=update.activity,
                status=update.status,
                what_was_done=update.what_was_done,
                achieved=update.achieved,
                next_step=update.next_step,
                order=update.order,
            )
            for update in section.updates.all()
        )
    record(item=report, action=Action.START_REVISION, by=by, from_state=report.workflow_state)
    return correction


def send_due_reminders(*, today: datetime.date, days: int) -> list[tuple[str, list[str]]]:
    """E-mail each municipality's coordinators about reports due within `days` days or overdue,
    at most once per report and day. Returns what was sent: (report, addresses)."""
    sent = []
    User = get_user_model()
    for agreement in Agreement.objects.published().select_related("municipality"):
        if agreement.state_on(today) not in (AgreementState.IN_FORCE, AgreementState.EXTENDED):
            continue
        addresses = sorted(
            set(
                User.objects.filter(coordinated_municipalities=agreement.municipality, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        for due in outstanding(agreement, today=today, lookahead_days=days):
            with transaction.atomic():
                reminder, created = ReminderSent.objects.get_or_create(
                    agreement=agreement,
                    period_year=due.period.year,
                    period_tertial=due.period.tertial,
                    sent_on=today,
                    defaults={"recipients": "\n".join(addresses)},
                )
                if not created or not addresses:
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    context = {
                        "due": due,
                        "today": today,
                        "overdue": due.is_overdue(today),
                        "days_left": due.days_left(today),
                        "municipality": agreement.municipality,
                        "site_url": settings.SITE_URL.rstrip("/"),
                    }
                    subject = " ".join(render_to_string("followup/email/reminder_subject.txt", context).split())
                    body = render_to_string("followup/email/reminder_body.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
                sent.append((f"{due.period.label} – {agreement.municipality.name}", addresses))
    return sent


# Indicators: what the safety survey (or another source) measures each year.


@transaction.atomic
def indicator_save(*, municipality, by, indicator=None, **fields):
    """Add an indicator for the municipality, or change one of its own."""
    from followup.models import Indicator

    target = indicator or Indicator(municipality=municipality)
    _require_edit(item=target, by=by)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean()
    target._history_user = by
    target.save()
    return target


@transaction.atomic
def measurements_save(*, indicator, by, year: int, values: dict):
    """Set one year's values of an indicator (group → number, or None to remove that value)."""
    from followup.models import Measurement, MeasurementGroup

    _require_edit(item=indicator, by=by)
    if not 1990 <= year <= timezone.localdate().year:
        raise ReportError(_("Give a year from 1990 to this year."))
    groups = {MeasurementGroup.ALL} | ({MeasurementGroup.WOMEN, MeasurementGroup.MEN} if indicator.by_gender else set())
    if all(value is None for value in values.values()):
        raise ReportError(_("Give at least one value."))
    for group, value in values.items():
        if group not in groups:
            continue
        existing = Measurement.objects.filter(indicator=indicator, year=year, group=group).first()
        if value is None:
            if existing:
                existing._history_user = by
                existing.delete()
            continue
        if value < 0 or (indicator.unit.strip().lower() in ("procent", "%") and value > 100):
            raise ReportError(_("%(value)s is not a possible value in %(unit)s.") % {"value": value, "unit": indicator.unit})
        measurement = existing or Measurement(indicator=indicator, year=year, group=group)
        measurement.value = value
        measurement.full_clean()
        measurement._history_user = by
        measurement.save()
