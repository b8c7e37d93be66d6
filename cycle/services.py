"""Writes to the cycle's records shared by its pages: the rule on who may write, and the public
summary's workflow steps. Each kind of record has its own writes beside it (situation_services,
plan_services, dialogue_services)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.errors import DomainError
from approvals.models import Action, Transition
from approvals.services import lock, run_transition
from cycle.models import Problem
from promises.models import Promise


class CycleError(DomainError):
    """A change to the lägesbild, the åtgärdsplan or a dialogue that the rules do not allow."""


def require_edit(*, item, by, perm: str = "cycle.change_situationpicture") -> None:
    """Only the municipality's coordinators (and administrators) write the cycle's records; `item`
    is the record or its municipality."""
    if by is None or not by.has_perm(perm, item):
        raise CycleError(_("Only the municipality's coordinators can change this."))


def save_checked(record, *, by):
    """Check a record as its model does, then save it with its history user."""
    record.full_clean()
    record._history_user = by
    record.save()
    return record


def summary_submit(*, summary, by, comment: str = "") -> Transition:
    """The coordinator sends the public summary to the police area's chief for approval."""
    return run_transition(item=summary, action=Action.SUBMIT, by=by, comment=comment)


def summary_withdraw(*, summary, by, comment: str = "") -> Transition:
    return run_transition(item=summary, action=Action.WITHDRAW, by=by, comment=comment)


def summary_approve(*, summary, by, comment: str = "") -> Transition:
    """The chief approves the summary: nothing secret is in it."""
    return run_transition(item=summary, action=Action.APPROVE, by=by, comment=comment)


def summary_return(*, summary, by, comment: str) -> Transition:
    return run_transition(item=summary, action=Action.RETURN, by=by, comment=comment)


@transaction.atomic
def summary_publish(*, summary, by, comment: str = "") -> Transition:
    """Publish an approved summary; it replaces the lägesbild's earlier published summary, which is
    kept (its history) but no longer shown."""
    lock(summary)
    return run_transition(item=summary, action=Action.PUBLISH, by=by, comment=comment)


def linkable_problems(municipality):
    """The municipality's prioritised problems, newest lägesbild first, by priority: what a measure may
    address and a dialogue's theme may lead to."""
    return (
        Problem.objects.filter(situation_picture__municipality=municipality)
        .select_related("situation_picture__municipality")
        .order_by("-situation_picture__as_of", "situation_picture_id", "priority", "pk")
    )


def linkable_promises(municipality):
    """The municipality's promises (not revisions in progress): what a problem, a measure or a theme
    may be linked to."""
    return (
        Promise.objects.filter(agreement__municipality=municipality, revision_of__isnull=True)
        .select_related("agreement__municipality")
        .order_by("-valid_from", "order", "pk")
    )
