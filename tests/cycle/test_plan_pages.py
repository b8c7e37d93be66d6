"""The åtgärdsplan's pages: who reaches them, what the coordinator writes through them, and what a
bad input is told (in Swedish, with nothing written)."""

import datetime

import pytest
from django.urls import reverse

from cycle.models import ActionPlan, Measure
from tests.cycle.plan_fixtures import measure, other_problem, other_promise, plan  # noqa: F401 (fixtures)
from tests.cycle.situation_fixtures import other_picture, picture, problem  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

READ, WRITE = "read", "write"


def _pages(plan, measure):
    return [
        (READ, f"{reverse('cycle:action_plans')}?kommun=har"),
        (READ, plan.get_manage_url()),
        (WRITE, f"{reverse('cycle:action_plan_new')}?kommun=har"),
        (WRITE, reverse("cycle:action_plan_edit", args=[plan.pk])),
        (WRITE, reverse("cycle:measure_new", args=[plan.pk])),
        (WRITE, reverse("cycle:measure_edit", args=[measure.pk])),
    ]


EXPECTED = {
    "coordinator": {READ: 200, WRITE: 200},
    "other_coordinator": {READ: 404, WRITE: 404},
    "chief": {READ: 200, WRITE: 403},
    "other_chief": {READ: 404, WRITE: 403},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_plan_page_answers_each_role_as_its_scope_says(client, request, role, plan, measure):
    client.force_login(request.getfixturevalue(role))

    for kind, url in _pages(plan, measure):
        assert client.get(url).status_code == EXPECTED[role][kind], (role, url)


def test_the_anonymous_are_sent_to_sign_in_from_every_plan_page(client, plan, measure):
    for kind, url in [*_pages(plan, measure), ("post", reverse("cycle:measure_delete", args=[measure.pk]))]:
        response = client.post(url) if kind == "post" else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    assert Measure.objects.filter(pk=measure.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("other_coordinator", 404), ("chief", 403), ("other_chief", 403)])
def test_only_the_municipalitys_coordinator_removes_a_measure(client, request, role, status, measure):
    client.force_login(request.getfixturevalue(role))

    assert client.post(reverse("cycle:measure_delete", args=[measure.pk])).status_code == status
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_removing_a_measure_takes_a_post(client, coordinator, measure):
    client.force_login(coordinator)

    assert client.get(reverse("cycle:measure_delete", args=[measure.pk])).status_code == 405
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_the_coordinator_removes_a_measure(client, coordinator, plan, measure):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:measure_delete", args=[measure.pk]))

    assert response["Location"] == plan.get_manage_url()
    assert not plan.measures.exists()


def test_the_list_shows_the_municipalitys_plans_newest_first_and_whether_each_is_decided_and_current(client, chief, here, plan):
    ActionPlan.objects.create(municipality=here, title="Utkast till ny plan", valid_from=plan.valid_from + datetime.timedelta(days=400))
    ActionPlan.objects.create(
        municipality=here, title="Gammal plan", valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2021, 12, 31)
    )
    client.force_login(chief)

    page = client.get(f"{reverse('cycle:action_plans')}?kommun=har").content.decode()

    assert page.index("Utkast till ny plan") < page.index(plan.title) < page.index("Gammal plan")
    assert page.count("Inte beslutad") == 2 and page.count("Beslutad</span>") == 1
    assert page.count("gäller i dag") == 1 and page.count("gäller inte i dag") == 2
    assert reverse("cycle:action_plan_new") not in page  # a chief reads only


def test_the_plan_page_links_each_measure_to_its_problems_and_its_promise(client, coordinator, plan, measure, problem, draft, picture):
    client.force_login(coordinator)

    page = client.get(plan.get_manage_url()).content.decode()

    assert "Beslutad 14 april 2026 av Kommunfullmäktige (dnr KS 2026/123)" in page
    assert f'href="{picture.get_manage_url()}">Lägesbild 2026</a> (1 mars 2026)' in page
    assert "Bättre belysning i centrum" in page and "1. Otrygghet i centrum" in page
    assert "Vidtas gemensamt med polisen" in page and draft.get_manage_url() in page
    assert reverse("cycle:measure_edit", args=[measure.pk]) in page


def test_the_chief_reads_the_plan_without_edit_links(client, chief, plan, measure):
    client.force_login(chief)

    page = client.get(plan.get_manage_url()).content.decode()

    assert "Bättre belysning i centrum" in page
    for name, pk in [("action_plan_edit", plan.pk), ("measure_new", plan.pk), ("measure_edit", measure.pk), ("measure_delete", measure.pk)]:
        assert reverse(f"cycle:{name}", args=[pk]) not in page


def _plan_data(**changes):
    data = {
        "title": "Åtgärdsplan 2027",
        "situation_picture": "",
        "decided_on": "2027-02-01",
        "decided_by": "Kommunstyrelsen",
        "reference": "KS 2027/1",
        "valid_from": "2027-01-01",
        "valid_until": "2027-12-31",
        "kommun": "har",
    }
    return {**data, **changes}


