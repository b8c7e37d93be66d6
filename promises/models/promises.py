"""Citizen promises (medborgarlöften): what they promise, when they apply, and who signed them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, Municipality, SignatoryFields
from approvals.models import Reviewable, ReviewState
from approvals.scope import ScopePaths
from promises.models.focus_areas import FocusArea

if TYPE_CHECKING:
    from promises.models.extensions import PromiseExtension


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
        from django.contrib.contenttypes.models import ContentType

        from approvals.models import Action, Transition

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
        # Imported here: the extensions' module imports this one.
        from promises.models.extensions import PromiseExtension

        return self.prefetch_related(
            models.Prefetch("extensions", queryset=PromiseExtension.objects.filter(workflow_state=ReviewState.PUBLISHED))
        )

    def current_on(self, day: datetime.date) -> PromiseQuerySet:
        """Promises that apply on `day`, in the database: the rule of `Promise.state_on` with
        `ends_on`, so that a country-wide list need not load every promise to place it in time.
        Started, not past its own end (or the end set by a published extension, or running with
        the agreement), and its agreement not ended: past its end date without extending
        automatically, or superseded by a later agreement that has started."""
        from promises.models.extensions import PromiseExtension

        extended = models.Exists(
            PromiseExtension.objects.filter(promise=models.OuterRef("pk"), workflow_state=ReviewState.PUBLISHED, extended_until__gte=day)
        )
        superseded = models.Exists(
            Agreement.objects.published().filter(
                municipality=models.OuterRef("agreement__municipality"),
                starts_on__gt=models.OuterRef("agreement__starts_on"),
                starts_on__lte=day,
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
        following = (
            Agreement.objects.published()
            .filter(municipality=models.OuterRef("agreement__municipality"), starts_on__gt=models.OuterRef("agreement__starts_on"))
            .order_by("starts_on")
        )
        return self.annotate(agreement_successor_starts_on=models.Subquery(following.values("starts_on")[:1]))

    def with_first_publication(self) -> PromiseQuerySet:
        """Annotate `first_published_at`: when the promise was first published here, as
        `publication_dates` says, in the same query."""
        from django.contrib.contenttypes.models import ContentType

        from approvals.models import Action, Transition

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

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="promises")
    title = models.CharField(_("title"), max_length=200)
    commitment = models.TextField(_("commitment"), help_text=_('The promise in one or a few sentences: "We promise to …".'))
    effect = models.TextField(_("intended effect"), blank=True)
    background = models.TextField(_("background"), blank=True)
    sources = models.TextField(
        _("situational-picture sources"),
        blank=True,
        help_text=_("What the promise rests on, one per line, for example the safety survey of spring 2022."),
    )
    focus_areas = models.ManyToManyField(FocusArea, verbose_name=_("focus areas"), related_name="promises", blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: until further notice."))
    runs_with_agreement = models.BooleanField(
        _("applies as long as the agreement does"),
        default=False,
        help_text=_(
            "The promise says it applies as long as the agreement does, also while the agreement is "
            "extended; otherwise it ends on its own end date."
        ),
    )
    audience = models.CharField(
        _("aimed at"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.EVERYONE,
        help_text=_("A promise to children is a barnlöfte."),
    )
    audience_detail = models.CharField(
        _("which group or neighbourhood"),
        max_length=200,
        blank=True,
        help_text=_('For example "Centrum" for a neighbourhood, or the group, when it is another group.'),
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        help_text=_("When the promise itself was signed, if it is signed on its own (for example each year)."),
    )
    originally_published_on = models.DateField(
        _("originally published on"),
        null=True,
        blank=True,
        help_text=_("For a promise entered here afterwards: when it was first published."),
    )
    originally_published_where = models.CharField(
        _("originally published where"),
        max_length=200,
        blank=True,
        help_text=_('For example "polisen.se".'),
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
        return reverse("public:promise", kwargs={"slug": self.agreement.municipality.slug, "pk": self.pk})

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
