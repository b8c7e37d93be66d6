"""Build the national benchmark's data set: every municipality's programme for ten years, with
published follow-up reports, in a few minutes, reproducibly from a seed.

The programmes are written with bulk inserts (`generate`). The reports follow the project's own
rules, applied to rows read once per municipality (the tests check them against
`followup.due.reports_due`, `promises_reported_on`, `drafting.activities_to_report` and
`followup.rendering.build_snapshot`, the code they mirror). The PDFs are cut short: a sample is
rendered with WeasyPrint and those bytes are reused for the other reports, and it says so.

It never touches a database that holds anything but the seed programmes: see `check_target`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from agreements.models import Municipality, Signatory, agreement_ends
from approvals.models import ReviewState
from coordination.benchmarking import generate, names, snapshots
from followup.models import ActivityUpdate, FollowUpReport, Indicator, ReportSection
from followup.periods import ReportingPeriod, periods_of_year
from followup.rendering import build_snapshot, render_pdf
from promises.models import Activity, ActivityStatus, Promise, place_in_time

# Raise when the builder changes what it writes, so that a database built before is rebuilt.
VERSION = 2
MARKER = "medborgarloften national benchmark"


class NationalError(Exception):
    """The data set cannot be built here; the message says why and what to do."""


@dataclass(frozen=True)
class Plan:
    """What to build: `municipalities` programmes over `years` years up to `today`'s, from `seed`."""

    seed: int = 14
    municipalities: int = 290
    years: int = 10
    pdf_sample: int = 10
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def first_year(self) -> int:
        return self.today.year - self.years + 1

    def marker(self) -> str:
        return (
            f"{MARKER}: version={VERSION} seed={self.seed} municipalities={self.municipalities} "
            f"years={self.years} until={self.today.year} pdf_sample={self.pdf_sample}"
        )


def seed_codes() -> set[str]:
    """The municipality codes of the seed programmes (fixtures/seeds.json): Vindeln and Vaggeryd."""
    fixture = Path(settings.BASE_DIR) / "fixtures" / "seeds.json"
    return {row["fields"]["code"] for row in json.loads(fixture.read_text()) if row["model"] == "agreements.municipality"}


def database_marker() -> str:
    """The note a finished build leaves on its PostgreSQL database ("" elsewhere, or none)."""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()")
        row = cursor.fetchone()
    return (row[0] if row else "") or ""


def _set_marker(text: str) -> None:
    if connection.vendor != "postgresql":
        return
    from psycopg import sql

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]
        cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(text)).as_string(cursor.connection))


def check_target(plan: Plan) -> str:
    """ "reuse" when this database already holds the data set of `plan`, "build" when it holds
    nothing or only the seed programmes; otherwise NationalError, so no one's data is ever mixed
    with generated programmes."""
    marker = database_marker()
    if marker.startswith(MARKER):
        if marker == plan.marker():
            return "reuse"
        raise NationalError(
            f"This database holds another national data set ({marker}). Drop it, or run with --fresh on the "
            "dedicated database, to build this one."
        )
    others = Municipality.objects.exclude(code__in=seed_codes())
    if others.exists():
        raise NationalError(
            f"This database holds {others.count()} municipalities besides the seed programmes; the national data set is built "
            "only into an empty database or one with the seed/demo data. Use --database-url to name a dedicated PostgreSQL database."
        )
    return "build"


def load_seeds() -> None:
    """The seed programmes as `make demo` loads them, with the demo's reports published through
    the real workflow; the demo users get a random password (this is no demo)."""
    from coordination import demo

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
    call_command("populate_history", auto=True, verbosity=0)
    demo.create_users(password=secrets.token_urlsafe(24))
    demo.create_example_awaiting_approval()
    demo.create_demo_indicators()
    demo.create_demo_contacts()
    demo.create_demo_reports()


def build(plan: Plan, *, say=print) -> dict[str, int]:
    """Build the data set of `plan` into this database (see `check_target`), in one transaction."""
    from django.test import override_settings

    # The demo's workflow sends its e-mail after commit; a benchmark never mails anyone.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return _build(plan, say=say)


