"""What a correction of a follow-up report (a new version) changes against the previous published version."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from approvals import changes
from approvals.changes import Changes, PartChange
from approvals.models import ReviewState
from followup.models import ActivityUpdate, FollowUpReport, ReportSection

UPDATE_FIELDS = ["status", "what_was_done", "achieved", "next_step"]


def previous_version(report: FollowUpReport) -> FollowUpReport | None:
    """The latest published version of the same period's report before this one."""
    return (
        FollowUpReport.objects.filter(
            agreement_id=report.agreement_id, workflow_state=ReviewState.PUBLISHED, version_number__lt=report.version_number
        )
        .for_period(report.period)
        .order_by("-version_number")
        .first()
    )


def correction_changes(report: FollowUpReport) -> Changes | None:
    """The correction against the previous published version: the summary, each promise's section
    text, and each activity update (status, what was done, achieved, next step) before → after.
    None when there is no earlier published version."""
    previous = previous_version(report)
    if previous is None:
        return None
    before, after = _sections(previous), _sections(report)
    parts = []
    for promise_id, section in after.items():
        old = before.get(promise_id)
        if old is None:
            parts.append(
                PartChange(
                    name=section.promise.title,
                    change="added",
                    fields=changes.field_values(section, ["text"]),
                    parts=[_added(update) for update in section.updates.all()],
                )
            )
            continue
        text = changes.field_changes(old, section, ["text"])
        updates = _update_changes(old, section)
        if text or updates:
            parts.append(PartChange(name=section.promise.title, change="changed", fields=text, parts=updates))
    parts += [PartChange(name=old.promise.title, change="removed") for promise_id, old in before.items() if promise_id not in after]
    published_on = date_format(timezone.localtime(previous.published_at).date(), "j F Y") if previous.published_at else "–"
    return Changes(
        against=_("Compared with version %(number)s, published %(date)s.") % {"number": previous.version_number, "date": published_on},
        against_url=previous.get_version_url(),
        fields=changes.field_changes(previous, report, ["summary"]),
        parts_heading=_("Promises and activities in the report"),
        parts=parts,
    )


def _sections(report: FollowUpReport) -> dict[int, ReportSection]:
    updates = Prefetch("updates", queryset=ActivityUpdate.objects.select_related("activity"))
    return {section.promise_id: section for section in report.sections.select_related("promise").prefetch_related(updates)}


def _added(update: ActivityUpdate) -> PartChange:
    return PartChange(name=update.activity.description, change="added", fields=changes.field_values(update, UPDATE_FIELDS))


def _update_changes(old: ReportSection, new: ReportSection) -> list[PartChange]:
    """A section's activity updates, matched by activity: added, changed, then removed."""
    before = {update.activity_id: update for update in old.updates.all()}
    after = {update.activity_id: update for update in new.updates.all()}
    parts = []
    for activity_id, update in after.items():
        if activity_id not in before:
            parts.append(_added(update))
        elif changed := changes.field_changes(before[activity_id], update, UPDATE_FIELDS):
            parts.append(PartChange(name=update.activity.description, change="changed", fields=changed))
    parts += [PartChange(name=u.activity.description, change="removed") for activity_id, u in before.items() if activity_id not in after]
    return parts


changes.register(model=FollowUpReport, is_revision=lambda report: report.version_number > 1, compute=correction_changes)
