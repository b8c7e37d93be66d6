"""Every kind of public URL, measured in-process with Django's test client: queries, median time,
response size and peak memory (tracemalloc) per request, without the server-side cache and with it.

`urls(scale)` picks one URL of each kind from the database at hand: at "seed" scale the seed
programmes (Vindeln; Vaggeryd for the tertial report), at "national" scale the generated
municipality with the most published reports, which is where pages grow.
"""

from __future__ import annotations

import re
import statistics
import time
import tracemalloc
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from agreements.models import Municipality
from followup.models import FollowUpReport, report_url
from promises.models import FocusArea, Promise

FOCUS_AREA = "narkotika"  # national; Vindeln's "Droger" sits under it, and generated programmes use it
SEED_SLUGS = ("vindeln", "vaggeryd")


@dataclass
class Figure:
    kind: str
    url: str
    status: int
    queries: int
    seconds: float
    bytes: int
    peak_bytes: int
    cached_seconds: float | None = None
    cached_queries: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _latest(municipality, **filters):
    return (
        FollowUpReport.objects.published()
        .of_municipality(municipality)
        .filter(**filters)
        .defer("pdf", "snapshot")
        .order_by("-period_year", "-period_tertial", "-version_number")
        .first()
    )


def _subject(scale: str):
    """The municipality whose pages are measured, and the one whose tertial report is."""
    with_reports = Municipality.objects.annotate(
        reports=Count("agreements__reports", filter=Q(agreements__reports__workflow_state="published"))
    )
    if scale == "seed":
        return Municipality.objects.get(slug=SEED_SLUGS[0]), Municipality.objects.get(slug=SEED_SLUGS[1])
    largest = (
        with_reports.exclude(slug__in=SEED_SLUGS)
        .filter(agreements__reports__period_tertial__isnull=False, agreements__reports__workflow_state="published")
        .order_by("-reports", "code")
        .first()
        or with_reports.exclude(slug__in=SEED_SLUGS).order_by("-reports", "code").first()
    )
    return largest, largest


def urls(scale: str, client: Client | None = None) -> list[tuple[str, str]]:
    """(kind, URL) for every kind of public URL, at "seed" or "national" scale."""
    municipality, tertial_of = _subject(scale)
    annual = _latest(municipality, period_tertial__isnull=True) or _latest(municipality)
    tertial = _latest(tertial_of, period_tertial__isnull=False)
    section = annual.sections.select_related("promise").order_by("order").first() if annual else None
    promise = section.promise if section else Promise.objects.published().of_municipality(municipality).first()
    slug = municipality.slug
    found = [
        ("home", "/"),
        ("municipality", f"/{slug}/"),
        ("municipality year", f"/{slug}/ar/{annual.period_year}/" if annual else ""),
        ("promise", promise.get_absolute_url() if promise else ""),
        ("report HTML (year)", report_url(slug, annual.period) if annual else ""),
        ("report HTML (tertial)", report_url(tertial_of.slug, tertial.period) if tertial else ""),
        ("report PDF", report_url(slug, annual.period, pdf=True) if annual else ""),
        ("focus area list", "/fokusomraden/"),
        ("focus area", f"/fokusomraden/{FOCUS_AREA}/" if FocusArea.objects.national().filter(slug=FOCUS_AREA).exists() else ""),
        ("feed (site)", "/flode/"),
        ("feed (municipality)", f"/{slug}/flode/"),
        ("sitemap", "/sitemap.xml"),
        ("open data index", "/oppna-data/"),
        *_open_data_files(client or Client(), slug),
        ("accessibility", "/tillganglighet/"),
        ("robots.txt", "/robots.txt"),
    ]
    return [(kind, url) for kind, url in found if url]


def _open_data_files(client: Client, slug: str) -> list[tuple[str, str]]:
    """The files /oppna-data/ links to, one per kind: a file per municipality counts as one kind,
    measured for the subject municipality."""
    with _uncached():
        page = client.get("/oppna-data/", HTTP_HOST=_host()).content.decode()
    slugs = set(Municipality.objects.values_list("slug", flat=True))
    kinds: dict[str, str] = {}
    for href in dict.fromkeys(re.findall(r'href="(/oppna-data/[^"#?]+\.(?:csv|json))"', page)):
        kind = href
        for other in slugs:
            for before, after in (("/", "."), ("/", "/"), ("-", "."), ("_", ".")):
                kind = kind.replace(f"{before}{other}{after}", f"{before}<kommun>{after}")
        if kind not in kinds or f"{slug}" in href:
            kinds[kind] = href
    return [(f"open data {kind.removeprefix('/oppna-data/')}", href) for kind, href in kinds.items()]


