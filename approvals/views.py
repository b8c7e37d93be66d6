"""Sign-in landing, the coordinator's overview, an item's workflow page, the chiefs' approval list,
and the pages that take one step on several items at once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from approvals import changes, scope
from approvals import steps as registry
from approvals.editing import EditConflict
from approvals.errors import DomainError
from approvals.models import Action, ReviewState, Transition
from approvals.services import BulkRefused, WorkflowError, check_allowed, run_bulk, run_transition


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
    """Where sign-in leads: coordinators to their pages, chiefs to what awaits their approval (the
    role is enough, "Staff status" or not), other staff to the admin."""
    from django.contrib import admin

    if request.user.has_perm("access_coordinator_pages"):
        return redirect("coordination:dashboard")
    if request.user.has_perm("approvals.approve"):
        return redirect("approvals:awaiting")
    if admin.site.has_permission(request):
        return redirect("admin:index")
    return render(request, "approvals/no_role.html")


def latest_steps(items) -> dict:
    """The latest workflow step of each item, keyed by `model_key`, in one query per kind of item."""
    from django.contrib.contenttypes.models import ContentType

    found = {}
    by_type = {}
    for item in items:
        by_type.setdefault(type(item), []).append(item.pk)
    for model, ids in by_type.items():
        steps = Transition.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids).select_related("by")
        for step in steps.order_by("at", "pk"):
            found[f"{model._meta.label_lower}:{step.object_id}"] = step
    return found


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


def item_transition(request, *, model, pk, steps):
    """POST one workflow step (`action`) on an item, then back to its page with the outcome."""
    item = get_object_or_404(scope.editable_by(model.objects.all(), request.user), pk=pk)
    action = request.POST.get("action", "")
    if action not in steps:
        raise Http404(_("No such step."))
    try:
        result = steps[action](item, request.user, request.POST.get("comment", ""))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(item.get_manage_url())
    messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label.lower()})
    target = result if hasattr(result, "get_manage_url") else item
    if action == Action.PUBLISH and not model.objects.filter(pk=item.pk).exists():
        target = item.revision_of  # a published revision became part of the promise it revised
    return redirect(target.get_manage_url())


def coordinator_item_views(*, model, steps):
    """The page and the step endpoint for one kind of item, behind the coordinator check.

    `steps` maps each action to a callable (item, user, comment); what a step refuses (a
    DomainError) is shown to the user. They are registered for the kind, so that the same steps
    taken on several items at once (`bulk_steps`) run the same code."""
    registry.register(model=model, steps=steps)

    @coordinator_required
    def page(request, pk):
        return item_page(request, model=model, pk=pk, steps=steps)

    @coordinator_required
    @require_POST
    def step(request, pk):
        return item_transition(request, model=model, pk=pk, steps=steps)

    return page, step


def awaiting(request):
    """`/admin/att-godkanna/`: what awaits the chief's approval, each item with a link to read it in
    full (and what a revision changes), and one comment field for approving (optional) or returning
    (required). A refused step shows the page again with the reason beside that item's comment."""
    if not request.user.has_perm("approvals.approve"):
        raise PermissionDenied
    items = scope.awaiting_review_by(request.user)
    refused = None
    if request.method == "POST":
        outcome = _review(request, awaiting=items)
        if not isinstance(outcome, Refused):
            return outcome
        refused = outcome
    submitted = latest_steps(items)
    rows = [
        {
            "item": item,
            "number": number,
            "submitted": submitted.get(item.model_key),
            "is_revision": changes.is_revision(item),
            "read_url": awaiting_item_url(item),
            "refused": refused if refused and refused.key == item.model_key else None,
        }
        for number, item in enumerate(items, start=1)
    ]
    context = {**_admin_context(request), "title": _("Awaiting approval"), "rows": rows}
    return render(request, "approvals/awaiting.html", context)


def awaiting_item_url(item) -> str:
    """The chief's page for one item: `/admin/att-godkanna/<app.model>/<pk>/`."""
    return reverse("approvals:awaiting_item", kwargs={"kind": item._meta.label_lower, "pk": item.pk})


