"""Public pages about promises."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from django.db.models import CharField, Count, Func, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from approvals.models import ReviewState
from followup.models import ActivityUpdate, ReportSection, report_url
from followup.periods import ReportingPeriod
from promises.models import Activity, ActivityStatus, FocusArea, Promise


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


class _FrozenStatus(Func):
    """The status a report's snapshot gives the activity update at (section index, update index):
    `snapshot.sections[i].activities[j].status`, read in the database so that the snapshots
    themselves are never loaded."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        snapshot, section, update = (compiler.compile(expression) for expression in self.get_source_expressions())
        sql = f"json_extract({snapshot[0]}, '$.sections[' || {section[0]} || '].activities[' || {update[0]} || '].status')"
        return sql, (*snapshot[1], *section[1], *update[1])

    def as_postgresql(self, compiler, connection, **extra):
        snapshot, section, update = (compiler.compile(expression) for expression in self.get_source_expressions())
        sql = f"({snapshot[0]} #>> ARRAY['sections', ({section[0]})::text, 'activities', ({update[0]})::text, 'status'])"
        return sql, (*snapshot[1], *section[1], *update[1])


def _count_before(queryset, *, order: str, pk: str):
    """How many rows of `queryset` come before the outer row, by (order, pk): its index."""
    earlier = queryset.filter(Q(order__lt=OuterRef(order)) | Q(order=OuterRef(order), pk__lt=OuterRef(pk)))
    return Coalesce(Subquery(earlier.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")), 0)


def report_history(activities) -> dict:
    """For each activity, its status in each published report (the current version of each period),
    oldest first: {activity id: [(period label, status, status label, report url)]}.

    The statuses are read from each report's frozen snapshot, as its page and PDF show them, never
    from update rows that could have drifted since. The snapshot names no activity ids: its entries
    follow the report's sections and updates in their order (followup.rendering), which are frozen
    with it, so the rows say only where each activity's entry is. One query."""
    rows = (
        ActivityUpdate.objects.filter(activity__in=activities, section__report__workflow_state=ReviewState.PUBLISHED)
        .annotate(
            section_index=_count_before(ReportSection.objects.filter(report=OuterRef("section__report")), order="section__order", pk="section_id"),
            update_index=_count_before(ActivityUpdate.objects.filter(section=OuterRef("section")), order="order", pk="pk"),
        )
        .annotate(frozen_status=_FrozenStatus("section__report__snapshot", "section_index", "update_index"))
        .order_by("section__report__period_year", "section__report__period_tertial", "section__report__version_number")
        .values_list(
            "activity_id", "section__report__period_year", "section__report__period_tertial",
            "section__report__agreement__municipality__slug", "frozen_status",
        )
    )
    latest = {}
    for activity_id, year, tertial, slug, status in rows:  # a later version of the same period replaces the earlier
        if status in ActivityStatus.values:
            period = ReportingPeriod(year, tertial)
            latest[(activity_id, period)] = (status, report_url(slug, period))
    history: dict[int, list] = {}
    for (activity_id, period), (status, url) in sorted(latest.items(), key=lambda item: item[0][1]):
        history.setdefault(activity_id, []).append((period.label, status, ActivityStatus(status).label, url))
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
