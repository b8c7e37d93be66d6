"""Measure what the suite does not time: a 10,000-row activity import and the public pages.

Runs inside a transaction that is rolled back, so it leaves the database as it found it.
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Coordinator, Municipality, PoliceArea
from approvals.models import ReviewState
from promises import importing
from promises.models import Activity, FocusArea, Promise


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Prints timings and query counts for a large import and for the public pages; changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows, **options):
        try:
            with transaction.atomic():
                self._run(rows)
                raise Rollback
        except Rollback:
            pass

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
            municipality=municipality, police_area=area_police, title="Benchmark", starts_on=datetime.date(2024, 1, 1),
            workflow_state=ReviewState.PUBLISHED,
        )
        focus = FocusArea.objects.create(municipality=municipality, name="Trygghet", slug="trygghet")
        promise = Promise.objects.create(agreement=agreement, title="Benchmarklöfte", commitment="Vi lovar.", valid_from=datetime.date(2024, 1, 1))
        promise.focus_areas.add(focus)
        user = get_user_model().objects.create_user("benchmark-samordnare")
        Coordinator.objects.create(user=user, municipality=municipality)
        lines = ["Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status"]
        lines += [f";{promise.pk};Aktivitet nummer {n};Trygghet;gemensamt;;Plats {n % 50};planerad" for n in range(rows)]
        data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
        self.stdout.write(f"Import of {rows} activity rows ({len(data) / 1_000_000:.1f} MB CSV):")
        plan = self._measure("  check the whole file (preview)", lambda: importing.plan_import(municipality=municipality, name="b.csv", data=data))
        assert plan.is_valid, plan.errors[:3]
        self._measure("  check again and write, one transaction", lambda: importing.run_import(municipality=municipality, name="b.csv", data=data, by=user))
        self.stdout.write(f"  activities written: {Activity.objects.filter(promise=promise).count()}")
        exported = self._measure("  export the same activities as CSV", lambda: importing.export_csv(municipality))
        again = self._measure("  import the export (changes nothing)", lambda: importing.run_import(municipality=municipality, name="e.csv", data=exported, by=user))
        self.stdout.write(f"  re-import: {len(again.new)} new, {len(again.changed)} changed, {len(again.unchanged)} unchanged")

        promise.workflow_state = ReviewState.PUBLISHED
        promise.save()
        client = Client()
        self.stdout.write("Public pages, anonymous reader (with the activities above):")
        for url in ["/", "/benchmark/", promise.get_absolute_url(), "/oppna-data/aktiviteter.csv", "/flode/"]:
            response = self._measure(f"  GET {url}", lambda url=url: client.get(url, HTTP_HOST="127.0.0.1"))
            assert response.status_code == 200, (url, response.status_code)