@login_required
def awaiting_item(request, kind, pk):
    """`/admin/att-godkanna/<app.model>/<pk>/`: one item as the chief reads it before deciding — its
    whole content, what a revision changes against the published version, its workflow record —
    with approve and return. Anyone it is not in scope for is told it does not exist; its own
    coordinator is sent to their page for it."""
    try:
        model, _pk = registry.parse_key(f"{kind}:{pk}")
    except registry.UnknownItem:
        raise Http404(_("No such item.")) from None
    item = get_object_or_404(scope.visible_to(model.objects.select_related(*registry.related_paths(model)), request.user), pk=pk)
    if not request.user.has_perm("approvals.approve", item):
        if request.user.has_perm("approvals.submit", item):
            return redirect(item.get_manage_url())
        raise Http404(_("No such item."))
    decidable = [item] if item.workflow_state == ReviewState.SUBMITTED else []
    refused = None
    if request.method == "POST":
        outcome = _review(request, awaiting=decidable)
        if not isinstance(outcome, Refused):
            return outcome
        refused = outcome
    context = {
        **_admin_context(request),
        "title": f"{capfirst(item.kind_label)}: {item}",
        "item": item,
        "transitions": item.transitions(),
        "read_template": select_template([f"{model._meta.app_label}/review/{model._meta.model_name}.html", item.summary_template]),
        "is_revision": changes.is_revision(item),
        "changes": changes.changes_for(item),
        "decidable": bool(decidable),
        "refused": refused,
    }
    return render(request, "approvals/awaiting_item.html", context)


@dataclass(frozen=True)
class Refused:
    """A chief's step that was refused: which item, why, and the comment they typed (kept)."""

    key: str
    message: str
    comment: str


def _review(request, *, awaiting):
    """Approve or return (POST `action`) one of the `awaiting` items (POST `item`), with the comment
    typed beside it; the comment is kept in the workflow record either way. Returns the redirect to
    the awaiting page, or Refused when the step was not allowed (a return without a comment)."""
    key = request.POST.get("item", "")
    item = {item.model_key: item for item in awaiting}.get(key)
    if item is None:
        messages.error(request, _("The item is no longer awaiting your approval."))
        return redirect("approvals:awaiting")
    action = request.POST.get("action")
    if action not in (Action.APPROVE, Action.RETURN):
        raise Http404(_("No such step."))
    comment = request.POST.get("comment", "")
    try:
        run_transition(item=item, action=action, by=request.user, comment=comment)
    except WorkflowError as error:
        return Refused(key=key, message=str(error), comment=comment)
    messages.success(request, f"{item}: {Action(action).label.lower()}.")
    return redirect("approvals:awaiting")


# Several items at once: a page that lists the chosen items and asks to confirm; the step is then
# taken on each, as its own step, or on none of them (approvals.services.run_bulk).

BULK_TITLES = {
    Action.SUBMIT: gettext_lazy("Submit several items for approval"),
    Action.PUBLISH: gettext_lazy("Publish several items"),
    Action.APPROVE: gettext_lazy("Approve several items"),
}
BULK_DONE = {
    Action.SUBMIT: gettext_lazy("Number of items submitted for approval: %(count)d."),
    Action.PUBLISH: gettext_lazy("Number of items published: %(count)d."),
    Action.APPROVE: gettext_lazy("Number of items approved: %(count)d."),
}


@coordinator_required
def bulk_steps(request):
    """`/hantera/markerade/`: submit or publish the items ticked on the overview, after a look at
    the list; unknown items and other municipalities' are not found."""
    data = request.POST if request.method == "POST" else request.GET
    action = data.get("action", "")
    if action not in (Action.SUBMIT, Action.PUBLISH):
        raise Http404(_("No such step."))
    back = reverse("coordination:dashboard")
    if data.get("kommun"):
        back += "?" + urlencode({"kommun": data["kommun"]})
    return _bulk_page(
        request,
        action=action,
        within=lambda queryset: scope.editable_by(queryset, request.user),
        back=back,
        template="approvals/bulk_confirm.html",
        context={"kommun": data.get("kommun", "")},
    )


