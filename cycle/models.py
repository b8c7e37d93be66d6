"""The cycle behind the promises (SFS 2023:196 and Brå's handbook): the lägesbild of crime with its
sources and prioritised problems, its public summary, the åtgärdsplan and its measures, and the
citizen dialogues whose input the promises answer.

The lägesbild itself is internal: coordinators of the municipality and chiefs of its police area
read it, nobody else (it may hold information that must not be public). What the public sees of
it is its summary, written apart and approved by the chief like any content. An åtgärdsplan is a
decided public document; a dialogue's themes are shown with the published promises they led to.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import Reviewable, ReviewState, Versioned
from approvals.scope import ScopePaths

MUNICIPALITY_SCOPE = ScopePaths(municipality="municipality", police_area="municipality__police_area")


class DrawnUpBy(models.TextChoices):
    JOINTLY = "jointly", _("Jointly by the municipality and the police")
    MUNICIPALITY = "municipality", _("The municipality")
    POLICE = "police", _("The police")


class SituationPicture(Versioned):
    """A lägesbild: the municipality's picture of crime on a date, in the parts the law names.
    Every change is kept (its history); a new year's lägesbild is a new record."""

    municipality = models.ForeignKey(
        "agreements.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="situation_pictures"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_('For example "Lägesbild 2026".'))
    as_of = models.DateField(_("date"), help_text=_("The day the picture describes."))
    drawn_up_by = models.CharField(_("drawn up by"), max_length=20, choices=DrawnUpBy.choices, default=DrawnUpBy.JOINTLY)
    crime_and_consequences = models.TextField(
        _("crime and its consequences"), blank=True, help_text=_("The mapping of crime in the municipality and what it leads to.")
    )
    other_information = models.TextField(_("other relevant information"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    history = HistoricalRecords()

    scope_paths = MUNICIPALITY_SCOPE

    class Meta:
        ordering = ["municipality", "-as_of", "-pk"]
        verbose_name = _("situation picture (lägesbild)")
        verbose_name_plural = _("situation pictures (lägesbilder)")

    def __str__(self) -> str:
        return self.title

    def get_manage_url(self) -> str:
        return reverse("cycle:situation", kwargs={"pk": self.pk})

    def age_in_days(self, day=None) -> int:
        return ((day or timezone.localdate()) - self.as_of).days


class SourceKind(models.TextChoices):
    POLICE_PICTURE = "police_picture", _("The police's lägesbild")
    MUNICIPALITY_PICTURE = "municipality_picture", _("The municipality's lägesbild")
    NTU = "ntu", _("The national crime survey (NTU)")
    POLICE_SURVEY = "police_survey", _("The police's safety survey")
    MUNICIPAL_SURVEY = "municipal_survey", _("A safety survey of the municipality's")
    EST = "est", _("EST data (Effektiv samordning för trygghet)")
    DIALOGUE = "dialogue", _("Citizen dialogues")
    OTHER = "other", _("Other")


class Source(models.Model):
    """What a lägesbild rests on: the parties' own lägesbilder, surveys, EST data."""

    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("situation picture"), on_delete=models.CASCADE, related_name="sources"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=300, help_text=_('For example "Trygghetsundersökning våren 2022".'))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="situation_picture__municipality", police_area="situation_picture__municipality__police_area")

    class Meta:
        ordering = ["situation_picture", "kind", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    """A problem the lägesbild prioritises, with its likely causes; the promises that address it."""

    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("situation picture"), on_delete=models.CASCADE, related_name="problems"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=1, help_text=_("1 is the most urgent."))
    title = models.CharField(_("problem"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    likely_causes = models.TextField(_("likely causes"), blank=True)
    promises = models.ManyToManyField(
        "promises.Promise",
        verbose_name=_("promises"),
        related_name="problems",
        blank=True,
        help_text=_("The citizen promises that address the problem."),
    )
    history = HistoricalRecords(m2m_fields=[promises])

    scope_paths = ScopePaths(municipality="situation_picture__municipality", police_area="situation_picture__municipality__police_area")

    class Meta:
        ordering = ["situation_picture", "priority", "pk"]
        verbose_name = _("prioritised problem")
        verbose_name_plural = _("prioritised problems")

    def __str__(self) -> str:
        return self.title


class PublicSummary(Reviewable):
    """What the public may read of a lägesbild: written apart, approved by the chief, published."""

    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("situation picture"), on_delete=models.CASCADE, related_name="summaries"
    )
    text = models.TextField(_("public summary"), help_text=_("Nothing in it may be secret: it is published as written."))
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="situation_picture__municipality", police_area="situation_picture__municipality__police_area")
    kind_label = _("public summary of a situation picture")
    summary_template = "cycle/manage/summary_summary.html"
    manage_template = "cycle/manage/summary_manage.html"

    class Meta:
        ordering = ["situation_picture", "-pk"]
        verbose_name = _("public summary")
        verbose_name_plural = _("public summaries")

    def __str__(self) -> str:
        return str(_("Summary of %(title)s") % {"title": self.situation_picture.title})

    def get_manage_url(self) -> str:
        return reverse("cycle:manage_summary", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.workflow_state == ReviewState.PUBLISHED


class ActionPlan(models.Model):
    """The åtgärdsplan the municipality decides from the lägesbild: its decision, period and measures."""

    municipality = models.ForeignKey(
        "agreements.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_('For example "Åtgärdsplan mot brott 2026–2027".'))
    situation_picture = models.ForeignKey(
        SituationPicture, verbose_name=_("based on"), on_delete=models.SET_NULL, null=True, blank=True, related_name="action_plans"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, help_text=_("Empty while the plan is not yet decided."))
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True, help_text=_('For example "Kommunfullmäktige".'))
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("The decision's diarienummer."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    scope_paths = MUNICIPALITY_SCOPE

    class Meta:
        ordering = ["municipality", "-valid_from", "-pk"]
        verbose_name = _("action plan (åtgärdsplan)")
        verbose_name_plural = _("action plans (åtgärdsplaner)")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="action_plan_ends_on_or_after_start",
                violation_error_message=_("The plan cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_manage_url(self) -> str:
        return reverse("cycle:action_plan", kwargs={"pk": self.pk})

    def clean(self):
        if self.decided_on and not self.decided_by.strip():
            raise ValidationError({"decided_by": _("Say which body decided the plan.")})

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None

    def applies_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Measure(models.Model):
    """One measure of an åtgärdsplan, the problems it addresses, and the promise it is if it is one
    of the citizen promises: the measures taken jointly with the police."""

    action_plan = models.ForeignKey(ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("measure"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    problems = models.ManyToManyField(Problem, verbose_name=_("problems addressed"), related_name="measures", blank=True)
    promise = models.ForeignKey(
        "promises.Promise",
        verbose_name=_("citizen promise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        help_text=_("If the measure is a citizen promise: a measure taken jointly with the police."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[problems])

    scope_paths = ScopePaths(municipality="action_plan__municipality", police_area="action_plan__municipality__police_area")

    class Meta:
        ordering = ["action_plan", "order", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.title

    @property
    def is_joint_with_police(self) -> bool:
        return self.promise_id is not None


class DialogueKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Citizen dialogue")
    SURVEY = "survey", _("Survey")
    SAFETY_WALK = "safety_walk", _("Safety walk")
    TIPS = "tips", _("Tip campaign")
    STAFF = "staff", _("Dialogue with staff")
    OTHER = "other", _("Other")


class Dialogue(models.Model):
    """A citizen dialogue, survey, safety walk or tip campaign: when, where, how many took part."""

    municipality = models.ForeignKey(
        "agreements.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="dialogues"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DialogueKind.choices, default=DialogueKind.DIALOGUE)
    title = models.CharField(_("title"), max_length=200, help_text=_('For example "Medborgardialog i Skillingaryd".'))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True, help_text=_("How many took part, if known."))
    illustrative = models.BooleanField(
        _("illustrative example"), default=False, help_text=_("Marks an invented record (the demo's), so that pages say so.")
    )
    history = HistoricalRecords()

    scope_paths = MUNICIPALITY_SCOPE

    class Meta:
        ordering = ["municipality", "-held_on", "-pk"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def __str__(self) -> str:
        return self.title

    def get_manage_url(self) -> str:
        return reverse("cycle:dialogue", kwargs={"pk": self.pk})


class DialogueTheme(models.Model):
    """What people said in a dialogue, one theme at a time, and what it led to."""

    dialogue = models.ForeignKey(Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=200)
    what_was_said = models.TextField(_("what was said"))
    problems = models.ManyToManyField(Problem, verbose_name=_("problems"), related_name="themes", blank=True)
    promises = models.ManyToManyField("promises.Promise", verbose_name=_("promises"), related_name="dialogue_themes", blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[problems, promises])

    scope_paths = ScopePaths(municipality="dialogue__municipality", police_area="dialogue__municipality__police_area")

    class Meta:
        ordering = ["dialogue", "order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.theme

    @property
    def was_taken_up(self) -> bool:
        """Whether the input led anywhere: a problem or a promise (read from prefetched relations)."""
        return bool(self.problems.all()) or bool(self.promises.all())
