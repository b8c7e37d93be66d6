"""The coordinator's start page at /hantera/: the whole programme of a municipality at once, across
agreements, promises and follow-up, with what to do now first."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from agreements.models import Agreement, AgreementState, agreement_ends
from agreements.working_on import municipality_for
from approvals import scope
from approvals import steps as registry
from approvals.models import Action, ReviewState
from approvals.views import coordinator_required, latest_steps
from followup.due import reports_due
from promises.models import Activity, Promise, PromiseState, place_in_time


@coordinator_required
def dashboard(request):
    """`/hantera/`: what to do now first — returned items, approved items to publish, the next
    report due — then the programme: agreement, reports, promises and their activities."""
    municipality = municipality_for(request)
    today = timezone.localdate()
    agreements = list(Agreement.objects.filter(municipality=municipality).order_by("-starts_on"))
    current, state = municipality.current_agreement(today)
    promises = list(
        Promise.objects.of_municipality(municipality)
        .with_extensions()
        .select_related("agreement", "revision_of")
        .order_by("-valid_from", "order")
    )
    place_in_time(promises, agreement_ends=agreement_ends(agreements))
    # The activities to report progress on: those of drafts and of published promises that apply today.
    working = [
        p
        for p in promises
        if p.revision_of_id is None and (p.workflow_state != ReviewState.PUBLISHED or p.state_on(today) == PromiseState.CURRENT)
    ]
    activities = list(Activity.objects.filter(promise__in=working).select_related("focus_area").order_by("order", "pk"))
    for promise in working:
        promise.listed_activities = [a for a in activities if a.promise_id == promise.pk]
    last_steps = latest_steps([*agreements, *promises])
    returned = [
        (item, last_steps[item.model_key])
        for item in [*agreements, *promises]
        if item.workflow_state == ReviewState.DRAFT and item.model_key in last_steps and last_steps[item.model_key].action == Action.RETURN
    ]
    due = _due_reports(current, today)
    to_publish = registry.in_states(user=request.user, municipality=municipality, states=[ReviewState.APPROVED], action=Action.PUBLISH)
    approval_steps = latest_steps(to_publish)
    context = {
        "municipality": municipality,
        "municipalities": scope.editable_by(type(municipality).objects.all(), request.user).order_by("short_name"),
        "agreement": current,
        "state": state,
        "days_left": (current.ends_on - today).days if current and current.ends_on and state == AgreementState.IN_FORCE else None,
        "agreements": agreements,
        "promises_by_state": [(value, label, [p for p in promises if p.workflow_state == value]) for value, label in ReviewState.choices],
        "working_promises": [p for p in working if p.listed_activities],
        "returned": returned,
        # Every kind's drafts and approved items, to submit or publish several at once.
        "to_submit": registry.in_states(user=request.user, municipality=municipality, states=[ReviewState.DRAFT], action=Action.SUBMIT),
        "to_publish": to_publish,
        # What the chief wrote when approving, shown beside what is to be published.
        "approval_comments": [
            (item, approval_steps[item.model_key])
            for item in to_publish
            if item.model_key in approval_steps and approval_steps[item.model_key].comment
        ],
        "today": today,
        **due,
    }
    return render(request, "coordination/dashboard.html", context)


def _due_reports(agreement, today) -> dict:
    """The current agreement's due reports, split the way the coordinator works through them: the
    next one to do, those in progress or coming, the overdue ones not started (collapsed), and the
    published ones."""
    empty = {"next_due": None, "open_reports": [], "overdue_unstarted": [], "published_reports": []}
    if agreement is None:
        return empty
    rows = [
        {"due": item, "overdue": item.is_overdue(today), "days_left": item.days_left(today), "state": item.state_label(today)}
        for item in sorted(reports_due(agreement, today=today, lookahead_days=0), key=lambda d: d.deadline)
    ]
    waiting = [row for row in rows if not row["due"].is_published]
    # The next report to work on: one already begun comes first, else the latest period due.
    begun = [row for row in waiting if row["due"].report is not None and not row["due"].is_with_the_chief]
    next_due = begun[0] if begun else (waiting[-1] if waiting else None)
    return {
        "next_due": next_due,
        "open_reports": [row for row in waiting if row["due"].report is not None or not row["overdue"]],
        "overdue_unstarted": [row for row in waiting if row["due"].report is None and row["overdue"] and row is not next_due],
        "published_reports": [row for row in rows if row["due"].is_published][::-1],
    }