def awaiting_bulk(request):
    """`/admin/att-godkanna/markerade/`: approve the items ticked on the awaiting page, with one
    optional comment recorded with each approval."""
    if not request.user.has_perm("approvals.approve"):
        raise PermissionDenied
    return _bulk_page(
        request,
        action=Action.APPROVE,
        within=lambda queryset: scope.visible_to(queryset, request.user),
        back=reverse("approvals:awaiting"),
        template="approvals/awaiting_confirm.html",
        context=_admin_context(request),
    )


def _bulk_page(request, *, action, within, back, template, context):
    """GET lists the chosen items (`item`, repeated) with a button to confirm; POST takes the step
    on all of them and goes back, or shows the list again with the items refused and why."""
    data = request.POST if request.method == "POST" else request.GET
    keys = [key for key in data.getlist("item") if key]
    if not keys:
        messages.error(request, _("Tick at least one item first."))
        return redirect(back)
    try:
        items = registry.items_for_keys(keys, within=within)
    except registry.UnknownItem:
        raise Http404(_("One of the chosen items is not among yours.")) from None
    comment = request.POST.get("comment", "") if request.method == "POST" else ""
    refusals = {}
    if request.method == "POST":
        try:
            run_bulk(items=items, action=action, by=request.user, comment=comment)
        except BulkRefused as error:
            refusals = {refusal.key: refusal.message for refusal in error.refusals}
            # The refused run changed nothing; show the items as they are stored.
            items = registry.items_for_keys(keys, within=within)
        else:
            messages.success(request, BULK_DONE[action] % {"count": len(items)})
            return redirect(back)
    rows = [
        {"item": item, "key": item.model_key, "anchor": f"item-{number}", "problem": refusals.get(item.model_key)}
        for number, item in enumerate(items, start=1)
    ]
    the_rest = [row["key"] for row in rows if row["problem"] is None]
    context = {
        **context,
        "title": BULK_TITLES[action],
        "action": action,
        "rows": rows,
        "refused": [row for row in rows if row["problem"]],
        "comment": comment,
        "back": back,
        "without_refused": f"{request.path}?{_query(request, action=action, keys=the_rest)}" if refusals and the_rest else "",
    }
    return render(request, template, context)


def _query(request, *, action, keys) -> str:
    """The confirmation page's query for `keys`: to go on with the items that were not refused."""
    query = QueryDict(mutable=True)
    query["action"] = action
    if request.POST.get("kommun"):
        query["kommun"] = request.POST["kommun"]
    query.setlist("item", keys)
    return query.urlencode()


def _admin_context(request):
    from django.contrib import admin

    return admin.site.each_context(request)


def edit_page(request, *, form, save, template="approvals/edit.html", context=None, success_message=""):
    """A coordinator's form page: GET shows it; a valid POST saves through `save(form)` (a service
    call returning where to go next) and redirects. A refusal, a validation error or someone else's
    save in between is shown on the form, with everything the user typed kept."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save(form)
        except EditConflict as error:
            conflict = error
            data = request.POST.copy()
            data["version"] = str(error.current_version)  # saving again now overwrites, knowingly
            form.data = data
        except ValidationError as error:
            for field, messages_ in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
                for message in messages_:
                    form.add_error(field if field in form.fields else None, message)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if success_message:
                messages.success(request, success_message)
            return redirect(next_url)
    return render(request, template, {**(context or {}), "form": form, "conflict": conflict})


def next_url(request, default: str) -> str:
    """Where to go after a form: `?next=` when it is an address on this site (say, back to the
    dashboard the coordinator came from), else `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def posted(request):
    """The POST data to bind a form to, or None on GET; an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def refuse_unless_editable(request, item, *, parent=None):
    """Approved and published content is not edited in place: instead of a form that cannot be
    saved, say why and go back to the item. Returns the redirect, or None when editing may go on."""
    reviewed = parent or item
    if reviewed.is_editable:
        return None
    messages.error(
        request,
        _("“%(item)s” is %(state)s and cannot be changed in place.")
        % {"item": reviewed, "state": reviewed.get_workflow_state_display().lower()},
    )
    return redirect(reviewed.get_manage_url())
