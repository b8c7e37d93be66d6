"""The one way a workflow state changes: checked, atomic, recorded, and announced after commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from approvals import notifications, steps
from approvals.errors import DomainError
from approvals.models import Action, Reviewable, ReviewState, Transition


class WorkflowError(DomainError):
    """A workflow step that is not allowed; the message says why, in the user's language."""


_METHOD = {
    Action.SUBMIT: "submit",
    Action.WITHDRAW: "withdraw",
    Action.APPROVE: "approve",
    Action.RETURN: "return_to_draft",
    Action.PUBLISH: "publish",
}

_NOT_ALLOWED = {
    Action.SUBMIT: _("You may not submit this; only the municipality's coordinators can."),
    Action.WITHDRAW: _("You may not withdraw this; only the municipality's coordinators can."),
    Action.APPROVE: _("You may not approve this; only the chiefs of its police area can."),
    Action.RETURN: _("You may not return this; only the chiefs of its police area can."),
    Action.PUBLISH: _("You may not publish this; only the municipality's coordinators can."),
    Action.START_REVISION: _("You may not revise this; only the municipality's coordinators can."),
}

_WRONG_STATE = {
    Action.SUBMIT: _("Only a draft can be submitted; this is “%(state)s”."),
    Action.WITHDRAW: _("Only a submitted item can be withdrawn; this is “%(state)s”."),
    Action.APPROVE: _("Only a submitted item can be approved; this is “%(state)s”."),
    Action.RETURN: _("Only a submitted item can be returned; this is “%(state)s”."),
    Action.PUBLISH: _("Only an approved item can be published; this is “%(state)s”."),
    Action.START_REVISION: _("Only a published item can be revised; this is “%(state)s”."),
}


def check_allowed(*, item: Reviewable, action: str, by) -> None:
    """Raise WorkflowError unless `by` may take `action` on `item` in its current state."""
    if by is None or not by.has_perm(f"approvals.{action}", item):
        raise WorkflowError(_NOT_ALLOWED[action])
    if action in _METHOD and not can_proceed(getattr(item, _METHOD[action])):
        raise WorkflowError(_WRONG_STATE[action] % {"state": item.get_workflow_state_display()})
    if action == Action.START_REVISION and item.workflow_state != ReviewState.PUBLISHED:
        raise WorkflowError(_WRONG_STATE[action] % {"state": item.get_workflow_state_display()})
    if action == Action.APPROVE and item.submitted_by_id is not None and item.submitted_by_id == by.pk:
        raise WorkflowError(_("You cannot approve what you submitted yourself; another chief must approve it."))


def lock(item: Reviewable) -> None:
    """Lock the item's row for this transaction and bring its workflow fields up to date, so that
    two people acting at once cannot both move it."""
    current = type(item).objects.select_for_update().filter(pk=item.pk).values("workflow_state", "submitted_by_id").get()
    item.workflow_state = current["workflow_state"]
    item.submitted_by_id = current["submitted_by_id"]


def record(*, item: Reviewable, action: str, by, from_state: str, comment: str = "") -> Transition:
    """Store the step in the item's workflow record and send its e-mail once the transaction commits."""
    step = Transition.objects.create(
        item=item,
        action=action,
        from_state=from_state,
        to_state=item.workflow_state,
        by=by,
        by_name=(by.get_full_name() or by.get_username()) if by is not None else "",
        comment=comment,
    )
    transaction.on_commit(lambda: notifications.send_for(step))
    return step


@transaction.atomic
def run_transition(*, item: Reviewable, action: str, by, comment: str = "") -> Transition:
    """Move `item` one step in the workflow on behalf of `by`, or raise WorkflowError and change nothing."""
    comment = (comment or "").strip()
    lock(item)
    check_allowed(item=item, action=action, by=by)
    if action == Action.RETURN and not comment:
        raise WorkflowError(_("Write a comment that says what needs to change before you return it."))
    from_state = item.workflow_state
    getattr(item, _METHOD[action])()
    if action == Action.SUBMIT:
        item.submitted_by = by
    item._history_user = by
    item.save(update_fields=["workflow_state", "submitted_by"])
    return record(item=item, action=action, by=by, from_state=from_state, comment=comment)


@dataclass(frozen=True)
class Refusal:
    """One item of a bulk step that could not take it, and why (in the user's language)."""

    key: str
    item: Reviewable
    message: str


class BulkRefused(WorkflowError):
    """A bulk step in which some items were refused; nothing was done to any of them."""

    def __init__(self, refusals: list[Refusal]):
        super().__init__(_("Nothing was done: not every chosen item can take this step."))
        self.refusals = refusals


def run_bulk(*, items: Sequence[Reviewable], action: str, by, comment: str = "") -> list:
    """Take `action` on every item, each through its kind's own step and recorded as its own step,
    or on none of them. Every item is tried, so that BulkRefused lists all that were refused."""
    unique = list({item.model_key: item for item in items}.items())
    # One order for everyone, so that two bulk steps over the same items lock their rows alike.
    unique.sort(key=lambda pair: (pair[1]._meta.label_lower, pair[1].pk))
    refusals, results = [], []
    with transaction.atomic():
        for key, item in unique:
            step = steps.step_for(type(item), action) or _GENERIC.get(action)
            if step is None:
                refusals.append(Refusal(key=key, item=item, message=str(_("No such step."))))
                continue
            try:
                # A savepoint per item: a refused item leaves nothing behind, and the rest go on.
                with transaction.atomic():
                    results.append(step(item, by, comment))
            except DomainError as error:  # the workflow's refusal or the kind's own
                refusals.append(Refusal(key=key, item=item, message=str(error)))
            except ValidationError as error:
                refusals.append(Refusal(key=key, item=item, message=" ".join(error.messages)))
        if refusals:
            # Leaving the block by the exception rolls back every step, and their e-mails with them.
            raise BulkRefused(refusals)
    return results


# The chiefs' steps are the same for every kind; a kind may still register its own.
_GENERIC = {
    action: (lambda item, by, comment, action=action: run_transition(item=item, action=action, by=by, comment=comment))
    for action in (Action.APPROVE, Action.RETURN)
}