def _build(plan: Plan, *, say) -> dict[str, int]:
    started = time.perf_counter()

    def step(text: str) -> None:
        say(f"  {time.perf_counter() - started:7.1f} s  {text}")

    if check_target(plan) == "reuse":
        say(f"This database already holds the national data set ({plan.marker()}); reusing it.")
        return counts()
    rng = random.Random(plan.seed)
    with transaction.atomic():
        if not Municipality.objects.exists():
            load_seeds()
            step("seed programmes and demo reports loaded (Vindeln, Vaggeryd)")
        if plan.municipalities:
            programmes = generate.municipalities(rng, plan.municipalities)
            step(f"{len(programmes)} municipalities (generated names), their police areas, coordinators and chiefs")
            generate.agreements(rng, programmes, first_year=plan.first_year, today=plan.today)
            generate.focus_areas(rng, programmes)
            generate.promises(rng, programmes, first_year=plan.first_year, today=plan.today)
            generate.indicators(rng, programmes, first_year=plan.first_year, today=plan.today)
            step("agreements, focus areas, promises, activities and indicators")
            _publication_steps(programmes)
            reports = _reports(rng, programmes, today=plan.today)
            step(f"{len(reports):,} published reports with their sections, activity updates and snapshots")
            _store_pdfs(reports, sample=plan.pdf_sample, say=step)
        _set_marker(plan.marker())
    result = counts()
    step("done: " + ", ".join(f"{value:,} {key}" for key, value in result.items()))
    return result


def counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "promises": Promise.objects.count(),
        "activities": Activity.objects.count(),
        "published reports": FollowUpReport.objects.published().count(),
    }


def _publication_steps(programmes) -> None:
    by_municipality = {p.municipality.pk: p for p in programmes}
    agreements = [a for p in programmes for a in p.agreements]
    promises = list(Promise.objects.filter(agreement__in=agreements).select_related("agreement"))

    def who(municipality_id):
        return by_municipality[municipality_id].coordinator, by_municipality[municipality_id].chief

    generate.workflow_steps(agreements, who=lambda a: who(a.municipality_id), when=lambda a: a.signed_on)
    generate.workflow_steps(
        promises, who=lambda p: who(p.agreement.municipality_id), when=lambda p: (p.signed_on or p.valid_from) - datetime.timedelta(days=20)
    )


def _status_then(activity, period, rng) -> str:
    """The status at the end of `period`: today's once the activity had it, planned or ongoing before."""
    if period.end < activity.status_date:
        return rng.choice([ActivityStatus.PLANNED, ActivityStatus.ONGOING])
    return activity.status


def periods_due(agreement, *, valid_until, promises, today: datetime.date) -> list[ReportingPeriod]:
    """`followup.due.reports_due`'s periods, from promises already placed in time: those ended by
    today that share a day with the agreement and in which one of its promises applied."""
    start = agreement.reports_from or agreement.starts_on
    return [
        period
        for year in range(start.year, today.year + 1)
        for period in periods_of_year(year, agreement.cadence)
        if start <= period.end <= today
        and period.overlaps(agreement.starts_on, valid_until)
        and any(promise.applies_during(period.start, period.end) for promise in promises)
    ]


def _reports(rng: random.Random, programmes, *, today: datetime.date) -> list[int]:
    """Every period due by today, published (a few left unreported, a few corrected once), with
    one section per promise that applied and one update per activity planned in it, as a draft is
    made, and the snapshot publishing freezes; written some municipalities at a time."""
    ids = []
    for first in range(0, len(programmes), 40):
        chunk = programmes[first : first + 40]
        reports, sections, updates = [], [], []
        for programme in chunk:
            _programme_reports(rng, programme, today=today, out=(reports, sections, updates))
        FollowUpReport.objects.bulk_create(reports, batch_size=500)
        ReportSection.objects.bulk_create(sections, batch_size=generate.BATCH)
        ActivityUpdate.objects.bulk_create(updates, batch_size=generate.BATCH)
        generate.workflow_steps(
            reports, who=lambda r: r.people, when=lambda r: timezone.localdate(r.published_at) - datetime.timedelta(days=5)
        )
        ids += [report.pk for report in reports]
    return ids


