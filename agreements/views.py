"""Public pages about municipalities and their agreements."""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from agreements.models import Agreement, Municipality
from followup.models import FollowUpReport
from promises.models import Activity, Promise


def municipality_list(request):
    """`/`: every municipality with the agreement that applies today and its state."""
    today = timezone.localdate()
    municipalities = Municipality.objects.select_related("police_area").prefetch_related("agreements")
    rows = [(municipality, *municipality.current_agreement(today)) for municipality in municipalities]
    return render(request, "agreements/municipality_list.html", {"rows": rows, "today": today})


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
