"""Every public page is bounded: the same number of queries (at most ten) however many reports a
municipality has published and however many municipalities the country has, and no list loads a
report's PDF or frozen snapshot. Measured without the page cache, which would hide it."""

from __future__ import annotations

import datetime
import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from agreements.models import Agreement, FollowUpCadence, Municipality, Signatory
from approvals.models import Action, ReviewState, Transition
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.periods import ReportingPeriod
from followup.rendering import build_snapshot
from promises.models import (
    Activity,
    ActivityStatus,
    Audience,
    FocusArea,
    Promise,
    PromiseExtension,
    PromiseSignatory,
    PromiseState,
    ResponsibleParty,
    place_in_time,
)
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    PromiseExtensionFactory,
    PromiseFactory,
)

pytestmark = [
    pytest.mark.django_db,
    # Counted as the database sees them: the page cache would answer a second request without any.
    pytest.mark.usefixtures("no_page_cache"),
]

MAX_QUERIES = 10
# The builder's "current" promises run through this calendar year; its reports cover the years before.
THIS_YEAR = timezone.localdate().year
PDF = b"%PDF-1.7\n% stand-in for a stored report\n" + b"0" * 2_000


@pytest.fixture
def no_page_cache():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        yield


# --- Building a realistic programme, in bulk where the services are not the point -------------


def national_areas() -> list[FocusArea]:
    return [
        FocusAreaFactory(name="Trygghet i centrum", slug="trygghet-i-centrum"),
        FocusAreaFactory(name="Narkotika", slug="narkotika"),
        FocusAreaFactory(name="Trafik", slug="trafik"),
    ]


