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


def test_every_public_page_has_no_axe_violations_and_fits_a_phone(page, seeded_server):
    from promises.models import FocusArea, Promise
    from tests.browser.conftest import axe_violations
    from tests.test_public_site import _programme, _report

    municipality, promise = _programme("Testby", national=FocusArea.objects.get(slug="narkotika"))
    _report(promise, 2023)
    from tests.lifecycle.programmes import lived_programme

    lived, sets = lived_programme()
    paths = [
        lived.get_absolute_url(),
        f"/{lived.slug}/ar/2024/",
        sets[2024][0].get_absolute_url(),
        sets[2025][0].get_absolute_url(),
        "/?audience=children",
        "/",
        "/?q=v&county=J%C3%B6nk%C3%B6pings+l%C3%A4n",
        "/vaggeryd/",
        "/vindeln/",
        Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021").get_absolute_url(),
        promise.get_absolute_url(),
        f"/{municipality.slug}/uppfoljning/2023/",
        "/fokusomraden/",
        "/fokusomraden/narkotika/",
        "/oppna-data/",
        "/tillganglighet/",
        "/om/",
        "/finns-inte/",
        "/konto/logga-in/",
    ]
    problems = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{seeded_server.url}{path}")
            report = axe_violations(page)
            if report:
                problems.append(f"{path} at {width}px:\n{report}")
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path} scrolls sideways at {width}px")
    assert not problems, "\n".join(problems)
