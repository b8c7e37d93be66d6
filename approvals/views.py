"""Sign-in landing, the coordinator's overview, an item's workflow page, and the chiefs' approval list."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import scope
from approvals.models import Action, ReviewState
from approvals.services import WorkflowError, check_allowed, run_transition


def coordinator_required(view):
    """Signed in (else to the sign-in page) and coordinator of some municipality (else 403)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("access_coordinator_pages"):
            raise PermissionDenied(_("These pages are for the municipalities' coordinators."))
        return view(request, *args, **kwargs)

    return wrapper


@login_required
def start(request):
    """Where sign-in leads: coordinators to their pages, chiefs to what awaits their approval."""
    if request.user.has_perm("access_coordinator_pages"):
        return redirect("approvals:dashboard")
    if request.user.is_staff:
        return redirect("approvals:awaiting")
    return render(request, "approvals/no_role.html")


@coordinator_required
def dashboard(request):
    """`/hantera/`: the coordinator's municipalities, their agreements and promises by workflow state."""
    from agreements.models import Municipality
    from promises.models import Promise

    municipalities = scope.editable_by(Municipality.objects.select_related("police_area"), request.user)
    promises = scope.editable_by(Promise.objects.select_related("agreement__municipality", "revision_of"), request.user)
    returned = [promise for promise in promises if promise.workflow_state == ReviewState.DRAFT and _last_action(promise) == Action.RETURN]
    context = {
        "municipalities": [
            {
                "municipality": municipality,
                "agreements": municipality.agreements.order_by("-starts_on"),
                "promises_by_state": [
                    (label, [p for p in promises if p.agreement.municipality_id == municipality.pk and p.workflow_state == state])
                    for state, label in ReviewState.choices
                ],
            }
            for municipality in municipalities
        ],
        "returned": returned,
    }
    return render(request, "approvals/dashboard.html", context)


def _last_action(item):
    step = item.transitions().last()
    return step.action if step else None


def available_actions(item, user) -> list[str]:
    """The workflow steps the user could take on the item now, in the order they are offered."""
    offered = []
    for action in (Action.SUBMIT, Action.WITHDRAW, Action.PUBLISH, Action.START_REVISION):
        try:
            check_allowed(item=item, action=action, by=user)
        except WorkflowError:
            continue
        offered.append(action)
    return offered


def item_page(request, *, model, pk, steps):
    """An item's page for its coordinator: the content, its state, what can be done, its record."""
    item = get_object_or_404(scope.editable_by(model.objects.all(), request.user), pk=pk)
    context = {
        "item": item,
        "actions": [action for action in available_actions(item, request.user) if action in steps],
        "transitions": item.transitions(),
        "history": item.history.select_related("history_user")[:20],
    }
    return render(request, "approvals/item.html", context)


def item_transition(request, *, model, pk, steps, errors=()):
    """POST one workflow step (`action`) on an item, then back to its page with the outcome."""
    item = get_object_or_404(scope.editable_by(model.objects.all(), request.user), pk=pk)
    action = request.POST.get("action", "")
    if action not in steps:
        raise Http404(_("No such step."))
    try:
        result = steps[action](item, request.user, request.POST.get("comment", ""))
    except (WorkflowError, *errors) as error:
        messages.error(request, str(error))
        return redirect(item.get_manage_url())
    messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label.lower()})
    target = result if hasattr(result, "get_manage_url") else item
    if action == Action.PUBLISH and not model.objects.filter(pk=item.pk).exists():
        target = item.revision_of  # a published revision became part of the promise it revised
    return redirect(target.get_manage_url())


def coordinator_item_views(*, model, steps, errors=()):
    """The page and the step endpoint for one kind of item, behind the coordinator check.

    `steps` maps each action to a callable (item, user, comment); `errors` are the item's own domain
    exceptions, shown to the user like workflow errors."""

    @coordinator_required
    def page(request, pk):
        return item_page(request, model=model, pk=pk, steps=steps)

    @coordinator_required
    @require_POST
    def step(request, pk):
        return item_transition(request, model=model, pk=pk, steps=steps, errors=errors)

    return page, step


def awaiting(request):
    """`/admin/att-godkanna/`: what awaits the chief's approval, with approve and return at hand."""
    if not request.user.has_perm("approvals.approve"):
        raise PermissionDenied
    if request.method == "POST":
        return _review(request)
    context = {
        **_admin_context(request),
        "title": _("Awaiting approval"),
        "items": awaiting_with_records(request.user),
    }
    return render(request, "approvals/awaiting.html", context)


def awaiting_with_records(user):
    return [(item, item.transitions()) for item in scope.awaiting_review_by(user)]


def _review(request):
    key = request.POST.get("item", "")
    items = {item.model_key: item for item in scope.awaiting_review_by(request.user)}
    item = items.get(key)
    if item is None:
        messages.error(request, _("The item is no longer awaiting your approval."))
        return redirect("approvals:awaiting")
    action = request.POST.get("action")
    if action not in (Action.APPROVE, Action.RETURN):
        raise Http404(_("No such step."))
    try:
        run_transition(item=item, action=action, by=request.user, comment=request.POST.get("comment", ""))
    except WorkflowError as error:
        messages.error(request, f"{item}: {error}")
    else:
        messages.success(request, f"{item}: {Action(action).label.lower()}.")
    return redirect("approvals:awaiting")


def _admin_context(request):
    from django.contrib import admin

    return admin.site.each_context(request)
