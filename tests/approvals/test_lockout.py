"""Repeated failed sign-ins lock the account and the address for a while, with a clear message."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password, address="127.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_sign_in_with_the_right_password_leads_a_coordinator_on(client, here):
    from tests.factories import coordinator_of

    coordinator_of(here, username="samordnare.test")

    response = _sign_in(client, "samordnare.test", "rätt-lösenord-123")

    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("coordination:dashboard")


def test_wrong_password_says_so_in_swedish(client):
    UserFactory(username="kalle")

    response = _sign_in(client, "kalle", "fel")

    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()


def test_account_is_locked_after_five_failed_attempts_even_with_the_right_password(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kalle", "fel")

    response = _sign_in(client, "kalle", "rätt-lösenord-123")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in page
    assert "15 minuter" in page
    assert "_auth_user_id" not in client.session


# The lock is on the username-and-address pair (issue 13): locking the address alone locked
# everyone behind the proxy out, and locking the account alone let anyone lock a named chief out.


def test_the_address_is_not_locked_for_other_accounts(client, settings):
    UserFactory(username="kalle")
    UserFactory(username="lisa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kalle", "fel", address="10.1.2.3")

    assert _sign_in(client, "lisa", "rätt-lösenord-123", address="10.1.2.3").status_code == 302


def test_the_account_is_not_locked_from_another_address(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kalle", "fel", address="10.1.2.3")

    assert _sign_in(client, "kalle", "rätt-lösenord-123", address="10.9.9.9").status_code == 302


def test_the_account_stays_locked_from_the_guessing_address(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kalle", "fel", address="10.1.2.3")

    assert _sign_in(client, "kalle", "rätt-lösenord-123", address="10.1.2.3").status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "kalle", "fel")

    assert _sign_in(client, "kalle", "rätt-lösenord-123").status_code == 302
