"""Behind our reverse proxy, lockout keys on the real client's address and the username together,
so nobody can lock others out (issue 13, item 2)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from approvals.client_address import client_address
from tests.factories import UserFactory, chief_of

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
STAFF = "198.51.100.7"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _sign_in_through_proxy(client, username, password, client_ip, forwarded_for=None):
    """As the proxy forwards it: REMOTE_ADDR is the proxy, which appended the client's address."""
    header = f"{forwarded_for}, {client_ip}" if forwarded_for else client_ip
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=header,
    )


def test_five_wrong_guesses_lock_that_username_from_that_address(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_through_proxy(client, "kalle", "fel", ATTACKER)

    assert _sign_in_through_proxy(client, "kalle", "rätt-lösenord-123", ATTACKER).status_code == 429


def test_other_staff_behind_the_same_proxy_still_sign_in(client, settings):
    UserFactory(username="kalle")
    UserFactory(username="lisa")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_through_proxy(client, "kalle", "fel", ATTACKER)

    assert _sign_in_through_proxy(client, "lisa", "rätt-lösenord-123", STAFF).status_code == 302


def test_the_real_user_signs_in_from_another_address(client, settings):
    UserFactory(username="kalle")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in_through_proxy(client, "kalle", "fel", ATTACKER)

    assert _sign_in_through_proxy(client, "kalle", "rätt-lösenord-123", STAFF).status_code == 302


def test_guesses_against_a_named_chief_do_not_lock_the_chief_out(client, settings, here):
    chief_of(here.police_area, username="chef.har")
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        _sign_in_through_proxy(client, "chef.har", "gissning", ATTACKER)

    assert _sign_in_through_proxy(client, "chef.har", "rätt-lösenord-123", STAFF).status_code == 302


def test_an_address_the_client_writes_into_the_header_is_not_believed(client, settings):
    UserFactory(username="kalle")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # A fresh forged address every time: the proxy still appends the real one, and that counts.
        _sign_in_through_proxy(client, "kalle", "fel", ATTACKER, forwarded_for=f"192.0.2.{attempt}")

    assert _sign_in_through_proxy(client, "kalle", "rätt-lösenord-123", ATTACKER).status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert client_address(request) == PROXY


def test_two_trusted_proxies_take_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {STAFF}, 10.0.0.1")

    assert client_address(request) == STAFF


@pytest.mark.parametrize("header", ["", "not-an-address", " , "])
def test_a_missing_or_malformed_header_falls_back_to_the_connecting_address(header):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)

    assert client_address(request) == PROXY


@pytest.mark.parametrize(
    "variable, value",
    [("TRUSTED_PROXY_COUNT", "-1"), ("TRUSTED_PROXY_COUNT", "one"), ("SESSION_IDLE_MINUTES", "two hours"), ("SESSION_MAX_HOURS", "0")],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "true",
        "DATABASE_URL": "sqlite:///:memory:",
        variable: value,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert variable in result.stderr
