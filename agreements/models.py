"""Municipalities, police areas and the cooperation agreements (samverkansöverenskommelser)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.emblem import EMBLEM_VALIDATORS
from agreements.reserved import RESERVED_SLUGS
from approvals.models import Reviewable, ReviewState
from approvals.scope import ScopePaths


class PoliceArea(models.Model):
    """A local police area (lokalpolisområde), e.g. "LPO Värnamo", within a police region."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("A police area with this name already exists.")},
        help_text=_('For example "LPO Värnamo".'),
    )
    region = models.CharField(_("police region"), max_length=100, help_text=_('For example "Region Öst".'))
    chiefs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Chief",
        verbose_name=_("police area chiefs"),
        related_name="chief_of_areas",
        blank=True,
        help_text=_("Lokalpolisområdeschefer: they approve or return what the area's municipalities submit."),
    )
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="municipalities", police_area="self")

    class Meta:
        ordering = ["name"]
        verbose_name = _("police area")
        verbose_name_plural = _("police areas")

    def __str__(self) -> str:
        return self.name


kommunkod_validator = RegexValidator(
    r"^[0-9]{4}\Z",
    message=_("The municipality code must be exactly four digits, for example 0665."),
    code="invalid_kommunkod",
)


class Municipality(models.Model):
    """A Swedish municipality (kommun) with its official four-digit code and its police area."""

    name = models.CharField(_("name"), max_length=100, help_text=_('For example "Vaggeryds kommun".'))
    short_name = models.CharField(_("short name"), max_length=60, help_text=_('The name on its own, for example "Vaggeryd".'))
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[kommunkod_validator],
        error_messages={"unique": _("A municipality with this municipality code already exists.")},
        help_text=_("The official four-digit code from SCB, for example 0665."),
    )
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        error_messages={"unique": _("Another municipality already uses this web address.")},
        help_text=_("Used in the public address, for example vaggeryd in /vaggeryd/."),
    )
    county = models.CharField(_("county"), max_length=60, help_text=_('For example "Jönköpings län".'))
    police_area = models.ForeignKey(
        PoliceArea,
        verbose_name=_("police area"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Coordinator",
        verbose_name=_("coordinators"),
        related_name="coordinated_municipalities",
        blank=True,
        help_text=_("Samordnare: they edit the municipality's drafts, submit them and publish what is approved."),
    )
    # Shown on the report PDF's cover; copied into each report's snapshot when it is published, so
    # a new emblem never changes a published report.
    emblem = models.ImageField(
        _("emblem"),
        upload_to="emblems/",
        blank=True,
        validators=EMBLEM_VALIDATORS,
        help_text=_("The municipality's emblem or logotype for the report's cover: PNG or JPEG, at most 300 kB."),
    )
    emblem_alt = models.CharField(
        _("emblem's text alternative"),
        max_length=200,
        blank=True,
        help_text=_('What the emblem shows, read aloud to those who cannot see it, for example "Vaggeryds kommunvapen".'),
    )
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="self", police_area="police_area")

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            # The validator says this in the forms; the database keeps the importer and scripts honest.
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"),
                name="municipality_code_is_four_digits",
                violation_error_message=_("The municipality code must be exactly four digits, for example 0665."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:municipality", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("The web address “%(slug)s” is used by the site itself; choose another.") % {"slug": self.slug}}
            )
        if self.emblem and not self.emblem_alt.strip():
            raise ValidationError({"emblem_alt": _("Say what the emblem shows, for those who cannot see it.")})

    def current_agreement(self, day: datetime.date | None = None) -> tuple[Agreement | None, str | None]:
        """The published agreement that applies on `day` (default today) and its state on that day.

        Works from `self.agreements.all()`, so a prefetch serves a whole list of municipalities with
        one query; the rule is the same as `AgreementQuerySet.applying_on`.
        """
        day = day or timezone.localdate()
        published = [agreement for agreement in self.agreements.all() if agreement.is_published]
        agreements = sorted(published, key=lambda agreement: agreement.starts_on)
        started = [agreement for agreement in agreements if agreement.starts_on <= day]
        if not agreements:
            return None, None
        current = started[-1] if started else agreements[0]
        following = agreements[agreements.index(current) + 1 :]
        return current, current.state_on(day, successor_start=following[0].starts_on if following else None)

    def agreement_ends(self) -> dict[int, datetime.date | None]:
        """Each published agreement's last day, by id, from `self.agreements.all()` so that a
        prefetch serves it without further queries."""
        return agreement_ends(self.agreements.all())


# Marks "not passed" where None is a meaningful value.
_UNKNOWN = object()


