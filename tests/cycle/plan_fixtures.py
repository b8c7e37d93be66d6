"""What the åtgärdsplan tests share: a decided plan of `here` based on its lägesbild, with one measure
that addresses its prioritised problem and is its citizen promise; and what belongs to `there`. The
municipalities, users and the draft promise come from tests/conftest.py, the lägesbild from
tests/cycle/situation_fixtures.py."""

import datetime

import pytest
from django.utils import timezone

from cycle.models import ActionPlan, Measure, Problem
from tests.factories import PromiseFactory

DECIDED_ON = datetime.date(2026, 4, 14)


@pytest.fixture
def plan(here, picture):
    return ActionPlan.objects.create(
        municipality=here,
        title="Åtgärdsplan mot brott 2026–2027",
        situation_picture=picture,
        decided_on=DECIDED_ON,
        decided_by="Kommunfullmäktige",
        reference="KS 2026/123",
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )


@pytest.fixture
def measure(plan, problem, draft):
    measure = Measure.objects.create(action_plan=plan, title="Bättre belysning i centrum", responsible="Tekniska kontoret", promise=draft)
    measure.problems.set([problem])
    return measure


@pytest.fixture
def other_problem(other_picture):
    return Problem.objects.create(situation_picture=other_picture, priority=1, title="Problem i grannkommunen")


@pytest.fixture
def other_promise(there):
    return PromiseFactory(agreement=there.agreements.get(), title="Grannkommunens löfte")


def plan_world(here, situation):
    """For the permission matrix: an åtgärdsplan of `here` with one measure, addressing the lägesbild's problem."""
    from cycle.models import ActionPlan, Measure

    plan = ActionPlan.objects.create(
        municipality=here, title="Åtgärdsplan 2026", situation_picture=situation["picture"], valid_from=datetime.date(2026, 1, 1)
    )
    measure = Measure.objects.create(action_plan=plan, title="Belysning")
    measure.problems.set([situation["problem"]])
    return {"plan": plan, "measure": measure}
