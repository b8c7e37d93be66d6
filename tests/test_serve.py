"""`make serve` runs the application as in production: DEBUG off, static files collected with
hashed names, migrations applied, gunicorn (issue 13, item 11)."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _make_serve_dry_run():
    return subprocess.run(["make", "-n", "-o", ".venv/.installed", "serve"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout


def test_every_step_of_make_serve_runs_with_debug_off():
    steps = [line for line in _make_serve_dry_run().splitlines() if "manage.py" in line or "gunicorn" in line]

    assert [word for step in steps for word in ("collectstatic", "migrate", "gunicorn") if word in step] == [
        "collectstatic",
        "migrate",
        "gunicorn",
    ]
    assert all(step.startswith("DEBUG=false ") for step in steps)


def test_gunicorn_gets_workers_and_a_timeout():
    # The command continues over several lines in the Makefile.
    command = _make_serve_dry_run().split("bin/gunicorn", 1)[1]

    assert "config.wsgi:application" in command
    assert "--workers" in command and "--timeout" in command


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url, host):
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_serves_pages_and_hashed_static_files_with_debug_off(tmp_path):
    port = _free_port()
    host = "medborgarloften.example.se"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": "a-long-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": host,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "SECURE_SSL_REDIRECT": "false",
        "SERVE_BIND": f"127.0.0.1:{port}",
        "SERVE_WORKERS": "2",
    }
    server = subprocess.Popen(
        ["make", "-o", ".venv/.installed", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        status = None
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail(f"make serve stopped: {server.stdout.read()}")
            try:
                status, headers, page = _get(f"http://127.0.0.1:{port}/", host)
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.5)

        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=300"
        stylesheet = page.split('href="/static/', 1)[1].split('"', 1)[0]
        # A hashed name (site.<hash>.css) only exists after collectstatic, with DEBUG off.
        assert stylesheet.count(".") >= 2
        assert _get(f"http://127.0.0.1:{port}/static/{stylesheet}", host)[0] == 200
        missing_status, _, missing_page = _get(f"http://127.0.0.1:{port}/finns-inte/", host)
        assert missing_status == 404
        assert "Traceback" not in missing_page and "DEBUG = True" not in missing_page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