def agreement_ends(agreements) -> dict[int, datetime.date | None]:
    """The last day (`Agreement.effective_end`) of each published agreement in `agreements`, by id,
    each municipality's successors taken from the same list: no query of its own."""
    by_municipality: dict[int, list] = {}
    for agreement in agreements:
        if agreement.is_published:
            by_municipality.setdefault(agreement.municipality_id, []).append(agreement)
    ends = {}
    for own in by_municipality.values():
        own.sort(key=lambda a: a.starts_on)
        for agreement, following in zip(own, [*own[1:], None]):
            ends[agreement.pk] = agreement.effective_end(successor_start=following.starts_on if following else None)
    return ends


class Coordinator(models.Model):
    """A user's role as coordinator (samordnare) for one municipality; its history shows who gave it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="coordinator_once_per_municipality")]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"


class Chief(models.Model):
    """A user's role as chief (lokalpolisområdeschef) of one police area; its history shows who gave it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    police_area = models.ForeignKey(PoliceArea, verbose_name=_("police area"), on_delete=models.CASCADE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("police area chief")
        verbose_name_plural = _("police area chiefs")
        constraints = [models.UniqueConstraint(fields=["user", "police_area"], name="chief_once_per_police_area")]

    def __str__(self) -> str:
        return f"{self.user} – {self.police_area}"


class FollowUpCadence(models.TextChoices):
    TERTIAL = "tertial", _("Every tertial")
    YEARLY = "yearly", _("Every year")
    BOTH = "both", _("Every tertial and every year")


class AgreementState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    IN_FORCE = "in_force", _("In force")
    EXTENDED = "extended", _("Extended until further notice")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class AgreementQuerySet(models.QuerySet):
    def published(self) -> AgreementQuerySet:
        return self.filter(workflow_state=ReviewState.PUBLISHED)

    def _successor_started(self, day: datetime.date):
        return Exists(
            Agreement.objects.published().filter(
                municipality=OuterRef("municipality"),
                starts_on__gt=OuterRef("starts_on"),
                starts_on__lte=day,
            )
        )

    def in_force_on(self, day: datetime.date) -> AgreementQuerySet:
        """Agreements in force on `day`, counting those extended until further notice."""
        within_dates = Q(starts_on__lte=day, ends_on__gte=day)
        until_further_notice = Q(starts_on__lte=day, ends_on__isnull=True, successor_started=False)
        extended = Q(starts_on__lte=day, ends_on__lt=day, extends_automatically=True, successor_started=False)
        return self.alias(successor_started=self._successor_started(day)).filter(within_dates | until_further_notice | extended)

    def with_successor_start(self) -> AgreementQuerySet:
        """Annotate `successor_starts_on`: the start of the municipality's next agreement, if any."""
        following = (
            Agreement.objects.published()
            .filter(municipality=OuterRef("municipality"), starts_on__gt=OuterRef("starts_on"))
            .order_by("starts_on")
        )
        return self.annotate(successor_starts_on=Subquery(following.values("starts_on")[:1]))

    def started_by(self, day: datetime.date) -> AgreementQuerySet:
        return self.filter(starts_on__lte=day)

    def applying_on(self, day: datetime.date) -> Agreement | None:
        """The one agreement a reader should see on `day` (call it on one municipality's agreements).

        Agreements of a municipality never overlap, so the latest one started by `day` is the one in
        force, extended, or (shown as such rather than hidden) expired; before any has started, the
        next upcoming one.
        """
        return self.started_by(day).order_by("-starts_on").first() or self.order_by("starts_on").first()


