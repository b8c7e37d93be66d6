"""The public pages work in a real browser: by keyboard, and on a 375 px wide phone."""

import pytest

pytestmark = pytest.mark.browser


def test_keyboard_user_can_skip_to_the_content(page, seeded_server):
    page.goto(f"{seeded_server.url}/vaggeryd/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_vaggeryd_page_fits_a_375_pixel_phone_without_sideways_scrolling(browser, seeded_server):
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 800})
    page = context.new_page()

    page.goto(f"{seeded_server.url}/vaggeryd/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_text("Effektiv samordning för trygghet").is_visible()
    context.close()


def test_reader_follows_the_carry_over_trail_to_the_earlier_promise(page, seeded_server):
    page.goto(f"{seeded_server.url}/vaggeryd/")

    page.get_by_role("link", name="Medborgarlöfte 2020–2021").first.click()

    assert page.get_by_role("heading", level=1).inner_text() == "Medborgarlöfte 2020–2021"
    assert page.get_by_text("Framflyttad").is_visible()
