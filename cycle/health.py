"""The cycle's health for the coordinator: is the lägesbild recent, is an åtgärdsplan decided and
in force, does every promise that applies answer a prioritised problem, did every dialogue's input
lead somewhere. Four queries, however many promises and themes the municipality has."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from cycle.models import ActionPlan, DialogueTheme, Problem, SituationPicture
from promises.models import Promise

# A lägesbild older than this is out of date: the law asks for one each year (SFS 2023:196).
STALE_AFTER_DAYS = 365


@dataclass
class Health:
    today: datetime.date
    latest_situation: SituationPicture | None
    current_plan: ActionPlan | None
    latest_plan: ActionPlan | None
    unlinked_promises: list = field(default_factory=list)
    untaken_themes: list = field(default_factory=list)

    @property
    def situation_age_days(self) -> int | None:
        return self.latest_situation.age_in_days(self.today) if self.latest_situation else None

    @property
    def situation_is_stale(self) -> bool:
        return self.latest_situation is None or self.situation_age_days > STALE_AFTER_DAYS

    @property
    def plan_is_current(self) -> bool:
        return self.current_plan is not None

    @property
    def finding_count(self) -> int:
        return int(self.situation_is_stale) + int(not self.plan_is_current) + len(self.unlinked_promises) + len(self.untaken_themes)


def health(municipality, today: datetime.date) -> Health:
    """The findings for `municipality` on `today`."""
    latest_situation = SituationPicture.objects.filter(municipality=municipality).order_by("-as_of", "-pk").first()
    plans = list(ActionPlan.objects.filter(municipality=municipality).order_by("-valid_from", "-pk"))
    current = next((plan for plan in plans if plan.is_decided and plan.decided_on <= today and plan.applies_on(today)), None)
    linked = Problem.promises.through.objects.filter(promise=OuterRef("pk"))
    unlinked = (
        Promise.objects.published()
        .of_municipality(municipality)
        .current_on(today)
        .filter(~Exists(linked))
        .order_by("order", "valid_from", "pk")
    )
    themes = (
        DialogueTheme.objects.filter(dialogue__municipality=municipality)
        .filter(~Exists(DialogueTheme.problems.through.objects.filter(dialoguetheme=OuterRef("pk"))))
        .filter(~Exists(DialogueTheme.promises.through.objects.filter(dialoguetheme=OuterRef("pk"))))
        .select_related("dialogue")
        .order_by("-dialogue__held_on", "dialogue", "order", "pk")
    )
    return Health(
        today=today,
        latest_situation=latest_situation,
        current_plan=current,
        latest_plan=plans[0] if plans else None,
        unlinked_promises=list(unlinked),
        untaken_themes=list(themes),
    )
