"""The Content-Security-Policy: every kind of response carries it, and nothing a browser renders
has an inline script, style or event handler that the policy would refuse."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connections
from django.db.utils import OperationalError
from django.template.loader import get_template
from django.test import Client

from tests.factories import UserFactory
from tests.test_public_site import _programme, _report

BASE_DIR = Path(settings.BASE_DIR)
EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    """The response's Content-Security-Policy as {directive: sources}."""
    assert "Content-Security-Policy" in response, f"{response.status_code} response without a Content-Security-Policy"
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


def assert_strict_policy(response):
    assert policy_of(response) == EXPECTED_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    if response.get("Content-Type", "").startswith("text/html"):
        problems = inline_code(response.content.decode())
        assert not problems, f"inline code in the page: {problems}"


@pytest.fixture
def reader():
    # Errors come back as responses, as a visitor would see them, instead of being raised in the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def published(db):
    municipality, promise = _programme("Vaggeryd")
    report = _report(promise, 2023)
    return municipality, promise, report


# Every kind of response carries the policy.


def test_public_pages_carry_the_policy(reader, published):
    municipality, promise, report = published
    for url in [
        "/",
        municipality.get_absolute_url(),
        promise.get_absolute_url(),
        report.get_absolute_url(),
        "/fokusomraden/",
        "/oppna-data/",
        "/tillganglighet/",
    ]:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_feeds_open_data_and_the_pdf_carry_the_policy(reader, published):
    municipality, _, report = published
    for url in [
        "/flode/",
        f"/{municipality.slug}/flode/",
        "/oppna-data/loften.csv",
        "/oppna-data/loften.json",
        "/oppna-data/aktiviteter.csv",
        report.get_pdf_url(),
    ]:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_robots_sitemap_and_health_carry_the_policy(reader, published):
    for url in ["/robots.txt", "/sitemap.xml", "/health/"]:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_static_files_served_by_whitenoise_carry_the_policy(reader):
    # WhiteNoise answers without calling the middleware further in: the policy must sit outside it.
    for url in [f"{settings.STATIC_URL}css/site.css", f"{settings.STATIC_URL}favicon.svg", f"{settings.STATIC_URL}admin/js/core.js"]:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert response.__class__.__module__.startswith("whitenoise"), f"{url} was not served by WhiteNoise"
        assert_strict_policy(response)


def test_sign_in_coordinator_pages_and_the_admin_carry_the_policy(reader, coordinator, admin_user):
    assert_strict_policy(reader.get("/konto/logga-in/"))
    reader.force_login(coordinator)
    response = reader.get("/hantera/")
    assert response.status_code == 200
    assert_strict_policy(response)
    reader.force_login(admin_user)
    for url in ["/admin/", "/admin/agreements/municipality/", "/admin/agreements/municipality/add/", "/admin/att-godkanna/"]:
        response = reader.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)


def test_error_pages_carry_the_policy(reader, here, monkeypatch):
    not_found = reader.get("/finns-inte/alls/")
    assert not_found.status_code == 404
    assert_strict_policy(not_found)

    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(UserFactory(username="utan.roll"))
    forbidden = signed_in.get("/hantera/")
    assert forbidden.status_code == 403
    assert_strict_policy(forbidden)

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", lambda *a, **k: (_ for _ in ()).throw(ValueError("a bug")))
        error = reader.get(f"/{here.slug}/")
    assert error.status_code == 500
    assert_strict_policy(error)


def test_the_csrf_failure_page_carries_the_policy_and_has_no_inline_style(db):
    # Django's built-in CSRF page has a <style> element; templates/403_csrf.html replaces it.
    response = Client(enforce_csrf_checks=True).post("/konto/logga-in/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "403_csrf.html" in [template.name for template in response.templates]
    assert_strict_policy(response)


def test_the_503_while_the_database_is_down_carries_the_policy(reader, here, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refuse)
        response = reader.get(f"/{here.slug}/")

    assert response.status_code == 503
    assert_strict_policy(response)


def test_the_policy_sits_outside_whitenoise_and_the_503():
    order = settings.MIDDLEWARE
    csp = order.index("csp.middleware.CSPMiddleware")
    assert csp < order.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert csp < order.index("agreements.middleware.DatabaseUnavailableMiddleware")


@pytest.mark.parametrize("value", ["https://example.org/csp report", "https://example.org/r; script-src *", "example.org/r", "'self'"])
def test_a_malformed_report_address_stops_start_up_naming_the_variable(value):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "config.test_settings", "CSP_REPORT_URI": value, "PATH": "/usr/bin:/bin"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "CSP_REPORT_URI" in result.stderr


def test_a_report_address_is_added_to_the_policy():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from csp.utils import build_policy; print(build_policy())"],
        env={
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "CSP_REPORT_URI": "https://example.org/csp-reports",
            "PATH": "/usr/bin:/bin",
        },
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "report-uri https://example.org/csp-reports" in result.stdout
    assert "default-src 'self'" in result.stdout


# Nothing inline: the templates and the Python that builds HTML.

# An element's opening tag that runs or styles something inline.
INLINE_PATTERNS = [
    (re.compile(r"<style\b", re.IGNORECASE), "a <style> element"),
    (re.compile(r"""(?<![\w-])style\s*=\s*["'{]""", re.IGNORECASE), "a style attribute"),
    (re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE), "an inline <script>"),
    (re.compile(r"""(?<![\w-])on[a-z]{3,}\s*=\s*["'{]""", re.IGNORECASE), "an on… event handler"),
    (re.compile(r"javascript:", re.IGNORECASE), "a javascript: address"),
]

