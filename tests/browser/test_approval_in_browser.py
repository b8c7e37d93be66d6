"""The approval round trip in a real browser, as the demo users do it."""

import re

import pytest

from coordination.demo import EXAMPLE_TITLE

pytestmark = pytest.mark.browser


def test_chief_returns_coordinator_resubmits_chief_approves_coordinator_publishes(sign_in, demo_server, page):
    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    item = chief.locator("section.awaiting__item", has_text=EXAMPLE_TITLE)
    item.get_by_label("Kommentar till samordnaren").fill("Ange vilka skolor det gäller.")
    item.get_by_role("button", name="Skicka tillbaka med kommentaren").click()
    assert chief.get_by_text("Ingenting väntar på ditt godkännande just nu.").is_visible()

    coordinator = sign_in("samordnare.vaggeryd")
    assert re.search(r"/hantera/$", coordinator.url)
    coordinator.get_by_role("link", name=EXAMPLE_TITLE).first.click()
    assert coordinator.locator("blockquote").get_by_text("Ange vilka skolor det gäller.").is_visible()
    coordinator.get_by_role("button", name="Skicka in för godkännande").click()
    assert coordinator.get_by_text("Klart: skickad för godkännande.").is_visible()

    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    chief.locator("section.awaiting__item", has_text=EXAMPLE_TITLE).get_by_role("button", name="Godkänn").click()

    coordinator.reload()
    coordinator.get_by_role("button", name="Publicera").click()
    assert coordinator.get_by_text("Klart: publicerad.").is_visible()

    page.goto(f"{demo_server.url}/vaggeryd/")
    assert page.get_by_role("link", name=EXAMPLE_TITLE).is_visible()


def test_coordinator_of_vindeln_sees_nothing_of_vaggeryds_drafts(sign_in, demo_server):
    from promises.models import Promise

    example = Promise.objects.get(title=EXAMPLE_TITLE)
    vindeln = sign_in("samordnare.vindeln")

    assert EXAMPLE_TITLE not in vindeln.content()
    response = vindeln.goto(f"{demo_server.url}/hantera/loften/{example.pk}/")
    assert response.status == 404
