"""The e-mail subscription pages in a real browser: axe-core finds nothing on any of them, at
desktop and phone width, and the form works by keyboard alone."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.browser


def test_subscription_pages_have_no_axe_violations_and_fit_a_phone(page, seeded_server, settings):
    from subscriptions.models import Subscription
    from subscriptions.services import confirm_token, unsubscribe_token
    from tests.browser.conftest import axe_violations

    settings.SITE_URL = seeded_server.url
    confirmed = Subscription.objects.create(email="klar@exempel.se", municipality=None, confirmed_at="2026-01-01T00:00Z")
    pending = Subscription.objects.create(email="ny@exempel.se", municipality=None)
    paths = [
        "/prenumerera/",
        "/vaggeryd/prenumerera/",
        f"/prenumerera/bekrafta/{confirm_token(confirmed)}/",  # already confirmed
        "/prenumerera/bekrafta/1:fel:fel/",
        f"/prenumerera/avsluta/{unsubscribe_token(pending)}/",
        f"/prenumerera/bekrafta/{confirm_token(pending)}/",  # confirms
    ]
    problems = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(f"{seeded_server.url}{path}")
            if report := axe_violations(page):
                problems.append(f"{path} at {width}px:\n{report}")
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path} scrolls sideways at {width}px")
    assert not problems, "\n".join(problems)


def test_a_resident_subscribes_by_keyboard_and_ends_the_subscription_with_the_button(page, seeded_server, settings):
    from tests.browser.conftest import axe_violations

    settings.SITE_URL = seeded_server.url
    page.goto(f"{seeded_server.url}/vaggeryd/")
    page.get_by_role("link", name=re.compile("E-post när Vaggeryd")).click()
    page.get_by_label("Din e-postadress").fill("inte-en-adress")
    page.keyboard.press("Enter")
    page.get_by_text("Skriv en hel e-postadress").first.wait_for()
    assert axe_violations(page) == ""

    page.get_by_label("Din e-postadress").fill("anna@exempel.se")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Titta i din inkorg").wait_for()
    assert axe_violations(page) == ""

    link = re.search(r"http\S+/prenumerera/bekrafta/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("heading", name="Din prenumeration har startat").wait_for()
    page.get_by_role("link", name="Avsluta prenumerationen").click()
    page.get_by_role("button", name="Avsluta prenumerationen").click()
    page.get_by_role("heading", name="Prenumerationen är avslutad").wait_for()
    assert axe_violations(page) == ""