class Agreement(Reviewable):
    """A cooperation agreement (samverkansöverenskommelse) between a municipality and the police.

    Drafted by the municipality's coordinator and approved by the police area's chief; only a
    published agreement is public and counts as a successor of an earlier one.
    """

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="agreements")
    police_area = models.ForeignKey(PoliceArea, verbose_name=_("police area"), on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("title"), max_length=300)
    other_partners = models.TextField(
        _("other partners"),
        blank=True,
        help_text=_("Other organisations taking part, one per line, for example Länsstyrelsen."),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    collaboration_model = models.TextField(_("collaboration model"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("How and where the work is followed up."))
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: valid until further notice."))
    extends_automatically = models.BooleanField(
        _("extends automatically"),
        default=False,
        help_text=_("Remains in force after its end date, until a new agreement starts."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    cadence = models.CharField(_("follow-up cadence"), max_length=10, choices=FollowUpCadence.choices, default=FollowUpCadence.YEARLY)
    reports_from = models.DateField(
        _("follow-up reports in this service from"),
        null=True,
        blank=True,
        help_text=_(
            "Reports are due for periods from this date; empty: from the start of the agreement. "
            "For programmes whose earlier reports were published elsewhere."
        ),
    )
    remarks = models.TextField(
        _("remarks"),
        blank=True,
        help_text=_("Shown to the public under the agreement, for example where a date is not known."),
    )
    history = HistoricalRecords()

    objects = AgreementQuerySet.as_manager()

    scope_paths = ScopePaths(municipality="municipality", police_area="police_area")
    kind_label = _("agreement")
    summary_template = "agreements/manage/agreement_summary.html"
    manage_template = "agreements/manage/agreement_manage.html"

    class Meta:
        ordering = ["municipality__short_name", "-starts_on"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_on_or_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            # Two agreements of one municipality never overlap; on PostgreSQL an exclusion
            # constraint (migration 0002) enforces it in the database as well as in clean().
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.municipality.get_absolute_url()

    def get_manage_url(self) -> str:
        return reverse("agreements:manage_agreement", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.workflow_state == ReviewState.PUBLISHED

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        elif self.starts_on and self.municipality_id:
            overlapping = self.overlapping_agreements().first()
            if overlapping is not None:
                errors["starts_on"] = _(
                    "The dates overlap with the agreement “%(title)s” (%(period)s); a municipality can only have one agreement at a time."
                ) % {"title": overlapping.title, "period": overlapping.period_text()}
        if errors:
            raise ValidationError(errors)

    def overlapping_agreements(self) -> AgreementQuerySet:
        """Other agreements of the same municipality whose fixed dates overlap this one's.

        An agreement valid until further notice (no end date) holds only its start date here: it
        lasts until the next agreement starts, which supersedes it. The same rule is the exclusion
        constraint on PostgreSQL (migration 0002).
        """
        last_day = self.ends_on or self.starts_on
        others = Agreement.objects.filter(municipality_id=self.municipality_id).exclude(pk=self.pk)
        return others.filter(starts_on__lte=last_day).filter(
            Q(ends_on__gte=self.starts_on) | Q(ends_on__isnull=True, starts_on__gte=self.starts_on)
        )

    def period_text(self) -> str:
        """The dates in words, for example "2023-03-03 – 2025-12-31"."""
        if self.ends_on is None:
            return _("from %(start)s until further notice") % {"start": self.starts_on.isoformat()}
        return f"{self.starts_on.isoformat()} – {self.ends_on.isoformat()}"

    def successor(self) -> Agreement | None:
        """The next published agreement of the same municipality, if there is one."""
        return (
            Agreement.objects.published()
            .filter(municipality_id=self.municipality_id, starts_on__gt=self.starts_on)
            .order_by("starts_on")
            .first()
        )

    def state_on(self, day: datetime.date | None = None, *, successor_start: datetime.date | None | object = _UNKNOWN) -> str:
        """The agreement's state on `day` (default today), computed from its dates and its successor.

        `successor_start` (the start of the next agreement, or None when there is none) may be
        passed when the caller already knows it, to save a query.
        """
        day = day or timezone.localdate()
        if day < self.starts_on:
            return AgreementState.UPCOMING
        if self.ends_on is not None and day <= self.ends_on:
            return AgreementState.IN_FORCE
        if successor_start is _UNKNOWN:
            successor = self.successor()
            successor_start = successor.starts_on if successor else None
        if successor_start is not None and successor_start <= day:
            return AgreementState.SUPERSEDED
        if self.ends_on is None:
            return AgreementState.IN_FORCE
        if self.extends_automatically:
            return AgreementState.EXTENDED
        return AgreementState.EXPIRED

    def state_label(self, day: datetime.date | None = None) -> str:
        return AgreementState(self.state_on(day)).label

    def effective_end(self, *, successor_start: datetime.date | None | object = _UNKNOWN) -> datetime.date | None:
        """The last day the agreement applies, counting automatic extension and validity until further
        notice, both of which end when a successor starts; None while nothing ends it.

        `successor_start` may be passed when the caller already knows it, to save a query."""
        if self.ends_on is not None and not self.extends_automatically:
            return self.ends_on
        if successor_start is _UNKNOWN:
            successor = self.successor()
            successor_start = successor.starts_on if successor else None
        if successor_start is not None:
            return successor_start - datetime.timedelta(days=1)
        return None

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.other_partners.splitlines() if line.strip()]


class SignatoryParty(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    POLICE = "police", _("The police")
    PARTNER = "partner", _("Other partner")


class SignatoryFields(models.Model):
    """Who signed, in what role and for which party: shared by an agreement's signatories and
    those of a promise that is signed on its own (a yearly set signed anew)."""

    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, help_text=_('For example "Kommunstyrelsens ordförande".'))
    party = models.CharField(_("party"), max_length=20, choices=SignatoryParty.choices)
    organisation = models.CharField(_("organisation"), max_length=200, help_text=_('The party by name, for example "Polismyndigheten".'))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class Signatory(SignatoryFields):
    """A person who signed an agreement on behalf of one of its parties."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signatories")
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="agreement__municipality", police_area="agreement__police_area")

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def review_parent(self) -> Agreement:
        """Whose workflow decides whether this signatory may be edited."""
        return self.agreement


# Defined apart, registered here with the app's other models.
from agreements.contacts import PartyContact  # noqa: E402, F401
