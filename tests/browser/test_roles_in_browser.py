"""Roles in a real browser: a chief given only the role reaches their work, and the pages that
show roles are accessible and fit a phone."""

import pytest

from coordination.demo import EXAMPLE_TITLE
from tests.browser.conftest import DEMO_PASSWORD, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def chief_without_staff(demo_server):
    """The demo's chef.varnamo, with "Staff status" taken away: only the role is left."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="chef.varnamo").update(is_staff=False)
    return "chef.varnamo"


def _signed_in(browser, server, username, *, locale="sv-SE", width=1280):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return context, page


def test_a_chief_given_only_the_role_signs_in_to_the_approval_list_and_sees_the_count_in_the_admin(
    browser, demo_server, chief_without_staff
):
    context, page = _signed_in(browser, demo_server, chief_without_staff)

    landed = page.url
    listed = page.get_by_text(EXAMPLE_TITLE).first.is_visible()
    page.goto(f"{demo_server.url}/admin/")
    count = page.locator("#awaiting-approval a").inner_text()
    context.close()

    assert landed == f"{demo_server.url}/admin/att-godkanna/"
    assert listed
    assert count.startswith("1 ")


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_the_pages_showing_roles_have_no_axe_violations_and_fit_a_phone(browser, demo_server, chief_without_staff, locale):
    from django.contrib.auth import get_user_model

    from agreements.models import Municipality

    users = get_user_model().objects
    chief = users.get(username="chef.varnamo")
    users.create_user("utan.roll", password=DEMO_PASSWORD)
    vaggeryd = Municipality.objects.get(slug="vaggeryd")
    pages = {
        chief_without_staff: ["/admin/"],
        "admin": [
            "/admin/",
            "/admin/auth/user/",
            "/admin/auth/user/add/",
            f"/admin/auth/user/{chief.pk}/change/",
            f"/admin/agreements/policearea/{vaggeryd.police_area_id}/change/",
            f"/admin/agreements/municipality/{vaggeryd.pk}/change/",
        ],
        "utan.roll": ["/konto/start/", "/admin/"],  # the admin answers with its sign-in page
    }
    problems = []
    for width in (1280, 375):
        for username, paths in pages.items():
            context, page = _signed_in(browser, demo_server, username, locale=locale, width=width)
            for path in paths:
                page.goto(f"{demo_server.url}{path}")
                for summary in page.locator("#other-records summary").all():
                    summary.click()
                report = axe_violations(page)
                if report:
                    problems.append(f"{username} {path} at {width}px:\n{report}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{username} {path} scrolls sideways at {width}px")
            context.close()

    assert not problems, "\n".join(problems)
