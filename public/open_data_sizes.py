"""The sizes stated on /oppna-data/ and in the report index, known without writing whole files on a
page view.

- A municipality's report file is made only of published reports, which are frozen (a trigger on
  PostgreSQL, the services everywhere), and of the municipality's name, code and address. Its exact
  size is measured once, by writing the file and counting its bytes, and kept in the cache under a
  key made of exactly those inputs: any new report, correction, renaming or other host gives a new
  key. Only files without a kept size are measured, all in one query.
- loften and aktiviteter change with every edit of a published activity, so their size is
  estimated: the exact bytes of an evenly spaced sample of rows, written by the same code as the
  file, scaled to the number of rows. Up to `SAMPLE_ROWS` rows every row is written and the size is
  exact; beyond, it is stated as "about".
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Min, Sum

from followup.models import FollowUpReport
from promises.models import Promise
from public.open_data_files import (
    activity_rows,
    csv_file,
    json_file,
    promise_rows,
    published_activities,
    published_reports,
    report_rows,
)

SAMPLE_ROWS = 500
# Part of every cache key, so that a change of the file format never reads an old size.
FORMAT = "open-data-2"
# Kept sizes are true for as long as their inputs are; the timeout only clears out old keys.
TIMEOUT = 30 * 24 * 3600


@dataclass(frozen=True)
class FileSize:
    """A file's size in bytes; `estimated` when it is scaled from a sample."""

    bytes: int
    estimated: bool = False


def _length(blocks) -> int:
    return sum(len(block) for block in blocks)


def _evenly_spaced(ids: list[int]) -> list[int]:
    step = max(1, len(ids) // SAMPLE_ROWS)
    return ids if step == 1 else ids[step // 2 :: step][:SAMPLE_ROWS]


def _table_sizes(ids: list[int], rows, columns, header: dict) -> tuple[FileSize, FileSize]:
    """The CSV and the JSON file's size, for a file of the rows with `ids` given the `rows` of a
    sample of them (all of them when there are few)."""
    rows = list(rows)
    empty_csv, empty_json = _length(csv_file([], columns)), _length(json_file([], header))
    sample_csv, sample_json = _length(csv_file(rows, columns)), _length(json_file(rows, header))
    if len(rows) == len(ids):
        return FileSize(sample_csv), FileSize(sample_json)
    per_row_csv = (sample_csv - empty_csv) / len(rows)
    # The JSON rows are separated by one comma each.
    per_row_json = (sample_json - empty_json - (len(rows) - 1)) / len(rows)
    return (
        FileSize(round(empty_csv + per_row_csv * len(ids)), estimated=True),
        FileSize(round(empty_json + per_row_json * len(ids) + len(ids) - 1), estimated=True),
    )


def national_sizes(*, base_url: str, promise_columns, promise_header: dict, activity_columns, activity_header: dict) -> dict:
    """The sizes of loften.csv, loften.json, aktiviteter.csv and aktiviteter.json, by file name."""
    promise_ids = list(Promise.objects.published().order_by("pk").values_list("pk", flat=True))
    activity_ids = list(published_activities().values_list("pk", flat=True))
    promises = promise_rows(base_url=base_url, only_ids=_evenly_spaced(promise_ids)) if promise_ids else []
    activities = activity_rows(base_url=base_url, only_ids=_evenly_spaced(activity_ids)) if activity_ids else []
    sizes = {}
    sizes["loften.csv"], sizes["loften.json"] = _table_sizes(promise_ids, promises, promise_columns, promise_header)
    sizes["aktiviteter.csv"], sizes["aktiviteter.json"] = _table_sizes(activity_ids, activities, activity_columns, activity_header)
    return sizes


def report_files(*, base_url: str, language: str, header: dict) -> list[dict]:
    """Each municipality with published reports, by name: its id, name, code, slug, number of
    reports, when it last published one, and its report file's exact size in bytes."""
    files = list(
        FollowUpReport.objects.published()
        .order_by()
        .values("agreement__municipality")
        .annotate(count=Count("pk"), last=Max("published_at"), first_id=Min("pk"), last_id=Max("pk"), id_sum=Sum("pk"))
        .values(
            "agreement__municipality",
            "agreement__municipality__name",
            "agreement__municipality__code",
            "agreement__municipality__slug",
            "count",
            "last",
            "first_id",
            "last_id",
            "id_sum",
        )
        .order_by("agreement__municipality__name")
    )
    for file in files:
        inputs = (FORMAT, base_url, language, header, *file.values())
        file["key"] = "open-data:reports:" + hashlib.sha256(repr(inputs).encode()).hexdigest()
    kept = cache.get_many([file["key"] for file in files])
    missing = {file["agreement__municipality"]: file for file in files if file["key"] not in kept}
    if missing:
        # Every missing file written once and counted, in one query, one municipality after another.
        reports = published_reports().filter(agreement__municipality__in=list(missing)).order_by("agreement__municipality", "pk")
        measured = {}
        rows = report_rows(reports, base_url=base_url, language=language)
        for municipality, group in itertools.groupby(rows, key=lambda pair: pair[0]):
            measured[missing[municipality]["key"]] = _length(json_file((row for _, row in group), header))
        cache.set_many(measured, TIMEOUT)
        kept.update(measured)
    return [
        {
            "municipality_id": file["agreement__municipality"],
            "name": file["agreement__municipality__name"],
            "code": file["agreement__municipality__code"],
            "slug": file["agreement__municipality__slug"],
            "count": file["count"],
            "last_published": file["last"],
            "size": FileSize(kept[file["key"]]),
        }
        for file in files
    ]