# Rendered only by WeasyPrint into the PDF, never served to a browser (followup/rendering.py picks
# report_page.html for the web page); WeasyPrint needs its @page rules in a <style> element.
NOT_BROWSER_RENDERED = {"followup/templates/followup/report_pdf.html"}

APPS = ["agreements", "approvals", "promises", "followup", "config"]


# Template comments are never sent; blanked out keeping their line breaks, so line numbers stay true.
TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)


def inline_code(text: str, first_line: int = 1) -> list[str]:
    """Each inline script, style or handler in the text, as "line N: what"."""
    text = TEMPLATE_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
    found = []
    for pattern, what in INLINE_PATTERNS:
        for match in pattern.finditer(text):
            found.append(f"line {first_line + text.count(chr(10), 0, match.start())}: {what} ({match.group(0)[:40]!r})")
    return found


def _templates() -> list[Path]:
    roots = [BASE_DIR / "templates", *(BASE_DIR / app / "templates" for app in APPS)]
    return sorted(path for root in roots if root.exists() for path in root.rglob("*") if path.suffix in (".html", ".svg", ".xml", ".txt"))


def _strings_in_code(path: Path):
    """The string literals of a module that may end up in HTML: everything but docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_template_has_inline_script_style_or_handlers():
    templates = _templates()
    assert len(templates) > 50, "the templates were not found"
    problems = []
    for path in templates:
        name = path.relative_to(BASE_DIR).as_posix()
        if name in NOT_BROWSER_RENDERED:
            continue
        problems += [f"{name} {problem}" for problem in inline_code(path.read_text(encoding="utf-8"))]

    assert not problems, "The Content-Security-Policy refuses these; move them to static/:\n" + "\n".join(problems)


def test_no_python_builds_html_with_inline_script_style_or_handlers():
    modules = sorted(path for app in APPS for path in (BASE_DIR / app).rglob("*.py") if "migrations" not in path.parts)
    assert len(modules) > 20, "the modules were not found"
    problems = []
    for path in modules:
        for line, text in _strings_in_code(path):
            problems += [f"{path.relative_to(BASE_DIR)} {problem}" for problem in inline_code(text, first_line=line)]

    assert not problems, "The Content-Security-Policy refuses these:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "html, found",
    [
        ('<div style="width: 50%">', "a style attribute"),
        ("<style>p { color: red }</style>", "a <style> element"),
        ("<script>alert(1)</script>", "an inline <script>"),
        ('<button onclick="go()">', "an on… event handler"),
        ('<input type="checkbox" onChange="go(event)">', "an on… event handler"),
        ('<a href="javascript:go()">', "a javascript: address"),
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(html, found):
    problems = inline_code(f"<p>\n{html}\n</p>")

    assert len(problems) == 1
    assert problems[0].startswith("line 2: " + found)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/site.js" defer></script>',
        '<svg class="glance__bar" viewBox="0 0 100 1"><rect x="0" width="50" height="1"/></svg>',
        '<p class="glance__part--done">on=ongoing</p>',
        "<p>Ansvar: polis (onsdag=möte)</p>",
    ],
)
def test_the_scan_leaves_external_scripts_and_svg_geometry_alone(html):
    assert inline_code(html) == []


def test_the_third_party_templates_with_inline_style_are_replaced_by_ours():
    # django-simple-history's history list and django-import-export's export page carry a style=""
    # (and an onchange="") upstream; our copies in templates/ must be the ones Django finds.
    for name in ["simple_history/object_history_list.html", "admin/import_export/export.html"]:
        assert Path(get_template(name).origin.name).is_relative_to(BASE_DIR / "templates"), name


def test_no_admin_makes_django_write_its_inline_changelist_style():
    # Django's change_list.html writes a <style> element when a ModelAdmin has no action bar at all.
    offenders = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not model_admin.actions_on_top and not model_admin.actions_on_bottom
    ]

    assert offenders == []
