"""Focus areas, citizen promises (medborgarlöften) and the activities that keep them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from agreements.models import Agreement, Municipality, SignatoryFields
from approvals.models import Reviewable, ReviewState, Versioned
from approvals.scope import ScopePaths


class FocusAreaQuerySet(models.QuerySet):
    def national(self) -> FocusAreaQuerySet:
        return self.filter(municipality__isnull=True)

    def available_to(self, municipality: Municipality) -> FocusAreaQuerySet:
        """The national catalogue plus the municipality's own local focus areas."""
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))

    def delete(self):
        # Refused before anything is written (see FocusArea.check_deletable).
        for area in self.filter(promises__in=Promise.objects.exclude(workflow_state=ReviewState.DRAFT)).distinct():
            area.check_deletable()
        return super().delete()


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

    def frozen_promises(self) -> models.QuerySet:
        """The promises naming this focus area whose content may no longer change (submitted,
        approved or published): deleting the area would silently strip it from them."""
        return self.promises.exclude(workflow_state=ReviewState.DRAFT)

    def delete(self, *args, **kwargs):
        self.check_deletable()  # before the deletion's transaction, which the signal below would spoil
        return super().delete(*args, **kwargs)

    def check_deletable(self) -> None:
        """Raise ProtectedError, with a message for the user, while a promise past draft names this area."""
        frozen = list(self.frozen_promises())
        if frozen:
            raise models.ProtectedError(
                _("The focus area “%(area)s” cannot be deleted: it is used by promises that are no longer drafts (%(promises)s), and their content does not change.")
                % {"area": self.name, "promises": "; ".join(promise.title for promise in frozen)},
                frozen,
            )


@receiver(pre_delete, sender=FocusArea, dispatch_uid="focus_area_not_deleted_under_published_promises")
def _refuse_deleting_focus_area_in_use(sender, instance: FocusArea, **kwargs) -> None:
    # Also here: a municipality's cascade calls neither FocusArea.delete() nor the queryset's.
    instance.check_deletable()


class PromiseState(models.TextChoices):
    """Where a promise stands on a day; computed from its dates, extensions and agreement."""

    UPCOMING = "upcoming", _("Upcoming")
    CURRENT = "current", _("Applies")
    ENDED = "ended", _("Ended")


def period_text(start: datetime.date, end: datetime.date | None) -> str:
    """A period in words: "2019" for exactly one calendar year, else "1 januari 2018 – 31 december
    2019", or "från 1 januari 2020 tills vidare" when nothing ends it."""
    if end is None:
        return _("from %(start)s until further notice") % {"start": date_format(start, "j F Y")}
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


def place_in_time(promises, *, agreement_ends: dict) -> list[Promise]:
    """Give each promise its last day from its agreement's (`Municipality.agreement_ends`), so that a
    whole page of promises is placed in time without a query per promise."""
    promises = list(promises)
    for promise in promises:
        promise._last_day = promise.ends_on(agreement_end=agreement_ends.get(promise.agreement_id))
    return promises


def check_original_publication(record) -> None:
    """A record entered afterwards says when it was first published, never in the future, and
    where only together with when."""
    if record.originally_published_on and record.originally_published_on > timezone.localdate():
        raise ValidationError({"originally_published_on": _("The original publication date cannot be in the future.")})
    if record.originally_published_where.strip() and not record.originally_published_on:
        raise ValidationError({"originally_published_on": _("Give the date it was first published there.")})


class Audience(models.TextChoices):
    """Whom a promise is aimed at; a promise to children is a barnlöfte."""

    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUNG_PEOPLE = "young_people", _("Young people")
    OLDER_PEOPLE = "older_people", _("Older people")
    NEIGHBOURHOOD = "neighbourhood", _("A neighbourhood")
    OTHER = "other", _("Another group")


