"""The second factor in the admin (administrators alone, never a secret) and in `make demo`."""

import json
import logging
import os
import re
import subprocess
import sys
from base64 import b32encode
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.approvals.test_second_factor import with_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin.test", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("model", ["otp_totp_totpdevice", "otp_static_staticdevice"])
def test_a_chief_sees_nobodys_devices_in_the_admin(client, chief, model):
    client.force_login(chief)

    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 403
    assert model.split("_")[-1] not in client.get(reverse("admin:index")).content.decode().lower()


def test_the_admin_never_shows_a_secret_key_or_a_recovery_code(client, administrator, chief):
    device = with_app(chief, recovery_codes=["abcd2345"])
    client.force_login(administrator)
    secret = b32encode(device.bin_key).decode()
    static = StaticDevice.objects.get(user=chief)

    pages = [
        client.get(reverse("admin:otp_totp_totpdevice_changelist")),
        client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])),
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True),
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/", follow=True),
        client.get(reverse("admin:otp_static_staticdevice_change", args=[static.pk])),
    ]

    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert device.key not in page and secret not in page and "abcd2345" not in page
    assert "chef.har" in pages[0].content.decode()


def test_nobody_adds_a_device_in_the_admin(client, administrator):
    client.force_login(administrator)

    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_an_administrator_removes_a_users_second_factor_and_it_is_logged(client, administrator, chief, caplog):
    with_app(chief)
    client.force_login(administrator)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "remove_second_factor", ACTION_CHECKBOX_NAME: [chief.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticToken.objects.filter(device__user=chief).exists()
    events = [json.loads(r.getMessage()) for r in caplog.records if r.name == "security"]
    assert {"event": "second_factor_removed", "username": "chef.har", "by": "admin.test"}.items() <= events[-1].items()


def test_removing_a_device_in_its_admin_page_is_logged(client, administrator, chief, caplog):
    device = with_app(chief)
    client.force_login(administrator)

    with caplog.at_level(logging.INFO, logger="security"):
        client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert any('"second_factor_removed"' in r.getMessage() and "chef.har" in r.getMessage() for r in caplog.records)


# `make demo`: the demo users sign in with their password alone.


def test_make_demo_turns_the_requirement_off():
    makefile = (ROOT / "Makefile").read_text()

    demo_env = re.search(r"^DEMO_ENV := (.*)$", makefile, re.MULTILINE).group(1)

    assert "SECOND_FACTOR_REQUIRED=false" in demo_env.split()


def _setting(value: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true", "SECOND_FACTOR_REQUIRED": value}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECOND_FACTOR_REQUIRED)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_requirement_is_read_from_the_environment_and_a_bad_value_names_the_variable():
    assert _setting("false").stdout.strip() == "False"
    assert _setting("true").stdout.strip() == "True"
    bad = _setting("kanske")
    assert bad.returncode != 0 and "SECOND_FACTOR_REQUIRED" in bad.stderr


@pytest.mark.parametrize("required, lands_on", [(False, "/admin/att-godkanna/"), (True, "/konto/tvastegsverifiering/")])
def test_the_demo_chief_signs_in_with_the_password_alone_when_the_demo_turns_the_requirement_off(
    client, seeds, settings, required, lands_on
):
    from coordination import demo

    settings.SECOND_FACTOR_REQUIRED = required
    demo.create_users(password="medborgarlofte-demo")

    response = client.post(reverse("login"), {"username": "chef.varnamo", "password": "medborgarlofte-demo"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(lands_on)