def programme(*, name: str, first_year: int, reports: int, national: list[FocusArea], promises_per_year: int = 2) -> Municipality:
    """A municipality with everything public pages show, from `first_year` to THIS_YEAR: agreements
    of four years each (the last one until further notice), a yearly set of promises with signatories,
    activities carried over from the year before and one extension by decision, a promise upcoming next
    year, and the last `reports` periods' reports (tertials and the year) published, one of them
    corrected as a second version."""
    municipality = MunicipalityFactory(
        short_name=name, name=f"{name}s kommun", slug=name.lower(), police_area=PoliceAreaFactory(name=f"LPO {name}")
    )
    local = [
        FocusArea.objects.create(municipality=municipality, name=f"{area.name} i {name}", slug=f"{area.slug}-lokal", national_area=area)
        for area in national
    ]
    agreements = []
    for start in range(first_year, THIS_YEAR + 1, 4):
        last = start + 3 < THIS_YEAR
        agreements.append(
            Agreement.objects.create(
                municipality=municipality,
                police_area=municipality.police_area,
                title=f"Samverkansöverenskommelse {name} {start}",
                starts_on=datetime.date(start, 1, 1),
                ends_on=datetime.date(start + 3, 12, 31) if last else None,
                cadence=FollowUpCadence.BOTH,
                workflow_state=ReviewState.PUBLISHED,
                purpose="Ökad trygghet.",
            )
        )
    Signatory.objects.bulk_create(
        Signatory(agreement=agreement, name=f"Person {n}", title="Kommunstyrelsens ordförande", party=party, organisation=name, order=n)
        for agreement in agreements
        for n, party in enumerate(["municipality", "police"])
    )

    def agreement_of(year):
        return [a for a in agreements if a.starts_on.year <= year][-1]

    by_year: dict[int, list[Promise]] = {}
    for year in range(first_year, THIS_YEAR + 2):
        by_year[year] = Promise.objects.bulk_create(
            Promise(
                agreement=agreement_of(min(year, THIS_YEAR)),
                title=f"Löfte {n + 1} {year} i {name}",
                commitment="Kommunen och polisen lovar att arbeta tillsammans för ökad trygghet. " * 4,
                effect="Fler känner sig trygga.",
                background="Trygghetsmätningen visar otrygghet i centrum.",
                valid_from=datetime.date(year, 1, 1),
                valid_until=datetime.date(year, 12, 31),
                order=n,
                audience=Audience.CHILDREN if n == 1 else Audience.EVERYONE,
                workflow_state=ReviewState.PUBLISHED,
            )
            for n in range(promises_per_year)
        )
    promises = [promise for year_promises in by_year.values() for promise in year_promises]
    Promise.focus_areas.through.objects.bulk_create(
        Promise.focus_areas.through(promise=promise, focusarea=area)
        for n, promise in enumerate(promises)
        for area in (local[n % len(local)], national[(n + 1) % len(national)])
    )
    PromiseSignatory.objects.bulk_create(
        PromiseSignatory(promise=promise, name="Anna Berg", title="Kommundirektör", party="municipality", organisation=name)
        for promise in promises
    )
    # The first promise of the year before this one was extended into this year by decision.
    if first_year < THIS_YEAR:
        PromiseExtension.objects.create(
            promise=by_year[THIS_YEAR - 1][0],
            extended_until=datetime.date(THIS_YEAR, 12, 31),
            decided_on=datetime.date(THIS_YEAR - 1, 11, 1),
            decided_by="Kommunstyrelsen",
            reference="KS 1",
            workflow_state=ReviewState.PUBLISHED,
        )
    statuses = ActivityStatus.values
    activities: dict[int, list[Activity]] = {}
    for year in sorted(by_year):
        for promise in by_year[year]:
            earlier = activities.get(by_year[year - 1][0].pk, []) if year - 1 in by_year else []
            activities[promise.pk] = Activity.objects.bulk_create(
                Activity(
                    promise=promise,
                    focus_area=local[n % len(local)],
                    description=f"Aktivitet {n + 1}: trygghetsvandring ({promise.title})",
                    responsible=ResponsibleParty.JOINTLY,
                    place="Centrum",
                    status=statuses[(promise.pk + n) % len(statuses)],
                    carried_over_from=earlier[0] if n == 0 and earlier and promise.order == 0 else None,
                    order=n,
                )
                for n in range(3)
            )
    promise_type = ContentType.objects.get_for_model(Promise)
    Transition.objects.bulk_create(
        Transition(
            content_type=promise_type,
            object_id=promise.pk,
            action=Action.PUBLISH,
            from_state=ReviewState.APPROVED,
            to_state=ReviewState.PUBLISHED,
            at=timezone.make_aware(datetime.datetime(promise.valid_from.year - 1, 12, 1, 12, promise.order)),
        )
        for promise in promises
    )
    periods = [ReportingPeriod(year, tertial) for year in range(first_year, THIS_YEAR) for tertial in (1, 2, 3, None)]
    for number, period in enumerate(periods[-reports:] if reports else []):
        version = 2 if number == 1 else 1  # the second period was corrected
        for version_number in range(1, version + 1):
            _publish_report(agreement_of(period.year), period, by_year[period.year], activities, version_number)
    return municipality


def _publish_report(agreement, period, promises, activities, version_number) -> FollowUpReport:
    """A published report as `report_publish` leaves it (snapshot and PDF stored), without
    WeasyPrint: the PDF is a small stand-in."""
    report = FollowUpReport.objects.create(
        agreement=agreement,
        period_year=period.year,
        period_tertial=period.tertial,
        version_number=version_number,
        summary=f"Sammanfattning av {period.label}.",
        changes_note="Rättad siffra." if version_number > 1 else "",
    )
    sections = ReportSection.objects.bulk_create(
        ReportSection(report=report, promise=promise, text="Arbetet gick enligt planen.", order=n) for n, promise in enumerate(promises)
    )
    ActivityUpdate.objects.bulk_create(
        ActivityUpdate(section=section, activity=activity, status=activity.status, what_was_done="Genomfört.", order=n)
        for section in sections
        for n, activity in enumerate(activities[section.promise_id])
    )
    published_at = timezone.make_aware(datetime.datetime(period.end.year, period.end.month, 28, 9, version_number))
    FollowUpReport.objects.filter(pk=report.pk).update(workflow_state=ReviewState.PUBLISHED, published_at=published_at)
    report.refresh_from_db()
    FollowUpReport.objects.filter(pk=report.pk).update(snapshot=build_snapshot(report), pdf=PDF, pdf_sha256=hashlib.sha256(PDF).hexdigest())
    return report


