"""The activities that keep a promise, and how far each has come."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import Versioned
from approvals.scope import ScopePaths
from promises.models.focus_areas import FocusArea
from promises.models.promises import Promise


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


# An activity in one of these states is finished and cannot be carried over into a new promise.
FINISHED_STATUSES = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


class ResponsibleParty(models.TextChoices):
    POLICE = "police", _("The police")
    MUNICIPALITY = "municipality", _("The municipality")
    JOINTLY = "jointly", _("Jointly")
    PARTNER = "partner", _("A named partner")


class Activity(Versioned):
    """One thing done to keep a promise: what, by whom, where, when, against what target."""

    promise = models.ForeignKey(Promise, verbose_name=_("promise"), on_delete=models.CASCADE, related_name="activities")
    focus_area = models.ForeignKey(FocusArea, verbose_name=_("focus area"), on_delete=models.PROTECT, related_name="activities")
    description = models.TextField(_("what is done"))
    responsible = models.CharField(_("responsible"), max_length=20, choices=ResponsibleParty.choices)
    partner_name = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("The partner's name, when a named partner is responsible.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    timing = models.CharField(_("when"), max_length=200, blank=True, help_text=_('For example "Spring and autumn".'))
    planned_from = models.DateField(
        _("planned from"),
        null=True,
        blank=True,
        help_text=_("When the activity is planned, if only for part of the promise's period; empty: the whole period."),
    )
    planned_until = models.DateField(_("planned until"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True, help_text=_('For example "4 safety walks a year".'))
    target_per_year = models.PositiveIntegerField(
        _("target number per year"), null=True, blank=True, help_text=_("The target as a number, where it is one.")
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    status_date = models.DateField(_("status since"), null=True, blank=True, help_text=_("When the activity got its status."))
    status_note = models.CharField(
        _("note on the status"), max_length=300, blank=True, help_text=_("A short note, for example why it was postponed.")
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_over_to",
        help_text=_("The activity of an earlier promise that this one continues."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("In a promise's revision: the published activity this copy will update."),
    )
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="promise__agreement__municipality", police_area="promise__agreement__police_area")

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(responsible="partner") | ~Q(partner_name=""),
                name="activity_partner_is_named",
                violation_error_message=_("Name the partner that is responsible."),
            ),
            models.CheckConstraint(
                condition=~Q(carried_over_from=models.F("id")),
                name="activity_not_carried_over_from_itself",
                violation_error_message=_("An activity cannot be carried over from itself."),
            ),
            models.CheckConstraint(
                condition=Q(planned_from__isnull=True) | Q(planned_until__isnull=True) | Q(planned_until__gte=models.F("planned_from")),
                name="activity_planned_until_on_or_after_start",
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def review_parent(self) -> Promise:
        """Whose workflow decides whether this activity may be edited."""
        return self.promise

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def planned_during(self, start: datetime.date, end: datetime.date) -> bool:
        """Whether the activity is planned for any day from `start` to `end`; one with no planned
        time is planned for its promise's whole period."""
        return (self.planned_from is None or self.planned_from <= end) and (self.planned_until is None or self.planned_until >= start)

    def responsible_label(self) -> str:
        if self.responsible == ResponsibleParty.PARTNER:
            return self.partner_name
        return self.get_responsible_display()

    def clean(self):
        errors = {}
        if self.responsible == ResponsibleParty.PARTNER and not self.partner_name.strip():
            errors["partner_name"] = _("Name the partner that is responsible.")
        if self.planned_from and self.planned_until and self.planned_until < self.planned_from:
            errors["planned_until"] = _("The planned end cannot be before the planned start.")
        if self.promise_id and self.focus_area_id:
            municipality = self.promise.agreement.municipality
            area = self.focus_area
            if area.municipality_id is not None and area.municipality_id != municipality.pk:
                errors["focus_area"] = _("The focus area belongs to another municipality.")
            elif self.promise.pk and self.promise.focus_areas.exists() and not self.promise.focus_areas.filter(pk=area.pk).exists():
                errors["focus_area"] = _("Choose one of the promise's focus areas.")
        if self.carried_over_from_id and self.promise_id:
            source = self.carried_over_from
            if source.promise_id == self.promise_id:
                errors["carried_over_from"] = _("An activity can only be carried over from an earlier promise.")
            elif source.promise.agreement.municipality_id != self.promise.agreement.municipality_id:
                errors["carried_over_from"] = _("An activity can only be carried over within the same municipality.")
        if self.promise_id and "promise" not in errors:
            errors.update(self._check_promise_takes_content())
        if errors:
            raise ValidationError(errors)

    def _check_promise_takes_content(self) -> dict:
        """An activity is added to, or moved between, draft promises only: approved and published
        content is not changed in place, not even by an administrator. (Publishing a revision writes
        its activities back without this check; reporting a status changes no promise.)"""
        stored = (
            None
            if self._state.adding or self.pk is None
            else Activity.objects.filter(pk=self.pk).values_list("promise_id", flat=True).first()
        )
        if stored == self.promise_id:
            return {}
        promises = Promise.objects.in_bulk([pk for pk in (self.promise_id, stored) if pk is not None])
        for promise in promises.values():
            if not promise.is_editable:
                return {
                    "promise": _(
                        "“%(promise)s” is %(state)s: activities are added to and moved between draft promises only, "
                        "and not even an administrator changes approved or published content in place. Start a revision to change it."
                    )
                    % {"promise": promise.title, "state": promise.get_workflow_state_display().lower()}
                }
        return {}
