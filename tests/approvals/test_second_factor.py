"""A second factor after the password: required for chiefs and administrators, optional for
coordinators, set up in the browser with recovery codes (issue 13, item 9)."""

import json
import logging
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/konto/tvastegsverifiering/"
VERIFY = "/konto/tvastegsverifiering/kod/"
WORKING_PAGES = ["/hantera/", "/admin/", "/admin/att-godkanna/"]


@pytest.fixture
def required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.test", is_staff=True, is_superuser=True)


def code_for(device) -> str:
    """The code the user's app shows now."""
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def with_app(user, recovery_codes=("abcd2345", "efgh6723")):
    """Give `user` a confirmed app and the given recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    for code in recovery_codes:
        StaticToken.objects.create(device=static, token=code)
    return device


def signed_in(client, user):
    client.force_login(user)
    return client


def _events(caplog, name):
    messages = [json.loads(r.getMessage()) for r in caplog.records if r.name == "security"]
    return [m for m in messages if m["event"] == name]


# Who must verify, and where they may go until they have.


@pytest.mark.parametrize("path", WORKING_PAGES)
def test_a_chief_without_a_second_factor_is_sent_to_set_one_up_from_every_working_page(client, required, chief, path):
    response = signed_in(client, chief).get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")
    assert path in response["Location"].replace("%2F", "/")


@pytest.mark.parametrize("path", WORKING_PAGES)
def test_an_administrator_without_a_second_factor_is_sent_to_set_one_up(client, required, administrator, path):
    response = signed_in(client, administrator).get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_a_chief_without_a_second_factor_may_open_the_set_up_page_and_sign_out(client, required, chief):
    signed_in(client, chief)

    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/admin/").status_code == 302  # signed out: the admin's own sign-in


def test_a_coordinator_without_a_second_factor_reaches_their_pages(client, required, coordinator):
    assert signed_in(client, coordinator).get("/hantera/").status_code == 200


def test_a_coordinator_who_turned_it_on_is_asked_for_the_code_even_when_not_required(client, coordinator, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    with_app(coordinator)

    response = signed_in(client, coordinator).get("/hantera/")

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")


def test_with_the_requirement_off_a_chief_without_a_second_factor_gets_in(client, chief, settings):
    settings.SECOND_FACTOR_REQUIRED = False

    assert signed_in(client, chief).get("/admin/att-godkanna/").status_code == 200


def test_signing_in_with_the_password_leads_to_the_code_page(client, required, chief):
    with_app(chief)

    response = client.post(reverse("login"), {"username": "chef.har", "password": "rätt-lösenord-123"}, follow=True)

    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert 'autocomplete="one-time-code"' in response.content.decode()
    assert 'inputmode="numeric"' in response.content.decode()


def test_the_right_code_lets_the_chief_in_under_a_new_session_key(client, required, chief):
    device = with_app(chief)
    signed_in(client, chief)
    key_before = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/att-godkanna/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/att-godkanna/"
    assert client.session.session_key != key_before
    assert client.get("/admin/att-godkanna/").status_code == 200


def test_a_next_address_on_another_host_is_ignored(client, required, chief):
    device = with_app(chief)

    response = signed_in(client, chief).post(VERIFY, {"code": code_for(device), "next": "https://angripare.example/"})

    assert response["Location"] == reverse("approvals:start")


@pytest.mark.parametrize(
    "code, message",
    [("", "Skriv den sexsiffriga koden från appen."), ("12ab56", "Koden är sex siffror"), ("1234567", "Koden är sex siffror")],
)
def test_a_malformed_code_is_refused_with_a_message(client, required, chief, code, message):
    with_app(chief)

    response = signed_in(client, chief).post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_refused_and_logged_with_the_user_and_address(client, required, chief, caplog):
    device = with_app(chief)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    with caplog.at_level(logging.INFO, logger="security"):
        response = signed_in(client, chief).post(VERIFY, {"code": wrong}, REMOTE_ADDR="203.0.113.8")

    assert "Koden stämmer inte eller är för gammal" in response.content.decode()
    [event] = _events(caplog, "second_factor_failed")
    assert (event["username"], event["client"], event["reason"]) == ("chef.har", "203.0.113.8", "wrong_code")
    assert wrong not in json.dumps(event)


def test_wrong_codes_are_throttled_and_then_even_the_right_one_waits(client, required, chief, settings, caplog):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # one wrong code: a minute's wait
    device = with_app(chief)
    signed_in(client, chief)
    client.post(VERIFY, {"code": "000000" if code_for(device) != "000000" else "111111"})

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(VERIFY, {"code": code_for(device)})

    assert re.search(r"För många felaktiga koder\. Vänta (60|59) sekunder", response.content.decode())
    assert _events(caplog, "second_factor_failed")[-1]["reason"] == "throttled"
    assert client.get("/admin/").status_code == 302


def test_a_successful_code_is_logged(client, required, chief, caplog):
    device = with_app(chief)

    with caplog.at_level(logging.INFO, logger="security"):
        signed_in(client, chief).post(VERIFY, {"code": code_for(device)}, REMOTE_ADDR="198.51.100.4")

    [event] = _events(caplog, "second_factor_verified")
    assert (event["username"], event["client"], event["method"]) == ("chef.har", "198.51.100.4", "app")


def test_a_recovery_code_works_once_only(client, required, chief):
    with_app(chief, recovery_codes=["abcd2345"])

    first = signed_in(client, chief).post(VERIFY, {"recovery_code": "ABCD-2345", "next": "/admin/"})
    assert first["Location"] == "/admin/"
    client.logout()

    second = signed_in(client, chief).post(VERIFY, {"recovery_code": "abcd2345"})
    assert second.status_code == 200
    assert "Återställningskoden är fel eller har redan använts." in second.content.decode()
    assert not StaticToken.objects.exists()


def test_a_malformed_recovery_code_is_refused_with_a_message(client, required, chief):
    with_app(chief)

    response = signed_in(client, chief).post(VERIFY, {"recovery_code": "kort"})

    assert "En återställningskod är åtta bokstäver och siffror" in response.content.decode()


# Setting it up.


def test_the_set_up_page_shows_the_qr_code_inline_and_the_key_in_groups(client, required, chief):
    page = signed_in(client, chief).get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=chief, confirmed=False)

    assert re.search(r'<svg role="img" aria-label="[^"]+"', page)
    assert "data:image" not in page and "style=" not in page and "<style" not in page
    secret = re.search(r'id="second-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert all(len(group) == 4 for group in secret.split())
    from base64 import b32decode

    assert b32decode(secret.replace(" ", "")) == device.bin_key


def test_reloading_the_set_up_page_keeps_the_same_key(client, required, chief):
    signed_in(client, chief).get(SETUP)
    client.get(SETUP)

    assert TOTPDevice.objects.filter(user=chief).count() == 1


def test_a_wrong_code_at_set_up_confirms_nothing(client, required, chief):
    signed_in(client, chief).get(SETUP)
    device = TOTPDevice.objects.get(user=chief)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "Koden stämmer inte eller är för gammal" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=chief).exists()
    assert client.get("/admin/").status_code == 302


def test_the_right_code_at_set_up_turns_it_on_and_shows_the_recovery_codes_once(client, required, chief):
    signed_in(client, chief).get(SETUP)
    device = TOTPDevice.objects.get(user=chief)

    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/att-godkanna/"}, follow=True)

    page = response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True))
    assert len(codes) == 10
    assert "Skriv ut de här koderna" in page
    assert 'href="/admin/att-godkanna/"' in page
    assert client.get("/admin/att-godkanna/").status_code == 200  # this session is verified
    again = client.get(reverse("second_factor_recovery_codes"), follow=True).content.decode()
    assert codes[0] not in again


def test_the_set_up_and_code_pages_are_never_stored(client, required, chief):
    assert "no-store" in signed_in(client, chief).get(SETUP)["Cache-Control"]
    with_app(chief)
    assert "no-store" in client.get(VERIFY)["Cache-Control"]


def test_new_recovery_codes_replace_the_old_ones(client, chief):
    device = with_app(chief, recovery_codes=["abcd2345"])
    signed_in(client, chief).post(VERIFY, {"code": code_for(device)})

    page = client.post(reverse("second_factor_new_codes"), follow=True).content.decode()

    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(codes) == 10 and "abcd2345" not in codes
    assert not StaticToken.objects.filter(token="abcd2345").exists()


def test_turning_it_off_is_refused_for_a_chief(client, required, chief):
    device = with_app(chief)
    signed_in(client, chief).post(VERIFY, {"code": code_for(device)})

    response = client.post(reverse("second_factor_turn_off"), follow=True)

    assert "kan inte stängas av: den krävs för administratörer och lokalpolisområdeschefer" in response.content.decode()
    assert TOTPDevice.objects.filter(user=chief, confirmed=True).exists()


def test_a_coordinator_may_turn_it_off(client, required, coordinator):
    device = with_app(coordinator)
    signed_in(client, coordinator).post(VERIFY, {"code": code_for(device)})

    response = client.post(reverse("second_factor_turn_off"), follow=True)

    assert "Tvåstegsverifieringen är avstängd" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()


def test_turning_it_off_needs_the_code_first(client, coordinator):
    with_app(coordinator)

    response = signed_in(client, coordinator).post(reverse("second_factor_turn_off"))

    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_second_factor_pages_are_valid_html(client, chief, tmp_path):
    import shutil

    from tests.test_html_validity import VNU, vnu_errors

    if not (VNU.exists() and shutil.which("java")):
        pytest.skip("vnu.jar or Java is missing (`make test` installs vnu-jar with npm).")
    signed_in(client, chief)
    pages = {"setup": client.get(SETUP)}
    device = TOTPDevice.objects.get(user=chief)
    pages["codes"] = client.post(SETUP, {"code": code_for(device)}, follow=True)
    pages["status"] = client.get(SETUP)
    client.logout()
    signed_in(client, chief)
    pages["verify"] = client.post(VERIFY, {"code": "12"})
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))

    assert vnu_errors(VNU, files) == []
