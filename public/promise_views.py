"""Public pages about promises."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import BooleanField, CharField, Count, Exists, Func, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.contacts import contacts_of
from approvals.models import ReviewState
from cycle.models import DialogueKind, DialogueTheme, Problem, PublicSummary
from followup.models import ActivityUpdate, ReportSection, report_url
from followup.periods import ReportingPeriod
from promises.models import Activity, ActivityStatus, FocusArea, Promise


def promise_detail(request, slug, pk):
    """`/<kommun>/loften/<id>/`: one published promise with its activities; anything else is a 404."""
    promise = get_object_or_404(
        Promise.objects.published()
        .with_extensions()
        .with_agreement_successor()
        .with_first_publication()
        .select_related("agreement__municipality", "agreement__police_area")
        .prefetch_related("focus_areas", "signatories", "agreement__signatories", "agreement__contacts"),
        pk=pk,
        agreement__municipality__slug=slug,
    )
    activities = (
        Activity.objects.filter(promise=promise)
        .select_related("focus_area", "carried_over_from__promise")
        .prefetch_related(Prefetch("carried_over_to", queryset=Activity.objects.select_related("promise").order_by("order", "pk")))
        .order_by("order", "pk")
    )
    today = timezone.localdate()
    history, done = report_trail(activities)
    context = {
        "report_history": history,
        "what_was_done": done,
        "said": what_was_said(promise),
        "promise": promise,
        "municipality": promise.agreement.municipality,
        "activities": activities,
        "today": today,
        "signatories": promise.signatories.all() or promise.agreement.signatories.all(),
        "own_signing": bool(promise.signatories.all()),
        "entered_here": promise.first_published_at,
        "contacts": contacts_of(promise.agreement),
    }
    return render(request, "public/promise_detail.html", context)


class _FrozenStatus(Func):
    """The status a report's snapshot gives the activity update at (section index, update index):
    `snapshot.sections[i].activities[j].status`, read in the database so that the snapshots
    themselves are never loaded. `key` reads another of the entry's values (what_was_done)."""

    output_field = CharField()
    key = "status"

    def as_sqlite(self, compiler, connection, **extra):
        snapshot, section, update = (compiler.compile(expression) for expression in self.get_source_expressions())
        sql = f"json_extract({snapshot[0]}, '$.sections[' || {section[0]} || '].activities[' || {update[0]} || '].{self.key}')"
        return sql, (*snapshot[1], *section[1], *update[1])

    def as_postgresql(self, compiler, connection, **extra):
        snapshot, section, update = (compiler.compile(expression) for expression in self.get_source_expressions())
        sql = f"({snapshot[0]} #>> ARRAY['sections', ({section[0]})::text, 'activities', ({update[0]})::text, '{self.key}'])"
        return sql, (*snapshot[1], *section[1], *update[1])


class _FrozenWhatWasDone(_FrozenStatus):
    key = "what_was_done"


