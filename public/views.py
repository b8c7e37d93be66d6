"""Public pages about municipalities and their agreements."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.contacts import contacts_of
from agreements.models import Agreement, Municipality
from cycle.plan_services import PublicPlan, public_plan_annotation
from followup.due import next_follow_up
from followup.models import FollowUpReport
from promises.models import Activity, ActivityStatus, Promise, PromiseState, place_in_time
from public.filters import MunicipalityFilter


def municipality_list(request):
    """`/`: every municipality with a programme, searchable and filtered by county and focus area,
    each with its agreement's state and its activities counted by status."""
    today = timezone.localdate()
    # Only what an agreement's state on a day is computed from: not its texts.
    agreements = Agreement.objects.published().only("municipality", "workflow_state", "starts_on", "ends_on", "extends_automatically")
    with_programme = (
        Municipality.objects.filter(pk__in=Agreement.objects.published().values("municipality"))
        .select_related("police_area")
        .prefetch_related(Prefetch("agreements", queryset=agreements))
    )
    filters = MunicipalityFilter(request.GET or None, queryset=with_programme)
    municipalities = filters.qs.order_by("short_name")
    counts = activity_counts(municipalities, today=today)
    rows = [
        {
            "municipality": municipality,
            "agreement": agreement,
            "state": state,
            "counts": [(value, label, counts.get((municipality.pk, value), 0)) for value, label in ActivityStatus.choices],
            "total": sum(counts.get((municipality.pk, value), 0) for value in ActivityStatus.values),
        }
        for municipality in municipalities
        for agreement, state in [municipality.current_agreement(today)]
    ]
    context = {"rows": rows, "filters": filters, "filtered": filters.is_bound, "today": today}
    return render(request, "public/municipality_list.html", context)


def activity_counts(municipalities, *, today) -> dict[tuple[int, str], int]:
    """The activities of the published promises that apply today, counted by municipality and
    status in one grouped query: an ended promise's statuses are history, not today's picture.
    (Counted apart from the list rather than annotated on it, whose joins through agreements,
    promises and extensions would multiply the rows to count.)"""
    rows = (
        Activity.objects.filter(
            promise__in=Promise.objects.published().current_on(today),
            promise__agreement__municipality__in=municipalities.values("pk"),
        )
        .order_by()
        .values_list("promise__agreement__municipality", "status")
        .annotate(count=Count("pk"))
    )
    return {(municipality, status): count for municipality, status, count in rows}


def published_promises(municipality):
    """Every published promise of the municipality, enough to place it in time; what a card shows
    of it (`with_contents`) is read only for the promises shown as cards."""
    return (
        Promise.objects.published()
        .of_municipality(municipality)
        .with_extensions()
        .select_related("agreement__municipality")
        .order_by("-valid_from", "order", "pk")
    )


def with_contents(promises: list) -> list:
    """Read the focus areas and activities (with their carry-over trail) of the promises shown as
    cards, in a fixed number of queries."""
    prefetch_related_objects(
        promises,
        "focus_areas",
        Prefetch(
            "activities",
            queryset=Activity.objects.select_related("focus_area", "carried_over_from__promise")
            .prefetch_related(Prefetch("carried_over_to", queryset=Activity.objects.select_related("promise").order_by("order", "pk")))
            .order_by("order", "pk"),
        ),
    )
    return promises


def municipality_or_404(slug, *, signatories: bool = True, action_plan_on=None):
    """The municipality with its agreements; with `action_plan_on`, also the decided åtgärdsplan that
    applies that day, read in the same query (`public_plan`, see cycle.plan_services.PublicPlan)."""
    agreements = Agreement.objects.select_related("police_area")
    if signatories:
        agreements = agreements.prefetch_related("signatories", "contacts")
    municipalities = Municipality.objects.select_related("police_area").prefetch_related(Prefetch("agreements", queryset=agreements))
    if action_plan_on is not None:
        municipalities = municipalities.annotate(public_plan=public_plan_annotation(action_plan_on))
    return get_object_or_404(municipalities, slug=slug)


def current_reports(municipality, **filters) -> list[FollowUpReport]:
    """The current (latest published) version of each period's report, newest period first."""
    reports = []
    seen = set()
    for report in (
        FollowUpReport.objects.published()
        .of_municipality(municipality)
        .filter(**filters)
        .listed()
        .select_related("agreement__municipality")
        .order_by("-period_year", F("period_tertial").desc(nulls_first=True), "-version_number")
    ):
        if report.period not in seen:
            seen.add(report.period)
            reports.append(report)
    return reports


# Up to this many promises on a page, their activities are shown open; more (a yearly set of six)
# are listed with their activities behind a disclosure, so the page stays a few screens long.
SHOWN_IN_FULL = 2


def municipality_detail(request, slug):
    """`/<kommun>/`: the agreement that applies today, the promises that apply today in full, the
    ended ones grouped by period, and the report archive grouped by year."""
    today = timezone.localdate()
    municipality = municipality_or_404(slug, action_plan_on=today)
    agreement, state = municipality.current_agreement(today)
    promises = place_in_time(published_promises(municipality), agreement_ends=municipality.agreement_ends())
    by_state = {value: [p for p in promises if p.state_on(today) == value] for value in PromiseState.values}
    current = with_contents(sorted(by_state[PromiseState.CURRENT], key=lambda p: (p.order, p.valid_from, p.pk)))
    ended = by_state[PromiseState.ENDED]
    reports = current_reports(municipality)
    context = {
        "report_years": group_reports_by_year(reports),
        "focus_summary": status_by_focus_area(activity for promise in current for activity in promise.activities.all()),
        "status_legend": status_legend(),
        "municipality": municipality,
        "agreement": agreement,
        "state": state,
        "signatories": agreement.signatories.all() if agreement else [],
        "contacts": contacts_of(agreement),
        "next_follow_up": _next_follow_up(municipality, agreement, reports, today=today),
        "promises": current,
        "expand_activities": len(current) <= SHOWN_IN_FULL,
        "last_ended": max((p.last_day() for p in ended), default=None),
        "earlier_groups": group_by_period(ended),
        "upcoming_promises": sorted(by_state[PromiseState.UPCOMING], key=lambda p: (p.valid_from, p.order)),
        "action_plan": PublicPlan.from_row(municipality.public_plan),
        "today": today,
    }
    return render(request, "public/municipality_detail.html", context)