class PromiseQuerySet(models.QuerySet):
    def published(self) -> PromiseQuerySet:
        """What the public sees: published promises, never a revision in progress."""
        return self.filter(workflow_state=ReviewState.PUBLISHED, revision_of__isnull=True)

    def of_municipality(self, municipality: Municipality) -> PromiseQuerySet:
        return self.filter(agreement__municipality=municipality)

    def publication_dates(self) -> dict[int, datetime.datetime]:
        """When each promise was first published here (its first publication step), by id, in one query."""
        from approvals.models import Action, Transition
        from django.contrib.contenttypes.models import ContentType

        return dict(
            Transition.objects.filter(
                content_type=ContentType.objects.get_for_model(Promise), object_id__in=self.values("pk"), action=Action.PUBLISH
            )
            .values("object_id")
            .annotate(first=models.Min("at"))
            .values_list("object_id", "first")
        )

    def with_extensions(self) -> PromiseQuerySet:
        """Prefetch the published extensions, which decide how long each promise applies."""
        return self.prefetch_related(
            models.Prefetch("extensions", queryset=PromiseExtension.objects.filter(workflow_state=ReviewState.PUBLISHED))
        )

    def current_on(self, day: datetime.date) -> PromiseQuerySet:
        """Promises that apply on `day`, in the database: the rule of `Promise.state_on` with
        `ends_on`, so that a country-wide list need not load every promise to place it in time.
        Started, not past its own end (or the end set by a published extension, or running with
        the agreement), and its agreement not ended: past its end date without extending
        automatically, or superseded by a later agreement that has started."""
        extended = models.Exists(
            PromiseExtension.objects.filter(promise=models.OuterRef("pk"), workflow_state=ReviewState.PUBLISHED, extended_until__gte=day)
        )
        superseded = models.Exists(
            Agreement.objects.published().filter(
                municipality=models.OuterRef("agreement__municipality"), starts_on__gt=models.OuterRef("agreement__starts_on"), starts_on__lte=day
            )
        )
        own_end_not_passed = Q(runs_with_agreement=True) | Q(valid_until__isnull=True) | Q(valid_until__gte=day) | Q(extended)
        agreement_ended = Q(agreement__ends_on__lt=day, agreement__extends_automatically=False) | Q(superseded)
        return self.filter(Q(valid_from__lte=day) & own_end_not_passed & ~agreement_ended)

    def in_focus_area(self, area: FocusArea) -> PromiseQuerySet:
        """Promises in a national focus area, directly or through a local area under it, each once
        (a subquery rather than a join, so that counting annotations stay right)."""
        tagged = Promise.focus_areas.through.objects.filter(promise=models.OuterRef("pk")).filter(
            Q(focusarea=area) | Q(focusarea__national_area=area)
        )
        return self.filter(models.Exists(tagged))

    def with_agreement_successor(self) -> PromiseQuerySet:
        """Annotate `agreement_successor_starts_on`: when the next published agreement of the
        promise's municipality starts, if one does, so that `Promise.last_day` needs no query."""
        following = Agreement.objects.published().filter(
            municipality=models.OuterRef("agreement__municipality"), starts_on__gt=models.OuterRef("agreement__starts_on")
        ).order_by("starts_on")
        return self.annotate(agreement_successor_starts_on=models.Subquery(following.values("starts_on")[:1]))

    def with_first_publication(self) -> PromiseQuerySet:
        """Annotate `first_published_at`: when the promise was first published here, as
        `publication_dates` says, in the same query."""
        from approvals.models import Action, Transition
        from django.contrib.contenttypes.models import ContentType

        first = (
            Transition.objects.filter(
                content_type=ContentType.objects.get_for_model(Promise), object_id=models.OuterRef("pk"), action=Action.PUBLISH
            )
            .order_by("at")
            .values("at")[:1]
        )
        return self.annotate(first_published_at=models.Subquery(first))


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
    runs_with_agreement = models.BooleanField(
        _("applies as long as the agreement does"),
        default=False,
        help_text=_("The promise says it applies as long as the agreement does, also while the agreement is "
                    "extended; otherwise it ends on its own end date."),
    )
    audience = models.CharField(
        _("aimed at"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE,
        help_text=_("A promise to children is a barnlöfte."),
    )
    audience_detail = models.CharField(
        _("which group or neighbourhood"), max_length=200, blank=True,
        help_text=_('For example "Centrum" for a neighbourhood, or the group, when it is another group.'),
    )
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True,
        help_text=_("When the promise itself was signed, if it is signed on its own (for example each year)."),
    )
    originally_published_on = models.DateField(
        _("originally published on"), null=True, blank=True,
        help_text=_("For a promise entered here afterwards: when it was first published."),
    )
    originally_published_where = models.CharField(
        _("originally published where"), max_length=200, blank=True, help_text=_('For example "polisen.se".'),
    )
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
            # A promise to "a neighbourhood" or "another group" must say which.
            models.CheckConstraint(
                condition=~Q(audience__in=["neighbourhood", "other"]) | ~Q(audience_detail=""),
                name="promise_audience_is_named",
                violation_error_message=_("Say which neighbourhood or group the promise is aimed at."),
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
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date cannot be before the start date.")
        if self.audience in (Audience.NEIGHBOURHOOD, Audience.OTHER) and not self.audience_detail.strip():
            errors["audience_detail"] = _("Say which neighbourhood or group the promise is aimed at.")
        if errors:
            raise ValidationError(errors)
        check_original_publication(self)

    @property
    def is_barnlofte(self) -> bool:
        return self.audience == Audience.CHILDREN

    def audience_label(self) -> str:
        """Whom the promise is aimed at, in words; empty for everyone."""
        if self.audience == Audience.EVERYONE:
            return ""
        if self.audience_detail:
            return f"{self.get_audience_display()}: {self.audience_detail}"
        return self.get_audience_display()

    def published_extensions(self) -> list[PromiseExtension]:
        """The extensions by decision that are in force, oldest first (from a prefetch when there is one)."""
        return sorted(
            (extension for extension in self.extensions.all() if extension.workflow_state == ReviewState.PUBLISHED),
            key=lambda extension: (extension.extended_until, extension.pk),
        )

    def stated_end(self) -> datetime.date | None:
        """The end date the promise has by its own text and the decisions extending it; None: until
        further notice."""
        extensions = self.published_extensions()
        if extensions and self.valid_until is not None:
            return max(self.valid_until, extensions[-1].extended_until)
        return self.valid_until

    def ends_on(self, *, agreement_end: datetime.date | None) -> datetime.date | None:
        """The last day the promise applies, or None while nothing ends it.

        `agreement_end` is the agreement's own last day (`Agreement.effective_end`, None while it
        applies until further notice). A promise never outlives its agreement; one that applies
        as long as the agreement does ends with it, whatever its own end date said.
        """
        own = None if self.runs_with_agreement else self.stated_end()
        if own is None:
            return agreement_end
        if agreement_end is None:
            return own
        return min(own, agreement_end)

    def last_day(self) -> datetime.date | None:
        """`ends_on` for the promise's own agreement; `place_in_time` fills it for a whole list at
        once, otherwise it is computed (and kept) on first use, without a query when the promise
        was read `with_agreement_successor`."""
        if not hasattr(self, "_last_day"):
            if hasattr(self, "agreement_successor_starts_on"):
                agreement_end = self.agreement.effective_end(successor_start=self.agreement_successor_starts_on)
            else:
                agreement_end = self.agreement.effective_end()
            self._last_day = self.ends_on(agreement_end=agreement_end)
        return self._last_day

    def state_on(self, day: datetime.date) -> str:
        if day < self.valid_from:
            return PromiseState.UPCOMING
        last = self.last_day()
        if last is not None and day > last:
            return PromiseState.ENDED
        return PromiseState.CURRENT

    def applies_during(self, start: datetime.date, end: datetime.date) -> bool:
        """Whether the promise applied on any day from `start` to `end`."""
        last = self.last_day()
        return self.valid_from <= end and (last is None or last >= start)

    def period_text(self) -> str:
        """The promise's period in words: "2019" for a calendar year, else its first and last day."""
        return period_text(self.valid_from, self.last_day())

    def original_period_text(self) -> str:
        """The period the promise stated before any extension."""
        return period_text(self.valid_from, self.valid_until)

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
    planned_from = models.DateField(
        _("planned from"), null=True, blank=True,
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
        return (self.planned_from is None or self.planned_from <= end) and (
            self.planned_until is None or self.planned_until >= start
        )

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
        stored = None if self._state.adding or self.pk is None else Activity.objects.filter(pk=self.pk).values_list("promise_id", flat=True).first()
        if stored == self.promise_id:
            return {}
        promises = Promise.objects.in_bulk([pk for pk in (self.promise_id, stored) if pk is not None])
        for promise in promises.values():
            if not promise.is_editable:
                return {"promise": _(
                    "“%(promise)s” is %(state)s: activities are added to and moved between draft promises only, "
                    "and not even an administrator changes approved or published content in place. Start a revision to change it."
                ) % {"promise": promise.title, "state": promise.get_workflow_state_display().lower()}}
        return {}


class PromiseSignatory(SignatoryFields):
    """A person who signed a promise that is signed on its own, such as each year's set."""

    promise = models.ForeignKey(Promise, verbose_name=_("promise"), on_delete=models.CASCADE, related_name="signatories")
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="promise__agreement__municipality", police_area="promise__agreement__police_area")

    class Meta:
        ordering = ["promise", "order", "pk"]
        verbose_name = _("signatory of a promise")
        verbose_name_plural = _("signatories of promises")

    def review_parent(self) -> Promise:
        """Whose workflow decides whether this signatory may be edited."""
        return self.promise


class PromiseExtension(Reviewable):
    """A decision that a promise applies, unchanged, until a later date.

    The promise keeps its original period; each extension is its own record, approved like
    content, and the public page shows them all ("Förlängt till … genom beslut i …").
    """

    promise = models.ForeignKey(Promise, verbose_name=_("promise"), on_delete=models.CASCADE, related_name="extensions")
    extended_until = models.DateField(_("extended until"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_('The body that decided, for example "kommunstyrelsen" or "lokalpolisområdet".')
    )
    reference = models.CharField(_("reference (diarienummer)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="promise__agreement__municipality", police_area="promise__agreement__police_area")
    kind_label = _("extension of a promise")
    summary_template = "promises/manage/extension_summary.html"
    manage_template = "promises/manage/extension_manage.html"

    class Meta:
        ordering = ["promise", "extended_until", "pk"]
        verbose_name = _("extension of a promise")
        verbose_name_plural = _("extensions of promises")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=""),
                name="promise_extension_names_the_body",
                violation_error_message=_("Say which body decided the extension."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(promise)s: extended until %(date)s") % {"promise": self.promise, "date": self.extended_until.isoformat()}

    def get_manage_url(self) -> str:
        return reverse("promises:manage_extension", kwargs={"pk": self.pk})

    def get_absolute_url(self) -> str:
        return self.promise.get_absolute_url()

    def clean(self):
        errors = {}
        if not self.decided_by.strip():
            errors["decided_by"] = _("Say which body decided the extension.")
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("The decision date cannot be in the future.")
        if self.promise_id and self.extended_until:
            promise = self.promise
            if promise.valid_until is None:
                errors["extended_until"] = _("The promise applies until further notice and needs no extension.")
            else:
                earlier = [e for e in promise.published_extensions() if e.pk != self.pk]
                current_end = max([promise.valid_until, *(e.extended_until for e in earlier)])
                if self.extended_until <= current_end:
                    errors["extended_until"] = _(
                        "An extension must end after the promise's current end, %(date)s; it cannot shorten it."
                    ) % {"date": current_end.isoformat()}
        if errors:
            raise ValidationError(errors)


class PendingImportKind(models.TextChoices):
    ACTIVITIES = "activities", _("activities")
    PROMISES = "promises", _("promises")
    REPORT_UPDATES = "report_updates", _("a report's activity updates")


class PendingImport(models.Model):
    """A checked spreadsheet waiting for its confirmation. Its token is taken once, under a row lock,
    so that a second or simultaneous confirmation of the same file writes nothing."""

    token = models.CharField(max_length=64, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PendingImportKind.choices)
    # The record the file goes into when the kind has one (a follow-up report); promises cannot
    # point at followup, which sits above them.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()  # emptied once the file is imported
    sha256 = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)  # what was chosen on the page with the file
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checked import file")
        verbose_name_plural = _("checked import files")

    def __str__(self) -> str:
        return self.file_name

    def is_expired(self, now=None) -> bool:
        """Whether it waited longer than IMPORT_TOKEN_MAX_AGE for its confirmation."""
        return self.created_at + settings.IMPORT_TOKEN_MAX_AGE < (now or timezone.now())