def _count_of(queryset):
    """How many rows `queryset` (correlated to the outer row) has, as a subquery: unlike a join and
    Count, it neither groups the outer rows nor costs anything in the paginator's count."""
    return Coalesce(Subquery(queryset.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")), 0)


def _count_before(queryset, *, order: str, pk: str):
    """How many rows of `queryset` come before the outer row, by (order, pk): its index."""
    earlier = queryset.filter(Q(order__lt=OuterRef(order)) | Q(order=OuterRef(order), pk__lt=OuterRef(pk)))
    return Coalesce(Subquery(earlier.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")), 0)


def report_history(activities) -> dict:
    """Each activity's status in each published report (see report_trail)."""
    return report_trail(activities)[0]


def report_trail(activities) -> tuple[dict, dict]:
    """For each activity, its status in each published report (the current version of each period),
    oldest first: {activity id: [(period label, status, status label, report url)]}.

    The statuses are read from each report's frozen snapshot, as its page and PDF show them, never
    from update rows that could have drifted since. The snapshot names no activity ids: its entries
    follow the report's sections and updates in their order (followup.rendering), which are frozen
    with it, so the rows say only where each activity's entry is. One query.

    Second, what the latest published report says was done for each activity, read from the same
    snapshots in the same query: {activity id: (period label, text, report url)}."""
    rows = (
        ActivityUpdate.objects.filter(activity__in=activities, section__report__workflow_state=ReviewState.PUBLISHED)
        .annotate(
            section_index=_count_before(
                ReportSection.objects.filter(report=OuterRef("section__report")), order="section__order", pk="section_id"
            ),
            update_index=_count_before(ActivityUpdate.objects.filter(section=OuterRef("section")), order="order", pk="pk"),
        )
        .annotate(
            frozen_status=_FrozenStatus("section__report__snapshot", "section_index", "update_index"),
            frozen_done=_FrozenWhatWasDone("section__report__snapshot", "section_index", "update_index"),
        )
        .order_by("section__report__period_year", "section__report__period_tertial", "section__report__version_number")
        .values_list(
            "activity_id",
            "section__report__period_year",
            "section__report__period_tertial",
            "section__report__agreement__municipality__slug",
            "frozen_status",
            "frozen_done",
        )
    )
    latest = {}
    for activity_id, year, tertial, slug, status, done in rows:  # a later version of the same period replaces the earlier
        if status in ActivityStatus.values:
            period = ReportingPeriod(year, tertial)
            latest[(activity_id, period)] = (status, report_url(slug, period), done or "")
    history: dict[int, list] = {}
    what_was_done: dict[int, tuple] = {}
    for (activity_id, period), (status, url, done) in sorted(latest.items(), key=lambda item: item[0][1]):
        history.setdefault(activity_id, []).append((period.label, status, ActivityStatus(status).label, url))
        what_was_done[activity_id] = (period.label, done, url)  # the latest period's, sorted last
    return history, {pk: entry for pk, entry in what_was_done.items() if entry[1].strip()}


def what_was_said(promise) -> list[dict]:
    """What the promise rests on, in one query: the dialogue themes linked to it (with their
    dialogue) and the published public summaries of the lägesbilder whose prioritised problems it
    addresses (only the latest published summary of each; never anything else of a lägesbild).
    Both are read as one UNION so that the promise page stays within its query budget."""
    text = CharField()
    # Neither side may be ordered: SQLite refuses ORDER BY inside a compound statement.
    themes = (
        DialogueTheme.objects.filter(promises=promise)
        .order_by()
        .values_list(
            Value("theme", output_field=text),
            "pk",
            "theme",
            "what_was_said",
            "dialogue__kind",
            "dialogue__title",
            "dialogue__held_on",
            "dialogue__place",
            "dialogue__participants",
            "dialogue__illustrative",
        )
    )
    newer = PublicSummary.objects.filter(
        situation_picture=OuterRef("situation_picture"), workflow_state=ReviewState.PUBLISHED, pk__gt=OuterRef("pk")
    )
    summaries = (
        PublicSummary.objects.filter(
            workflow_state=ReviewState.PUBLISHED, situation_picture__in=Problem.objects.filter(promises=promise).values("situation_picture")
        )
        .filter(~Exists(newer))
        .order_by()
        .values_list(
            Value("summary", output_field=text),
            "pk",
            "situation_picture__title",
            "text",
            Value("", output_field=text),
            Value("", output_field=text),
            "situation_picture__as_of",
            Value("", output_field=text),
            Value(None, output_field=IntegerField()),
            Value(False, output_field=BooleanField()),
        )
    )
    fields = ["source", "pk", "heading", "text", "kind", "title", "day", "place", "participants", "illustrative"]
    rows = [dict(zip(fields, row, strict=True)) for row in themes.union(summaries, all=True)]
    for row in rows:
        row["kind_label"] = DialogueKind(row["kind"]).label if row["kind"] else ""
    return sorted(rows, key=lambda row: (row["source"] != "summary", -row["day"].toordinal(), row["pk"]))


def focus_area_list(request):
    """`/fokusomraden/`: the national catalogue, each with how many municipalities have a promise
    in it that applies today (tagged with the national area or a local one under it)."""
    areas = list(FocusArea.objects.national().order_by("name"))
    tagged = Promise.focus_areas.through.objects.filter(promise__in=Promise.objects.published().current_on(timezone.localdate()))
    # A local area counts under its national one; a national area under itself.
    counts = dict(
        tagged.annotate(national=Coalesce("focusarea__national_area", "focusarea"))
        .order_by()
        .values("national")
        .annotate(municipalities=Count("promise__agreement__municipality", distinct=True))
        .values_list("national", "municipalities")
    )
    for area in areas:
        area.municipality_count = counts.get(area.pk, 0)
    return render(request, "public/focus_area_list.html", {"areas": areas})


# Promises on a page of a national focus area: a national area gathers thousands.
PROMISES_PER_PAGE = 25


def focus_area_detail(request, slug):
    """`/fokusomraden/<slug>/`: the national view of one focus area: the promises in it that apply
    today, by municipality, a page at a time (`?sida=2`); a page that does not exist is a 404.
    Earlier promises are history, on each municipality's own page."""
    area = get_object_or_404(FocusArea.objects.national(), slug=slug)
    promises = (
        Promise.objects.published()
        .current_on(timezone.localdate())
        .in_focus_area(area)
        .select_related("agreement__municipality")
        .prefetch_related("focus_areas")
        .annotate(activity_count=_count_of(Activity.objects.filter(promise=OuterRef("pk"))))
        .order_by("agreement__municipality__short_name", "agreement__municipality", "order", "pk")
    )
    try:
        page = Paginator(promises, PROMISES_PER_PAGE).page(request.GET.get("sida", 1))
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error
    by_municipality: dict = {}
    for promise in page.object_list:
        by_municipality.setdefault(promise.agreement.municipality, []).append(promise)
    context = {"area": area, "by_municipality": list(by_municipality.items()), "page": page}
    return render(request, "public/focus_area_detail.html", context)
