"""An extension by decision, from the coordinator's form through the chief's approval to the page
residents read, in a real browser."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def summer_promise(demo_server, monkeypatch):
    """A published Vaggeryd promise for the second half of 2025, ended by the time it is read."""
    from agreements.models import Agreement
    from promises.models import FocusArea
    from tests.factories import ActivityFactory, PromiseFactory

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    agreement = Agreement.objects.get(municipality__slug="vaggeryd")
    area = FocusArea.objects.filter(municipality__slug="vaggeryd").first()
    promise = PromiseFactory(
        agreement=agreement,
        title="Trygg sommar 2025",
        valid_from=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2025, 12, 31),
        focus_areas=[area],
        order=9,
    )
    ActivityFactory(promise=promise, focus_area=area, description="Sommarvandringar i Vaggeryd", status="done")
    return promise


def _section(page, section_id):
    return page.locator(f"#{section_id}").text_content()


def test_coordinator_records_an_extension_the_chief_approves_it_and_residents_read_both_periods(sign_in, demo_server, page, summer_promise):
    page.goto(f"{demo_server.url}/vaggeryd/")
    assert "Trygg sommar 2025" in _section(page, "tidigare-loften")
    assert "Trygg sommar 2025" not in _section(page, "aktuella-loften")

    coordinator = sign_in("samordnare.vaggeryd")
    coordinator.goto(f"{demo_server.url}{summer_promise.get_manage_url()}")
    coordinator.get_by_role("link", name="Förläng genom beslut").click()
    coordinator.get_by_label("Förlängt till").fill("2026-12-31")
    coordinator.get_by_label("Beslutat den").fill("2026-02-10")
    coordinator.get_by_label("Beslutat av").fill("kommunstyrelsen")
    coordinator.get_by_label("Diarienummer").fill("KS 2026/7")
    coordinator.get_by_role("button", name="Skapa utkastet").click()
    coordinator.get_by_role("button", name="Skicka in för godkännande").click()
    assert coordinator.get_by_text("Klart: skickad för godkännande.").is_visible()

    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    item = chief.locator("section.awaiting__item", has_text="Trygg sommar 2025")
    assert item.get_by_text("31 december 2026").first.is_visible()
    item.get_by_role("button", name="Godkänn").click()

    coordinator.reload()
    coordinator.get_by_role("button", name="Publicera").click()
    assert coordinator.get_by_text("Klart: publicerad.").is_visible()

    page.goto(f"{demo_server.url}{summer_promise.get_absolute_url()}")
    text = " ".join(page.locator("main").inner_text().split())
    assert "Ursprungligen: 1 juni 2025 – 31 december 2025." in text
    assert "Förlängt till 31 december 2026 genom beslut i kommunstyrelsen 10 februari 2026, dnr KS 2026/7." in text

    # Another address than the first visit's: the public page may be cached for five minutes.
    page.goto(f"{demo_server.url}/vaggeryd/?efter=beslutet")
    current, earlier = _section(page, "aktuella-loften"), _section(page, "tidigare-loften")
    assert "Trygg sommar 2025" in current and "Medborgarlöfte Vaggeryd 2021" in current
    assert "Trygg sommar 2025" not in earlier
    page.locator("#tidigare-loften summary").first.click()
    assert page.locator("#tidigare-loften").get_by_role("link", name="Medborgarlöfte 2020–2021").is_visible()
