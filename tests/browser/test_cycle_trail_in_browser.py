"""The cycle end to end in a real browser: a coordinator records a dialogue and a lägesbild with a
prioritised problem and links both to a promise, the chief approves the lägesbild's public summary,
and an anonymous reader follows the trail on the promise's page — without ever seeing the internal
lägesbild."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PROMISE = "Medborgarlöfte Vaggeryd 2021"
SECRET = "Internt: uppgifter om pågående utredningar som inte får bli offentliga."
SUMMARY = "Otryggheten är störst i centrum på kvällarna; kommunen och polisen prioriterar den."
SAID = "Många undviker torget efter mörkrets inbrott."


def _submit(page):
    page.locator("main form.form button[type=submit]").first.click()


def test_a_dialogue_and_a_lagesbild_lead_residents_from_what_they_said_to_what_was_done(sign_in, demo_server, browser, page):
    from cycle.models import Dialogue, SituationPicture
    from promises.models import Promise

    promise = Promise.objects.get(title=PROMISE)
    coordinator = sign_in("samordnare.vaggeryd")

    # The lägesbild, internal, with a prioritised problem the promise addresses.
    coordinator.goto(f"{demo_server.url}/hantera/lagesbild/ny/?kommun=vaggeryd")
    coordinator.locator("#id_title").fill("Lägesbild 2026")
    coordinator.locator("#id_as_of").fill("2026-10-01")
    coordinator.locator("#id_crime_and_consequences").fill(SECRET)
    _submit(coordinator)
    picture = SituationPicture.objects.get(title="Lägesbild 2026")
    coordinator.goto(f"{demo_server.url}/hantera/lagesbild/{picture.pk}/nytt-problem/")
    coordinator.locator("#id_title").fill("Otrygghet i centrum på kvällarna")
    coordinator.locator("#id_likely_causes").fill("Dålig belysning och få vuxna i rörelse.")
    coordinator.get_by_label(PROMISE).check()
    _submit(coordinator)
    assert coordinator.get_by_text("Otrygghet i centrum på kvällarna").first.is_visible()

    # Its public summary, sent to the chief.
    coordinator.goto(f"{demo_server.url}/hantera/lagesbild/{picture.pk}/sammanfattning/ny/")
    coordinator.locator("#id_text").fill(SUMMARY)
    _submit(coordinator)
    coordinator.get_by_role("button", name="Skicka in för godkännande").click()
    assert coordinator.get_by_text("Klart: skickad för godkännande.").is_visible()

    # A dialogue whose theme led to the problem and the promise.
    coordinator.goto(f"{demo_server.url}/hantera/dialoger/ny/?kommun=vaggeryd")
    coordinator.locator("#id_title").fill("Medborgardialog i Skillingaryd")
    coordinator.locator("#id_held_on").fill("2026-09-15")
    coordinator.locator("#id_place").fill("Skillingaryds bibliotek")
    coordinator.locator("#id_participants").fill("25")
    _submit(coordinator)
    dialogue = Dialogue.objects.get(title="Medborgardialog i Skillingaryd")
    coordinator.goto(f"{demo_server.url}/hantera/dialoger/{dialogue.pk}/nytt-tema/")
    coordinator.locator("#id_theme").fill("Otrygga platser")
    coordinator.locator("#id_what_was_said").fill(SAID)
    coordinator.get_by_label(PROMISE).check()
    coordinator.get_by_label("Lägesbild 2026: Otrygghet i centrum på kvällarna").check()
    _submit(coordinator)
    assert coordinator.get_by_text(SAID).is_visible()

    # Not public before the chief has approved and the coordinator published (read by another
    # reader: the browser keeps a public page for its max-age).
    early = browser.new_context().new_page()
    early.goto(f"{demo_server.url}{promise.get_absolute_url()}")
    assert SUMMARY not in early.content() and SECRET not in early.content()
    early.context.close()

    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    chief.locator("section.awaiting__item", has_text="Lägesbild 2026").get_by_role("button", name="Godkänn").click()
    assert chief.locator("section.awaiting__item", has_text="Lägesbild 2026").count() == 0

    coordinator.goto(f"{demo_server.url}{picture.summaries.get().get_manage_url()}")
    coordinator.get_by_role("button", name="Publicera").click()
    assert coordinator.get_by_text("Klart: publicerad.").is_visible()

    # The reader follows the trail.
    page.goto(f"{demo_server.url}/vaggeryd/")
    page.get_by_role("link", name=PROMISE).first.click()
    trail = page.locator("section.trail")
    assert trail.get_by_role("heading", name="Det här sa ni", exact=True).is_visible()
    assert trail.get_by_text(SAID).is_visible()
    assert trail.get_by_text(SUMMARY).is_visible()
    assert "Skillingaryds bibliotek" in trail.inner_text()
    assert trail.get_by_role("heading", name="Det här lovade vi", exact=True).is_visible()
    assert trail.get_by_role("heading", name="Det här gjorde vi", exact=True).is_visible()
    assert SECRET not in page.content()
    assert axe_violations(page) == ""
