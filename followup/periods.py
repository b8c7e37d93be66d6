"""Reporting periods: a tertial (Jan–Apr, May–Aug, Sep–Dec) or a whole year, as a value object."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from agreements.models import Agreement, FollowUpCadence

TERTIAL_FIRST_MONTH = {1: 1, 2: 5, 3: 9}
TERTIAL_LAST_MONTH = {1: 4, 2: 8, 3: 12}
_LAST_DAY = {4: 30, 8: 31, 12: 31}


@functools.total_ordering
@dataclass(frozen=True)
class ReportingPeriod:
    """One reporting period. `tertial` is 1, 2 or 3, or None for the whole year."""

    year: int
    tertial: int | None = None

    def __post_init__(self):
        if self.tertial not in (None, 1, 2, 3):
            raise ValueError(f"A tertial is 1, 2 or 3, not {self.tertial!r}.")
        if not 1900 <= self.year <= 9999:
            raise ValueError(f"Not a reporting year: {self.year!r}.")

    @classmethod
    def year_of(cls, day: datetime.date) -> ReportingPeriod:
        return cls(day.year)

    @classmethod
    def tertial_of(cls, day: datetime.date) -> ReportingPeriod:
        """The tertial that `day` falls in."""
        return cls(day.year, (day.month - 1) // 4 + 1)

    @classmethod
    def from_slug(cls, slug: str) -> ReportingPeriod:
        """Parse "2024" or "2024-tertial-2" (as made by `slug`)."""
        match = re.fullmatch(r"(\d{4})(?:-tertial-([123]))?", slug)
        if not match:
            raise ValueError(f"Not a reporting period: {slug!r}.")
        return cls(int(match[1]), int(match[2]) if match[2] else None)

    @property
    def is_year(self) -> bool:
        return self.tertial is None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1 if self.is_year else TERTIAL_FIRST_MONTH[self.tertial], 1)

    @property
    def end(self) -> datetime.date:
        month = 12 if self.is_year else TERTIAL_LAST_MONTH[self.tertial]
        return datetime.date(self.year, month, _LAST_DAY[month])

    @property
    def label(self) -> str:
        """ "Tertial 2 2024" or "Helår 2024" in Swedish."""
        if self.is_year:
            return _("Full year %(year)s") % {"year": self.year}
        return _("Tertial %(tertial)s %(year)s") % {"tertial": self.tertial, "year": self.year}

    @property
    def months(self) -> str:
        """ "januari–april" in Swedish: the months the period covers, in the active language."""
        from django.utils.dates import MONTHS

        first, last = (1, 12) if self.is_year else (TERTIAL_FIRST_MONTH[self.tertial], TERTIAL_LAST_MONTH[self.tertial])
        return f"{MONTHS[first]}–{MONTHS[last]}"

    @property
    def label_with_months(self) -> str:
        """ "Tertial 1 2022, januari–april" in Swedish."""
        return _("%(period)s, %(months)s") % {"period": self.label, "months": self.months}

    @property
    def slug(self) -> str:
        return str(self.year) if self.is_year else f"{self.year}-tertial-{self.tertial}"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        """Whether the period shares a day with [start, end]; `end` None means open-ended."""
        return self.end >= start and (end is None or self.start <= end)

    def _sort_key(self):
        # By end date; a year ends with its third tertial, and the tertial comes first.
        return (self.end, self.is_year)

    def __lt__(self, other: ReportingPeriod) -> bool:
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __str__(self) -> str:
        return self.label


def periods_of_year(year: int, cadence: str) -> list[ReportingPeriod]:
    """The periods one year has under a follow-up cadence, in order."""
    tertials = [ReportingPeriod(year, n) for n in (1, 2, 3)]
    whole = [ReportingPeriod(year)]
    return {
        FollowUpCadence.TERTIAL: tertials,
        FollowUpCadence.YEARLY: whole,
        FollowUpCadence.BOTH: tertials + whole,
    }[cadence]


UNKNOWN = object()


def next_period(agreement: Agreement, after: ReportingPeriod, *, valid_until=UNKNOWN) -> ReportingPeriod | None:
    """The first period after `after` the agreement reports on, or None when it no longer applies
    then. `valid_until` (its effective end) may be passed when the caller knows it, to save a query."""
    if valid_until is UNKNOWN:
        valid_until = agreement.effective_end()
    later = sorted(p for year in (after.year, after.year + 1) for p in periods_of_year(year, agreement.cadence) if p > after)
    return next((p for p in later if p.overlaps(agreement.starts_on, valid_until)), None)


def periods_due(agreement: Agreement, *, start: datetime.date, end: datetime.date, valid_until=UNKNOWN) -> list[ReportingPeriod]:
    """The periods the agreement must report on that end between `start` and `end` (inclusive).

    A period is due when it ends in that window and shares at least one day with the agreement's
    validity, counting automatic extension until a successor starts. `valid_until` (its effective
    end) may be passed when the caller knows it, to save a query.
    """
    if end < start:
        return []
    if valid_until is UNKNOWN:
        valid_until = agreement.effective_end()
    due = []
    for year in range(start.year, end.year + 1):
        for period in periods_of_year(year, agreement.cadence):
            if start <= period.end <= end and period.overlaps(agreement.starts_on, valid_until):
                due.append(period)
    return sorted(due)
