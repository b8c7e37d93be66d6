"""One template family renders a report as a web page and, through WeasyPrint, as a tagged PDF.

Both render from a snapshot: a plain dict of everything the report shows. A draft's snapshot is
built fresh for each preview; a published report's was frozen when it was published, so later
edits to promises and activities never change what it says.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agreements.contacts import contacts_of
from agreements.models import AgreementState, SignatoryParty
from followup.due import deadline_of
from followup.models import FollowUpReport, Indicator, MeasurementGroup
from followup.periods import next_period
from followup.snapshot_labels import localised
from promises.models import ActivityStatus

SNAPSHOT_SCHEMA = 4  # 2: who signed what is followed up, and where a record entered afterwards was first published
# 3: the period's months, the next follow-up and the municipality's emblem (older snapshots render without them, as they did)
# 4: both parties' contacts for questions (agreements.contacts)


class PdfError(Exception):
    """WeasyPrint could not make the PDF; the message says why."""


def build_snapshot(report: FollowUpReport) -> dict:
    """Everything the report shows, as plain data, in the site's language (Swedish)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build(report)


def _build(report: FollowUpReport) -> dict:
    agreement = report.agreement
    sections = report.sections.select_related("promise").prefetch_related(
        "promise__focus_areas", "promise__signatories", "updates__activity__focus_area"
    )
    indicators = Indicator.objects.filter(municipality=agreement.municipality).prefetch_related("measurements")
    return assemble_snapshot(
        report,
        agreement=agreement,
        agreement_state=agreement.state_on(report.period.end),
        agreement_signatories=list(agreement.signatories.all()),
        sections=[(section.text, section.promise, [(update, update.activity) for update in section.updates.all()]) for section in sections],
        indicators=indicators,
        following=next_period(agreement, report.period),
        contacts=contacts_of(agreement),
    )


def assemble_snapshot(
    report, *, agreement, agreement_state, agreement_signatories, sections, indicators, following=None, contacts=()
) -> dict:
    """The snapshot from records already read: `sections` is [(its text, its promise, [(update,
    activity)])] in the report's order, each promise with its focus areas and signatories and each
    activity with its focus area at hand; `indicators` the municipality's, with their measurements;
    `following` the next period the agreement reports on, if any; `contacts` both parties' (agreements.contacts.contacts_of).
    The national benchmark builds thousands of snapshots through this from rows it has in memory."""
    municipality = agreement.municipality
    period = report.period
    frozen_sections = []
    status_by_area: dict[str, Counter] = {}
    promise_signatories = []
    for text, promise, updates in sections:
        for signatory in promise.signatories.all():
            if _signatory(signatory) not in promise_signatories:
                promise_signatories.append(_signatory(signatory))
        activities = []
        for update, activity in updates:
            area = activity.focus_area.name
            status_by_area.setdefault(area, Counter())[update.status] += 1
            activities.append(
                {
                    "description": activity.description,
                    "focus_area": area,
                    "responsible": activity.responsible_label(),
                    "place": activity.place,
                    "target": activity.target,
                    "target_per_year": activity.target_per_year,
                    "status": update.status,
                    "status_label": str(ActivityStatus(update.status).label),
                    "what_was_done": update.what_was_done,
                    "achieved": update.achieved,
                    "next_step": update.next_step,
                    "carried_over_from": activity.carried_over_from.promise.title if activity.carried_over_from_id else "",
                }
            )
        frozen_sections.append(
            {
                "promise_title": promise.title,
                "commitment": promise.commitment,
                "focus_areas": [area.name for area in promise.focus_areas.all()],
                "text": text,
                "activities": activities,
            }
        )
    signed_with_agreement = [_signatory(s) for s in agreement_signatories]
    return {
        "schema": SNAPSHOT_SCHEMA,
        "municipality": {
            "name": municipality.name,
            "slug": municipality.slug,
            "county": municipality.county,
            "emblem": _emblem(municipality),
        },
        "police_area": agreement.police_area.name,
        "agreement": {
            "title": agreement.title,
            "period_text": agreement.period_text(),
            "state": str(AgreementState(agreement_state).label),
            "partners": agreement.partner_list(),
            "signatories": signed_with_agreement,
        },
        # Who signed what the report follows up: the promises' own signatories where they were
        # signed on their own (each year's set), else the agreement's.
        "signing": {
            "of": "promises" if promise_signatories else "agreement",
            "signatories": promise_signatories or signed_with_agreement,
        },
        "original_publication": (
            {"on": report.originally_published_on.isoformat(), "where": report.originally_published_where}
            if report.originally_published_on
            else None
        ),
        "period": {
            "year": period.year,
            "tertial": period.tertial,
            "label": period.label,
            "months": period.months,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "next_follow_up": (
            {
                "year": following.year,
                "tertial": following.tertial,
                "label": following.label,
                "months": following.months,
                "due": deadline_of(following).isoformat(),
            }
            if following
            else None
        ),
        "contacts": list(contacts),
        "version_number": report.version_number,
        "changes_note": report.changes_note,
        "summary": report.summary,
        "published_at": (report.published_at or timezone.now()).isoformat(),
        "sections": frozen_sections,
        "focus_area_summary": [
            {
                "name": area,
                "total": sum(counts.values()),
                "counts": [
                    {"status": status.value, "label": str(status.label), "count": counts.get(status.value, 0)} for status in ActivityStatus
                ],
            }
            for area, counts in sorted(status_by_area.items())
        ],
        "indicators": _indicators(indicators, report.period_year) if period.is_year else [],
    }


def _emblem(municipality) -> dict | None:
    """The emblem as a data: URL with its text alternative, frozen into the snapshot with the rest."""
    import base64
    import mimetypes

    if not getattr(municipality, "emblem", None):
        return None
    try:
        with municipality.emblem.open("rb") as file:
            data = file.read()
    except OSError:  # the file is gone from storage: the report is published without it
        return None
    content_type = mimetypes.guess_type(municipality.emblem.name)[0] or "image/png"
    return {"src": f"data:{content_type};base64,{base64.b64encode(data).decode()}", "alt": municipality.emblem_alt}


def _signatory(signatory) -> dict:
    return {
        "name": signatory.name,
        "title": signatory.title,
        "organisation": signatory.organisation,
        "party": str(SignatoryParty(signatory.party).label),
    }


def _indicators(indicators, year: int) -> list[dict]:
    """The indicators with every year's values up to `year`."""
    result = []
    for indicator in indicators:
        years: dict[int, dict] = {}
        for measurement in indicator.measurements.all():
            if measurement.year <= year:
                years.setdefault(measurement.year, {"year": measurement.year})[measurement.group] = float(measurement.value)
        if not years:
            continue
        groups = [MeasurementGroup.ALL] + ([MeasurementGroup.WOMEN, MeasurementGroup.MEN] if indicator.by_gender else [])
        result.append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
                "description": indicator.description,
                "groups": [{"key": group.value, "label": str(group.label)} for group in groups],
                "rows": [years[year] for year in sorted(years)],
            }
        )
    return result


