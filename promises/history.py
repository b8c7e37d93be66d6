"""What an activity's status was on a past day, read from its change history.

Every save of an activity is kept by django-simple-history. A version's status counts from its
`status_date` (the day the coordinator said the activity got that status, which may be earlier
than the day it was recorded) or, where that is empty, from the day the version was recorded, in
Swedish time. The status at the end of a day is that of the latest version recorded whose status
counts from that day or earlier: a later record replaces what an earlier one said from its own
date on, so a correction entered afterwards wins, while a status set after the day does not
reach back before its date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from promises.models import Activity, ActivityStatus


class StatusSource:
    """Where a status on a past day was read from."""

    HISTORY = "history"  # a version of the activity whose status counts from that day or earlier
    FIRST_KNOWN = "first_known"  # no status counted by then (recorded later): its first version
    NOT_YET = "not_yet"  # its first version's status counts from a later day: still planned then
    CURRENT = "current"  # no history kept for the activity (raw fixture data): its status now


@dataclass(frozen=True)
class StatusOn:
    """An activity's status at the end of a day, the note that went with it, and where it was read."""

    status: str
    note: str
    source: str
    since: datetime.date | None = None  # the day that status counts from, when the version says
    recorded_on: datetime.date | None = None  # the day the version used was recorded (Swedish time)

    @property
    def status_label(self) -> str:
        return ActivityStatus(self.status).label


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in Swedish time (the site's time zone, Europe/Stockholm)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _counts_by(day: datetime.date) -> Q:
    """The versions whose status counts from `day` or earlier."""
    return Q(status_date__lte=day) | Q(status_date__isnull=True, history_date__lt=end_of_day(day))


def _one_version_each(versions, *, latest: bool):
    """Of `versions`, the latest (or first) recorded one of each activity: one query, however many
    versions each has."""
    order = ("-history_date", "-history_id") if latest else ("history_date", "history_id")
    pick = versions.filter(id=OuterRef("id")).order_by(*order).values("history_id")[:1]
    return versions.filter(history_id=Subquery(pick)).values("id", "status", "status_note", "status_date", "history_date")


# Activities read per round of queries: each id goes into the SQL twice, and this keeps a round
# well within every database's limit on query parameters.
CHUNK = 900


def statuses_on(activities: Iterable[Activity], day: datetime.date) -> dict[int, StatusOn]:
    """Each activity's status at the end of `day`, by activity id, in at most two queries for
    every `CHUNK` activities.

    An activity that had no status counting by then (it was recorded after the day) gets its
    first known status, marked FIRST_KNOWN, or planned, marked NOT_YET, when that first status
    counts only from a later day; one without any history gets its status now, marked CURRENT.
    """
    activities = list(activities)
    found: dict[int, StatusOn] = {}
    for start in range(0, len(activities), CHUNK):
        found.update(_statuses_on({activity.pk: activity for activity in activities[start : start + CHUNK]}, day))
    return found


def _statuses_on(activities: dict[int, Activity], day: datetime.date) -> dict[int, StatusOn]:
    local = timezone.get_default_timezone()
    found: dict[int, StatusOn] = {}
    counting = Activity.history.filter(id__in=activities.keys()).filter(_counts_by(day))
    for row in _one_version_each(counting, latest=True):
        found[row["id"]] = StatusOn(
            status=row["status"],
            note=row["status_note"],
            source=StatusSource.HISTORY,
            since=row["status_date"],
            recorded_on=timezone.localtime(row["history_date"], local).date(),
        )
    later = [pk for pk in activities if pk not in found]
    if later:
        for row in _one_version_each(Activity.history.filter(id__in=later), latest=False):
            recorded_on = timezone.localtime(row["history_date"], local).date()
            if row["status_date"] is not None and row["status_date"] > day:
                # Its first status began after the day, so the activity had none yet: planned.
                found[row["id"]] = StatusOn(
                    status=ActivityStatus.PLANNED.value,
                    note="",
                    source=StatusSource.NOT_YET,
                    since=row["status_date"],
                    recorded_on=recorded_on,
                )
                continue
            found[row["id"]] = StatusOn(
                status=row["status"],
                note=row["status_note"],
                source=StatusSource.FIRST_KNOWN,
                since=row["status_date"],
                recorded_on=recorded_on,
            )
    for pk, activity in activities.items():
        if pk not in found:
            found[pk] = StatusOn(status=activity.status, note=activity.status_note, source=StatusSource.CURRENT, since=activity.status_date)
    return found


def status_on(activity: Activity, day: datetime.date) -> StatusOn:
    """One activity's status at the end of `day` (see `statuses_on`)."""
    return statuses_on([activity], day)[activity.pk]
