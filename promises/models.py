"""Focus areas, citizen promises (medborgarlöften) and the activities that keep them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, AgreementState, Municipality
from approvals.models import Reviewable, ReviewState, Versioned
from approvals.scope import ScopePaths


class FocusAreaQuerySet(models.QuerySet):
    def national(self) -> FocusAreaQuerySet:
        return self.filter(municipality__isnull=True)

    def available_to(self, municipality: Municipality) -> FocusAreaQuerySet:
        """The national catalogue plus the municipality's own local focus areas."""
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))


class FocusArea(models.Model):
    """A focus area (fokusområde): national, from the shared catalogue, or local to one municipality."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("web address"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focus_areas",
        help_text=_("Empty for a focus area in the national catalogue."),
    )
    national_area = models.ForeignKey(
        "self",
        verbose_name=_("national focus area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_areas",
        limit_choices_to={"municipality__isnull": True},
        help_text=_("For a local focus area: the national one it belongs under, for the national overview."),
    )
    history = HistoricalRecords()

    objects = FocusAreaQuerySet.as_manager()

    scope_paths = ScopePaths(municipality="municipality", police_area="municipality__police_area")

    class Meta:
        ordering = ["name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            # National slugs are public URLs (/fokusomraden/<slug>/); local ones only need to be
            # unique within their municipality.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(municipality__isnull=True),
                name="national_focus_area_slug_unique",
                violation_error_message=_("A national focus area with this web address already exists."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="local_focus_area_slug_unique",
                violation_error_message=_("The municipality already has a focus area with this web address."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | Q(national_area__isnull=True),
                name="national_focus_area_has_no_parent",
                violation_error_message=_("Only a local focus area can belong under a national one."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    def clean(self):
        if self.municipality_id is None and self.national_area_id is not None:
            raise ValidationError({"national_area": _("Only a local focus area can belong under a national one.")})


class PromiseQuerySet(models.QuerySet):
    def published(self) -> PromiseQuerySet:
        """What the public sees: published promises, never a revision in progress."""
        return self.filter(workflow_state=ReviewState.PUBLISHED, revision_of__isnull=True)

    def of_municipality(self, municipality: Municipality) -> PromiseQuerySet:
        return self.filter(agreement__municipality=municipality)


class Promise(Reviewable):
    """A citizen promise: what the municipality and the police commit to, and why.

    A published promise is never edited in place: a revision (a draft copy with `revision_of` set)
    goes through the same workflow and, once published, is written back into the promise, so that
    its address stays and its history shows both texts.
    """

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="promises"
    )
    title = models.CharField(_("title"), max_length=200)
    commitment = models.TextField(
        _("commitment"), help_text=_('The promise in one or a few sentences: "We promise to …".')
    )
    effect = models.TextField(_("intended effect"), blank=True)
    background = models.TextField(_("background"), blank=True)
    sources = models.TextField(
        _("situational-picture sources"),
        blank=True,
        help_text=_("What the promise rests on, one per line, for example the safety survey of spring 2022."),
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_("focus areas"), related_name="promises", blank=True
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until further notice."))
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Promises are listed by this number, lowest first."))
    revision_of = models.OneToOneField(
        "self",
        verbose_name=_("revision of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revision",
        editable=False,
        help_text=_("The published promise this draft will replace once it is published."),
    )
    history = HistoricalRecords(m2m_fields=[focus_areas])

    objects = PromiseQuerySet.as_manager()

    scope_paths = ScopePaths(municipality="agreement__municipality", police_area="agreement__police_area")
    kind_label = _("promise")
    summary_template = "promises/manage/promise_summary.html"
    manage_template = "promises/manage/promise_manage.html"

    class Meta:
        ordering = ["agreement", "order", "valid_from", "pk"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="promise_valid_until_on_or_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "promises:promise", kwargs={"slug": self.agreement.municipality.slug, "pk": self.pk}
        )

    def get_manage_url(self) -> str:
        return reverse("promises:manage_promise", kwargs={"pk": self.pk})

    @property
    def municipality(self) -> Municipality:
        return self.agreement.municipality

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date cannot be before the start date.")})

    def runs_on(self, day, *, agreement_state: str) -> bool:
        """Whether the promise applies on `day`, given its agreement's state that day.

        A promise that ran to its agreement's end goes on while the agreement is extended until
        further notice (as Vindeln's 2023–2025 promises do).
        """
        if day < self.valid_from:
            return False
        if self.valid_until is None or day <= self.valid_until:
            return True
        ends_with_agreement = self.agreement.ends_on is not None and self.valid_until >= self.agreement.ends_on
        return agreement_state == AgreementState.EXTENDED and ends_with_agreement

    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


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

    promise = models.ForeignKey(
        Promise, verbose_name=_("promise"), on_delete=models.CASCADE, related_name="activities"
    )
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.PROTECT, related_name="activities"
    )
    description = models.TextField(_("what is done"))
    responsible = models.CharField(_("responsible"), max_length=20, choices=ResponsibleParty.choices)
    partner_name = models.CharField(
        _("partner"), max_length=200, blank=True, help_text=_("The partner's name, when a named partner is responsible.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    timing = models.CharField(_("when"), max_length=200, blank=True, help_text=_('For example "Spring and autumn".'))
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
        ]

    def __str__(self) -> str:
        return self.description

    def review_parent(self) -> Promise:
        """Whose workflow decides whether this activity may be edited."""
        return self.promise

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    def responsible_label(self) -> str:
        if self.responsible == ResponsibleParty.PARTNER:
            return self.partner_name
        return self.get_responsible_display()

    def clean(self):
        errors = {}
        if self.responsible == ResponsibleParty.PARTNER and not self.partner_name.strip():
            errors["partner_name"] = _("Name the partner that is responsible.")
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
        if errors:
            raise ValidationError(errors)
