"""Outputs escape: feed summaries are plain text, the PDF fetches nothing but the project's static
files, and text put into the PDF's CSS cannot leave its string."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from approvals.models import Action, ReviewState, Transition
from followup import rendering
from followup.templatetags.report_tags import css_string
from tests.factories import AgreementFactory, MunicipalityFactory, PromiseFactory

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = 'Trygghet <script>alert(1)</script> <img src=x onerror="alert(2)">'


def _published_promise(commitment):
    municipality = MunicipalityFactory(slug="vaggeryd", name="Vaggeryds kommun")
    promise = PromiseFactory(agreement=AgreementFactory(municipality=municipality, ends_on=None), commitment=commitment)
    Transition.objects.create(item=promise, action=Action.PUBLISH, from_state="approved", to_state="published", at=timezone.now())
    assert promise.workflow_state == ReviewState.PUBLISHED
    return promise


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/flode/", "/vaggeryd/flode/"])
def test_a_feed_carries_a_coordinators_markup_as_text_not_as_live_html(client, url):
    _published_promise(HOSTILE)

    body = client.get(url).content.decode()
    summary = ET.fromstring(body).find(f"{ATOM}entry/{ATOM}summary")

    assert summary.get("type") == "text"
    assert summary.text == HOSTILE  # the reader shows the characters as written
    assert "<script>" not in body and "<img" not in body


# The PDF's URL fetcher.


class Recording:
    def __init__(self, fetcher):
        self.fetcher, self.asked, self.refused = fetcher, [], []

    def __call__(self):
        fetcher, asked, refused = self.fetcher(), self.asked, self.refused
        original = fetcher.fetch

        def fetch(url, headers=None):
            asked.append(url)
            try:
                return original(url, headers)
            except rendering.RefusedURL:
                refused.append(url)
                raise

        fetcher.fetch = fetch
        return fetcher


@pytest.fixture
def fetches(monkeypatch):
    recording = Recording(rendering.static_only_url_fetcher)
    monkeypatch.setattr(rendering, "static_only_url_fetcher", recording)
    return recording


@pytest.fixture
def hostile_snapshot(monkeypatch):
    """A report whose PDF HTML asks WeasyPrint for the server's files and a local port, as text
    that escaped into markup or CSS would."""
    html = rendering.render_html

    def render_html(snapshot, **kwargs):
        page = html(snapshot, **kwargs)
        return page.replace(
            "</main>",
            '<img src="file:///etc/passwd" alt=""><img src="http://127.0.0.1:9/x.png" alt="">'
            '<img src="https://example.org/x.png" alt=""><div style="background: url(file:///etc/hostname)"></div></main>',
        )

    monkeypatch.setattr(rendering, "render_html", render_html)
    return _snapshot()


def _snapshot(name="Vaggeryds kommun"):
    return {
        "schema": rendering.SNAPSHOT_SCHEMA,
        "municipality": {"name": name, "slug": "vaggeryd", "county": "Jönköpings län"},
        "police_area": "LPO Värnamo",
        "agreement": {"title": "Samverkan", "period_text": "2022–", "state": "Gäller", "partners": [], "signatories": []},
        "signing": {"of": "agreement", "signatories": []},
        "original_publication": None,
        "period": {"year": 2024, "tertial": None, "label": "Helår 2024", "start": "2024-01-01", "end": "2024-12-31"},
        "version_number": 1,
        "changes_note": "",
        "summary": "Sammanfattning",
        "published_at": "2025-01-15T10:00:00+00:00",
        "sections": [],
        "focus_area_summary": [],
        "indicators": [],
    }


def test_the_pdf_does_not_fetch_the_servers_files_or_local_addresses(fetches, hostile_snapshot):
    pdf = rendering.render_pdf(hostile_snapshot)

    assert pdf.startswith(b"%PDF")  # the PDF still renders, without them
    for url in ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "https://example.org/x.png", "file:///etc/hostname"]:
        assert url in fetches.refused


def test_the_fetcher_serves_the_projects_own_static_files():
    response = rendering.static_only_url_fetcher().fetch(rendering.PDF_BASE_URL + "static/css/report.css")

    assert response.read().strip()
    assert response.content_type == "text/css"


def test_the_fetcher_serves_data_urls():
    assert rendering.static_only_url_fetcher().fetch("data:text/plain,hej").read() == b"hej"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.org/static/css/report.css",
        rendering.PDF_BASE_URL + "static/../config/settings.py",
        rendering.PDF_BASE_URL + "static/%2e%2e/config/settings.py",
        rendering.PDF_BASE_URL + "static/css/missing.css",
        rendering.PDF_BASE_URL + "config/settings.py",
        "ftp://example.org/x",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    with pytest.raises(rendering.RefusedURL):
        rendering.static_only_url_fetcher().fetch(url)


# Text in the PDF's CSS.


def test_css_string_escapes_every_character_that_could_end_the_string_or_the_style_element():
    escaped = css_string('Vaggeryd\r"kommun"\f\\\n\'</style>\x00\x1b\x7f\u2028')

    assert escaped == "Vaggeryd\\d \\22 kommun\\22 \\c \\5c \\a \\27 \\3c /style\\3e \\0 \\1b \\7f \\2028 "
    for char in "\r\f\n\"'\\<>\x00\x1b\x7f\u2028":
        assert char not in escaped.replace("\\", "") or char == "\\"


def test_css_string_keeps_swedish_text_readable():
    assert css_string("Vaggeryds kommun · Polismyndigheten – Helår 2024") == "Vaggeryds kommun · Polismyndigheten – Helår 2024"


def test_a_municipality_name_with_control_characters_and_quotes_stays_in_the_running_header(fetches):
    name = 'Vaggeryd\r\f"; } @page { @top-left { content: url("http://127.0.0.1:9/"); } } x { content: "\\'
    snapshot = _snapshot(name)

    css = rendering.render_html(snapshot, for_pdf=True).split("<style>")[1].split("</style>")[0]
    pdf = rendering.render_pdf(snapshot)

    assert pdf.startswith(b"%PDF")
    assert "\r" not in css and "\f" not in css
    assert 'content: "Vaggeryd\\d \\c \\22 ; \\7d  \\40 page' in css  # still inside the one string
    assert not [url for url in fetches.asked if "127.0.0.1" in url]  # the name never became a URL
