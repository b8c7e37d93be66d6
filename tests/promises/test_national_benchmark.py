"""The national benchmark's data set (coordination/benchmarking), built at a tiny scale: it keeps the
models' rules, its reports are what the project's own code would publish, a seed gives the same
data every time, it never mixes with anyone's data, and the benchmark prints every URL kind."""

import io
import json
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from pypdf import PdfReader

from agreements.models import Agreement, Municipality
from coordination.benchmarking import measure, national
from followup.drafting import activities_to_report
from followup.due import reports_due
from followup.models import FollowUpReport
from followup.rendering import build_snapshot
from followup.services import promises_reported_on
from promises.models import Activity, Promise
from tests.factories import MunicipalityFactory

TINY = national.Plan(seed=3, municipalities=3, years=2, pdf_sample=1)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the database's own rules are PostgreSQL's")


_RENDERED = {}


@pytest.fixture(autouse=True)
def _one_weasyprint_render(monkeypatch):
    """One real PDF per test run, reused by every build here: WeasyPrint is the slow part."""
    real = national.render_pdf

    def render(snapshot):
        if "pdf" not in _RENDERED:
            _RENDERED["pdf"] = real(snapshot)
        return _RENDERED["pdf"]

    monkeypatch.setattr(national, "render_pdf", render)


@pytest.fixture
def tiny(seeds):
    national.build(TINY, say=lambda text: None)


def generated():
    return Municipality.objects.exclude(code__in=national.seed_codes())


def test_tiny_set_has_every_kind_of_record(tiny):
    assert generated().count() == 3
    assert Promise.objects.filter(agreement__municipality__in=generated()).published().count() > 3
    assert Activity.objects.filter(promise__agreement__municipality__in=generated()).exists()
    assert FollowUpReport.objects.published().filter(agreement__municipality__in=generated()).exists()


def test_generated_records_pass_the_models_own_checks(tiny):
    for agreement in Agreement.objects.filter(municipality__in=generated()):
        agreement.full_clean()
        assert not agreement.overlapping_agreements().exists()
    for promise in Promise.objects.filter(agreement__municipality__in=generated()):
        promise.full_clean()
    for activity in Activity.objects.filter(promise__agreement__municipality__in=generated())[:200]:
        try:
            activity.full_clean()
        except ValidationError as error:
            # Published promises take no new activities through a form; every other rule must hold.
            assert set(error.message_dict) == {"promise"}, error.message_dict


def test_every_published_report_has_a_snapshot_and_a_pdf_that_opens(tiny):
    reports = FollowUpReport.objects.published().filter(agreement__municipality__in=generated())
    for report in reports:
        assert report.snapshot["schema"] and report.snapshot["sections"] is not None
        assert len(PdfReader(io.BytesIO(bytes(report.pdf))).pages) >= 1


def test_reports_are_those_the_services_would_publish(tiny):
    """Periods, sections, updates and snapshots match followup.due, followup.services,
    followup.drafting and followup.rendering, which the builder mirrors for speed."""
    for agreement in Agreement.objects.filter(municipality__in=generated()):
        reports = list(agreement.reports.published().order_by("period_year", "period_tertial", "version_number"))
        due = {(d.period.year, d.period.tertial) for d in reports_due(agreement, today=TINY.today)}
        assert {(r.period_year, r.period_tertial) for r in reports} <= due
        for report in reports:
            promises = promises_reported_on(agreement, report.period)
            sections = list(report.sections.order_by("order"))
            assert [s.promise_id for s in sections] == [p.pk for p in promises]
            planned = activities_to_report(promises, report.period)
            for section in sections:
                assert [u.activity_id for u in section.updates.order_by("order")] == [a.pk for a in planned[section.promise_id]]
            assert report.snapshot == build_snapshot(report)


@on_postgresql
def test_published_reports_are_frozen_by_the_database(tiny):
    report = FollowUpReport.objects.published().filter(agreement__municipality__in=generated()).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        FollowUpReport.objects.filter(pk=report.pk).update(summary="Ändrad i efterhand.")


def _fingerprint():
    return (
        sorted(generated().values_list("name", "code", "slug")),
        sorted(Promise.objects.filter(agreement__municipality__in=generated()).values_list("title", "valid_from")),
        Counter(Activity.objects.filter(promise__agreement__municipality__in=generated()).values_list("status", flat=True)),
        FollowUpReport.objects.filter(agreement__municipality__in=generated()).count(),
    )


class Rollback(Exception):
    pass


def _built(plan):
    try:
        with transaction.atomic():
            national.build(plan, say=lambda text: None)
            fingerprint = _fingerprint()
            raise Rollback
    except Rollback:
        return fingerprint


def test_the_same_seed_builds_the_same_data_set(seeds):
    first = _built(TINY)
    assert not generated().exists()  # rolled back: the second build starts from the same database
    assert _built(TINY) == first


def test_another_seed_builds_another_data_set(seeds):
    assert _built(TINY)[0] != _built(national.Plan(seed=4, municipalities=3, years=2, pdf_sample=1))[0]


def test_it_refuses_a_database_with_other_municipalities(seeds):
    MunicipalityFactory(name="Riktiga kommun", code="0999", slug="riktiga")
    with pytest.raises(national.NationalError, match="besides the seed programmes"):
        national.build(TINY, say=lambda text: None)
    assert Municipality.objects.count() == 3  # the two seeds and the user's own; nothing written


@on_postgresql
def test_it_reuses_a_database_built_with_the_same_plan_and_refuses_another(tiny):
    assert national.check_target(TINY) == "reuse"
    with pytest.raises(national.NationalError, match="another national data set"):
        national.check_target(national.Plan(seed=99, municipalities=3, years=2, pdf_sample=1))


def test_national_benchmark_needs_postgresql():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("benchmark", "--national", "--database-url", "sqlite:///tmp/benchmark.sqlite3")


def test_benchmark_prints_a_line_per_public_url_kind(tiny, tmp_path):
    out = io.StringIO()
    result = tmp_path / "figures.json"
    call_command("benchmark", "--national-step", "measure", "--scale", "national", "--repeat", "1", "--json-out", str(result), stdout=out)
    figures = json.loads(result.read_text())
    kinds = [figure["kind"] for figure in figures]
    for kind in [
        "home",
        "municipality",
        "municipality year",
        "promise",
        "report HTML (year)",
        "report PDF",
        "focus area list",
        "focus area",
        "feed (site)",
        "feed (municipality)",
        "sitemap",
        "open data index",
        "accessibility",
        "robots.txt",
    ]:
        assert kind in kinds
    assert any(kind.startswith("open data ") and kind != "open data index" for kind in kinds)
    assert all(figure["status"] == 200 for figure in figures), [(f["url"], f["status"]) for f in figures if f["status"] != 200]
    printed = out.getvalue().splitlines()
    assert all(any(f"  {figure['kind']} " in line and figure["url"] in line for line in printed) for figure in figures)


def test_comparison_has_a_line_per_kind_with_the_ratio():
    seed = [{"kind": "home", "status": 200, "queries": 4, "seconds": 0.01, "peak_bytes": 1e6, "cached_seconds": 0.001}]
    national_figures = [{"kind": "home", "status": 200, "queries": 4, "seconds": 0.03, "peak_bytes": 2e6, "cached_seconds": 0.001}]
    lines = measure.comparison(seed, national_figures)
    assert len(lines) == 2 and "home" in lines[1] and " 3.00 " in lines[1]
