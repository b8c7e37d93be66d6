"""How the open-data files are written: row by row from database cursors, in blocks of a few
kilobytes, so that no worker ever holds a whole file (issue 14).

Rows are read with `.iterator(chunk_size=…)`: on PostgreSQL one query through a server-side cursor,
fetched a chunk at a time. The promises' focus areas and extensions are prefetched per chunk, so
`loften` costs two queries per `PROMISE_CHUNK` promises on top of its own; activities and reports
cost one query whatever their number.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, TextField
from django.db.models.functions import Cast
from django.utils import translation

from agreements.models import Agreement, agreement_ends
from followup.models import FollowUpReport
from promises.models import Activity, FocusArea, Promise, ResponsibleParty

# Statuses, audiences and yes/no in the same Swedish words as the spreadsheets, whatever the reader's language.
from promises.spreadsheets import AUDIENCE_WORDS, RESPONSIBLE_WORDS, STATUS_WORDS, YES_NO_WORDS, spreadsheet_safe

# Rows per database round trip. Small enough that a chunk is a fraction of a file (the memory test
# holds us to a quarter), large enough that round trips do not dominate.
PROMISE_CHUNK = 1000
ACTIVITY_CHUNK = 100
# A report's snapshot is tens of kilobytes; a few at a time.
REPORT_CHUNK = 4
# Bytes handed to the server at a time: one socket write per block, not per row.
BLOCK_SIZE = 32 * 1024

# One C-accelerated encoder for every row: no indent, compact separators, å ä ö as themselves.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

# Whether reports carry their PDF's checksum as a stored column (never computed here from the PDF,
# which open data does not load).
STORED_PDF_SHA256 = any(field.name == "pdf_sha256" for field in FollowUpReport._meta.concrete_fields)


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _yes(value: bool) -> str:
    return YES_NO_WORDS[bool(value)]


def promise_rows(*, base_url: str, only_ids: list[int] | None = None) -> Iterator[dict]:
    """Every published promise (or those of `only_ids`) as a row of loften.csv / loften.json, in id order."""
    ends = agreement_ends(
        Agreement.objects.published().only("municipality", "starts_on", "ends_on", "extends_automatically", "workflow_state").order_by()
    )
    promises = (
        Promise.objects.published()
        .with_extensions()
        .select_related("agreement__municipality__police_area")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.only("name")))
        .only(
            "title",
            "commitment",
            "effect",
            "background",
            "valid_from",
            "valid_until",
            "runs_with_agreement",
            "audience",
            "audience_detail",
            "signed_on",
            "originally_published_on",
            "originally_published_where",
            "agreement__municipality__name",
            "agreement__municipality__code",
            "agreement__municipality__county",
            "agreement__municipality__slug",
            "agreement__municipality__police_area__name",
        )
        .order_by("pk")
    )
    if only_ids is not None:
        promises = promises.filter(pk__in=only_ids)
    for p in promises.iterator(chunk_size=PROMISE_CHUNK):
        municipality = p.agreement.municipality
        extensions = p.published_extensions()
        yield {
            "id": p.pk,
            "kommun": municipality.name,
            "kommunkod": municipality.code,
            "lan": municipality.county,
            "lokalpolisomrade": municipality.police_area.name,
            "titel": p.title,
            "lofte": p.commitment,
            "effekt": p.effect,
            "bakgrund": p.background,
            "fokusomraden": "; ".join(area.name for area in p.focus_areas.all()),
            "giltigt_fran": p.valid_from.isoformat(),
            "giltigt_till": _iso(p.valid_until),
            "forlangt_till": _iso(extensions[-1].extended_until) if extensions else "",
            "forlangningsbeslut": "; ".join(
                " ".join(filter(None, [e.decided_on.isoformat(), e.decided_by, e.reference])) for e in extensions
            ),
            "galler_med_overenskommelsen": _yes(p.runs_with_agreement),
            "sista_dag": _iso(p.ends_on(agreement_end=ends.get(p.agreement_id))),
            "malgrupp": AUDIENCE_WORDS[p.audience],
            "malgrupp_detalj": p.audience_detail,
            "barnlofte": _yes(p.is_barnlofte),
            "undertecknat": _iso(p.signed_on),
            "ursprungligen_publicerat": _iso(p.originally_published_on),
            "ursprungligen_publicerat_var": p.originally_published_where,
            "adress": base_url + p.get_absolute_url(),
        }


ACTIVITY_VALUES = (
    "pk",
    "promise_id",
    "promise__agreement__municipality__name",
    "promise__agreement__municipality__code",
    "description",
    "focus_area__name",
    "responsible",
    "partner_name",
    "place",
    "timing",
    "planned_from",
    "planned_until",
    "target",
    "target_per_year",
    "status",
    "status_date",
    "carried_over_from_id",
)


def published_activities():
    return Activity.objects.filter(promise__in=Promise.objects.published()).order_by("pk")


def activity_rows(*, base_url: str = "", only_ids: list[int] | None = None) -> Iterator[dict]:
    """Every activity of a published promise (or those of `only_ids`) as a row of aktiviteter.csv /
    .json, in id order: plain values through one join, no model instances."""
    activities = published_activities()
    if only_ids is not None:
        activities = activities.filter(pk__in=only_ids)
    activities = activities.values_list(*ACTIVITY_VALUES)
    for (
        pk,
        promise_id,
        municipality,
        code,
        description,
        area,
        responsible,
        partner,
        place,
        timing,
        planned_from,
        planned_until,
        target,
        per_year,
        status,
        status_date,
        carried_over_from,
    ) in activities.iterator(chunk_size=ACTIVITY_CHUNK):
        yield {
            "id": pk,
            "lofte_id": promise_id,
            "kommun": municipality,
            "kommunkod": code,
            "beskrivning": description,
            "fokusomrade": area,
            # The same words whatever the reader's language; a named partner by its name.
            "ansvarig": partner if responsible == ResponsibleParty.PARTNER else RESPONSIBLE_WORDS[responsible],
            "plats": place,
            "nar": timing,
            "planerad_fran": _iso(planned_from),
            "planerad_till": _iso(planned_until),
            "mal": target,
            "mal_per_ar": per_year if per_year is not None else "",
            "status": STATUS_WORDS[status],
            "status_sedan": _iso(status_date),
            "ford_over_fran": carried_over_from or "",
        }


class RawJSON(str):
    """JSON text from the database, written into a row as it is: a snapshot is never decoded into
    Python objects only to be encoded again."""


def published_reports():
    """The published reports with what open data needs; the PDF never, the snapshot as JSON text."""
    fields = [
        "period_year",
        "period_tertial",
        "version_number",
        "published_at",
        "originally_published_on",
        "originally_published_where",
        "agreement__municipality__name",
        "agreement__municipality__code",
        "agreement__municipality__slug",
    ]
    if STORED_PDF_SHA256:
        fields.append("pdf_sha256")
    return (
        FollowUpReport.objects.published()
        .select_related("agreement__municipality")
        .only(*fields)
        .annotate(snapshot_text=Cast("snapshot", output_field=TextField()))
    )


def report_rows(reports, *, base_url: str, language: str) -> Iterator[tuple[int, dict]]:
    """(municipality id, row) for each report of `reports`, in the order given. Period labels in
    `language`, which the view chose: the file is written after the view has returned."""
    for r in reports.iterator(chunk_size=REPORT_CHUNK):
        with translation.override(language):
            period = r.period.label
        row = {
            "kommun": r.agreement.municipality.name,
            "kommunkod": r.agreement.municipality.code,
            "period": period,
            "version": r.version_number,
            "publicerad": r.published_at.isoformat() if r.published_at else "",
            "ursprungligen_publicerad": _iso(r.originally_published_on),
            "ursprungligen_publicerad_var": r.originally_published_where,
            "adress": base_url + r.get_version_url(),
            "pdf": base_url + r.get_version_url(pdf=True),
        }
        if STORED_PDF_SHA256:
            row["pdf_sha256"] = r.pdf_sha256 or ""
        row["innehall"] = RawJSON(r.snapshot_text if r.snapshot_text is not None else "null")
        yield r.agreement.municipality_id, row


def _blocks(pieces: Iterable[str]) -> Iterator[bytes]:
    """Join text pieces into UTF-8 blocks of about `BLOCK_SIZE` bytes."""
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= BLOCK_SIZE:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def _csv_lines(rows: Iterable[dict], columns) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    # A byte-order mark, so that Excel opens å, ä and ö correctly.
    yield "\ufeff"
    writer.writerow(list(columns))
    for row in rows:
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([spreadsheet_safe(row[key]) for key in columns])
    yield buffer.getvalue()


def csv_file(rows: Iterable[dict], columns) -> Iterator[bytes]:
    """A CSV file in UTF-8 with a byte-order mark, spreadsheet formulae escaped, block by block."""
    return _blocks(_csv_lines(rows, columns))


def encode_row(row: dict) -> str:
    """One row as compact JSON; a snapshot's text is set in as it is."""
    raw = row.get("innehall")
    if isinstance(raw, RawJSON):
        # The snapshot is the last key: encode the rest, then close the object around the raw text.
        head = _ENCODER.encode({key: value for key, value in row.items() if key != "innehall"})
        return f'{head[:-1]},"innehall":{raw}}}' if len(head) > 2 else f'{{"innehall":{raw}}}'
    return _ENCODER.encode(row)


def json_head(header: dict) -> tuple[str, str]:
    """The text before and after the rows of a JSON file `{…header, "rader": [rows]}`."""
    opening = _ENCODER.encode({**header, "rader": []})
    return opening[:-2], "]}"


def _json_pieces(rows: Iterable[dict], header: dict) -> Iterator[str]:
    opening, closing = json_head(header)
    yield opening
    for number, row in enumerate(rows):
        yield ("," if number else "") + encode_row(row)
    yield closing


def json_file(rows: Iterable[dict], header: dict) -> Iterator[bytes]:
    """A JSON document of `header` and the rows under "rader", block by block."""
    return _blocks(_json_pieces(rows, header))
