"""Public pages about municipalities and their agreements."""

from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.models import Agreement, Municipality
from followup.models import FollowUpReport
from agreements.filters import MunicipalityFilter
from approvals.models import ReviewState
from promises.models import Activity, ActivityStatus, Promise


def municipality_list(request):
    """`/`: every municipality with a programme, searchable and filtered by county and focus area,
    each with its agreement's state and its activities counted by status."""
    today = timezone.localdate()
    with_programme = Municipality.objects.filter(
        pk__in=Agreement.objects.published().values("municipality")
    ).select_related("police_area").prefetch_related(Prefetch("agreements", queryset=Agreement.objects.published()))
    filters = MunicipalityFilter(request.GET or None, queryset=with_programme)
    municipalities = filters.qs.annotate(**activity_counts("agreements__promises__")).order_by("short_name")
    rows = [
        {
            "municipality": municipality,
            "agreement": agreement,
            "state": state,
            "counts": [(value, label, getattr(municipality, f"activities_{value}")) for value, label in ActivityStatus.choices],
            "total": sum(getattr(municipality, f"activities_{value}") for value in ActivityStatus.values),
        }
        for municipality in municipalities
        for agreement, state in [municipality.current_agreement(today)]
    ]
    context = {"rows": rows, "filters": filters, "filtered": filters.is_bound, "today": today}
    return render(request, "agreements/municipality_list.html", context)


def activity_counts(to_promise: str) -> dict:
    """Annotations counting the published promises' activities by status, one per status."""
    published = Q(**{f"{to_promise}workflow_state": ReviewState.PUBLISHED, f"{to_promise}revision_of__isnull": True})
    return {
        f"activities_{value}": Count(
            f"{to_promise}activities", filter=published & Q(**{f"{to_promise}activities__status": value}), distinct=True
        )
        for value in ActivityStatus.values
    }


def municipality_detail(request, slug):
    """`/<kommun>/`: the agreement that applies today, its parties and the published promises."""
    today = timezone.localdate()
    municipality = get_object_or_404(
        Municipality.objects.select_related("police_area").prefetch_related(
            Prefetch("agreements", queryset=Agreement.objects.select_related("police_area"))
        ),
        slug=slug,
    )
    agreement, state = municipality.current_agreement(today)
    promises = (
        Promise.objects.published()
        .of_municipality(municipality)
        .select_related("agreement__municipality")
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("focus_area", "carried_over_from__promise").prefetch_related(
                    "carried_over_to__promise"
                ),
            ),
        )
        .order_by("order", "valid_from")
    )
    current = [
        promise
        for promise in promises
        if promise.agreement_id == getattr(agreement, "pk", None) and promise.runs_on(today, agreement_state=state)
    ]
    upcoming = [promise for promise in promises if promise.valid_from > today]
    earlier = [promise for promise in promises if promise not in current and promise not in upcoming]
    focus_summary = status_by_focus_area(activity for promise in current for activity in promise.activities.all())
    reports = []
    seen = set()
    for report in FollowUpReport.objects.published().of_municipality(municipality).order_by(
        "-period_year", F("period_tertial").desc(nulls_first=True), "-version_number"
    ):
        if report.period not in seen:  # the current version of each period
            seen.add(report.period)
            reports.append(report)
    context = {
        "reports": reports,
        "focus_summary": focus_summary,
        "municipality": municipality,
        "agreement": agreement,
        "state": state,
        "signatories": agreement.signatories.all() if agreement else [],
        "promises": current,
        "earlier_promises": earlier,
        "upcoming_promises": upcoming,
        "today": today,
    }
    return render(request, "agreements/municipality_detail.html", context)


def status_by_focus_area(activities) -> list[dict]:
    """Per focus area, the activities counted by status, with each status's share for the bar."""
    areas: dict = {}
    for activity in activities:
        counts = areas.setdefault(activity.focus_area.name, {value: 0 for value in ActivityStatus.values})
        counts[activity.status] += 1
    summary = []
    for name, counts in sorted(areas.items()):
        total = sum(counts.values())
        summary.append(
            {
                "name": name,
                "total": total,
                "parts": [
                    {"status": value, "label": label, "count": counts[value], "percent": round(100 * counts[value] / total, 1)}
                    for value, label in ActivityStatus.choices
                    if counts[value]
                ],
            }
        )
    return summary


def accessibility_statement(request):
    """`/tillganglighet/`: the accessibility statement the law on accessible public digital service asks for."""
    return render(request, "agreements/accessibility.html")


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /hantera/", "Disallow: /admin/", "Disallow: /konto/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
