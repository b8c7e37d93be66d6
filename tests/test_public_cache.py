"""The server-side cache of the public pages: anonymous readers are served from it without a query,
a publish shows at once, a conditional request is answered 304 without rendering, and no signed-in
user, language or CSRF token is ever mixed into what another reader gets. The PDFs carry their
SHA-256 as ETag."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from agreements import public_cache
from agreements.models import Coordinator
from approvals.models import ReviewState
from followup.models import FollowUpReport, ReminderSent
from followup.services import report_approve, report_publish, report_start_correction, report_submit, report_update
from promises.models import Promise
from promises.services import promise_approve, promise_publish, promise_start_revision, promise_submit, promise_update
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory, UserFactory
from tests.followup.conftest import period, programme, published_report  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(here):
    area = FocusAreaFactory(name="Trygghet")
    promise = PromiseFactory(
        agreement=here.agreements.get(), title="Trygg stad", commitment="Vi lovar fler trygghetsvandringar.", focus_areas=[area]
    )
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandring i centrum")
    return promise


# Served from the cache.


def test_a_second_anonymous_request_is_served_without_queries(client, here, promise, django_assert_num_queries):
    first = client.get(here.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(here.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content
    assert "Trygg stad" in second.content.decode()
    assert second["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("url", ["/", "/flode/", "/fokusomraden/", "/oppna-data/", "/robots.txt", "/sitemap.xml", "/tillganglighet/"])
def test_every_kind_of_public_page_is_served_from_the_cache_the_second_time(client, here, promise, url, django_assert_num_queries):
    assert client.get(url).status_code == 200

    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_the_query_string_is_part_of_the_address_cached(client, here, there):
    everyone = client.get("/").content.decode()
    searched = client.get("/", {"q": there.short_name}).content.decode()

    assert here.short_name in everyone
    assert here.short_name not in searched


def test_a_page_not_found_is_neither_stored_nor_given_an_etag(client, here, django_assert_max_num_queries):
    missing = client.get("/finns-inte/")

    assert missing.status_code == 404
    assert "ETag" not in missing
    with CaptureQueriesContext(connection) as queries:
        client.get("/finns-inte/")
    assert len(queries) > 0


# A change shows at once.


def test_a_promise_published_shows_on_the_municipality_page_at_once(client, here, coordinator, chief, django_capture_on_commit_callbacks):
    draft = PromiseFactory(agreement=here.agreements.get(), title="Nytt löfte om belysning", workflow_state=ReviewState.APPROVED)
    before = client.get(here.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        promise_publish(promise=draft, by=coordinator)

    assert "Nytt löfte om belysning" not in before
    assert "Nytt löfte om belysning" in client.get(here.get_absolute_url()).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_revision_published_shows_on_the_promise_page_at_once(client, promise, coordinator, chief, django_capture_on_commit_callbacks):
    revision = promise_start_revision(promise=promise, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment="Vi lovar trygghetsvandringar varje månad.")
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    before = client.get(promise.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        promise_publish(promise=revision, by=coordinator)

    after = client.get(promise.get_absolute_url()).content.decode()
    assert "Vi lovar fler trygghetsvandringar." in before
    assert "Vi lovar trygghetsvandringar varje månad." in after
    assert "Vi lovar fler trygghetsvandringar." not in after


def test_a_report_corrected_shows_at_once(client, published_report, coordinator, chief, django_capture_on_commit_callbacks):
    url = published_report.get_absolute_url()
    before = client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        correction = report_start_correction(report=published_report, by=coordinator)
        report_update(
            report=correction,
            by=coordinator,
            expected_version=correction.version,
            summary="Rättad sammanfattning",
            changes_note="Rättade antalet vandringar.",
        )
        report_submit(report=correction, by=coordinator)
        report_approve(report=correction, by=chief)
        report_publish(report=correction, by=coordinator)

    after = client.get(url).content.decode()
    assert "Rättad sammanfattning" not in before
    assert "Rättad sammanfattning" in after
    assert "har ersatts" in client.get(published_report.get_version_url()).content.decode()


def _after_commit():
    return [entry[1] for entry in connection.run_on_commit if entry[1] is public_cache.move_stamp]


def test_a_page_cached_between_a_change_and_its_commit_is_not_served_after_the_commit(client, promise):
    public_cache.public_data_changed()
    # A reader between the change and the commit still sees the data before it ...
    assert "Trygg stad" in client.get(promise.get_absolute_url()).content.decode()
    # ... then the commit makes the change visible (no signal: the save was before).
    Promise.objects.filter(pk=promise.pk).update(title="Tryggare stad")
    assert "Tryggare stad" not in client.get(promise.get_absolute_url()).content.decode()

    for move in _after_commit():
        move()

    assert "Tryggare stad" in client.get(promise.get_absolute_url()).content.decode()


def test_many_changes_in_one_transaction_move_the_stamp_once_more_after_commit(here):
    for number in range(5):
        FocusAreaFactory(municipality=here, name=f"Område {number}")

    assert len(_after_commit()) == 1


def test_a_change_made_with_factories_shows_at_once(client, here, promise):
    client.get(promise.get_absolute_url())

    ActivityFactory(promise=promise, focus_area=promise.focus_areas.get(), description="Föräldravandring")

    assert "Föräldravandring" in client.get(promise.get_absolute_url()).content.decode()


def test_an_activity_import_written_in_bulk_shows_at_once(client, here, promise, coordinator):
    from promises.importing.activities import run_import

    activity = promise.activities.get()
    page = client.get(promise.get_absolute_url()).content.decode()
    data = (
        "Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status\r\n"
        f"{activity.pk};{promise.pk};Trygghetsvandring i centrum;Trygghet;gemensamt;;;inställd\r\n"
    ).encode()

    plan = run_import(municipality=here, name="aktiviteter.csv", data=data, by=coordinator)

    assert plan.is_valid and plan.changed, plan.errors
    assert "Inställd" not in page
    assert "Inställd" in client.get(promise.get_absolute_url()).content.decode()


def test_a_role_given_through_the_relation_moves_the_stamp(here):
    before = public_cache.current_stamp()

    here.coordinators.add(UserFactory())

    assert public_cache.current_stamp() != before
    assert Coordinator.objects.filter(municipality=here).exists()


def test_a_private_record_does_not_move_the_stamp(here):
    before = public_cache.current_stamp()
    ReminderSent.objects.create(agreement=here.agreements.get(), period_year=2024, sent_on=datetime.date(2024, 9, 20))

    assert public_cache.current_stamp() == before


# Conditional requests.


def test_a_conditional_request_that_matches_is_304_before_the_view_or_the_cache(
    client, here, promise, monkeypatch, django_assert_num_queries
):
    etag = client.get(here.get_absolute_url())["ETag"]

    def refuse(*args, **kwargs):
        raise AssertionError("the page was looked up or rendered")

    monkeypatch.setattr("django.template.base.Template.render", refuse)
    monkeypatch.setattr(public_cache, "_page_key", refuse)
    with django_assert_num_queries(0):
        response = client.get(here.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


def test_head_has_the_same_etag_and_is_answered_304_when_it_matches(client, here, promise):
    etag = client.get(here.get_absolute_url())["ETag"]

    head = client.head(here.get_absolute_url())
    conditional = client.head(here.get_absolute_url(), headers={"if-none-match": etag})

    assert head.status_code == 200 and head["ETag"] == etag
    assert conditional.status_code == 304 and conditional["ETag"] == etag


def test_a_garbage_etag_gets_the_whole_page(client, here, promise):
    for garbage in ['"nonsense"', "nonsense", 'W/"', '"' + "x" * 5000 + '"', "\u00e5\u00e4\u00f6"]:
        response = client.get(here.get_absolute_url(), headers={"if-none-match": garbage})
        assert response.status_code == 200, garbage
        assert "Trygg stad" in response.content.decode()


def test_a_stale_etag_after_a_publish_gets_the_new_page(client, here, coordinator, django_capture_on_commit_callbacks):
    draft = PromiseFactory(agreement=here.agreements.get(), title="Nytt löfte om belysning", workflow_state=ReviewState.APPROVED)
    stale = client.get(here.get_absolute_url())["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        promise_publish(promise=draft, by=coordinator)
    response = client.get(here.get_absolute_url(), headers={"if-none-match": stale})

    assert response.status_code == 200
    assert "Nytt löfte om belysning" in response.content.decode()
    assert response["ETag"] != stale


def test_last_modified_is_given_once_the_stamp_has_settled_and_a_matching_date_is_304(client, here, promise):
    settled = public_cache.Stamp(token="settled", moved_at_ns=(int(datetime.datetime.now().timestamp()) - 120) * 10**9)
    cache.set(public_cache.STAMP_KEY, str(settled), 60)

    last_modified = client.get(here.get_absolute_url())["Last-Modified"]
    same = client.get(here.get_absolute_url(), headers={"if-modified-since": last_modified})
    garbage = client.get(here.get_absolute_url(), headers={"if-modified-since": "i går"})

    assert same.status_code == 304
    assert garbage.status_code == 200


def test_no_last_modified_within_the_second_the_stamp_moved(client, here, promise):
    # Another move within that second would carry the same date, so the date could not tell them apart.
    public_cache.move_stamp()

    response = client.get(here.get_absolute_url())

    assert "ETag" in response
    assert "Last-Modified" not in response


def test_a_date_from_before_a_move_gets_the_new_page(client, here, promise):
    old = public_cache.Stamp(token="old", moved_at_ns=(int(datetime.datetime.now().timestamp()) - 120) * 10**9)
    cache.set(public_cache.STAMP_KEY, str(old), 60)
    last_modified = client.get(here.get_absolute_url())["Last-Modified"]

    Promise.objects.filter(pk=promise.pk).update(title="Tryggare stad")
    public_cache.move_stamp()
    response = client.get(here.get_absolute_url(), headers={"if-modified-since": last_modified})

    assert response.status_code == 200
    assert "Tryggare stad" in response.content.decode()


# Readers are never mixed up.


def test_a_signed_in_user_is_never_served_a_cached_page(client, here, promise, coordinator):
    client.get(here.get_absolute_url())
    client.force_login(coordinator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(here.get_absolute_url())

    assert len(queries) > 0
    assert coordinator.username in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_page_for_a_signed_in_user_is_never_stored_for_anyone(client, here, promise, coordinator):
    signed_in = client.__class__()
    signed_in.force_login(coordinator)
    signed_in.get(here.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(here.get_absolute_url())

    assert len(queries) > 0
    assert coordinator.username not in response.content.decode()


def test_swedish_and_english_pages_are_cached_apart(client, here, promise):
    swedish = client.get(here.get_absolute_url())
    client.post("/i18n/setlang/", {"language": "en", "next": here.get_absolute_url()})
    english = client.get(here.get_absolute_url())
    client.cookies.pop("django_language")
    swedish_again = client.get(here.get_absolute_url(), headers={"if-none-match": english["ETag"]})

    assert '<html lang="sv"' in swedish.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert english["ETag"] != swedish["ETag"]
    assert swedish_again.status_code == 200
    assert '<html lang="sv"' in swedish_again.content.decode()
    assert "Cookie" in english["Vary"]


def test_accept_language_alone_gets_the_cached_swedish_page(client, here, promise):
    swedish = client.get(here.get_absolute_url())
    asked_for_english = client.get(here.get_absolute_url(), headers={"accept-language": "en", "if-none-match": swedish["ETag"]})

    assert asked_for_english.status_code == 304
    assert '<html lang="sv"' in client.get(here.get_absolute_url(), headers={"accept-language": "en"}).content.decode()


def test_the_language_cookie_chooses_the_cached_language(client, here, promise):
    client.get(here.get_absolute_url())
    client.cookies["django_language"] = "en"

    assert '<html lang="en"' in client.get(here.get_absolute_url()).content.decode()


def test_a_page_that_hands_out_a_csrf_token_or_a_cookie_is_not_stored():
    calls = []

    def with_token(request):
        calls.append(1)
        return HttpResponse(get_token(request))

    def with_cookie(request):
        calls.append(1)
        response = HttpResponse("hej")
        response.set_cookie("sparad", "1")
        return response

    for view in (with_token, with_cookie):
        calls.clear()
        cached = public_cache.cache_public_page(view)
        first = cached(RequestFactory().get(f"/prov/{view.__name__}/"))
        cached(RequestFactory().get(f"/prov/{view.__name__}/"))
        assert len(calls) == 2, view.__name__
        assert "ETag" not in first


def test_a_streaming_response_is_not_stored_but_keeps_its_etag():
    calls = []

    def streamed(request):
        calls.append(1)
        return StreamingHttpResponse(iter([b"a,b\n", b"1,2\n"]))

    cached = public_cache.cache_public_page(streamed)
    first = cached(RequestFactory().get("/prov/strom.csv"))
    second = cached(RequestFactory().get("/prov/strom.csv"))

    assert len(calls) == 2
    assert b"".join(second.streaming_content) == b"a,b\n1,2\n"
    assert first["ETag"] == second["ETag"]


def test_pages_are_served_without_the_cache_while_it_cannot_be_reached(client, here, promise, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(public_cache.cache, "get", unreachable)

    response = client.get(here.get_absolute_url())

    assert response.status_code == 200
    assert "Trygg stad" in response.content.decode()
    assert "ETag" not in response


def test_working_pages_are_never_wrapped():
    from django.urls import resolve

    assert not getattr(resolve("/hantera/").func, "caches_public_page", False)
    assert not getattr(resolve("/konto/logga-in/").func, "caches_public_page", False)
    assert getattr(resolve("/vindeln/").func, "caches_public_page", False)


# The PDFs.


def test_the_pdf_carries_its_sha256_as_a_strong_etag(client, published_report):
    response = client.get(published_report.get_version_url(pdf=True))

    assert response.content == bytes(published_report.pdf)
    assert response["ETag"] == f'"{hashlib.sha256(bytes(published_report.pdf)).hexdigest()}"'
    assert published_report.pdf_sha256 == hashlib.sha256(bytes(published_report.pdf)).hexdigest()


def test_a_versions_pdf_is_immutable_and_the_current_one_short_lived(client, published_report):
    version = client.get(published_report.get_version_url(pdf=True))
    current = client.get(published_report.get_pdf_url())

    assert version["Cache-Control"] == "public, max-age=31536000, immutable"
    assert current["Cache-Control"] == "public, max-age=300"
    assert current["ETag"] == version["ETag"]


def test_a_matching_pdf_etag_is_304_without_reading_the_bytes(client, published_report):
    etag, url = f'"{published_report.pdf_sha256}"', published_report.get_version_url(pdf=True)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(queries) == 1
    assert '."pdf"' not in queries[0]["sql"] and '."snapshot"' not in queries[0]["sql"]


def test_the_pdf_bytes_are_read_on_their_own(client, published_report):
    url = published_report.get_pdf_url()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) == 2
    assert '."snapshot"' not in queries[1]["sql"]
    assert queries[1]["sql"].split("FROM")[0].count(",") == 0  # one column: the PDF


def test_a_garbage_or_stale_pdf_etag_gets_the_bytes(client, published_report):
    for sent in ['"nonsense"', "nonsense", f'"{"0" * 64}"', ""]:
        response = client.get(published_report.get_version_url(pdf=True), headers={"if-none-match": sent})
        assert response.status_code == 200, sent
        assert response.content == bytes(published_report.pdf)


def test_a_corrected_reports_current_pdf_has_the_new_etag(client, published_report, coordinator, chief):
    old = client.get(published_report.get_pdf_url())["ETag"]
    correction = report_start_correction(report=published_report, by=coordinator)
    report_update(report=correction, by=coordinator, expected_version=correction.version, summary="Rättad", changes_note="Rättat.")
    report_submit(report=correction, by=coordinator)
    report_approve(report=correction, by=chief)
    report_publish(report=correction, by=coordinator)

    response = client.get(published_report.get_pdf_url(), headers={"if-none-match": old})

    assert response.status_code == 200
    assert response["ETag"] == f'"{FollowUpReport.objects.get(pk=correction.pk).pdf_sha256}"'


def test_a_downloaded_pdf_is_served_again_from_the_cache_without_a_query(client, published_report, django_assert_num_queries):
    url = published_report.get_version_url(pdf=True)
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
        not_modified = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.content == first.content == bytes(published_report.pdf)
    assert again["ETag"] == first["ETag"] and "immutable" in again["Cache-Control"]
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]


def test_a_pdf_of_an_unknown_version_or_municipality_is_404(client, published_report):
    assert client.get(published_report.get_version_url(pdf=True).replace("version-1", "version-9")).status_code == 404
    assert client.get(published_report.get_pdf_url().replace("/har/", "/finns-inte/")).status_code == 404


def test_the_redis_backend_keeps_one_client_per_pool_and_still_reads_what_it_wrote():
    from django.core.cache import caches

    from config.redis_cache import RedisCache

    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("one-client-test", {"page": "å"}, 30)
    assert cache.get("one-client-test") == {"page": "å"}
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    cache.delete("one-client-test")
    assert cache.get("one-client-test") is None
