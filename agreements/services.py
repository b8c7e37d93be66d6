"""Writes to agreements. The approval workflow is the same as for promises (approvals.services)."""

from __future__ import annotations

from approvals.models import Action, Transition
from approvals.services import run_transition
from agreements.models import Agreement


def agreement_submit(*, agreement: Agreement, by, comment: str = "") -> Transition:
    """The coordinator sends a draft agreement to the police area chief for approval."""
    return run_transition(item=agreement, action=Action.SUBMIT, by=by, comment=comment)


def agreement_withdraw(*, agreement: Agreement, by, comment: str = "") -> Transition:
    """The coordinator takes a submitted agreement back to draft."""
    return run_transition(item=agreement, action=Action.WITHDRAW, by=by, comment=comment)


def agreement_approve(*, agreement: Agreement, by, comment: str = "") -> Transition:
    """The chief approves a submitted agreement of their police area."""
    return run_transition(item=agreement, action=Action.APPROVE, by=by, comment=comment)


def agreement_return(*, agreement: Agreement, by, comment: str) -> Transition:
    """The chief returns a submitted agreement to draft with a comment."""
    return run_transition(item=agreement, action=Action.RETURN, by=by, comment=comment)


def agreement_publish(*, agreement: Agreement, by, comment: str = "") -> Transition:
    """The coordinator publishes an approved agreement; from then on it is public and counts."""
    return run_transition(item=agreement, action=Action.PUBLISH, by=by, comment=comment)
