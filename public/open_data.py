"""Open data: everything published, as CSV and JSON, under CC0. Nothing unpublished, ever.

The files are streamed as they are written (`public.open_data_files`); their sizes on
/oppna-data/ come from `public.open_data_sizes`."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from public.open_data_files import (
    STORED_PDF_SHA256,
    activity_rows,
    csv_file,
    encode_row,
    json_file,
    promise_rows,
    published_reports,
    report_rows,
)
from public.open_data_sizes import national_sizes, report_files

# Column name → (what it means, for /oppna-data/). The same names are the JSON keys.
PROMISE_COLUMNS = {
    "id": _("The promise's number, as in its address /<kommun>/loften/<id>/."),
    "kommun": _("The municipality's name."),
    "kommunkod": _("The municipality's four-digit code (SCB)."),
    "lan": _("The county."),
    "lokalpolisomrade": _("The police area."),
    "titel": _("The promise's title."),
    "lofte": _("The commitment, in full."),
    "effekt": _("The intended effect."),
    "bakgrund": _("The background."),
    "fokusomraden": _("Its focus areas, separated by “;”."),
    "giltigt_fran": _("Valid from (YYYY-MM-DD)."),
    "giltigt_till": _("Valid until (YYYY-MM-DD) as the promise first stated it, empty: until further notice."),
    "forlangt_till": _("The end set by the latest decision extending the promise (YYYY-MM-DD), empty: not extended."),
    "forlangningsbeslut": _("The decisions extending it: date, deciding body and reference, separated by “;”."),
    "galler_med_overenskommelsen": _("“ja” when the promise applies as long as the agreement does."),
    "sista_dag": _("The last day it applies, counting extensions and its agreement (YYYY-MM-DD), empty: not ended."),
    "malgrupp": _("Whom it is aimed at: alla, barn (a barnlöfte), unga, äldre, ett område or annan grupp."),
    "malgrupp_detalj": _("Which neighbourhood or group, where it says."),
    "barnlofte": _("“ja” for a promise to children (barnlöfte)."),
    "undertecknat": _("When the promise itself was signed (YYYY-MM-DD), empty: signed with the agreement."),
    "ursprungligen_publicerat": _("For a promise entered afterwards: when it was first published (YYYY-MM-DD)."),
    "ursprungligen_publicerat_var": _("Where it was first published."),
    "adress": _("The promise's public page."),
}
ACTIVITY_COLUMNS = {
    "id": _("The activity's number."),
    "lofte_id": _("The promise it belongs to (id in loften.csv)."),
    "kommun": _("The municipality's name."),
    "kommunkod": _("The municipality's four-digit code (SCB)."),
    "beskrivning": _("What is done."),
    "fokusomrade": _("Its focus area."),
    "ansvarig": _("Who is responsible: polisen, kommunen, gemensamt, or the named partner's name."),
    "plats": _("Where."),
    "nar": _("When."),
    "planerad_fran": _("The first day it is planned for (YYYY-MM-DD), empty: its promise's whole period."),
    "planerad_till": _("The last day it is planned for (YYYY-MM-DD), empty: its promise's whole period."),
    "mal": _("The target, in words."),
    "mal_per_ar": _("The target as a number per year, where it is one."),
    "status": _("Its status now: planerad, pågående, genomförd, framflyttad or inställd."),
    "status_sedan": _("Since when it has that status (YYYY-MM-DD)."),
    "ford_over_fran": _("The activity (id) it was carried over from, if any."),
}
REPORT_FIELDS = {
    "kommun": _("The municipality's name."),
    "kommunkod": _("The municipality's four-digit code (SCB)."),
    "period": _("The period, e.g. “Tertial 2 2024” or “Helår 2024”."),
    "version": _("The version number; a correction is a new version."),
    "publicerad": _("When it was published (ISO 8601)."),
    "ursprungligen_publicerad": _("For a report entered afterwards: when it was first published (YYYY-MM-DD)."),
    "ursprungligen_publicerad_var": _("Where it was first published."),
    "adress": _("This version's public page."),
    "pdf": _("This version's PDF."),
    **({"pdf_sha256": _("The SHA-256 checksum of this version's PDF, in hexadecimal.")} if STORED_PDF_SHA256 else {}),
    "innehall": _("Everything the report says, exactly as published."),
}
REPORT_INDEX_FIELDS = {
    "kommun": _("The municipality's name."),
    "kommunkod": _("The municipality's four-digit code (SCB)."),
    "adress": _("The address of the municipality's file of reports."),
    "rapporter": _("How many published reports (every version) the file holds."),
    "storlek_byte": _("The file's size in bytes."),
    "senast_publicerad": _("When the municipality last published a report (ISO 8601)."),
}
LICENCE = "CC0-1.0"
JSON_TYPE = "application/json; charset=utf-8"


def _base_url(request) -> str:
    """The site's address without a trailing slash, so that a path can be appended to it."""
    return request.build_absolute_uri("/")[:-1]