# --- What a page costs -------------------------------------------------------------------------


def municipality_urls(municipality: Municipality) -> dict[str, str]:
    """One address of every public URL kind that belongs to a municipality."""
    slug = municipality.slug
    promise = Promise.objects.published().of_municipality(municipality).filter(valid_from__year=THIS_YEAR).order_by("order").first()
    ended = Promise.objects.published().of_municipality(municipality).order_by("valid_from", "order").first()
    reports = FollowUpReport.objects.published().of_municipality(municipality).order_by("-period_year", "period_tertial", "version_number")
    year = reports.filter(period_tertial__isnull=True).first()
    tertial = reports.filter(period_tertial__isnull=False).first() or year
    tertial_part = f"tertial-{tertial.period_tertial}/" if tertial.period_tertial else ""
    return {
        "municipality": f"/{slug}/",
        "municipality feed": f"/{slug}/flode/",
        "year archive": f"/{slug}/ar/{year.period_year}/",
        "current promise": promise.get_absolute_url(),
        "ended promise": ended.get_absolute_url(),
        "annual report": f"/{slug}/uppfoljning/{year.period_year}/",
        "tertial report": f"/{slug}/uppfoljning/{tertial.period_year}/{tertial_part}",
        "report version": f"/{slug}/uppfoljning/{tertial.period_year}/{tertial_part}version-1/",
        "annual report PDF": f"/{slug}/uppfoljning/{year.period_year}.pdf",
        "report version PDF": f"/{slug}/uppfoljning/{tertial.period_year}/{tertial_part}version-1.pdf".replace("/version", "/version"),
    }


COUNTRY_URLS = {
    "home": "/",
    "home, filtered": "/?q=a&focus_area=narkotika&audience=children",
    "focus areas": "/fokusomraden/",
    "focus area": "/fokusomraden/narkotika/",
    "site feed": "/flode/",
    "sitemap index": "/sitemap.xml",
    "sitemap of promises": "/sitemap-promises.xml",
    "sitemap of reports": "/sitemap-reports.xml",
    "sitemap of municipalities": "/sitemap-municipalities.xml",
    "open data index": "/oppna-data/",
    "accessibility": "/tillganglighet/",
    "robots.txt": "/robots.txt",
}

# Pages that show one report's content: they need its snapshot, never its PDF.
SHOWS_A_SNAPSHOT = {"annual report", "tertial report", "report version"}
# The stored PDF itself.
SERVES_THE_PDF = {"annual report PDF", "report version PDF"}


def measure(client, urls: dict[str, str]) -> dict[str, list[str]]:
    """The SQL of each page, read anonymously; every page must answer 200."""
    measured = {}
    for kind, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200, f"{kind}: {url} answered {response.status_code}"
        measured[kind] = [query["sql"] for query in queries.captured_queries]
    return measured


def loaded_columns(sql: str) -> set[str]:
    """The bare columns of report rows a query's SELECT lists load (not those only read inside an
    expression, such as one value taken out of the snapshot in the database)."""
    columns = set()
    for select_list in _select_lists(sql):
        for item in _split_top_level(select_list):
            match = re.fullmatch(r'\s*"followup_followupreport"\."(\w+)"(\s+AS\s+"?\w+"?)?\s*', item, flags=re.IGNORECASE)
            if match:
                columns.add(match.group(1))
    return columns