def render_html(snapshot: dict, *, for_pdf: bool = False, request=None, context: dict | None = None) -> str:
    """The report as a web page, or as the standalone HTML that WeasyPrint turns into the PDF."""
    template = "followup/report_pdf.html" if for_pdf else "followup/report_page.html"
    if not for_pdf:
        snapshot = localised(snapshot)  # the page in the reader's language; the PDF stays the Swedish record
    return render_to_string(template, {"report": snapshot, **(context or {})}, request=request)


# Relative and site-absolute URLs in the PDF's HTML resolve against this origin, which the fetcher
# below answers from the project's static files alone; `.invalid` can never reach the network.
PDF_BASE_URL = "https://medborgarloften.invalid/"


class RefusedURL(ValueError):
    """A URL the PDF may not fetch: only the project's own static files (and data: URLs) are served."""


def static_only_url_fetcher():
    """A WeasyPrint URL fetcher that serves the project's own static files (from the staticfiles
    finders, else STATIC_ROOT) and `data:` URLs, and refuses everything else: `file:` would read the
    server's files and `http(s):` would make the server a proxy, should any text ever reach a URL."""
    import mimetypes
    from urllib.parse import unquote, urlsplit

    from django.contrib.staticfiles import finders
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)  # the data is in the URL itself: nothing is fetched
            if url.startswith(static_prefix):
                path = unquote(urlsplit(url).path)[len(urlsplit(static_prefix).path) :]
                found = _static_file(path, finders)
                if found:
                    with open(found, "rb") as file:
                        body = file.read()
                    content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": content_type})
            raise RefusedURL(f"The PDF may not fetch {url[:200]}")

    return StaticOnlyURLFetcher()


def _static_file(path: str, finders) -> str | None:
    """The file for a static path, never outside the static directories ("..", absolute paths)."""
    from pathlib import Path, PurePosixPath

    parts = PurePosixPath(path).parts
    if not path or ".." in parts or path.startswith("/") or "\\" in path:
        return None
    found = finders.find(path)
    if found:
        return found
    candidate = Path(settings.STATIC_ROOT) / path if settings.STATIC_ROOT else None
    return str(candidate) if candidate is not None and candidate.is_file() else None


def render_pdf(snapshot: dict) -> bytes:
    """The report as an A4, tagged (PDF/UA-1) PDF in Swedish, with its title set."""
    import weasyprint

    from followup.pdf_structure import Structure

    with translation.override(settings.LANGUAGE_CODE):
        html = render_html(snapshot, for_pdf=True)
    try:
        with Structure() as structure:
            return weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_only_url_fetcher()).write_pdf(
                pdf_variant="pdf/ua-1", finisher=structure.finish
            )
    except Exception as error:  # WeasyPrint raises many kinds; the user needs to know it failed, and why
        raise PdfError(str(error) or type(error).__name__) from error
