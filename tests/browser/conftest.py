"""Browser tests drive Debian's Chromium through Playwright; CI (REQUIRE_BROWSER=1) fails without it."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the tests
# themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    missing = not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Browser tests are required but Chromium ({CHROMIUM}) or Playwright is missing.")
        pytest.skip("Chromium is not installed; `make test` installs it where it can (apt-get as root).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def seeded_server(transactional_db, live_server):
    """A live server with both seed programmes, committed so that the server thread sees them."""
    from django.core.management import call_command

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
    return live_server


DEMO_PASSWORD = "demo-lösenord-för-test"


@pytest.fixture
def demo_server(seeded_server):
    """The seeded live server with the demo users and the demo's example awaiting approval."""
    from agreements import demo

    demo.create_users(password=DEMO_PASSWORD)
    demo.create_example_awaiting_approval()
    return seeded_server


@pytest.fixture
def sign_in(browser, demo_server):
    """Open a fresh browser session signed in as a demo user; returns its page."""
    contexts = []

    def _sign_in(username):
        context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{demo_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        return page

    yield _sign_in
    for context in contexts:
        context.close()


def axe_violations(page) -> str:
    """axe-core's report on the page, empty when it finds no violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return "" if results.violations_count == 0 else results.generate_report()
