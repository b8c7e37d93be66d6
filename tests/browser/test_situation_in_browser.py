"""The lägesbild's pages in the browser: axe-core finds nothing on the coordinator's and the
chief's pages, at desktop width and on a phone (375 px), and a problem is recorded and linked to a
promise without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def _vaggeryds_picture():
    from agreements.models import Municipality
    from cycle.models import Dialogue, DialogueTheme, Problem, PublicSummary, SituationPicture, Source

    vaggeryd = Municipality.objects.get(slug="vaggeryd")
    picture = SituationPicture.objects.create(
        municipality=vaggeryd, title="Lägesbild 2024", as_of=datetime.date(2024, 3, 1), analysis="Otryggheten hänger ihop med belysningen."
    )
    Source.objects.create(situation_picture=picture, kind="police_picture", title="Polisens underrättelseinformation")
    problem = Problem.objects.create(situation_picture=picture, priority=1, title="Otrygghet i centrum", likely_causes="Mörka stråk.")
    summary = PublicSummary.objects.create(situation_picture=picture, text="Otryggheten i centrum har ökat.")
    dialogue = Dialogue.objects.create(municipality=vaggeryd, title="Tips från invånare", held_on=datetime.date(2024, 5, 1))
    DialogueTheme.objects.create(dialogue=dialogue, theme="Belysning", what_was_said="Mörkt vid stationen.")
    return picture, problem, summary


@pytest.mark.parametrize("width", [1280, 375])
def test_the_lagesbild_pages_have_no_axe_violations(sign_in, demo_server, width):
    picture, problem, summary = _vaggeryds_picture()
    read = [f"{reverse('cycle:situations')}?kommun=vaggeryd", picture.get_manage_url()]
    pages = {
        "samordnare.vaggeryd": [
            *read,
            f"{reverse('cycle:situation_new')}?kommun=vaggeryd",
            reverse("cycle:situation_edit", args=[picture.pk]),
            reverse("cycle:source_new", args=[picture.pk]),
            reverse("cycle:problem_edit", args=[problem.pk]),
            reverse("cycle:summary_new", args=[picture.pk]),
            summary.get_manage_url(),
        ],
        "chef.varnamo": read,
    }
    for username, urls in pages.items():
        page = sign_in(username)
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(f"{demo_server.url}{url}")
            assert axe_violations(page) == "", (username, url)


def test_the_coordinator_links_a_problem_to_a_promise_without_javascript(browser, demo_server):
    from promises.models import Promise
    from tests.browser.conftest import DEMO_PASSWORD

    picture, problem, _summary = _vaggeryds_picture()
    promise = Promise.objects.of_municipality(picture.municipality).published().order_by("-valid_from").first()
    context = browser.new_context(locale="sv-SE", java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare.vaggeryd")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    page.goto(f"{demo_server.url}{reverse('cycle:problem_edit', args=[problem.pk])}")
    page.get_by_label(promise.title, exact=True).check()
    page.locator("form.form button[type=submit]").click()

    expect(page.locator(f"#problem-{problem.pk}").get_by_text(promise.title)).to_be_visible()
    assert list(problem.promises.all()) == [promise]
    context.close()