def _next_follow_up(municipality, agreement, reports, *, today):
    """When the next report is due, from what the page has read already (no query of its own)."""
    if agreement is None:
        return None
    published = [(report.period_year, report.period_tertial) for report in reports if report.agreement_id == agreement.pk]
    return next_follow_up(agreement, today=today, published=published, valid_until=municipality.agreement_ends()[agreement.pk])


def municipality_year(request, slug, year):
    """`/<kommun>/ar/<år>/`: the permanent archive of one year: the promises that applied in it and
    the reports on it. A year with neither is a 404."""
    if not 1900 <= year <= 2100:
        raise Http404
    municipality = municipality_or_404(slug, signatories=False)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    promises = place_in_time(published_promises(municipality), agreement_ends=municipality.agreement_ends())
    applied = with_contents(sorted((p for p in promises if p.applies_during(start, end)), key=lambda p: (p.valid_from, p.order, p.pk)))
    reports = current_reports(municipality, period_year=year)
    if not applied and not reports:
        raise Http404
    years = sorted(
        {y for p in promises for y in range(p.valid_from.year, (p.last_day() or timezone.localdate()).year + 1)}
        | set(FollowUpReport.objects.published().of_municipality(municipality).order_by().values_list("period_year", flat=True).distinct()),
        reverse=True,
    )
    context = {
        "municipality": municipality,
        "year": year,
        "promises": applied,
        "expand_activities": len(applied) <= SHOWN_IN_FULL,
        "reports": reports,
        "years": years,
        "today": timezone.localdate(),
    }
    return render(request, "public/municipality_year.html", context)


def group_by_period(promises) -> list[dict]:
    """Ended promises grouped by the years they ran (a yearly set is one group), newest first."""
    groups: dict[tuple[int, int], list] = {}
    for promise in promises:
        last = promise.last_day()
        groups.setdefault((promise.valid_from.year, last.year), []).append(promise)
    return [
        {
            "label": str(first) if first == last else f"{first}–{last}",
            "year": first,
            "id": f"tidigare-{first}" if first == last else f"tidigare-{first}-{last}",
            "promises": sorted(items, key=lambda p: (p.order, p.valid_from, p.pk)),
        }
        for (first, last), items in sorted(groups.items(), key=lambda item: (item[0][1], item[0][0]), reverse=True)
    ]


def group_reports_by_year(reports) -> list[tuple[int, list]]:
    """The report archive by year, newest first; within a year, tertials in order, then the year."""
    years: dict[int, list] = {}
    for report in reports:
        years.setdefault(report.period_year, []).append(report)
    return [(year, sorted(items, key=lambda r: r.period_tertial or 4)) for year, items in sorted(years.items(), reverse=True)]


# Each status's texture over its colour in the glance bars and their legend, so that no status is
# told by colour alone and a bar of one ongoing activity never looks like a finished one: done is
# the only solid fill.
GLANCE_TEXTURES = {"ongoing": "stripes", "postponed": "thin-stripes", "cancelled": "strike"}


def status_legend() -> list[dict]:
    """The glance bars' legend: every status with its label and texture, in the bars' order."""
    return [{"status": value, "label": label, "texture": GLANCE_TEXTURES.get(value, "")} for value, label in ActivityStatus.choices]


def status_by_focus_area(activities) -> list[dict]:
    """Per focus area, the activities counted by status, with where each status's segment of the bar
    starts and how wide it is, in per cent of all the area's activities (the bar is always the full
    scale); the rounded segments tile the bar without gaps."""
    areas: dict = {}
    for activity in activities:
        counts = areas.setdefault(activity.focus_area.name, {value: 0 for value in ActivityStatus.values})
        counts[activity.status] += 1
    summary = []
    for name, counts in sorted(areas.items()):
        total = sum(counts.values())
        parts, before = [], 0
        for value, label in ActivityStatus.choices:
            if counts[value]:
                start, end = round(100 * before / total, 1), round(100 * (before + counts[value]) / total, 1)
                parts.append(
                    {
                        "status": value,
                        "label": label,
                        "count": counts[value],
                        "offset": start,
                        "percent": round(end - start, 1),
                        "texture": GLANCE_TEXTURES.get(value, ""),
                    }
                )
                before += counts[value]
        summary.append({"name": name, "total": total, "parts": parts})
    return summary


# The statement's own dates: change them when the service is assessed again (Digg asks for both).
ACCESSIBILITY_ASSESSED_ON = datetime.date(2026, 11, 25)
ACCESSIBILITY_REVIEWED_ON = datetime.date(2026, 11, 25)


def accessibility_statement(request):
    """`/tillganglighet/`: the accessibility statement the law on accessible public digital service
    (2018:1937) asks for, in the structure of Digg's model statement."""
    context = {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "assessed_on": ACCESSIBILITY_ASSESSED_ON,
        "reviewed_on": ACCESSIBILITY_REVIEWED_ON,
    }
    return render(request, "public/accessibility.html", context)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /hantera/",
        "Disallow: /admin/",
        "Disallow: /konto/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
