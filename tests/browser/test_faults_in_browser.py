"""The page a reader sees while the database is down: readable, accessible, in their language."""

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def database_down(transactional_db, live_server, monkeypatch):
    from tests.factories import MunicipalityFactory

    MunicipalityFactory(slug="vaggeryd")

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    # On the class: the live server answers from its own thread and connection.
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    return live_server


# Swedish whatever the browser asks; English by the reader's choice (the language switch's cookie).
@pytest.mark.parametrize(
    ("locale", "chosen", "heading"), [("en-GB", None, "Tillfälligt otillgänglig"), ("sv-SE", "en", "Temporarily unavailable")]
)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_503_page_is_accessible_and_fits_a_phone(browser, database_down, locale, chosen, heading, width):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 800})
    if chosen:
        context.add_cookies([{"name": "django_language", "value": chosen, "url": database_down.url}])
    page = context.new_page()

    response = page.goto(f"{database_down.url}/vaggeryd/")

    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"/tmp/h13_503_{locale}_{width}.png", full_page=True)
    assert axe_violations(page) == ""
    context.close()
