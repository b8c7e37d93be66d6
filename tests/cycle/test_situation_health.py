"""The cycle's health at the top of /hantera/lagesbild/: how old the newest lägesbild is (a warning
past a year), whether a decided åtgärdsplan applies today, the published promises that apply today
and answer no problem, and the dialogue themes that led nowhere, each linked to where it is fixed,
in the same number of queries however many promises and themes there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import ReviewState
from cycle.health import health
from cycle.models import ActionPlan, Dialogue, DialogueTheme, Problem, SituationPicture
from tests.factories import PromiseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _picture(here, as_of):
    return SituationPicture.objects.create(municipality=here, title=f"Lägesbild {as_of.year}", as_of=as_of)


def _plan(here, **fields):
    data = {"title": "Åtgärdsplan 2026", "valid_from": datetime.date(2026, 1, 1), "valid_until": datetime.date(2027, 12, 31), **fields}
    return ActionPlan.objects.create(municipality=here, **data)


def _theme(here, name, held_on=datetime.date(2026, 4, 1)):
    dialogue = Dialogue.objects.create(municipality=here, title=f"Dialog om {name}", held_on=held_on)
    return DialogueTheme.objects.create(dialogue=dialogue, theme=name, what_was_said="Det känns otryggt.")


def test_a_lagesbild_of_this_year_and_a_decided_plan_in_force_are_healthy(here):
    _picture(here, datetime.date(2026, 3, 1))
    plan = _plan(here, decided_on=datetime.date(2025, 12, 10), decided_by="Kommunfullmäktige")

    found = health(here, TODAY)

    assert (found.situation_age_days, found.situation_is_stale) == (92, False)
    assert found.current_plan == plan and found.finding_count == 0


def test_a_lagesbild_older_than_a_year_is_stale(here):
    _picture(here, datetime.date(2025, 5, 31))
    _picture(here, datetime.date(2024, 1, 1))

    found = health(here, TODAY)

    assert found.latest_situation.as_of == datetime.date(2025, 5, 31)
    assert found.situation_is_stale


def test_no_lagesbild_is_a_finding(here):
    assert health(here, TODAY).situation_is_stale


@pytest.mark.parametrize(
    "fields",
    [
        {},  # not decided
        {
            "decided_on": datetime.date(2023, 1, 10),
            "decided_by": "KF",
            "valid_from": datetime.date(2023, 1, 1),
            "valid_until": datetime.date(2025, 12, 31),
        },
        {"decided_on": datetime.date(2026, 9, 1), "decided_by": "KF", "valid_from": datetime.date(2026, 9, 1), "valid_until": None},
    ],
    ids=["undecided", "expired", "not-yet"],
)
def test_a_plan_that_is_undecided_or_not_in_force_today_is_a_finding(here, fields):
    plan = _plan(here, **fields)

    found = health(here, TODAY)

    assert found.current_plan is None and found.latest_plan == plan


def test_without_any_plan_the_health_view_links_to_the_plans(client, chief, here):
    client.force_login(chief)

    page = client.get(f"{reverse('cycle:situations')}?kommun={here.slug}").content.decode()

    assert "Det finns ingen åtgärdsplan än." in page and f"{reverse('cycle:action_plans')}?kommun={here.slug}" in page
    assert f"{reverse('cycle:situation_new')}?kommun={here.slug}" not in page  # a chief reads, and does not write


def test_published_promises_of_today_linked_to_no_problem_are_listed(here, there):
    agreement = here.agreements.get()
    picture = _picture(here, datetime.date(2026, 3, 1))
    unlinked = PromiseFactory(agreement=agreement, title="Utan problem")
    linked = PromiseFactory(agreement=agreement, title="Med problem")
    Problem.objects.create(situation_picture=picture, title="Otrygghet").promises.add(linked)
    PromiseFactory(agreement=agreement, title="Utkast", workflow_state=ReviewState.DRAFT)
    PromiseFactory(agreement=agreement, title="Förbi", valid_until=datetime.date(2025, 12, 31))
    PromiseFactory(agreement=there.agreements.get(), title="Någon annans")

    assert health(here, TODAY).unlinked_promises == [unlinked]


def test_dialogue_themes_that_led_to_no_problem_and_no_promise_are_listed(here, there):
    picture = _picture(here, datetime.date(2026, 3, 1))
    forgotten = _theme(here, "Belysning")
    _theme(here, "Skolväg").problems.add(Problem.objects.create(situation_picture=picture, title="Otrygg skolväg"))
    _theme(here, "Parker").promises.add(PromiseFactory(agreement=here.agreements.get()))
    _theme(there, "Någon annans")

    assert health(here, TODAY).untaken_themes == [forgotten]


def test_the_page_shows_each_finding_with_a_link_to_where_it_is_fixed(client, coordinator, here):
    picture = _picture(here, datetime.date(2024, 3, 1))
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", valid_from=datetime.date(2023, 3, 3))
    theme = _theme(here, "Belysning i parken", held_on=datetime.date(2026, 4, 1))
    plan = _plan(here)
    client.force_login(coordinator)

    page = client.get(f"{reverse('cycle:situations')}?kommun={here.slug}").content.decode()

    assert "Lägesbilden är mer än ett år gammal." in page
    assert f"{reverse('cycle:situation_new')}?kommun={here.slug}" in page
    assert "Åtgärdsplanen har inte beslutats än." in page and reverse("cycle:action_plan", args=[plan.pk]) in page
    assert promise.get_manage_url() in page and f"{picture.get_manage_url()}#problems-heading" in page
    assert "Belysning i parken" in page and reverse("cycle:dialogue", args=[theme.dialogue_id]) in page
    assert picture.get_manage_url() in page  # and the list of lägesbilder


def _grow(here, size):
    agreement = here.agreements.get()
    picture = _picture(here, datetime.date(2026, 3, 1) - datetime.timedelta(days=size))
    for number in range(size):
        PromiseFactory(agreement=agreement, title=f"Löfte {size}-{number}")
        _theme(here, f"Tema {size}-{number}")
        Problem.objects.create(situation_picture=picture, title=f"Problem {size}-{number}")
    _plan(here, title=f"Plan {size}")


def test_the_health_view_takes_as_many_queries_for_forty_promises_and_themes_as_for_two(client, coordinator, here):
    client.force_login(coordinator)
    url = f"{reverse('cycle:situations')}?kommun={here.slug}"
    _grow(here, 2)
    client.get(url)  # warm up what is cached per process
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(here, 40)

    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()

    assert "Tema 40-39" in page and "Löfte 40-39" in page
    assert len(large) == len(small)


def test_health_itself_takes_four_queries(here, django_assert_num_queries):
    _grow(here, 30)

    with django_assert_num_queries(4):
        found = health(here, TODAY)

    assert len(found.unlinked_promises) == 30 and len(found.untaken_themes) == 30
