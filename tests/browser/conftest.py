"""Browser tests drive Debian's Chromium through Playwright; CI (REQUIRE_BROWSER=1) fails without it."""

import contextlib
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


# Every page a test opens is watched for Content-Security-Policy violations; the test fails if there
# was one. Two witnesses: Chromium's console line ("… violates the following Content Security Policy
# directive …", which survives navigation), and the page's
# securitypolicyviolation event, passed to Python through a binding. The init script is injected by
# Playwright, which the policy does not govern.
CSP_WATCH_SCRIPT = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline code"} at ${event.sourceFile || document.URL}:${event.lineNumber}`
  );
});
"""


class CspWatchedBrowser:
    """The session's Chromium, with every browser context opened through it watched for CSP violations."""

    def __init__(self, chromium):
        self._chromium = chromium
        self.violations: list[str] = []
        self.contexts = []

    def watch(self, context):
        def console(message):
            if message.type == "error" and ("Content Security Policy" in message.text or "Content-Security-Policy" in message.text):
                self.violations.append(f"{message.page.url if message.page else ''}: {message.text}")

        context.expose_binding("__reportCspViolation", lambda source, text: self.violations.append(f"{source['frame'].url}: {text}"))
        context.add_init_script(CSP_WATCH_SCRIPT)
        context.on("console", console)
        context.csp_watch = self
        self.contexts.append(context)
        return context

    def new_context(self, **kwargs):
        return self.watch(self._chromium.new_context(**kwargs))

    def new_page(self, **kwargs):
        context = self.new_context(**kwargs)
        page = context.new_page()
        return page

    def flush(self):
        """Let the open pages deliver the events they have queued."""
        for context in self.contexts:
            for open_page in context.pages:
                try:
                    open_page.evaluate("0")
                except Exception:  # a page closing or navigating has nothing more to say
                    pass

    @contextlib.contextmanager
    def ignored(self):
        """What happens inside is not the page's doing: axe-core adds <style> elements of its own
        while it checks a page, which the policy rightly refuses."""
        self.flush()
        kept = len(self.violations)
        try:
            yield
        finally:
            self.flush()
            del self.violations[kept:]

    def take_violations(self) -> list[str]:
        """The violations seen so far (each once), after letting the open pages deliver their last events."""
        self.flush()
        taken, self.violations = list(dict.fromkeys(self.violations)), []
        return taken

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test whose pages broke the Content-Security-Policy fails, naming each violation."""
    result = yield
    watched = item.funcargs.get("browser")
    if isinstance(watched, CspWatchedBrowser):
        violations = watched.take_violations()
        if violations:
            pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)
    return result


@pytest.fixture
def browser(chromium, monkeypatch):
    """Chromium for one test: every context and page it opens is watched for CSP violations, except
    while axe-core checks a page (it adds <style> elements of its own)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        return CspWatchedBrowser(chromium)
    run = Axe.run

    def run_unwatched(self, page, *args, **kwargs):
        watch = getattr(page.context, "csp_watch", None)
        with watch.ignored() if watch else contextlib.nullcontext():
            return run(self, page, *args, **kwargs)

    monkeypatch.setattr(Axe, "run", run_unwatched)
    return CspWatchedBrowser(chromium)


@pytest.fixture(scope="session")
def chromium():
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
    from coordination import demo

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
