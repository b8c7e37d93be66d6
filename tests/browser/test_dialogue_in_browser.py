"""The dialogues' pages and the promise page's trail in a real browser: no axe-core violation, and
nothing scrolls sideways on a phone."""

import pytest

from tests.browser.conftest import axe_violations
from tests.cycle.test_dialogue_markup import _demo_pages

pytestmark = pytest.mark.browser


def test_the_dialogue_pages_and_the_trail_pass_axe_at_375_px(sign_in, demo_server):
    from coordination import demo

    demo.create_demo_cycle()
    page = sign_in("samordnare.vindeln")
    page.set_viewport_size({"width": 375, "height": 800})
    for name, url in _demo_pages().items():
        page.goto(f"{demo_server.url}{url}")
        assert axe_violations(page) == "", name
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
