"""Writes to the åtgärdsplan and its measures, and the one read the public municipality page makes of
it. A measure links only to its own municipality's prioritised problems and promises: the plan is
that municipality's answer to its own lägesbild."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.utils.translation import gettext_lazy as _

from approvals.models import ReviewState
from cycle.models import ActionPlan, Measure, PublicSummary, SituationPicture
from cycle.services import CycleError, linkable_problems, linkable_promises, require_edit, save_checked

PLAN_FIELDS = ("title", "situation_picture", "decided_on", "decided_by", "reference", "valid_from", "valid_until")
MEASURE_FIELDS = ("title", "description", "responsible", "promise")


def pictures_of(municipality):
    return SituationPicture.objects.filter(municipality=municipality).order_by("-as_of", "-pk")


def _check_picture(municipality, picture) -> None:
    if picture is not None and picture.municipality_id != municipality.pk:
        raise CycleError(_("The plan can only be based on a lägesbild of its own municipality."))


def _check_links(municipality, *, problems, promise) -> None:
    allowed = set(linkable_problems(municipality).values_list("pk", flat=True))
    if any(problem.pk not in allowed for problem in problems):
        raise CycleError(_("A measure can only address the municipality's own prioritised problems."))
    if promise is not None and not linkable_promises(municipality).filter(pk=promise.pk).exists():
        raise CycleError(_("A measure can only be one of the municipality's own citizen promises."))


@transaction.atomic
def plan_create(*, municipality, by, **fields) -> ActionPlan:
    """A new åtgärdsplan for the municipality; decided or not yet."""
    require_edit(item=municipality, by=by, perm="cycle.add_actionplan")
    _check_picture(municipality, fields.get("situation_picture"))
    return save_checked(ActionPlan(municipality=municipality, **{name: fields[name] for name in PLAN_FIELDS if name in fields}), by=by)


@transaction.atomic
def plan_update(*, plan: ActionPlan, by, **fields) -> ActionPlan:
    require_edit(item=plan, by=by, perm="cycle.change_actionplan")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _check_picture(plan.municipality, fields.get("situation_picture"))
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    return save_checked(plan, by=by)


@transaction.atomic
def measure_add(*, plan: ActionPlan, by, problems=(), **fields) -> Measure:
    """A measure at the end of the plan, with the problems it addresses and, if it is a citizen
    promise, that promise."""
    require_edit(item=plan, by=by, perm="cycle.add_measure")
    plan = ActionPlan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)
    problems = list(problems)
    _check_links(plan.municipality, problems=problems, promise=fields.get("promise"))
    last = plan.measures.order_by("-order").values_list("order", flat=True).first()
    measure = Measure(
        action_plan=plan, order=0 if last is None else last + 1, **{name: fields[name] for name in MEASURE_FIELDS if name in fields}
    )
    save_checked(measure, by=by)
    measure.problems.set(problems)
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, by, problems=None, **fields) -> Measure:
    require_edit(item=measure, by=by, perm="cycle.change_measure")
    measure = Measure.objects.select_for_update().select_related("action_plan__municipality").get(pk=measure.pk)
    problems = None if problems is None else list(problems)
    _check_links(measure.action_plan.municipality, problems=problems or [], promise=fields.get("promise"))
    for name in MEASURE_FIELDS:
        if name in fields:
            setattr(measure, name, fields[name])
    save_checked(measure, by=by)
    if problems is not None:
        measure.problems.set(problems)
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by) -> None:
    """Remove a measure from its plan; its history stays."""
    require_edit(item=measure, by=by, perm="cycle.delete_measure")
    measure._history_user = by
    measure.delete()


# --- What the public reads of it ---------------------------------------------------------------


@dataclass(frozen=True)
class PublicPlan:
    """The decided åtgärdsplan that applies on a day, as the public municipality page shows it: its
    decision, period and how many measures are citizen promises, and of the lägesbild behind it only
    its title, its date and its published summary (the lägesbild itself is internal)."""

    title: str
    decided_on: datetime.date
    decided_by: str
    reference: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    measures: int
    joint_measures: int
    picture_title: str | None
    picture_as_of: datetime.date | None
    summary: str | None

    @classmethod
    def from_row(cls, row: dict | None) -> PublicPlan | None:
        if not row:
            return None

        def day(value):
            return datetime.date.fromisoformat(value) if value else None

        return cls(
            title=row["title"],
            decided_on=day(row["decided_on"]),
            decided_by=row["decided_by"],
            reference=row["reference"],
            valid_from=day(row["valid_from"]),
            valid_until=day(row["valid_until"]),
            measures=row["measures"] or 0,
            joint_measures=row["joint_measures"] or 0,
            picture_title=row["picture_title"],
            picture_as_of=day(row["picture_as_of"]),
            summary=row["summary"],
        )


def public_plan_annotation(day: datetime.date) -> Subquery:
    """The decided plan that applies on `day` for the municipality of the outer query, as one JSON
    value: the public page reads it with the municipality, in the same query (its query budget is
    spent). Only a published summary's text is read of the lägesbild, never its content."""
    counted = Measure.objects.filter(action_plan=OuterRef("pk")).order_by().values("action_plan")
    summary = PublicSummary.objects.filter(situation_picture=OuterRef("situation_picture"), workflow_state=ReviewState.PUBLISHED).order_by(
        "-pk"
    )
    plans = (
        ActionPlan.objects.filter(municipality=OuterRef("pk"), decided_on__isnull=False, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from", "-decided_on", "-pk")
        .values(
            row=JSONObject(
                title="title",
                decided_on="decided_on",
                decided_by="decided_by",
                reference="reference",
                valid_from="valid_from",
                valid_until="valid_until",
                measures=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0),
                joint_measures=Coalesce(
                    Subquery(counted.filter(promise__isnull=False).annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
                ),
                picture_title=F("situation_picture__title"),
                picture_as_of=F("situation_picture__as_of"),
                summary=Subquery(summary.values("text")[:1]),
            )
        )
    )
    return Subquery(plans[:1])