def _header(columns) -> dict:
    """The licence and the columns' meaning, in the reader's language, put into words now: the rows
    are written after the view has returned."""
    return {"licens": LICENCE, "kolumner": {key: str(text) for key, text in columns.items()}}


def _stream(blocks, *, content_type: str, filename: str = "") -> StreamingHttpResponse:
    response = StreamingHttpResponse(blocks, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_index(request) -> tuple[bytes, list[dict]]:
    """rapporter.json: one row per municipality with published reports, pointing to its file."""
    base_url = _base_url(request)
    files = report_files(base_url=base_url, language=get_language(), header=_header(REPORT_FIELDS))
    rows = [
        {
            "kommun": file["name"],
            "kommunkod": file["code"],
            "adress": base_url + reverse("public:open_data_municipality_reports", kwargs={"slug": file["slug"]}),
            "rapporter": file["count"],
            "storlek_byte": file["size"].bytes,
            "senast_publicerad": file["last_published"].isoformat() if file["last_published"] else "",
        }
        for file in files
    ]
    header = {**_header(REPORT_INDEX_FIELDS), "filernas_falt": _header(REPORT_FIELDS)["kolumner"]}
    return b"".join(json_file(rows, header)), files


def index(request):
    """`/oppna-data/`: the files, their sizes, their columns and the licence."""
    sizes = national_sizes(
        base_url=_base_url(request),
        promise_columns=PROMISE_COLUMNS,
        promise_header=_header(PROMISE_COLUMNS),
        activity_columns=ACTIVITY_COLUMNS,
        activity_header=_header(ACTIVITY_COLUMNS),
    )
    report_index, report_files_ = _report_index(request)
    context = {
        "promise_columns": PROMISE_COLUMNS,
        "activity_columns": ACTIVITY_COLUMNS,
        "report_index_fields": REPORT_INDEX_FIELDS,
        "report_fields": REPORT_FIELDS,
        "sizes": {name.replace(".", "_"): size for name, size in sizes.items()},
        "report_index_size": len(report_index),
        "report_files": report_files_,
    }
    return render(request, "public/open_data.html", context)


def promises_csv(request):
    return _stream(
        csv_file(promise_rows(base_url=_base_url(request)), PROMISE_COLUMNS), content_type="text/csv; charset=utf-8", filename="loften.csv"
    )


def promises_json(request):
    return _stream(json_file(promise_rows(base_url=_base_url(request)), _header(PROMISE_COLUMNS)), content_type=JSON_TYPE)


def activities_csv(request):
    return _stream(csv_file(activity_rows(), ACTIVITY_COLUMNS), content_type="text/csv; charset=utf-8", filename="aktiviteter.csv")


def activities_json(request):
    return _stream(json_file(activity_rows(), _header(ACTIVITY_COLUMNS)), content_type=JSON_TYPE)


def reports_json(request):
    """`/oppna-data/rapporter.json`: the index of the municipalities' report files."""
    return HttpResponse(_report_index(request)[0], content_type=JSON_TYPE)


def municipality_reports_json(request, slug):
    """`/oppna-data/rapporter/<kommun>.json`: every published report of one municipality, every version."""
    reports = published_reports().filter(agreement__municipality__slug=slug).order_by("pk")
    if not reports.exists():
        message = gettext("No municipality with published follow-up reports has the address “%(slug)s”.") % {"slug": slug}
        return HttpResponse(encode_row({"fel": message}), status=404, content_type=JSON_TYPE)
    rows = (row for _, row in report_rows(reports, base_url=_base_url(request), language=get_language()))
    return _stream(json_file(rows, _header(REPORT_FIELDS)), content_type=JSON_TYPE)