def _select_lists(sql: str) -> list[str]:
    """The text between each SELECT and its FROM at the same depth of parentheses."""
    lists, stack = [], []
    depth = 0
    for token in re.finditer(r"\(|\)|'(?:[^']|'')*'|\bSELECT\b|\bFROM\b", sql, flags=re.IGNORECASE):
        text = token.group(0).upper()
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "SELECT":
            stack.append((depth, token.end()))
        elif text == "FROM" and stack and stack[-1][0] == depth:
            start = stack.pop()[1]
            lists.append(sql[start : token.start()])
    return lists


def _split_top_level(select_list: str) -> list[str]:
    items, depth, start = [], 0, 0
    for index, char in enumerate(select_list):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(select_list[start:index])
            start = index + 1
    items.append(select_list[start:])
    return items


def check_bounds(measured: dict[str, list[str]]) -> list[str]:
    """What is wrong with the measured pages: too many queries, or a PDF or snapshot loaded where it
    is not shown."""
    problems = []
    for kind, queries in measured.items():
        if len(queries) > MAX_QUERIES:
            problems.append(f"{kind}: {len(queries)} queries\n    " + "\n    ".join(queries))
        if kind in SERVES_THE_PDF:
            continue
        heavy = {"pdf"} if kind in SHOWS_A_SNAPSHOT else {"pdf", "snapshot"}
        for sql in queries:
            if loaded_columns(sql) & heavy:
                problems.append(f"{kind} loads {sorted(loaded_columns(sql) & heavy)}: {sql}")
    return problems


def differences(small: dict[str, list[str]], large: dict[str, list[str]]) -> list[str]:
    return [
        f"{kind}: {len(small[kind])} queries at the small size, {len(large[kind])} at the large\n    " + "\n    ".join(large[kind])
        for kind in small
        if len(small[kind]) != len(large[kind])
    ]


# --- The tests ---------------------------------------------------------------------------------


def test_a_municipalitys_pages_cost_the_same_with_one_report_and_with_forty(client):
    national = national_areas()
    small = programme(name="Liten", first_year=THIS_YEAR - 1, reports=1, national=national)
    large = programme(name="Stor", first_year=THIS_YEAR - 10, reports=40, national=national)
    assert FollowUpReport.objects.published().of_municipality(large).count() == 41  # 40 periods, one corrected

    at_one = measure(client, municipality_urls(small))
    at_forty = measure(client, municipality_urls(large))

    assert not differences(at_one, at_forty), "\n".join(differences(at_one, at_forty))
    assert not check_bounds(at_forty), "\n".join(check_bounds(at_forty))


def test_every_public_page_costs_the_same_with_one_municipality_and_with_fifty(client):
    national = national_areas()
    first = programme(name="Forsta", first_year=THIS_YEAR - 2, reports=4, national=national, promises_per_year=3)
    urls = {**COUNTRY_URLS, **municipality_urls(first)}
    alone = measure(client, urls)

    for n in range(49):
        programme(name=f"Kommun{n:02d}", first_year=THIS_YEAR - 1, reports=1, national=national)
    among_fifty = measure(client, urls)
    # Fifty municipalities' promises fill more than one page of a focus area; the second costs the same.
    among_fifty["focus area, page 2"] = measure(client, {"page 2": "/fokusomraden/narkotika/?sida=2"})["page 2"]

    assert Municipality.objects.count() == 50
    assert not differences(alone, among_fifty), "\n".join(differences(alone, among_fifty))
    assert len(among_fifty["focus area, page 2"]) == len(among_fifty["focus area"])
    assert not check_bounds(among_fifty), "\n".join(check_bounds(among_fifty))


# --- What the bounded reads still show ----------------------------------------------------------


