"""Open data is written while it is sent, never held whole, in a fixed number of queries; the report
files are split per municipality with an index, and every file's size on /oppna-data/ is true."""

import csv
import datetime
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals.models import ReviewState
from followup.models import FollowUpReport
from promises.models import Activity, ActivityStatus, ResponsibleParty
from public.open_data import REPORT_FIELDS, REPORT_INDEX_FIELDS
from tests.factories import AgreementFactory, FocusAreaFactory, MunicipalityFactory, PromiseFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Polisen och kommunen genomför trygghetsvandringar i centrum och i bostadsområdena tillsammans med "
    "fastighetsägare, föreningar och boende, och återkopplar vad som kom fram till dem som deltog. "
)


def _municipality(name, slug):
    municipality = MunicipalityFactory(short_name=name, name=f"{name}s kommun", slug=slug)
    agreement = AgreementFactory(municipality=municipality, ends_on=None)
    area = FocusAreaFactory(name=f"Trygghet i {name}", municipality=municipality)
    promise = PromiseFactory(agreement=agreement, title=f"Löfte i {name}", focus_areas=[area])
    return municipality, promise, area


def _activities(promise, area, count):
    """`count` activities of realistic length, as a national data set has them."""
    statuses = list(ActivityStatus)
    Activity.objects.bulk_create(
        Activity(
            promise=promise,
            focus_area=area,
            description=f"{TEXT[: 120 + n % 80]} ({n})",
            place="Centrum och Hagadal",
            timing="Vår och höst",
            target="4 trygghetsvandringar per år",
            target_per_year=4,
            responsible=ResponsibleParty.JOINTLY,
            status=statuses[n % len(statuses)],
        )
        for n in range(count)
    )


def _snapshot(promise, sections=5, updates=12):
    """A snapshot shaped as published ones are, about 25 kB: a summary and sections of updates."""
    return {
        "summary": TEXT * 3,
        "sections": [
            {
                "promise_title": promise.title,
                "text": TEXT * 2,
                "updates": [
                    {"activity": f"Aktivitet {s}.{u}", "status": "genomförd", "what_was_done": TEXT * 2, "next_step": TEXT[:90]}
                    for u in range(updates)
                ],
            }
            for s in range(sections)
        ],
    }


def _reports(promise, years, *, first_year=2000, state=ReviewState.PUBLISHED):
    """Three tertial reports a year for `years` years, published (with a stored PDF) unless told."""
    published = state == ReviewState.PUBLISHED
    now = timezone.now()
    FollowUpReport.objects.bulk_create(
        FollowUpReport(
            agreement=promise.agreement,
            period_year=year,
            period_tertial=tertial,
            workflow_state=state,
            published_at=now - datetime.timedelta(days=year) if published else None,
            snapshot=_snapshot(promise) if published else None,
            pdf=b"%PDF-1.7 stand-in" if published else None,
        )
        for year in range(first_year, first_year + years)
        for tertial in (1, 2, 3)
    )


def _consume(client, url):
    """Fetch `url` and read its streamed body chunk by chunk, as a server sends it: (response, bytes
    sent, peak of memory allocated meanwhile). A first request warms the worker (modules imported,
    URLs and templates loaded), as any worker is after its first requests."""
    client.get(url).getvalue()
    tracemalloc.start()
    try:
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, size, peak


def _body(client, url) -> bytes:
    return client.get(url).getvalue()


def test_aktiviteter_csv_is_streamed_in_a_fraction_of_its_size(client):
    _, promise, area = _municipality("Vaggeryd", "vaggeryd")
    _activities(promise, area, 8000)

    response, size, peak = _consume(client, "/oppna-data/aktiviteter.csv")

    assert isinstance(response, StreamingHttpResponse)
    assert size > 2_000_000
    assert peak < size / 4, (peak, size)
    rows = list(csv.DictReader(io.StringIO(_body(client, "/oppna-data/aktiviteter.csv").decode("utf-8-sig"))))
    assert len(rows) == 8000 and rows[0]["plats"] == "Centrum och Hagadal"


