"""The åtgärdsplan's pages in the browser: axe-core finds nothing on the coordinator's and the
chief's pages or on the municipality page that shows the decided plan, at desktop width and on a
phone (375 px), and they work without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _vaggeryds_plan():
    from agreements.models import Municipality
    from approvals.models import ReviewState
    from cycle.models import ActionPlan, Measure, Problem, PublicSummary, SituationPicture
    from promises.models import Promise

    vaggeryd = Municipality.objects.get(slug="vaggeryd")
    picture = SituationPicture.objects.create(municipality=vaggeryd, title="Lägesbild 2026", as_of=datetime.date(2026, 3, 1))
    problem = Problem.objects.create(situation_picture=picture, priority=1, title="Otrygghet i centrum")
    PublicSummary.objects.create(situation_picture=picture, text="Otryggheten i centrum har ökat.", workflow_state=ReviewState.PUBLISHED)
    plan = ActionPlan.objects.create(
        municipality=vaggeryd,
        title="Åtgärdsplan mot brott 2026–2027",
        situation_picture=picture,
        decided_on=datetime.date(2026, 4, 14),
        decided_by="Kommunfullmäktige",
        reference="KS 2026/123",
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )
    measure = Measure.objects.create(
        action_plan=plan, title="Trygghetsvandringar", promise=Promise.objects.of_municipality(vaggeryd).order_by("-valid_from").first()
    )
    measure.problems.set([problem])
    return vaggeryd, plan, measure


@pytest.mark.parametrize("width", [1280, 375])
def test_the_plan_pages_have_no_axe_violations(sign_in, demo_server, width, browser):
    vaggeryd, plan, measure = _vaggeryds_plan()
    pages = {
        "samordnare.vaggeryd": [
            f"{reverse('cycle:action_plans')}?kommun=vaggeryd",
            plan.get_manage_url(),
            f"{reverse('cycle:action_plan_new')}?kommun=vaggeryd",
            reverse("cycle:action_plan_edit", args=[plan.pk]),
            reverse("cycle:measure_new", args=[plan.pk]),
            reverse("cycle:measure_edit", args=[measure.pk]),
        ],
        "chef.varnamo": [f"{reverse('cycle:action_plans')}?kommun=vaggeryd", plan.get_manage_url()],
    }
    for username, urls in pages.items():
        page = sign_in(username)
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(f"{demo_server.url}{url}")
            assert axe_violations(page) == "", (username, url)
    public = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900}).new_page()
    public.goto(f"{demo_server.url}/vaggeryd/")
    expect(public.get_by_text("Beslutad 14 april 2026 av Kommunfullmäktige (dnr KS 2026/123)")).to_be_visible()
    assert axe_violations(public) == ""


def test_the_coordinator_adds_a_measure_without_javascript(browser, demo_server):
    from tests.browser.conftest import DEMO_PASSWORD

    vaggeryd, plan, _measure = _vaggeryds_plan()
    context = browser.new_context(locale="sv-SE", java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare.vaggeryd")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.goto(f"{demo_server.url}{reverse('cycle:measure_new', args=[plan.pk])}")
    page.locator("#id_title").fill("Fler fältassistenter")
    page.get_by_label("1. Otrygghet i centrum (Lägesbild 2026)").check()
    page.locator("form.form button[type=submit]").click()

    expect(page.get_by_text("Fler fältassistenter")).to_be_visible()
    assert plan.measures.filter(title="Fler fältassistenter", problems__title="Otrygghet i centrum").exists()
    context.close()
