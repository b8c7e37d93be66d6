"""Extension by decision: a body decides that a published promise applies, unchanged, until a later
date. The decision is its own record and goes through approval; the promise's text is untouched."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.editing import save_edit
from approvals.models import Action, ReviewState, Transition
from approvals.services import lock, run_transition
from promises.models import Promise, PromiseExtension
from promises.services import PromiseError, require_edit

EXTENSION_EDIT_FIELDS = ["extended_until", "decided_on", "decided_by", "reference", "note"]


def check_extendable(*, promise: Promise) -> None:
    """Raise PromiseError unless the promise may get a new extension by decision now."""
    if promise.revision_of_id is not None:
        raise PromiseError(_("A revision cannot be extended; extend the published promise."))
    if promise.workflow_state != ReviewState.PUBLISHED:
        raise PromiseError(
            _("Only a published promise can be extended by decision; this one is “%(state)s”.")
            % {"state": promise.get_workflow_state_display()}
        )
    if promise.runs_with_agreement:
        raise PromiseError(_("The promise applies as long as the agreement does; it is extended with the agreement, not on its own."))
    if promise.extensions.exclude(workflow_state=ReviewState.PUBLISHED).exists():
        raise PromiseError(_("An extension of this promise is already under way; finish it before you record another."))


@transaction.atomic
def promise_extension_create(
    *,
    promise: Promise,
    by,
    extended_until: datetime.date,
    decided_on: datetime.date,
    decided_by: str,
    reference: str = "",
    note: str = "",
) -> PromiseExtension:
    """A coordinator records a decision extending a published promise; it starts as a draft."""
    lock(promise)
    require_edit(
        item=promise,
        by=by,
        perm="promises.add_promiseextension",
        message=_("You may not extend this promise; only the municipality's coordinators can."),
    )
    check_extendable(promise=promise)
    extension = PromiseExtension(
        promise=promise,
        extended_until=extended_until,
        decided_on=decided_on,
        decided_by=decided_by.strip(),
        reference=reference.strip(),
        note=note.strip(),
        workflow_state=ReviewState.DRAFT,
    )
    return save_edit(extension, expected_version=None, by=by)


@transaction.atomic
def promise_extension_update(*, extension: PromiseExtension, by, expected_version: int | None = None, **changes) -> PromiseExtension:
    """Change a draft extension; refused if someone else saved it in between (EditConflict)."""
    lock(extension)
    require_edit(
        item=extension,
        by=by,
        perm="promises.change_promiseextension",
        message=_("You may not change this extension; only the municipality's coordinators can."),
    )
    if not extension.is_editable:
        raise PromiseError(
            _("The extension is “%(state)s” and cannot be changed in place.") % {"state": extension.get_workflow_state_display()}
        )
    unknown = set(changes) - set(EXTENSION_EDIT_FIELDS)
    if unknown:
        raise ValueError(f"Not extension content: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(extension, field, value.strip() if isinstance(value, str) else value)
    return save_edit(extension, expected_version=expected_version, by=by)


def promise_extension_submit(*, extension: PromiseExtension, by, comment: str = "") -> Transition:
    """The coordinator sends a draft extension to the police area chief for approval."""
    return run_transition(item=extension, action=Action.SUBMIT, by=by, comment=comment)


def promise_extension_withdraw(*, extension: PromiseExtension, by, comment: str = "") -> Transition:
    """The coordinator takes a submitted extension back to draft."""
    return run_transition(item=extension, action=Action.WITHDRAW, by=by, comment=comment)


def promise_extension_approve(*, extension: PromiseExtension, by, comment: str = "") -> Transition:
    """The chief approves a submitted extension of their police area (never their own submission)."""
    return run_transition(item=extension, action=Action.APPROVE, by=by, comment=comment)


def promise_extension_return(*, extension: PromiseExtension, by, comment: str) -> Transition:
    """The chief returns a submitted extension to draft; the comment says what must change."""
    return run_transition(item=extension, action=Action.RETURN, by=by, comment=comment)


@transaction.atomic
def promise_extension_publish(*, extension: PromiseExtension, by, comment: str = "") -> Transition:
    """The coordinator publishes an approved extension; from then on the promise's stated end is
    the new date. Refused if the promise has meanwhile come to end as late (a published revision)."""
    step = run_transition(item=extension, action=Action.PUBLISH, by=by, comment=comment)
    try:
        # As stored now, with the promise as it is now, not as the caller last read them.
        PromiseExtension.objects.select_related("promise").get(pk=extension.pk).full_clean()
    except ValidationError as error:
        raise PromiseError(" ".join(error.messages)) from error
    return step
