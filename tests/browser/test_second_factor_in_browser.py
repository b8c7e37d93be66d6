"""A chief sets up two-step verification in a real browser and signs in with it (issue 13, item 9)."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from tests.browser.conftest import DEMO_PASSWORD, axe_violations

pytestmark = pytest.mark.browser


def code_from_app(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given `secret` shows (`steps_ahead` 30-second steps later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_chief_sets_up_two_step_verification_and_signs_in_with_it(sign_in, demo_server, settings):
    settings.SECOND_FACTOR_REQUIRED = True

    chief = sign_in("chef.varnamo")
    assert re.search(r"/konto/tvastegsverifiering/\?next=", chief.url)
    assert chief.get_by_role("img", name="QR-kod för att lägga till Medborgarlöften i en autentiseringsapp").is_visible()
    assert axe_violations(chief) == ""
    secret = chief.locator("#second-factor-secret").inner_text()
    chief.get_by_label("Kod från appen").fill(code_from_app(secret))
    chief.get_by_role("button", name="Slå på tvåstegsverifiering").click()

    assert chief.get_by_role("heading", name="Dina återställningskoder").is_visible()
    assert chief.get_by_role("list", name="Återställningskoder").get_by_role("listitem").count() == 10
    chief.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert chief.url.endswith("/admin/att-godkanna/")
    chief.locator("#logout-form button").click()

    chief.goto(f"{demo_server.url}/konto/logga-in/")
    chief.get_by_label("Användarnamn").fill("chef.varnamo")
    chief.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    chief.get_by_role("button", name="Logga in").click()
    assert "/konto/tvastegsverifiering/kod/" in chief.url
    assert axe_violations(chief) == ""
    # The code just used is spent; the app's next one is accepted (django-otp allows one step's drift).
    chief.get_by_label("Kod från appen").fill(code_from_app(secret, steps_ahead=1))
    chief.get_by_role("button", name="Verifiera").click()

    assert chief.url.endswith("/admin/att-godkanna/")
    assert chief.get_by_role("heading", level=1).is_visible()