def test_a_municipalitys_report_file_is_streamed_in_a_fraction_of_its_size(client):
    municipality, promise, _ = _municipality("Vaggeryd", "vaggeryd")
    _reports(promise, 20)

    response, size, peak = _consume(client, f"/oppna-data/rapporter/{municipality.slug}.json")

    assert isinstance(response, StreamingHttpResponse)
    assert size > 1_000_000
    assert peak < size / 4, (peak, size)
    reports = json.loads(_body(client, f"/oppna-data/rapporter/{municipality.slug}.json"))["rader"]
    assert len(reports) == 60
    assert reports[0]["innehall"] == _snapshot(promise)


@pytest.mark.parametrize(
    "url",
    [
        "/oppna-data/loften.csv",
        "/oppna-data/loften.json",
        "/oppna-data/aktiviteter.csv",
        "/oppna-data/aktiviteter.json",
        "/oppna-data/rapporter.json",
        "/oppna-data/rapporter/vaggeryd.json",
        "/oppna-data/",
    ],
)
def test_open_data_queries_do_not_grow_with_the_rows(client, url):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert _body(client, url)
        return len(captured)

    _, promise, area = _municipality("Vaggeryd", "vaggeryd")
    _activities(promise, area, 2)
    _reports(promise, 1)
    few = queries()
    for n in range(30):
        _, other, other_area = _municipality(f"Kommun{n}", f"kommun-{n}")
        _activities(other, other_area, 20)
        _reports(other, 2)
    _activities(promise, area, 200)
    _reports(promise, 10, first_year=2010)

    assert queries() == few <= 10


def test_the_report_index_lists_each_municipality_with_its_file_and_true_size(client):
    vaggeryd, promise, _ = _municipality("Vaggeryd", "vaggeryd")
    vindeln, other, _ = _municipality("Vindeln", "vindeln")
    _, only_drafts, _ = _municipality("Hemliga", "hemliga")
    _reports(promise, 2)
    _reports(other, 1)
    _reports(only_drafts, 1, state=ReviewState.APPROVED)

    index = json.loads(_body(client, "/oppna-data/rapporter.json"))

    assert index["licens"] == "CC0-1.0"
    assert list(index["kolumner"]) == list(REPORT_INDEX_FIELDS) and list(index["filernas_falt"]) == list(REPORT_FIELDS)
    assert [(row["kommun"], row["kommunkod"], row["rapporter"]) for row in index["rader"]] == [
        ("Vaggeryds kommun", vaggeryd.code, 6),
        ("Vindelns kommun", vindeln.code, 3),
    ]
    for row in index["rader"]:
        assert set(row) == set(REPORT_INDEX_FIELDS)
        assert row["storlek_byte"] == len(_body(client, row["adress"].removeprefix("http://testserver")))
    newest = FollowUpReport.objects.filter(agreement=promise.agreement).order_by("-published_at").first()
    assert index["rader"][0]["senast_publicerad"] == newest.published_at.isoformat()


def test_a_new_report_gives_its_municipalitys_file_a_new_size(client):
    municipality, promise, _ = _municipality("Vaggeryd", "vaggeryd")
    _reports(promise, 1)
    before = json.loads(_body(client, "/oppna-data/rapporter.json"))["rader"][0]["storlek_byte"]

    # Published as the service does it, one saved record at a time.
    FollowUpReport.objects.create(
        agreement=promise.agreement,
        period_year=2001,
        workflow_state=ReviewState.PUBLISHED,
        published_at=timezone.now(),
        snapshot=_snapshot(promise),
        pdf=b"%PDF-1.7 stand-in",
    )
    after = json.loads(_body(client, "/oppna-data/rapporter.json"))["rader"][0]

    assert after["rapporter"] == 4 and after["storlek_byte"] > before
    assert after["storlek_byte"] == len(_body(client, f"/oppna-data/rapporter/{municipality.slug}.json"))