def test_current_promises_read_in_the_database_are_those_the_pages_place_in_time():
    today = timezone.localdate()
    year = today.year
    national = national_areas()
    programme(name="Lang", first_year=THIS_YEAR - 6, reports=0, national=national)
    # Ran with an agreement that expired, and with one that is extended automatically.
    expired = AgreementFactory(starts_on=datetime.date(year - 5, 1, 1), ends_on=datetime.date(year - 2, 12, 31))
    PromiseFactory(agreement=expired, runs_with_agreement=True, valid_until=datetime.date(year - 3, 12, 31))
    extended = AgreementFactory(
        starts_on=datetime.date(year - 5, 1, 1), ends_on=datetime.date(year - 2, 12, 31), extends_automatically=True
    )
    PromiseFactory(agreement=extended, runs_with_agreement=True, valid_until=datetime.date(year - 2, 12, 31))
    PromiseFactory(agreement=extended, valid_until=datetime.date(year - 2, 12, 31))
    # An agreement until further notice, superseded by one that has started, and one that has not.
    superseded = AgreementFactory(starts_on=datetime.date(year - 5, 1, 1), ends_on=None)
    PromiseFactory(agreement=superseded)
    PromiseFactory(agreement=AgreementFactory(municipality=superseded.municipality, starts_on=datetime.date(year - 1, 1, 1), ends_on=None))
    waiting = AgreementFactory(starts_on=datetime.date(year - 5, 1, 1), ends_on=None)
    PromiseFactory(agreement=waiting)
    PromiseFactory(agreement=AgreementFactory(municipality=waiting.municipality, starts_on=datetime.date(year + 1, 1, 1), ends_on=None))
    # Extended by a published decision, and by a decision still in draft.
    for state in (ReviewState.PUBLISHED, ReviewState.DRAFT):
        PromiseExtensionFactory(
            promise=PromiseFactory(
                agreement=AgreementFactory(starts_on=datetime.date(year - 2, 1, 1), ends_on=None),
                valid_until=datetime.date(year - 1, 12, 31),
            ),
            extended_until=datetime.date(year, 12, 31),
            decided_on=datetime.date(year - 1, 11, 1),
            workflow_state=state,
        )

    in_python = {
        promise.pk
        for municipality in Municipality.objects.prefetch_related("agreements")
        for promise in place_in_time(
            Promise.objects.published().of_municipality(municipality).with_extensions().select_related("agreement"),
            agreement_ends=municipality.agreement_ends(),
        )
        if promise.state_on(today) == PromiseState.CURRENT
    }
    in_the_database = set(Promise.objects.published().current_on(today).values_list("pk", flat=True))

    assert in_the_database == in_python
    # This year's set and last year's promise extended into it; the automatically extended agreement's,
    # the successor's, the one whose successor has not started, the one extended by a published decision.
    assert len(in_python) == 3 + 1 + 1 + 1 + 1


def test_the_feed_has_the_newest_promises_when_more_have_been_published(client):
    agreement = AgreementFactory(ends_on=None)
    promises = PromiseFactory.create_batch(35, agreement=agreement)
    start = timezone.make_aware(datetime.datetime(2025, 1, 1, 12))
    Transition.objects.bulk_create(
        Transition(item=promise, action=Action.PUBLISH, from_state="approved", to_state="published", at=start + datetime.timedelta(hours=n))
        for n, promise in enumerate(promises)
    )
    PromiseFactory(agreement=agreement, title="Aldrig publicerat genom arbetsflödet")

    feed = ET.fromstring(client.get("/flode/").content)
    links = [entry.find("{http://www.w3.org/2005/Atom}link").get("href") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]

    assert links == [f"http://testserver{promise.get_absolute_url()}" for promise in reversed(promises[5:])]


def test_home_counts_no_activity_of_a_promise_whose_agreement_has_ended(client):
    expired = AgreementFactory(starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2021, 12, 31))
    ActivityFactory(promise=PromiseFactory(agreement=expired, runs_with_agreement=True), status="ongoing")
    current = AgreementFactory(ends_on=None)
    ActivityFactory.create_batch(2, promise=PromiseFactory(agreement=current), status="done")

    page = client.get("/").content.decode()

    assert "inga i löften som gäller i dag" in page
    assert '<span class="badge badge--done">2 genomförd</span>' in page and "badge--ongoing" not in page
