"""The embeds for the municipality's and the police's own sites: an HTML fragment that is safe to
insert into another site's page, and the same as JSON that follows its published schema, both
readable from any origin and validated with ETags through the public page cache."""

import json
import re

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse
from lxml import html

from approvals.models import ReviewState
from public.embeds import SCHEMA_PATH
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory
from tests.public.embed_fixtures import SITE, build_embedby

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    """An address unlike the test client's, so that a link made from the request would show."""
    settings.SITE_URL = SITE + "/"


@pytest.fixture
def municipality(db):
    return build_embedby()


def _fragment(client, slug="embedby"):
    response = client.get(f"/{slug}/inbaddning/")
    assert response.status_code == 200
    return response, response.content.decode()


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# The HTML fragment.


def test_the_fragment_shows_the_promises_that_apply_today_their_status_and_the_newest_report(client, municipality):
    _, body = _fragment(client)
    root = html.fragment_fromstring(body)

    assert _text(root.xpath("h2")[0]) == "Medborgarlöften i Embedby kommun"
    assert [_text(h) for h in root.xpath("h4")] == ["Tryggare torg"]
    assert "Vi lovar fler trygghetsvandringar på torget." in body
    assert [_text(li) for li in root.xpath("ul/li")] == [
        "Trafik: 1 planerad (1 aktivitet)",
        "Trygghet: 1 pågående, 1 genomförd (2 aktiviteter)",
    ]
    report_links = root.xpath("h3[.='Senaste uppföljningen']/following-sibling::p[1]/a")
    assert [(_text(a), a.get("href")) for a in report_links] == [
        ("Tertial 1 2024", f"{SITE}/embedby/uppfoljning/2024/tertial-1/"),
        ("PDF", f"{SITE}/embedby/uppfoljning/2024/tertial-1.pdf"),
    ]
    assert report_links[1].get("aria-label") == "Tertial 1 2024 som PDF"


def test_the_fragment_leaves_out_ended_upcoming_and_unpublished_promises(client, municipality):
    _, body = _fragment(client)

    assert "Gammalt löfte" not in body
    assert "Kommande löfte" not in body
    assert "Hemligt utkast" not in body


def test_the_fragment_can_be_inserted_into_another_sites_page_without_acting_on_it(client, municipality):
    _, body = _fragment(client)
    root = html.fragment_fromstring(body)

    assert root.tag == "section" and root.get("lang") == "sv"
    for forbidden in ("<script", "<style", "<link", "<img", "<iframe", "<svg", " style=", " id=", "<h1"):
        assert forbidden not in body.lower(), forbidden
    assert not re.search(r"\son[a-z]+=", body), "no event handler attribute"
    assert root.xpath("//h2") and root.xpath("(//h2|//h3|//h4)[1]")[0].tag == "h2"
    links = [a.get("href") for a in root.iter("a")]
    assert links and all(link.startswith(SITE + "/") for link in links), links


def test_the_fragment_says_so_when_nothing_applies_or_was_reported(client, here):
    _, body = _fragment(client, here.slug)
    root = html.fragment_fromstring(body)

    assert "Inget medborgarlöfte gäller i dag." in body
    assert "Ingen uppföljning har publicerats ännu." in body
    assert "Läget i korthet" not in body
    assert [_text(h) for h in root.xpath("h3")] == ["Medborgarlöften som gäller i dag", "Senaste uppföljningen"]


def test_the_fragment_is_swedish_for_a_reader_who_chose_english(client, municipality):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response, body = _fragment(client)

    assert "Medborgarlöften i Embedby kommun" in body and "Citizen promises" not in body
    assert response["Content-Language"] == "sv"


def test_an_unknown_municipality_has_no_embed(client, db):
    assert client.get("/finns-inte/inbaddning/").status_code == 404


