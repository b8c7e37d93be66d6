"""Embeds for the municipality's and the police's own web sites: `/<kommun>/inbaddning/`, an HTML
fragment a CMS fetches on its server and inserts into a page, and `/<kommun>/inbaddning.json`, the
same as JSON (schema: `public/schemas/embed.schema.json`, served at
`/oppna-data/inbaddning.schema.json`).

The fragment lives inside someone else's page, so it carries nothing that could act on that page:
no script, no stylesheet, no style attribute, no id that could clash, no asset from anywhere; its
headings start at h2 under the host page's h1, and every link is absolute to this site (SITE_URL),
since a relative one would point into the host site. It is always Swedish, whatever the reader
chose here: the host page is Swedish, and its root element says so (`lang="sv"`).

Both are public pages, cached and validated with the publication stamp like the others (public/urls.py).
"""

from __future__ import annotations

import datetime
import json
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from promises.models import Activity, PromiseState, place_in_time
from promises.spreadsheets import STATUS_WORDS
from public.views import (
    current_reports,
    municipality_or_404,
    published_promises,
    status_by_focus_area,
    status_legend,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "embed.schema.json"
JSON_TYPE = "application/json; charset=utf-8"
LICENCE = "CC0-1.0"
# What embeds are written in: the host sites are Swedish.
EMBED_LANGUAGE = "sv"


def site_url() -> str:
    """This site's address without a trailing slash, so that a path can be appended to it."""
    return settings.SITE_URL.rstrip("/")


def readable_from_anywhere(view):
    """Let a page on any other site read the response in the browser (CORS): it is public data.
    Outside the public cache, so that a 304 says so too. A preflight (a script sending
    If-None-Match itself) is answered without calling the view; nothing but reading is allowed."""

    @wraps(view)
    def cross_origin_view(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        # A script may read the validators to ask again with If-None-Match.
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
        return response

    return cross_origin_view


def embed_content(municipality, *, today: datetime.date) -> dict:
    """What both embeds show: the promises that apply today (the rule of the municipality's page),
    their activities counted by status per focus area, and the newest published report."""
    promises = place_in_time(published_promises(municipality), agreement_ends=municipality.agreement_ends())
    current = sorted((p for p in promises if p.state_on(today) == PromiseState.CURRENT), key=lambda p: (p.order, p.valid_from, p.pk))
    prefetch_related_objects(current, "focus_areas")
    activities = Activity.objects.filter(promise__in=[p.pk for p in current]).select_related("focus_area").order_by()
    reports = current_reports(municipality)
    return {
        "municipality": municipality,
        "promises": current,
        "focus_summary": status_by_focus_area(activities),
        "report": reports[0] if reports else None,
        "today": today,
    }


def _municipality_or_404(slug):
    # Without the signatories, which neither embed shows.
    return municipality_or_404(slug, signatories=False)


@require_safe
def embed_html(request, slug):
    """`/<kommun>/inbaddning/`: the fragment to insert into a page of another site."""
    with translation.override(EMBED_LANGUAGE):
        municipality = _municipality_or_404(slug)
        context = {**embed_content(municipality, today=timezone.localdate()), "site_url": site_url(), "status_legend": status_legend()}
        response = render(request, "public/embed.html", context)
    response["Content-Language"] = EMBED_LANGUAGE
    return response


def embed_data(content: dict, *, base_url: str) -> dict:
    """The JSON embed, as documented in its schema."""
    municipality, report = content["municipality"], content["report"]
    return {
        "$schema": base_url + "/oppna-data/inbaddning.schema.json",
        "licens": LICENCE,
        "datum": content["today"].isoformat(),
        "kommun": {
            "namn": municipality.name,
            "kommunkod": municipality.code,
            "lan": municipality.county,
            "lokalpolisomrade": municipality.police_area.name,
            "adress": base_url + municipality.get_absolute_url(),
        },
        "loften": [
            {
                "id": promise.pk,
                "titel": promise.title,
                "lofte": promise.commitment,
                "fokusomraden": [area.name for area in promise.focus_areas.all()],
                "giltigt_fran": promise.valid_from.isoformat(),
                "sista_dag": promise.last_day().isoformat() if promise.last_day() else None,
                "period": promise.period_text(),
                "barnlofte": promise.is_barnlofte,
                "adress": base_url + promise.get_absolute_url(),
            }
            for promise in content["promises"]
        ],
        "status_i_korthet": [
            {
                "fokusomrade": area["name"],
                "aktiviteter": area["total"],
                "statusar": [{"status": STATUS_WORDS[part["status"]], "antal": part["count"]} for part in area["parts"]],
            }
            for area in content["focus_summary"]
        ],
        "senaste_rapport": report
        and {
            "period": report.period.label,
            "ar": report.period_year,
            "tertial": report.period_tertial,
            "version": report.version_number,
            "publicerad": report.published_at.isoformat() if report.published_at else None,
            "adress": base_url + report.get_absolute_url(),
            "pdf": base_url + report.get_pdf_url(),
        },
    }


def _json_response(data, *, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), status=status, content_type=JSON_TYPE)


@require_safe
def embed_json(request, slug):
    """`/<kommun>/inbaddning.json`: the embed's content as JSON; an unknown municipality is a 404
    that says so in JSON."""
    with translation.override(EMBED_LANGUAGE):
        try:
            municipality = _municipality_or_404(slug)
        except Http404:
            message = gettext("No municipality has the address “%(slug)s”.") % {"slug": slug}
            response = _json_response({"fel": message}, status=404)
        else:
            response = _json_response(embed_data(embed_content(municipality, today=timezone.localdate()), base_url=site_url()))
    response["Content-Language"] = EMBED_LANGUAGE
    return response


@require_safe
def embed_schema(request):
    """`/oppna-data/inbaddning.schema.json`: the JSON Schema the JSON embed follows."""
    return HttpResponse(SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