def test_the_coordinator_creates_a_plan_based_on_the_lagesbild(client, coordinator, here, picture):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:action_plan_new"), _plan_data(situation_picture=picture.pk))

    plan = ActionPlan.objects.get(title="Åtgärdsplan 2027")
    assert response["Location"] == plan.get_manage_url()
    assert plan.municipality == here and plan.situation_picture == picture and plan.decided_by == "Kommunstyrelsen"
    assert plan.history.get().history_user == coordinator


def test_the_coordinator_edits_a_plan(client, coordinator, plan):
    client.force_login(coordinator)

    client.post(reverse("cycle:action_plan_edit", args=[plan.pk]), _plan_data(title="Reviderad plan", decided_on="", decided_by=""))

    plan.refresh_from_db()
    assert plan.title == "Reviderad plan" and not plan.is_decided


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_until": "2026-12-31"}, "Planen kan inte sluta innan den börjar."),
        ({"decided_by": ""}, "Ange vilket organ som beslutade planen."),
        ({"valid_from": "inte ett datum"}, "Fyll i ett giltigt datum."),
        ({"title": ""}, "Detta fält måste fyllas i."),
    ],
)
def test_a_bad_plan_is_refused_in_swedish_and_nothing_is_written(client, coordinator, changes, message):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:action_plan_new"), _plan_data(**changes))

    assert response.status_code == 200 and message in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_a_plan_cannot_be_based_on_another_municipalitys_lagesbild(client, coordinator, other_picture):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:action_plan_new"), _plan_data(situation_picture=other_picture.pk))

    assert "Välj en av kommunens lägesbilder." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_another_municipalitys_coordinator_cannot_create_a_plan_for_here(client, other_coordinator):
    client.force_login(other_coordinator)

    assert client.post(reverse("cycle:action_plan_new"), _plan_data()).status_code == 404
    assert not ActionPlan.objects.exists()


def test_the_coordinator_adds_a_measure_that_is_a_citizen_promise(client, coordinator, plan, problem, draft):
    client.force_login(coordinator)

    response = client.post(
        reverse("cycle:measure_new", args=[plan.pk]),
        {"title": "Trygghetsvandringar", "responsible": "Polisen", "problems": [problem.pk], "promise": draft.pk},
    )

    measure = plan.measures.get()
    assert response["Location"] == plan.get_manage_url()
    assert list(measure.problems.all()) == [problem] and measure.promise == draft and measure.is_joint_with_police
    assert list(problem.measures.all()) == [measure] and list(draft.measures.all()) == [measure]


def test_the_measure_form_offers_only_the_municipalitys_problems_and_promises(
    client, coordinator, plan, problem, draft, other_problem, other_promise
):
    client.force_login(coordinator)

    page = client.get(reverse("cycle:measure_new", args=[plan.pk])).content.decode()

    assert "Otrygghet i centrum" in page and draft.title in page
    assert other_problem.title not in page and other_promise.title not in page


@pytest.mark.parametrize(
    ("field", "message"),
    [("problems", "Välj bland kommunens prioriterade problem."), ("promise", "Välj ett av kommunens medborgarlöften.")],
)
def test_another_municipalitys_problem_or_promise_posted_by_hand_is_refused(
    client, coordinator, plan, measure, problem, other_problem, other_promise, field, message
):
    client.force_login(coordinator)
    foreign = {"problems": [other_problem.pk], "promise": other_promise.pk}[field]

    for url in [reverse("cycle:measure_new", args=[plan.pk]), reverse("cycle:measure_edit", args=[measure.pk])]:
        response = client.post(url, {"title": "Smuggel", field: foreign})
        assert response.status_code == 200 and message in response.content.decode(), url

    measure.refresh_from_db()
    assert measure.title == "Bättre belysning i centrum" and list(measure.problems.all()) == [problem]
    assert plan.measures.count() == 1


def test_the_coordinator_edits_a_measure_to_address_no_problem_and_no_promise(client, coordinator, plan, measure):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:measure_edit", args=[measure.pk]), {"title": "Belysning", "problems": [], "promise": ""})

    measure.refresh_from_db()
    assert response["Location"] == f"{plan.get_manage_url()}#measure-{measure.pk}"
    assert measure.title == "Belysning" and not measure.problems.exists() and measure.promise is None


def test_the_services_refuse_what_the_forms_would_not_offer(plan, measure, chief, coordinator, other_problem, other_promise, other_picture):
    from cycle import plan_services
    from cycle.services import CycleError

    with pytest.raises(CycleError, match="prioriterade problem"):
        plan_services.measure_add(plan=plan, by=coordinator, title="Smuggel", problems=[other_problem])
    with pytest.raises(CycleError, match="medborgarlöften"):
        plan_services.measure_update(measure=measure, by=coordinator, title="Smuggel", promise=other_promise)
    with pytest.raises(CycleError, match="lägesbild"):
        plan_services.plan_update(plan=plan, by=coordinator, situation_picture=other_picture)
    with pytest.raises(CycleError):  # only coordinators write
        plan_services.measure_delete(measure=measure, by=chief)

    measure.refresh_from_db()
    assert plan.measures.get() == measure and measure.title == "Bättre belysning i centrum" and measure.promise is not None
    plan.refresh_from_db()
    assert plan.situation_picture.municipality == plan.municipality
