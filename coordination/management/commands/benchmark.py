"""Measure what the suite does not time: a 10,000-row activity import and the public pages.

Runs inside a transaction that is rolled back, so it leaves the database as it found it.

With --national it builds (or reuses) the national data set in a database of its own and prints
every public URL kind at seed and at national scale: see coordination/benchmarking/ and the README.
"""

import argparse
import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Coordinator, Municipality, PoliceArea
from approvals.models import ReviewState
from approvals.text_limits import text_limit
from promises.importing import activities as activity_import
from promises.models import Activity, FocusArea, Promise, ResponsibleParty


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Prints timings and query counts for a large import and for the public pages; changes nothing. "
        "With --national: builds the national data set in its own database and compares every public URL kind "
        "at seed and national scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--report-promises", type=int, default=5, help="promises in the largest report (Vindeln has 5)")
        parser.add_argument("--report-activities", type=int, default=5, help="activities per promise in the largest report")
        national = parser.add_argument_group("national benchmark")
        national.add_argument("--national", action="store_true", help="build or reuse the national data set, then measure")
        national.add_argument(
            "--database-url",
            help="a dedicated PostgreSQL database for it, created when missing "
            "(default: DATABASE_URL, which must then hold nothing but the seed/demo data)",
        )
        national.add_argument("--fresh", action="store_true", help="drop and rebuild --database-url if it holds a national data set")
        national.add_argument("--build-only", action="store_true", help="build or reuse the data set, measure nothing")
        national.add_argument("--seed", type=int, default=14, help="random seed (default 14)")
        national.add_argument("--municipalities", type=int, default=290)
        national.add_argument("--years", type=int, default=10)
        national.add_argument("--pdf-sample", type=int, default=10, help="reports whose PDF is rendered; the rest reuse those bytes")
        national.add_argument("--repeat", type=int, default=5, help="requests per URL for the median")
        # One step of --national, run by it in a child process against one database (DATABASE_URL).
        national.add_argument("--national-step", choices=["build", "measure", "urls"], help=argparse.SUPPRESS)
        national.add_argument("--scale", choices=["seed", "national"], default="national", help=argparse.SUPPRESS)
        national.add_argument("--json-out", help=argparse.SUPPRESS)

    def handle(self, *args, rows, report_promises, report_activities, **options):
        if options["national"] or options["national_step"]:
            from coordination.benchmarking.command import run_national

            run_national(self, options)
            return
        try:
            with transaction.atomic():
                self._run(rows)
                raise Rollback
        except Rollback:
            pass
        self._report_pdf(report_promises, report_activities)

    def _measure(self, label, function):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - started
        self.stdout.write(f"{label:<46} {seconds:8.3f} s  {len(queries):6d} queries")
        return result

    def _run(self, rows):
        area_police = PoliceArea.objects.create(name="LPO Benchmark", region="Region Test")
        municipality = Municipality.objects.create(
            name="Benchmarks kommun", short_name="Benchmark", code="9999", slug="benchmark", county="Testlän", police_area=area_police
        )
        agreement = Agreement.objects.create(
            municipality=municipality,
            police_area=area_police,
            title="Benchmark",
            starts_on=datetime.date(2024, 1, 1),
            workflow_state=ReviewState.PUBLISHED,
        )
        focus = FocusArea.objects.create(municipality=municipality, name="Trygghet", slug="trygghet")
        promise = Promise.objects.create(
            agreement=agreement, title="Benchmarklöfte", commitment="Vi lovar.", valid_from=datetime.date(2024, 1, 1)
        )
        promise.focus_areas.add(focus)
        user = get_user_model().objects.create_user("benchmark-samordnare")
        Coordinator.objects.create(user=user, municipality=municipality)
        lines = ["Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status"]
        lines += [f";{promise.pk};Aktivitet nummer {n};Trygghet;gemensamt;;Plats {n % 50};planerad" for n in range(rows)]
        data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        self.stdout.write(f"Import of {rows} activity rows ({len(data) / 1_000_000:.1f} MB CSV):")
        plan = self._measure(
            "  check the whole file (preview)", lambda: activity_import.plan_import(municipality=municipality, name="b.csv", data=data)
        )
        assert plan.is_valid, plan.errors[:3]
        started = time.perf_counter()
        self._measure(
            "  check again and write, one transaction",
            lambda: activity_import.run_import(municipality=municipality, name="b.csv", data=data, by=user),
        )
        imported = time.perf_counter() - started
        self.stdout.write(f"  activities written: {Activity.objects.filter(promise=promise).count()}")
        exported = self._measure("  export the same activities as CSV", lambda: activity_import.export_csv(municipality))
        again = self._measure(
            "  import the export (changes nothing)",
            lambda: activity_import.run_import(municipality=municipality, name="e.csv", data=exported, by=user),
        )
        self.stdout.write(f"  re-import: {len(again.new)} new, {len(again.changed)} changed, {len(again.unchanged)} unchanged")
        # The floor any import is measured against: the same rows written by one bulk_create, with
        # nothing checked and no history (into a second promise, so the first is left as imported).
        floor = Promise.objects.create(
            agreement=agreement, title="Benchmark, bulk_create", commitment="Vi lovar.", valid_from=datetime.date(2024, 1, 1)
        )
        rows_only = [
            Activity(
                promise=floor,
                description=f"Aktivitet nummer {n}",
                focus_area=focus,
                place=f"Plats {n % 50}",
                responsible=ResponsibleParty.JOINTLY,
                order=n,
            )
            for n in range(rows)
        ]
        started = time.perf_counter()
        self._measure("  the same rows by bulk_create (the floor)", lambda: Activity.objects.bulk_create(rows_only, batch_size=1000))
        bulk = time.perf_counter() - started
        self.stdout.write(f"  import ÷ bulk_create: {imported / bulk:.1f}×")

        promise.workflow_state = ReviewState.PUBLISHED
        promise.save()
        client = Client()
        self.stdout.write("Public pages, anonymous reader (with the activities above):")
        for url in ["/", "/benchmark/", promise.get_absolute_url(), "/oppna-data/aktiviteter.csv", "/flode/"]:
            response = self._measure(f"  GET {url}", lambda url=url: client.get(url, HTTP_HOST="127.0.0.1"))
            assert response.status_code == 200, (url, response.status_code)

    def _report_pdf(self, promises: int, activities: int):
        """The PDF of the largest report the text limits allow (approvals.text_limits: every text
        at its limit), against one of a real programme's size."""
        from followup.rendering import render_pdf

        typical = _report_snapshot(promises=1, activities=4, length=lambda model, field: 400)
        largest = _report_snapshot(promises=promises, activities=activities, length=text_limit)
        characters = _characters(largest)
        self.stdout.write(
            f"Report PDF, {promises} promises × {activities} activities, every text at its limit ({characters:,} characters):"
        )
        started = time.perf_counter()
        render_pdf(typical)
        base = time.perf_counter() - started
        self.stdout.write(f"  {'a typical report (Vaggeryd-sized)':<44} {base:8.3f} s")
        started = time.perf_counter()
        render_pdf(largest)
        seconds = time.perf_counter() - started
        self.stdout.write(f"  {'the largest report the limits allow':<44} {seconds:8.3f} s  {seconds / base:6.1f}× the typical")


