"""The public site: what residents, journalists and other municipalities read."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.models import Action, ReviewState, Transition
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.rendering import build_snapshot
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PromiseFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _programme(name="Vaggeryd", county="Jönköpings län", national=None, published_at=None, status="ongoing"):
    """A municipality with a published agreement, a published promise with one activity, and a draft."""
    municipality = MunicipalityFactory(short_name=name, name=f"{name}s kommun", slug=name.lower(), county=county)
    agreement = AgreementFactory(municipality=municipality, ends_on=None)
    area = FocusAreaFactory(municipality=municipality, name=f"Trygghet i {name}", national_area=national)
    promise = PromiseFactory(agreement=agreement, title=f"Löfte i {name}", focus_areas=[area])
    ActivityFactory(promise=promise, focus_area=area, description=f"Vandring i {name}", status=status)
    PromiseFactory(agreement=agreement, title=f"Hemligt utkast i {name}", workflow_state=ReviewState.DRAFT, focus_areas=[area])
    Transition.objects.create(
        item=promise, action=Action.PUBLISH, from_state="approved", to_state="published", at=published_at or timezone.now()
    )
    return municipality, promise


def _report(promise, year, *, published=True, published_at=None):
    report = FollowUpReport.objects.create(
        agreement=promise.agreement,
        period_year=year,
        workflow_state=ReviewState.PUBLISHED if published else ReviewState.DRAFT,
        published_at=(published_at or timezone.now()) if published else None,
    )
    section = ReportSection.objects.create(report=report, promise=promise)
    for activity in promise.activities.all():
        ActivityUpdate.objects.create(section=section, activity=activity, status="done")
    if published:
        report.snapshot = build_snapshot(report)
        report.pdf = b"%PDF-1.7 stand-in"
        report.save()
    return report


def test_home_searches_municipalities_by_name(client):
    _programme("Vaggeryd")
    _programme("Vindeln", county="Västerbottens län")

    page = client.get("/", {"q": "vind"}).content.decode()

    assert "Vindelns kommun" in page and "Vaggeryds kommun" not in page
    assert "1 kommun" in page


def test_home_filters_by_county_and_by_national_focus_area(client):
    drugs = FocusAreaFactory(name="Narkotika", slug="narkotika")
    _programme("Vaggeryd", national=drugs)
    _programme("Vindeln", county="Västerbottens län")

    by_county = client.get("/", {"county": "Västerbottens län"}).content.decode()
    by_area = client.get("/", {"focus_area": "narkotika"}).content.decode()

    assert "Vindelns kommun" in by_county and "Vaggeryds kommun" not in by_county
    assert "Vaggeryds kommun" in by_area and "Vindelns kommun" not in by_area


def test_home_counts_published_activities_by_status(client):
    municipality, promise = _programme("Vaggeryd", status="done")
    draft = promise.agreement.promises.get(workflow_state="draft")
    ActivityFactory(promise=draft, focus_area=draft.focus_areas.get(), status="done")

    page = client.get("/").content.decode()

    assert "1 genomförd" in page  # the draft's activity is not counted


def test_home_leaves_out_municipalities_without_a_published_agreement(client):
    _programme("Vaggeryd")
    MunicipalityFactory(name="Tomma kommun")

    assert "Tomma kommun" not in client.get("/").content.decode()


def test_municipality_page_shows_status_at_a_glance_in_text(client):
    municipality, promise = _programme("Vaggeryd")
    ActivityFactory(promise=promise, focus_area=promise.focus_areas.get(), status="done")

    page = client.get(municipality.get_absolute_url()).content.decode()

    assert "Läget i korthet" in page
    assert "1 pågående, 1 genomförd (2 aktiviteter)" in page
    assert reverse("public:municipality_feed", args=[municipality.slug]) in page


def test_promise_page_shows_each_activitys_status_in_the_published_reports(client):
    municipality, promise = _programme("Vaggeryd")
    _report(promise, 2023)
    _report(promise, 2024, published=False)

    page = client.get(promise.get_absolute_url()).content.decode()

    assert "I uppföljningarna" in page
    assert "Helår 2023" in page and "Helår 2024" not in page


def test_national_focus_area_page_gathers_the_municipalities_promising_in_it(client):
    safety = FocusAreaFactory(name="Trygghet i offentlig miljö", slug="trygghet")
    _programme("Vaggeryd", national=safety)
    _programme("Vindeln", national=safety)
    _programme("Habo")

    page = client.get(reverse("public:focus_area", args=["trygghet"])).content.decode()

    assert "Löfte i Vaggeryd" in page and "Löfte i Vindeln" in page
    assert "Löfte i Habo" not in page and "Hemligt utkast" not in page


def test_a_local_focus_area_has_no_national_page(client):
    municipality, promise = _programme("Vaggeryd")

    assert client.get(reverse("public:focus_area", args=[promise.focus_areas.get().slug])).status_code == 404


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_nothing_unpublished_appears_anywhere_public(client, state):
    municipality, promise = _programme("Vaggeryd")
    secret = PromiseFactory(agreement=promise.agreement, title="Hemlig text", workflow_state=state, focus_areas=[promise.focus_areas.get()])
    ActivityFactory(promise=secret, focus_area=promise.focus_areas.get(), description="Hemlig aktivitet")
    report = _report(promise, 2024, published=False)
    FollowUpReport.objects.filter(pk=report.pk).update(workflow_state=state)

    for url in [
        "/",
        municipality.get_absolute_url(),
        "/flode/",
        f"/{municipality.slug}/flode/",
        "/oppna-data/loften.csv",
        "/oppna-data/loften.json",
        "/oppna-data/aktiviteter.csv",
        "/oppna-data/aktiviteter.json",
        "/oppna-data/rapporter.json",
        f"/oppna-data/rapporter/{municipality.slug}.json",
        "/sitemap.xml",
    ]:
        body = client.get(url).getvalue().decode()  # getvalue(): the open-data files are streamed
        assert "Hemlig" not in body, url
        assert f"/loften/{secret.pk}/" not in body, url
    assert client.get(f"/{municipality.slug}/loften/{secret.pk}/").status_code == 404
    assert client.get(f"/{municipality.slug}/uppfoljning/2024/").status_code == 404
    assert client.get(f"/{municipality.slug}/uppfoljning/2024.pdf").status_code == 404


def test_a_draft_agreement_is_never_shown(client):
    municipality, promise = _programme("Vaggeryd")
    AgreementFactory(
        municipality=municipality,
        title="Hemlig överenskommelse",
        starts_on=datetime.date(2040, 1, 1),
        ends_on=None,
        workflow_state=ReviewState.DRAFT,
    )

    assert "Hemlig överenskommelse" not in client.get(municipality.get_absolute_url()).content.decode()


def test_the_feed_is_atom_with_the_newest_first(client):
    now = timezone.now()
    _, old = _programme("Vaggeryd", published_at=now - datetime.timedelta(days=10))
    _, new = _programme("Vindeln", published_at=now - datetime.timedelta(days=1))
    _report(old, 2023, published_at=now - datetime.timedelta(days=5))

    response = client.get("/flode/")
    feed = ET.fromstring(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == [
        "Medborgarlöfte: Löfte i Vindeln (Vindelns kommun)",
        "Uppföljning Helår 2023: Vaggeryds kommun",
        "Medborgarlöfte: Löfte i Vaggeryd (Vaggeryds kommun)",
    ]
    updated = [entry.find(f"{ATOM}updated").text for entry in feed.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)
    for entry in feed.findall(f"{ATOM}entry"):  # what Atom requires of every entry
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}link").get("href")


def test_a_municipalitys_feed_has_only_its_own_items(client):
    vaggeryd, _ = _programme("Vaggeryd")
    _programme("Vindeln")

    feed = ET.fromstring(client.get(f"/{vaggeryd.slug}/flode/").content)

    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["Medborgarlöfte: Löfte i Vaggeryd (Vaggeryds kommun)"]


def test_open_data_csv_has_the_documented_columns_and_only_published_rows(client):
    from public.open_data import ACTIVITY_COLUMNS, PROMISE_COLUMNS

    _programme("Vaggeryd")

    promises = list(csv.DictReader(io.StringIO(client.get("/oppna-data/loften.csv").getvalue().decode("utf-8-sig"))))
    activities = list(csv.DictReader(io.StringIO(client.get("/oppna-data/aktiviteter.csv").getvalue().decode("utf-8-sig"))))

    assert list(promises[0]) == list(PROMISE_COLUMNS) and list(activities[0]) == list(ACTIVITY_COLUMNS)
    assert [row["titel"] for row in promises] == ["Löfte i Vaggeryd"]
    assert [row["beskrivning"] for row in activities] == ["Vandring i Vaggeryd"]
    assert activities[0]["status"] == "pågående"
    page = client.get("/oppna-data/").content.decode()
    assert all(column in page for column in [*PROMISE_COLUMNS, *ACTIVITY_COLUMNS])
    assert "CC0" in page


def test_open_data_json_carries_licence_columns_and_rows(client):
    municipality, promise = _programme("Vaggeryd")
    _report(promise, 2023)

    promises = json.loads(client.get("/oppna-data/loften.json").getvalue())
    reports = json.loads(client.get(f"/oppna-data/rapporter/{municipality.slug}.json").getvalue())

    assert promises["licens"] == "CC0-1.0"
    assert set(promises["kolumner"]) == set(promises["rader"][0])
    assert [row["period"] for row in reports["rader"]] == ["Helår 2023"]
    assert reports["rader"][0]["innehall"]["sections"][0]["promise_title"] == "Löfte i Vaggeryd"


def test_open_data_csv_escapes_spreadsheet_formulae(client):
    _, promise = _programme("Vaggeryd")
    promise.title = '=HYPERLINK("http://evil")'
    promise.save()

    rows = list(csv.DictReader(io.StringIO(client.get("/oppna-data/loften.csv").getvalue().decode("utf-8-sig"))))

    assert rows[0]["titel"] == '\'=HYPERLINK("http://evil")'


def test_a_conditional_request_for_an_unchanged_page_gets_304(client):
    municipality, _ = _programme("Vaggeryd")
    first = client.get(municipality.get_absolute_url())

    again = client.get(municipality.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert again.status_code == 304


def test_a_changed_page_gets_a_new_etag(client):
    municipality, promise = _programme("Vaggeryd")
    first = client.get(municipality.get_absolute_url())
    promise.title = "Nytt namn"
    promise.save()

    assert client.get(municipality.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_anonymous_readers_may_cache_public_pages_and_signed_in_users_may_not(client, admin_user):
    municipality, _ = _programme("Vaggeryd")

    anonymous = client.get(municipality.get_absolute_url())
    client.force_login(admin_user)
    signed_in = client.get(municipality.get_absolute_url())
    working = client.get(reverse("coordination:dashboard"))

    assert "public" in anonymous["Cache-Control"] and "max-age=300" in anonymous["Cache-Control"]
    assert "private" in signed_in["Cache-Control"]
    assert "private" in working["Cache-Control"]


@pytest.mark.parametrize("count", [1, 30])
def test_public_pages_make_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    national = FocusAreaFactory(name="Trygghet", slug="trygghet")
    programmes = [_programme(f"Kommun{n}", national=national, county=f"Län {n % 5}") for n in range(count)]
    municipality, promise = programmes[0]
    _report(promise, 2023)

    for url in [
        "/",
        municipality.get_absolute_url(),
        promise.get_absolute_url(),
        "/fokusomraden/",
        "/fokusomraden/trygghet/",
        "/flode/",
        f"/{municipality.slug}/flode/",
        "/oppna-data/",
        "/oppna-data/loften.csv",
        "/oppna-data/aktiviteter.json",
        "/oppna-data/rapporter.json",
        "/sitemap.xml",
        "/tillganglighet/",
        f"/{municipality.slug}/uppfoljning/2023/",
        f"/{municipality.slug}/ar/2023/",
    ]:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200, url


def test_robots_and_sitemap(client):
    municipality, promise = _programme("Vaggeryd")

    robots = client.get("/robots.txt").content.decode()
    index = client.get("/sitemap.xml").content.decode()
    promises = client.get("/sitemap-promises.xml").content.decode()
    municipalities = client.get("/sitemap-municipalities.xml").content.decode()

    assert "Disallow: /hantera/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    assert "<sitemapindex" in index and "http://testserver/sitemap-promises.xml" in index
    assert promise.get_absolute_url() in promises and municipality.get_absolute_url() in municipalities


def test_the_sitemap_index_reads_no_report_or_promise_rows_only_counts_and_the_latest_date(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _programme("Vaggeryd")
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()

    reading_rows = [
        query["sql"]
        for query in queries.captured_queries
        if ("followupreport" in query["sql"] or "promises_promise" in query["sql"])
        and "COUNT(" not in query["sql"]
        and "MAX(" not in query["sql"]
    ]
    assert "<sitemapindex" in index and reading_rows == []


def test_the_sitemap_pages_a_large_section_and_refuses_a_page_that_does_not_exist(client, settings):
    from public import sitemaps

    _programme("Vaggeryd")
    _programme("Vindeln")
    original = sitemaps.Municipalities.limit
    sitemaps.Municipalities.limit = 1
    try:
        index = client.get("/sitemap.xml").content.decode()
        first = client.get("/sitemap-municipalities.xml").content.decode()
        second = client.get("/sitemap-municipalities.xml?p=2").content.decode()
        assert "sitemap-municipalities.xml?p=2" in index
        assert ("/vaggeryd/" in first) != ("/vaggeryd/" in second)
        assert client.get("/sitemap-municipalities.xml?p=3").status_code == 404
        assert client.get("/sitemap-municipalities.xml?p=x").status_code == 404
        assert client.get("/sitemap-nosuch.xml").status_code == 404
    finally:
        sitemaps.Municipalities.limit = original


def test_every_page_links_to_the_accessibility_statement(client):
    page = client.get("/").content.decode()

    assert 'href="/tillganglighet/"' in page
    assert "Tillgänglighetsredogörelse" in client.get("/tillganglighet/").content.decode()