def _host() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host and not host.startswith(".")]
    return hosts[0] if hosts else "127.0.0.1"


def _uncached():
    """Every configured cache replaced by one that keeps nothing: the figures of a page rendered afresh."""
    return override_settings(CACHES={alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES})


def _get(client: Client, url: str):
    """One anonymous GET, its body read to the end as a server would send it; (response, bytes).
    The test client closes the response itself (a streamed one once it is read)."""
    response = client.get(url, HTTP_HOST=_host())
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size


def _timed(client: Client, url: str, *, repeat: int, budget: float) -> tuple[float, int]:
    """The median time of up to `repeat` requests, fewer once `budget` seconds are spent; and the
    queries of the first of them."""
    times = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        _get(client, url)
        times.append(time.perf_counter() - started)
    count = len(queries)  # now: each request clears the connection's query log as it starts
    while len(times) < repeat and sum(times) < budget:
        started = time.perf_counter()
        _get(client, url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def measure(kind: str, url: str, *, repeat: int = 5, budget: float = 10.0) -> Figure:
    """The figures of one URL: uncached (cache off) queries, median time, size and peak memory,
    then the median time and queries of a repeated request with the configured cache."""
    client = Client()
    with _uncached():
        response, size = _get(client, url)  # warms Python's and the database's own caches
        seconds, queries = _timed(client, url, repeat=repeat, budget=budget)
        tracemalloc.start()
        try:
            _get(client, url)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    figure = Figure(kind, url, response.status_code, queries, seconds, size, peak)
    if response.status_code == 200:
        _get(client, url)  # fills the cache
        figure.cached_seconds, figure.cached_queries = _timed(client, url, repeat=repeat, budget=budget)
    return figure


def forget_cached_pages() -> None:
    """Move the publication stamp (agreements.public_cache), so no page cached from an earlier
    build of the data set is served: bulk inserts send no signals that would move it."""
    try:
        from agreements.public_cache import move_stamp
    except ImportError:  # no server-side page cache in this version
        return
    move_stamp()


def measure_all(scale: str, *, repeat: int = 5, say=print) -> list[Figure]:
    forget_cached_pages()
    figures = []
    for kind, url in urls(scale):
        figure = measure(kind, url, repeat=repeat)
        say(line(figure))
        figures.append(figure)
    return figures


def line(f: Figure) -> str:
    cached = f"{f.cached_seconds * 1000:9.1f} ms {f.cached_queries:4d} q" if f.cached_seconds is not None else " " * 19
    return (
        f"  {f.kind:<28} {f.status:3d} {f.queries:5d} q {f.seconds * 1000:9.1f} ms {f.bytes / 1000:9.1f} kB "
        f"{f.peak_bytes / 1_000_000:7.1f} MB peak | cached {cached}  {f.url}"
    )


def comparison(seed: list[dict], national: list[dict]) -> list[str]:
    """The table of national ÷ seed, one line per kind of URL."""
    by_kind = {row["kind"]: row for row in seed}
    lines = [
        f"  {'kind':<28} {'queries':>13} {'time seed → national (ms)':>28} {'ratio':>7} {'peak MB':>15} {'cached (ms)':>17}",
    ]
    for row in national:
        base = by_kind.get(row["kind"])
        if base is None:
            lines.append(f"  {row['kind']:<28} (no seed figure)")
            continue
        ratio = row["seconds"] / base["seconds"] if base["seconds"] else float("nan")
        cached = (
            f"{base['cached_seconds'] * 1000:7.1f} → {row['cached_seconds'] * 1000:7.1f}"
            if base["cached_seconds"] is not None and row["cached_seconds"] is not None
            else ""
        )
        statuses = "" if base["status"] == row["status"] == 200 else f"  (status {base['status']} / {row['status']})"
        lines.append(
            f"  {row['kind']:<28} {base['queries']:5d} → {row['queries']:5d} {base['seconds'] * 1000:11.1f} → {row['seconds'] * 1000:11.1f} "
            f"{ratio:7.2f} {base['peak_bytes'] / 1e6:6.1f} → {row['peak_bytes'] / 1e6:6.1f} {cached:>17}{statuses}"
        )
    return lines
