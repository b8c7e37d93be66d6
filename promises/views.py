"""Public pages about promises."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from django.db.models import Count, Prefetch, Q

from approvals.models import ReviewState
from followup.models import ActivityUpdate
from promises.models import Activity, FocusArea, Promise


def promise_detail(request, slug, pk):
    """`/<kommun>/loften/<id>/`: one published promise with its activities; anything else is a 404."""
    promise = get_object_or_404(
        Promise.objects.published().with_extensions().select_related("agreement__municipality").prefetch_related(
            "focus_areas", "signatories"
        ),
        pk=pk,
        agreement__municipality__slug=slug,
    )
    activities = (
        Activity.objects.filter(promise=promise)
        .select_related("focus_area", "carried_over_from__promise")
        .prefetch_related("carried_over_to__promise")
    )
    today = timezone.localdate()
    context = {
        "report_history": report_history(activities),
        "promise": promise,
        "municipality": promise.agreement.municipality,
        "activities": activities,
        "today": today,
        "signatories": promise.signatories.all() or promise.agreement.signatories.all(),
        "own_signing": bool(promise.signatories.all()),
        "entered_here": Promise.objects.filter(pk=promise.pk).publication_dates().get(promise.pk),
    }
    return render(request, "promises/promise_detail.html", context)


def report_history(activities) -> dict:
    """For each activity, its status in each published report (the current version of each period),
    oldest first: {activity id: [(period label, status, status label, report url)]}."""
    updates = (
        ActivityUpdate.objects.filter(activity__in=activities, section__report__workflow_state=ReviewState.PUBLISHED)
        .select_related("section__report__agreement__municipality")
        .order_by("section__report__period_year", "section__report__period_tertial", "section__report__version_number")
    )
    latest = {}
    for update in updates:  # a later version of the same period replaces the earlier
        report = update.section.report
        latest[(update.activity_id, report.period)] = update
    history: dict[int, list] = {}
    for (activity_id, period), update in sorted(latest.items(), key=lambda item: item[0][1]):
        history.setdefault(activity_id, []).append(
            (period.label, update.status, update.get_status_display(), update.section.report.get_absolute_url())
        )
    return history


def focus_area_list(request):
    """`/fokusomraden/`: the national catalogue, each with how many municipalities promise in it."""
    areas = FocusArea.objects.national().annotate(
        municipality_count=Count(
            "local_areas__promises__agreement__municipality",
            filter=Q(local_areas__promises__workflow_state=ReviewState.PUBLISHED, local_areas__promises__revision_of__isnull=True),
            distinct=True,
        )
    ).order_by("name")
    return render(request, "promises/focus_area_list.html", {"areas": areas})


def focus_area_detail(request, slug):
    """`/fokusomraden/<slug>/`: the national view of one focus area: which municipalities promise what."""
    area = get_object_or_404(FocusArea.objects.national(), slug=slug)
    promises = (
        Promise.objects.published()
        .filter(Q(focus_areas=area) | Q(focus_areas__national_area=area))
        .distinct()
        .select_related("agreement__municipality")
        .prefetch_related("focus_areas", Prefetch("activities", queryset=Activity.objects.select_related("focus_area")))
        .order_by("agreement__municipality__short_name", "order")
    )
    by_municipality: dict = {}
    for promise in promises:
        by_municipality.setdefault(promise.agreement.municipality, []).append(promise)
    return render(request, "promises/focus_area_detail.html", {"area": area, "by_municipality": list(by_municipality.items())})