def _text(characters: int) -> str:
    """Swedish-looking prose of exactly `characters` characters, in paragraphs as people write."""
    paragraph = ("Trygghetsvandringar genomfördes i centrum tillsammans med fastighetsägare och föreningar. " * 7).strip()
    text = "\n\n".join([paragraph] * (characters // (len(paragraph) + 2) + 1))
    return text[:characters]


def _characters(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_characters(v) for v in value.values())
    if isinstance(value, list):
        return sum(_characters(v) for v in value)
    return 0


def _report_snapshot(*, promises: int, activities: int, length) -> dict:
    """A report snapshot (followup.rendering.build_snapshot's shape) whose free texts have the
    lengths `length(model, field)` gives."""
    from followup.models import ActivityUpdate, FollowUpReport, ReportSection

    def text(model, field):
        return _text(length(model, field))

    return {
        "schema": 2,
        "municipality": {"name": "Benchmarks kommun", "slug": "benchmark", "county": "Testlän"},
        "police_area": "LPO Benchmark",
        "agreement": {"title": "Samverkansöverenskommelse", "period_text": "2024–", "state": "Gäller", "partners": [], "signatories": []},
        "signing": {"of": "agreement", "signatories": []},
        "original_publication": None,
        "period": {"year": 2024, "tertial": None, "label": "Helår 2024", "start": "2024-01-01", "end": "2024-12-31"},
        "version_number": 2,  # a correction, so that it says what changed, too
        "changes_note": text(FollowUpReport, "changes_note"),
        "summary": text(FollowUpReport, "summary"),
        "published_at": "2025-01-15T10:00:00+00:00",
        "sections": [
            {
                "promise_title": f"Löfte {number}",
                "commitment": text(Promise, "commitment"),
                "focus_areas": ["Trygghet"],
                "text": text(ReportSection, "text"),
                "activities": [
                    {
                        "description": text(Activity, "description"),
                        "focus_area": "Trygghet",
                        "responsible": "Gemensamt",
                        "place": "Centrum",
                        "target": "4 vandringar per år",
                        "target_per_year": 4,
                        "status": "done",
                        "status_label": "Genomförd",
                        "what_was_done": text(ActivityUpdate, "what_was_done"),
                        "achieved": "4",
                        "next_step": text(ActivityUpdate, "next_step"),
                        "carried_over_from": "",
                    }
                    for _ in range(activities)
                ],
            }
            for number in range(1, promises + 1)
        ],
        "focus_area_summary": [],
        "indicators": [],
    }
