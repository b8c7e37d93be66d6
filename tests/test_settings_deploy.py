"""Production settings pass Django's deployment checklist, and bad settings stop start-up clearly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "a-long-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "medborgarloften.example.se",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, **env):
    # Nothing from the test run's own environment (its SECRET_KEY, SECURE_SSL_REDIRECT=false …) leaks in.
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120)


def test_check_deploy_gives_zero_warnings_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_start_up_without_secret_key_when_debug_is_off_names_the_variable():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_start_up_with_a_malformed_variable_names_it():
    env = {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "a year"}

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_unconfigured_checkout_runs_management_commands_in_development_mode():
    if (ROOT / ".env").exists():
        import pytest

        pytest.skip("this checkout has a .env of its own")

    result = _manage("check")

    assert result.returncode == 0, result.stderr
