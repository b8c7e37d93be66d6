"""Open data: everything published, as CSV and JSON, under CC0. Nothing unpublished, ever."""

from __future__ import annotations

import csv
import io
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from followup.models import FollowUpReport
# Statuses, audiences and yes/no in the same Swedish words as the spreadsheets, whatever the reader's language.
from promises.spreadsheets import AUDIENCE_WORDS, RESPONSIBLE_WORDS, STATUS_WORDS, YES_NO_WORDS, spreadsheet_safe
from agreements.models import Agreement, agreement_ends
from promises.models import Activity, Promise, ResponsibleParty, place_in_time

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
    "innehall": _("Everything the report says, exactly as published."),
}
LICENCE = "CC0-1.0"


def _promises():
    return (
        Promise.objects.published()
        .with_extensions()
        .select_related("agreement__municipality__police_area")
        .prefetch_related("focus_areas")
        .order_by("pk")
    )


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _yes(value: bool) -> str:
    return YES_NO_WORDS[bool(value)]


def promise_rows(request) -> list[dict]:
    promises = place_in_time(_promises(), agreement_ends=agreement_ends(Agreement.objects.published()))
    return [
        {
            "id": p.pk,
            "kommun": p.agreement.municipality.name,
            "kommunkod": p.agreement.municipality.code,
            "lan": p.agreement.municipality.county,
            "lokalpolisomrade": p.agreement.municipality.police_area.name,
            "titel": p.title,
            "lofte": p.commitment,
            "effekt": p.effect,
            "bakgrund": p.background,
            "fokusomraden": "; ".join(area.name for area in p.focus_areas.all()),
            "giltigt_fran": p.valid_from.isoformat(),
            "giltigt_till": _iso(p.valid_until),
            "forlangt_till": _iso(p.published_extensions()[-1].extended_until) if p.published_extensions() else "",
            "forlangningsbeslut": "; ".join(
                " ".join(filter(None, [e.decided_on.isoformat(), e.decided_by, e.reference])) for e in p.published_extensions()
            ),
            "galler_med_overenskommelsen": _yes(p.runs_with_agreement),
            "sista_dag": _iso(p.last_day()),
            "malgrupp": AUDIENCE_WORDS[p.audience],
            "malgrupp_detalj": p.audience_detail,
            "barnlofte": _yes(p.is_barnlofte),
            "undertecknat": _iso(p.signed_on),
            "ursprungligen_publicerat": _iso(p.originally_published_on),
            "ursprungligen_publicerat_var": p.originally_published_where,
            "adress": request.build_absolute_uri(p.get_absolute_url()),
        }
        for p in promises
    ]


def activity_rows(request) -> list[dict]:
    activities = (
        Activity.objects.filter(promise__in=Promise.objects.published())
        .select_related("promise__agreement__municipality", "focus_area")
        .order_by("pk")
    )
    return [
        {
            "id": a.pk,
            "lofte_id": a.promise_id,
            "kommun": a.promise.agreement.municipality.name,
            "kommunkod": a.promise.agreement.municipality.code,
            "beskrivning": a.description,
            "fokusomrade": a.focus_area.name,
            # The same words whatever the reader's language; a named partner by its name.
            "ansvarig": a.partner_name if a.responsible == ResponsibleParty.PARTNER else RESPONSIBLE_WORDS[a.responsible],
            "plats": a.place,
            "nar": a.timing,
            "planerad_fran": _iso(a.planned_from),
            "planerad_till": _iso(a.planned_until),
            "mal": a.target,
            "mal_per_ar": a.target_per_year if a.target_per_year is not None else "",
            "status": STATUS_WORDS[a.status],
            "status_sedan": a.status_date.isoformat() if a.status_date else "",
            "ford_over_fran": a.carried_over_from_id or "",
        }
        for a in activities
    ]


def report_rows(request) -> list[dict]:
    reports = FollowUpReport.objects.published().select_related("agreement__municipality").order_by("pk")
    return [
        {
            "kommun": r.agreement.municipality.name,
            "kommunkod": r.agreement.municipality.code,
            "period": r.period.label,
            "version": r.version_number,
            "publicerad": r.published_at.isoformat() if r.published_at else "",
            "ursprungligen_publicerad": _iso(r.originally_published_on),
            "ursprungligen_publicerad_var": r.originally_published_where,
            "adress": request.build_absolute_uri(r.get_version_url()),
            "pdf": request.build_absolute_uri(r.get_version_url(pdf=True)),
            "innehall": r.snapshot,
        }
        for r in reports
    ]


def as_csv(rows: list[dict], columns, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    # A byte-order mark, so that Excel opens å, ä and ö correctly.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def as_json(rows: list[dict], columns) -> HttpResponse:
    document = {"licens": LICENCE, "kolumner": {key: str(text) for key, text in columns.items()}, "rader": rows}
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")


def index(request):
    """`/oppna-data/`: the files, their columns and the licence."""
    context = {"promise_columns": PROMISE_COLUMNS, "activity_columns": ACTIVITY_COLUMNS, "report_fields": REPORT_FIELDS}
    return render(request, "promises/open_data.html", context)


def promises_csv(request):
    return as_csv(promise_rows(request), PROMISE_COLUMNS, "loften.csv")


def promises_json(request):
    return as_json(promise_rows(request), PROMISE_COLUMNS)


def activities_csv(request):
    return as_csv(activity_rows(request), ACTIVITY_COLUMNS, "aktiviteter.csv")


def activities_json(request):
    return as_json(activity_rows(request), ACTIVITY_COLUMNS)


def reports_json(request):
    return as_json(report_rows(request), REPORT_FIELDS)