def test_a_municipalitys_report_file_holds_its_published_reports_only(client):
    municipality, promise, _ = _municipality("Vaggeryd", "vaggeryd")
    _, other, _ = _municipality("Vindeln", "vindeln")
    _reports(promise, 1)
    _reports(promise, 1, first_year=2001, state=ReviewState.DRAFT)
    _reports(other, 1)
    FollowUpReport.objects.filter(agreement=promise.agreement, period_year=2001).update(snapshot={"summary": "Hemligt utkast"})

    document = json.loads(_body(client, f"/oppna-data/rapporter/{municipality.slug}.json"))

    assert document["licens"] == "CC0-1.0" and list(document["kolumner"]) == list(REPORT_FIELDS)
    assert [(row["kommun"], row["period"]) for row in document["rader"]] == [
        ("Vaggeryds kommun", "Tertial 1 2000"),
        ("Vaggeryds kommun", "Tertial 2 2000"),
        ("Vaggeryds kommun", "Tertial 3 2000"),
    ]
    assert all(list(row) == list(REPORT_FIELDS) for row in document["rader"])
    assert "Hemligt" not in json.dumps(document, ensure_ascii=False)
    assert document["rader"][0]["pdf"].endswith("/vaggeryd/uppfoljning/2000/tertial-1/version-1.pdf")


@pytest.mark.parametrize("slug", ["okand", "hemliga"])
def test_an_unknown_municipality_or_one_without_published_reports_has_no_report_file(client, slug):
    _, only_drafts, _ = _municipality("Hemliga", "hemliga")
    _reports(only_drafts, 1, state=ReviewState.SUBMITTED)

    response = client.get(f"/oppna-data/rapporter/{slug}.json")

    assert response.status_code == 404 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"fel": f"Ingen kommun med publicerade uppföljningar har adressen ”{slug}”."}


def test_the_open_data_page_states_each_files_exact_size_when_it_is_small(client):
    municipality, promise, area = _municipality("Vaggeryd", "vaggeryd")
    _activities(promise, area, 3)
    _reports(promise, 1)

    page = client.get("/oppna-data/").content.decode()

    for url in [
        "/oppna-data/loften.csv",
        "/oppna-data/loften.json",
        "/oppna-data/aktiviteter.csv",
        "/oppna-data/aktiviteter.json",
        "/oppna-data/rapporter.json",
        f"/oppna-data/rapporter/{municipality.slug}.json",
    ]:
        assert f"({filesizeformat(len(_body(client, url)))})" in page or f"<td>{filesizeformat(len(_body(client, url)))}</td>" in page, url
    assert "ca " not in page


def test_the_open_data_page_estimates_a_large_files_size_from_a_sample(client, monkeypatch):
    monkeypatch.setattr("public.open_data_sizes.SAMPLE_ROWS", 25)
    _, promise, area = _municipality("Vaggeryd", "vaggeryd")
    _activities(promise, area, 1000)

    from public.open_data import ACTIVITY_COLUMNS, _header
    from public.open_data_sizes import national_sizes

    sizes = national_sizes(
        base_url="http://testserver",
        promise_columns={},
        promise_header={},
        activity_columns=ACTIVITY_COLUMNS,
        activity_header=_header(ACTIVITY_COLUMNS),
    )
    page = client.get("/oppna-data/").content.decode()

    for name in ["aktiviteter.csv", "aktiviteter.json"]:
        actual = len(_body(client, f"/oppna-data/{name}"))
        assert sizes[name].estimated and abs(sizes[name].bytes - actual) < actual * 0.05, (name, sizes[name], actual)
        assert f"ca {filesizeformat(sizes[name].bytes)}" in page


def test_csv_and_json_hold_the_same_rows_in_the_documented_columns(client):
    from public.open_data import ACTIVITY_COLUMNS, PROMISE_COLUMNS

    _, promise, area = _municipality("Vaggeryd", "vaggeryd")
    _activities(promise, area, 3)

    for name, columns in [("loften", PROMISE_COLUMNS), ("aktiviteter", ACTIVITY_COLUMNS)]:
        table = list(csv.DictReader(io.StringIO(_body(client, f"/oppna-data/{name}.csv").decode("utf-8-sig"))))
        document = json.loads(_body(client, f"/oppna-data/{name}.json"))
        assert list(document["kolumner"]) == list(columns) == list(table[0])
        assert [{key: str(value) for key, value in row.items()} for row in document["rader"]] == table
