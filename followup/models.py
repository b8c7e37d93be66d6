"""Follow-up reports (tertial and annual), the activity updates in them, and indicators.

The reporting period itself is a value object in `followup.periods`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Agreement, Municipality
from approvals.models import Reviewable, ReviewState
from approvals.scope import ScopePaths
from followup.periods import ReportingPeriod
from promises.models import Activity, ActivityStatus, Promise, check_original_publication

TERTIAL_CHOICES = [(1, _("Tertial 1 (January–April)")), (2, _("Tertial 2 (May–August)")), (3, _("Tertial 3 (September–December)"))]


def _per_period(name: str, *, fields: list[str], condition: Q | None = None, message=None) -> list[models.UniqueConstraint]:
    """Unique per agreement and period. Two constraints, because NULL (a whole year) is never equal
    to NULL in a plain unique constraint."""
    base = condition or Q()
    common = {"violation_error_message": message} if message else {}
    return [
        models.UniqueConstraint(
            fields=[*fields, "period_tertial"], condition=base & Q(period_tertial__isnull=False), name=f"{name}_tertial", **common
        ),
        models.UniqueConstraint(fields=fields, condition=base & Q(period_tertial__isnull=True), name=f"{name}_year", **common),
    ]


class FollowUpReportQuerySet(models.QuerySet):
    def published(self) -> FollowUpReportQuerySet:
        return self.filter(workflow_state=ReviewState.PUBLISHED)

    def for_period(self, period: ReportingPeriod) -> FollowUpReportQuerySet:
        return self.filter(period_year=period.year, period_tertial=period.tertial)

    def of_municipality(self, municipality: Municipality) -> FollowUpReportQuerySet:
        return self.filter(agreement__municipality=municipality)

    def listed(self) -> FollowUpReportQuerySet:
        """Rows for a list or a link: without the stored PDF and the frozen snapshot, which only the
        report's own page and PDF need (together they are most of a report's bytes)."""
        return self.defer("pdf", "snapshot")

    def with_frozen_summary(self) -> FollowUpReportQuerySet:
        """Annotate `frozen_summary`: the summary as published, read out of the snapshot in the
        database so that the snapshot itself is not loaded."""
        return self.annotate(frozen_summary=KT("snapshot__summary"))


class FollowUpReport(Reviewable):
    """The follow-up of one agreement for one period. Publishing freezes it: the snapshot and the PDF
    are stored and never change; a correction is a new version that says what changed."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="reports")
    period_year = models.PositiveSmallIntegerField(_("year"))
    period_tertial = models.PositiveSmallIntegerField(_("tertial"), null=True, blank=True, choices=TERTIAL_CHOICES)
    summary = models.TextField(_("summary"), blank=True, help_text=_("How the period went, in a few paragraphs."))
    version_number = models.PositiveSmallIntegerField(_("version number"), default=1, editable=False)
    changes_note = models.TextField(
        _("what changed"), blank=True, help_text=_("For a correction: what changed since the previous version, and why.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    originally_published_on = models.DateField(
        _("originally published on"),
        null=True,
        blank=True,
        help_text=_("For a report entered here afterwards: when it was first published."),
    )
    originally_published_where = models.CharField(
        _("originally published where"),
        max_length=200,
        blank=True,
        help_text=_('For example "polisen.se".'),
    )
    snapshot = models.JSONField(_("published content"), null=True, blank=True, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    # Stored with the PDF when it is published, so that the PDF's ETag and the checksum on the page
    # are known without reading the bytes. Empty while there is no PDF.
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["pdf", "pdf_sha256", "snapshot"])

    objects = FollowUpReportQuerySet.as_manager()

    scope_paths = ScopePaths(municipality="agreement__municipality", police_area="agreement__police_area")
    kind_label = _("follow-up report")
    summary_template = "followup/manage/report_summary.html"
    manage_template = "followup/manage/report_manage.html"

    class Meta:
        ordering = ["agreement", "-period_year", "-period_tertial", "-version_number"]
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_tertial__isnull=True) | Q(period_tertial__in=[1, 2, 3]),
                name="report_tertial_is_one_two_or_three",
                violation_error_message=_("A tertial is 1, 2 or 3."),
            ),
            # Each version of a period's report has its own number ...
            *_per_period("report_version_unique", fields=["agreement", "period_year", "version_number"]),
            # ... and a period has at most one version in the works at a time.
            *_per_period(
                "report_one_unpublished",
                fields=["agreement", "period_year"],
                condition=~Q(workflow_state=ReviewState.PUBLISHED),
                message=_("A report for this period is already being prepared."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} – {self.agreement.municipality.name}"

    @property
    def period(self) -> ReportingPeriod:
        return ReportingPeriod(self.period_year, self.period_tertial)

    def clean(self):
        check_original_publication(self)

    def get_manage_url(self) -> str:
        return reverse("followup:manage_report", kwargs={"pk": self.pk})

    def get_absolute_url(self) -> str:
        """The period's public address, which always shows the current version."""
        return report_url(self.agreement.municipality.slug, self.period)

    def get_version_url(self, *, pdf: bool = False) -> str:
        """This version's own, stable public address."""
        return report_url(self.agreement.municipality.slug, self.period, version=self.version_number, pdf=pdf)

    def get_version_url_pdf(self) -> str:
        return self.get_version_url(pdf=True)

    def get_pdf_url(self) -> str:
        return report_url(self.agreement.municipality.slug, self.period, pdf=True)

    def pdf_sha256_parts(self) -> list[str]:
        """The checksum in four parts, so that a narrow screen may break it without changing what is copied."""
        return [self.pdf_sha256[start : start + 16] for start in range(0, len(self.pdf_sha256), 16)]


def report_url(slug: str, period: ReportingPeriod, *, version: int | None = None, pdf: bool = False) -> str:
    """/<kommun>/uppfoljning/<år>/[tertial-<n>/][version-<v>/], or the same ending in .pdf."""
    kwargs = {"slug": slug, "year": period.year}
    name = "report"
    if period.tertial:
        kwargs["tertial"] = period.tertial
        name += "_tertial"
    if version:
        kwargs["version"] = version
        name += "_version"
    return reverse(f"followup:{name}{'_pdf' if pdf else ''}", kwargs=kwargs)


class ReportSection(models.Model):
    """One promise's part of a report: a short text, and an update per activity."""

    report = models.ForeignKey(FollowUpReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="sections")
    promise = models.ForeignKey(Promise, verbose_name=_("promise"), on_delete=models.PROTECT, related_name="report_sections")
    text = models.TextField(_("text"), blank=True, help_text=_("How the work on this promise went in the period."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="report__agreement__municipality", police_area="report__agreement__police_area")

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [models.UniqueConstraint(fields=["report", "promise"], name="one_section_per_promise")]

    def __str__(self) -> str:
        return self.promise.title

    def review_parent(self) -> FollowUpReport:
        """Whose workflow decides whether this section may be edited."""
        return self.report


class ActivityUpdate(models.Model):
    """One activity in one report: its status at the end of the period, what was done, how much
    against the target, and the next step."""

    section = models.ForeignKey(ReportSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="updates")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(_("status at the end of the period"), max_length=20, choices=ActivityStatus.choices)
    what_was_done = models.TextField(_("what was done"), blank=True)
    achieved = models.PositiveIntegerField(
        _("achieved"), null=True, blank=True, help_text=_("How many, against the target per year, where the target is a number.")
    )
    next_step = models.TextField(_("next step"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="section__report__agreement__municipality", police_area="section__report__agreement__police_area")

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("activity update")
        verbose_name_plural = _("activity updates")
        constraints = [models.UniqueConstraint(fields=["section", "activity"], name="one_update_per_activity")]

    def __str__(self) -> str:
        return self.activity.description

    def review_parent(self) -> FollowUpReport:
        """Whose workflow decides whether this update may be edited: a published report's never."""
        return self.section.report


class MeasurementGroup(models.TextChoices):
    ALL = "all", _("Everyone")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class Indicator(models.Model):
    """Something measured every year, e.g. the share who feel safe outdoors at night, from the
    police's safety survey; with values for women and men where the source breaks them down."""

    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_('For example "procent".'))
    source = models.CharField(_("source"), max_length=200, help_text=_('For example "Polisens trygghetsundersökning".'))
    description = models.TextField(_("description"), blank=True)
    by_gender = models.BooleanField(_("by gender"), default=True, help_text=_("Values for women and men as well as for everyone."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="municipality", police_area="municipality__police_area")

    class Meta:
        ordering = ["municipality", "order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def get_manage_url(self) -> str:
        return reverse("followup:indicator", kwargs={"pk": self.pk})


class Measurement(models.Model):
    """One year's value of an indicator, for everyone or for one group."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("group"), max_length=10, choices=MeasurementGroup.choices, default=MeasurementGroup.ALL)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="indicator__municipality", police_area="indicator__municipality__police_area")

    class Meta:
        ordering = ["indicator", "year", "group"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "group"],
                name="one_value_per_indicator_year_and_group",
                violation_error_message=_("There is already a value for this year and group."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} ({self.get_group_display()}): {self.value}"


class ReminderSent(models.Model):
    """A reminder e-mailed about one period's report on one day, so that it is never sent twice."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    period_year = models.PositiveSmallIntegerField()
    period_tertial = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = _per_period("one_reminder_per_report_and_day", fields=["agreement", "period_year", "sent_on"])

    def __str__(self) -> str:
        return f"{self.agreement} {self.period_year}/{self.period_tertial or '-'} {self.sent_on}"