def test_the_fragment_needs_the_same_queries_for_one_promise_or_many(client, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agreement = municipality.agreements.get()
    with CaptureQueriesContext(connection) as few:
        _fragment(client)
    for number in range(12):
        area = FocusAreaFactory(name=f"Område {number}")
        promise = PromiseFactory(agreement=agreement, title=f"Löfte nummer {number}", focus_areas=[area])
        ActivityFactory.create_batch(3, promise=promise, focus_area=area)

    with CaptureQueriesContext(connection) as many:
        _, body = _fragment(client)

    assert "Löfte nummer 11" in body
    assert len(many) <= len(few)


# The JSON.


def test_the_json_validates_against_its_schema_and_holds_what_the_fragment_shows(client, municipality):
    response = client.get("/embedby/inbaddning.json")
    data = response.json()

    jsonschema.validate(data, _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert data["$schema"] == f"{SITE}/oppna-data/inbaddning.schema.json"
    assert data["kommun"]["namn"] == "Embedby kommun" and data["kommun"]["adress"] == f"{SITE}/embedby/"
    assert [promise["titel"] for promise in data["loften"]] == ["Tryggare torg"]
    assert sorted(data["loften"][0]["fokusomraden"]) == ["Trafik", "Trygghet"]
    assert data["loften"][0]["sista_dag"] is None
    assert data["status_i_korthet"] == [
        {"fokusomrade": "Trafik", "aktiviteter": 1, "statusar": [{"status": "planerad", "antal": 1}]},
        {
            "fokusomrade": "Trygghet",
            "aktiviteter": 2,
            "statusar": [{"status": "pågående", "antal": 1}, {"status": "genomförd", "antal": 1}],
        },
    ]
    report = data["senaste_rapport"]
    assert (report["period"], report["ar"], report["tertial"], report["version"]) == ("Tertial 1 2024", 2024, 1, 1)
    assert report["pdf"] == f"{SITE}/embedby/uppfoljning/2024/tertial-1.pdf"


def test_the_json_of_a_municipality_with_nothing_published_validates_too(client, here):
    data = client.get(f"/{here.slug}/inbaddning.json").json()

    jsonschema.validate(data, _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert (data["loften"], data["status_i_korthet"], data["senaste_rapport"]) == ([], [], None)


def test_the_schema_rejects_what_the_json_never_holds(client, municipality):
    data = client.get("/embedby/inbaddning.json").json()
    data["status_i_korthet"][0]["statusar"][0]["status"] = "klar"

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())


def test_the_schema_is_served_as_shipped(client, db):
    response = client.get(reverse("public:embed_schema"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert response.json() == _schema()
    jsonschema.Draft202012Validator.check_schema(response.json())


def test_an_unknown_municipality_is_a_json_404_that_says_so_in_swedish(client, db):
    response = client.get("/finns-inte/inbaddning.json")

    assert response.status_code == 404
    assert response.json() == {"fel": "Ingen kommun har adressen ”finns-inte”."}
    assert "ETag" not in response


# Reading from other sites, and validating what was fetched.


def test_any_site_may_read_the_json_in_the_browser(client, municipality):
    response = client.get("/embedby/inbaddning.json", HTTP_ORIGIN="https://www.embedby.se")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_preflight_is_answered_with_reading_only(client, municipality):
    response = client.options(
        "/embedby/inbaddning.json",
        HTTP_ORIGIN="https://www.embedby.se",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response.content == b""


@pytest.mark.parametrize("url", ["/embedby/inbaddning/", "/embedby/inbaddning.json"])
def test_writing_to_an_embed_is_refused(client, municipality, url):
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("url", ["/embedby/inbaddning/", "/embedby/inbaddning.json", "/oppna-data/inbaddning.schema.json"])
def test_an_unchanged_embed_is_answered_304_from_its_etag(client, municipality, url, django_assert_num_queries):
    first = client.get(url)
    etag = first["ETag"]

    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    if url.endswith(".json"):
        assert again["Access-Control-Allow-Origin"] == "*"


def test_a_publication_changes_the_etag_and_shows_at_once(client, municipality):
    etag = client.get("/embedby/inbaddning/")["ETag"]
    PromiseFactory(agreement=municipality.agreements.get(), title="Nytt löfte", workflow_state=ReviewState.PUBLISHED)

    response = client.get("/embedby/inbaddning/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Nytt löfte" in response.content.decode()


def test_a_second_fetch_is_served_from_the_cache(client, municipality, django_assert_num_queries):
    first = client.get("/embedby/inbaddning.json")

    with django_assert_num_queries(0):
        second = client.get("/embedby/inbaddning.json")

    assert second.content == first.content
    assert second["Access-Control-Allow-Origin"] == "*"


# The municipality's page offers the addresses.


def test_the_municipality_page_shows_the_addresses_to_fetch(client, municipality):
    document = html.fromstring(client.get("/embedby/").content.decode())

    [section] = document.xpath('//section[@aria-labelledby="embed-heading"]')
    assert _text(section.xpath(".//h2")[0]) == "Visa medborgarlöftena på er webbplats"
    assert _text(section.xpath(".//summary")[0]) == "Adresserna att hämta"
    assert [_text(code) for code in section.xpath(".//details//code")] == [
        f"{SITE}/embedby/inbaddning/",
        f"{SITE}/embedby/inbaddning.json",
    ]
    assert section.xpath(".//a/@href") == ["/oppna-data/inbaddning.schema.json"]


def test_a_host_page_with_the_fragment_is_valid_html_without_warnings(client, municipality, tmp_path):
    import shutil
    import subprocess

    from tests.test_html_validity import VNU

    if not (VNU.exists() and shutil.which("java")):
        pytest.skip("vnu.jar or Java is missing.")
    _, fragment = _fragment(client)
    host = tmp_path / "host.html"
    host.write_text(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Embedby kommun</title></head>'
        f"<body><main><h1>Trygghet</h1>{fragment}</main></body></html>",
        encoding="utf-8",
    )

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(host)], capture_output=True, text=True, timeout=120
    )

    messages = json.loads(result.stderr or result.stdout)["messages"]
    # Neither an error nor a warning (vnu reports warnings as "info" of subtype "warning").
    assert [m["message"] for m in messages if m["type"] == "error" or m.get("subType") == "warning"] == []


def test_markup_in_a_promise_is_shown_as_text_not_run_on_the_host_page(client, municipality):
    PromiseFactory(agreement=municipality.agreements.get(), title="<script>alert(1)</script>", commitment='<img src=x onerror="alert(1)">')

    _, body = _fragment(client)

    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