def _programme_reports(rng, programme, *, today, out) -> None:
    reports, sections, updates = out
    agreements = {agreement.pk: agreement for agreement in programme.agreements}
    ends = agreement_ends(programme.agreements)
    starts = sorted(agreement.starts_on for agreement in programme.agreements)
    promises = list(
        Promise.objects.published()
        .filter(agreement__in=list(agreements))
        .with_extensions()
        .prefetch_related("focus_areas", "signatories")
        .order_by("order", "valid_from", "pk")
    )
    for promise in promises:
        promise.agreement = agreements[promise.agreement_id]
    place_in_time(promises, agreement_ends=ends)
    activities: dict[int, list] = {}
    for activity in (
        Activity.objects.filter(promise__in=promises)
        .select_related("focus_area", "carried_over_from__promise")
        .order_by("promise", "order", "pk")
    ):
        activities.setdefault(activity.promise_id, []).append(activity)
    signatories: dict[int, list] = {}
    for signatory in Signatory.objects.filter(agreement__in=list(agreements)):
        signatories.setdefault(signatory.agreement_id, []).append(signatory)
    indicators = list(Indicator.objects.filter(municipality=programme.municipality).prefetch_related("measurements"))
    for agreement in programme.agreements:
        own = [promise for promise in promises if promise.agreement_id == agreement.pk]
        successor_start = next((day for day in starts if day > agreement.starts_on), None)
        for period in periods_due(agreement, valid_until=ends[agreement.pk], promises=own, today=today):
            if rng.random() < 0.02:  # the occasional report never published
                continue
            applying = [p for p in own if p.valid_from <= period.end and p.applies_during(period.start, period.end)]
            published = min(period.end + datetime.timedelta(days=rng.randint(10, 45)), today - datetime.timedelta(days=1))
            for version in [1, 2] if rng.random() < 0.03 else [1]:
                report = FollowUpReport(
                    agreement=agreement,
                    period_year=period.year,
                    period_tertial=period.tertial,
                    version_number=version,
                    workflow_state=ReviewState.PUBLISHED,
                    published_at=generate.aware(published + datetime.timedelta(days=20 * (version - 1))).astimezone(datetime.UTC),
                    summary=names.sentences(rng, names.SUMMARIES, 3, period=period.label.lower()),
                    changes_note="Rättelse: fel status för en aktivitet i den första versionen." if version > 1 else "",
                )
                report.people = (programme.coordinator, programme.chief)
                frozen = []
                for order, promise in enumerate(applying, start=1):
                    section = ReportSection(report=report, promise=promise, order=order, text=names.sentences(rng, names.DONE_TEXTS, 2))
                    planned = [a for a in activities.get(promise.pk, []) if a.planned_during(period.start, period.end)]
                    rows = [
                        (
                            ActivityUpdate(
                                section=section,
                                activity=activity,
                                status=_status_then(activity, period, rng),
                                order=position,
                                what_was_done=rng.choice(names.DONE_TEXTS),
                                next_step=rng.choice(names.NEXT_STEPS),
                                achieved=rng.randint(0, activity.target_per_year) if activity.target_per_year else None,
                            ),
                            activity,
                        )
                        for position, activity in enumerate(planned, start=1)
                    ]
                    sections.append(section)
                    updates += [update for update, _ in rows]
                    frozen.append((section, promise, rows))
                report.snapshot = snapshots.snapshot(
                    report,
                    agreement=agreement,
                    successor_start=successor_start,
                    signatories=signatories.get(agreement.pk, []),
                    sections=frozen,
                    indicators=indicators,
                )
                reports.append(report)


def _store_pdfs(ids: list[int], *, sample: int, say) -> None:
    """Give every report a PDF: `sample` of them rendered with WeasyPrint from the snapshot that
    `build_snapshot` makes of them, their bytes reused in turn for all the others. Each is stored
    while no PDF is yet, as `report_publish` stores it; from then on the report is frozen."""
    if not ids:
        return
    ids = sorted(ids)
    chosen = ids[:: max(1, len(ids) // max(1, sample))][:sample]
    pdfs = []
    for pk in chosen:
        report = FollowUpReport.objects.select_related("agreement__municipality", "agreement__police_area").get(pk=pk)
        real = build_snapshot(report)
        if real != report.snapshot:
            say(f"warning: report {pk}'s generated snapshot differs from build_snapshot's; storing build_snapshot's")
            FollowUpReport.objects.filter(pk=pk).update(snapshot=real)
        pdfs.append(render_pdf(real))
    say(
        f"{len(pdfs)} PDFs rendered with WeasyPrint ({sum(map(len, pdfs)) / len(pdfs) / 1000:.0f} kB on average); "
        f"the same bytes are reused for the other {len(ids) - len(pdfs):,} reports"
    )
    # Publishing stores the PDF's checksum too where the model keeps one.
    checksum = any(f.name == "pdf_sha256" and f.concrete for f in FollowUpReport._meta.get_fields())
    sampled = set(chosen)
    others = [pk for pk in ids if pk not in sampled]
    for index, pdf in enumerate(pdfs):
        extra = {"pdf_sha256": hashlib.sha256(pdf).hexdigest()} if checksum else {}
        FollowUpReport.objects.filter(pk__in=[chosen[index], *others[index :: len(pdfs)]]).update(pdf=pdf, **extra)
