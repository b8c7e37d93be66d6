"""The pages this hardening changed, in a real browser: the public report with its PDF checksum, the
promise page with the statuses from the snapshot, and the admin pages that refuse changes to
records. Each passes axe-core in Swedish and English and fits a phone."""

import os

import pytest

from tests.browser.conftest import DEMO_PASSWORD, axe_violations

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _signed_in(browser, server, username, *, locale, width):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server.url}/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return context, page


def _admin_axe_violations(page) -> str:
    """axe-core on an admin page, leaving out two parts of Django's own admin markup that fail it on
    every such page, before and after this change: the breadcrumbs' links (link-in-text-block, when
    the record's name is long) and a tabular inline's unlabelled header cells (the workflow record)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"exclude": [[".breadcrumbs"], [".inline-related.tabular thead"]]})
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.fixture
def published(demo_server):
    from django.contrib.auth import get_user_model

    from followup.models import ActivityUpdate
    from followup.periods import ReportingPeriod
    from followup.services import report_approve, report_create_draft, report_publish, report_submit
    from promises.models import FocusArea, Promise
    from tests.factories import fill_in_report

    User = get_user_model()
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    coordinator, chief = User.objects.get(username="samordnare.vaggeryd"), User.objects.get(username="chef.varnamo")
    promise = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    report = fill_in_report(report_create_draft(agreement=promise.agreement, period=ReportingPeriod(2022, 1), by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    local = FocusArea.objects.create(municipality=promise.agreement.municipality, name="Lokalt fokus", slug="lokalt-fokus")
    promise.focus_areas.add(local)
    return {"report": report, "promise": promise, "update": ActivityUpdate.objects.filter(section__report=report).first(), "area": local}


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_the_changed_pages_have_no_axe_violations_and_fit_a_phone(browser, demo_server, published, locale):
    report, promise, update, area = published["report"], published["promise"], published["update"], published["area"]
    pages = {
        None: [report.get_absolute_url(), promise.get_absolute_url()],
        "admin": [
            f"/admin/followup/activityupdate/{update.pk}/change/",
            f"/admin/followup/followupreport/{report.pk}/change/",
            "/admin/promises/activity/add/",
            f"/admin/promises/focusarea/{area.pk}/delete/",  # refused: back on its page with the reason
        ],
    }
    problems = []
    for width in (1280, 375):
        for username, paths in pages.items():
            if username:
                context, page = _signed_in(browser, demo_server, username, locale=locale, width=width)
            else:
                context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
                page = context.new_page()
            for path in paths:
                page.goto(f"{demo_server.url}{path}")
                if SCREENSHOTS:
                    name = path.strip("/").replace("/", "_") or "index"
                    page.screenshot(path=f"{SCREENSHOTS}/{locale}-{width}-{name}.png", full_page=True)
                if report_text := (_admin_axe_violations(page) if path.startswith("/admin/") else axe_violations(page)):
                    problems.append(f"{path} at {width}px ({locale}):\n{report_text}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{path} scrolls sideways at {width}px ({locale})")
            context.close()

    assert not problems, "\n".join(problems)
