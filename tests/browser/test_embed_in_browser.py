"""The embed as a host site shows it: the fragment fetched on the server (as Sitevision or any CMS
does) and put into an ordinary page of the municipality's own site, which then has no
accessibility violation, loads nothing from us, and keeps its own fonts; and the municipality's
page that offers the addresses still passes axe-core."""

import urllib.request

import pytest

from tests.browser.conftest import axe_violations
from tests.public.embed_fixtures import build_embedby

pytestmark = pytest.mark.browser

# A host page as a municipality's CMS makes one: its own header, h1, fonts and colours.
HOST_PAGE = """<!DOCTYPE html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <title>Trygghet och säkerhet – Embedby kommun</title>
  <style>
    body {{ font-family: Georgia, serif; color: #222; background: #fff; margin: 2rem; }}
    a {{ color: #00528a; }}
  </style>
</head>
<body>
  <header><p>Embedby kommun</p><nav aria-label="Huvudmeny"><ul><li><a href="https://www.embedby.se/">Start</a></li></ul></nav></header>
  <main>
    <h1>Trygghet och säkerhet</h1>
    <p>Kommunen arbetar tillsammans med polisen för att Embedby ska vara en trygg plats.</p>
    {fragment}
  </main>
  <footer><p>Embedby kommun, 123 45 Embedby</p></footer>
</body>
</html>"""


def _fetch_on_the_server(url: str) -> str:
    """What a CMS does: an ordinary GET from its server, no cookies, no browser."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_a_host_page_with_the_fragment_has_no_accessibility_violation_and_loads_nothing_from_us(page, live_server, settings):
    settings.SITE_URL = live_server.url
    build_embedby()
    fragment = _fetch_on_the_server(f"{live_server.url}/embedby/inbaddning/")
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.set_content(HOST_PAGE.format(fragment=fragment))

    assert page.get_by_role("heading", level=2, name="Medborgarlöften i Embedby kommun").is_visible()
    assert page.get_by_role("link", name="Tryggare torg").get_attribute("href") == f"{live_server.url}/embedby/loften/{_promise_id(page)}/"
    fonts = page.evaluate(
        "() => [document.body, document.querySelector('section[lang=sv] h2'), document.querySelector('section[lang=sv] li')]"
        ".map((element) => getComputedStyle(element).fontFamily)"
    )
    assert fonts == ["Georgia, serif"] * 3
    assert requests == [], "the fragment fetches no asset"
    assert axe_violations(page) == ""


def _promise_id(page) -> str:
    return page.get_by_role("link", name="Tryggare torg").get_attribute("href").rstrip("/").rsplit("/", 1)[1]


def test_the_municipality_page_offering_the_addresses_has_no_accessibility_violation(page, seeded_server, settings):
    settings.SITE_URL = seeded_server.url
    page.goto(f"{seeded_server.url}/vindeln/")

    page.get_by_text("Adresserna att hämta").click()

    assert page.get_by_text(f"{seeded_server.url}/vindeln/inbaddning.json").is_visible()
    assert axe_violations(page) == ""
    for width in (375, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "the addresses wrap at a phone's width"
