"""Writes to agreements. The approval workflow is the same as for promises (approvals.services)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agreements.contacts import PartyContact
from agreements.models import Agreement, Municipality, Signatory
from approvals.editing import save_edit
from approvals.errors import DomainError
from approvals.models import Action, Transition
from approvals.services import lock, run_transition


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


class AgreementError(DomainError):
    """A change to an agreement that the rules do not allow; the message is for the user."""


AGREEMENT_EDIT_FIELDS = [
    "title",
    "other_partners",
    "purpose",
    "collaboration_model",
    "follow_up",
    "starts_on",
    "ends_on",
    "extends_automatically",
    "signed_on",
    "cadence",
    "reports_from",
    "remarks",
]


def _require_edit(*, item, by) -> None:
    if by is None or not by.has_perm("agreements.change_agreement", item):
        raise AgreementError(_("You may not change this agreement; only the municipality's coordinators can."))


def _require_draft(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise AgreementError(
            _("The agreement is “%(state)s” and cannot be changed in place.") % {"state": agreement.get_workflow_state_display()}
        )


@transaction.atomic
def agreement_create(*, municipality: Municipality, by, **fields) -> Agreement:
    """A coordinator drafts a new agreement with the municipality's police area."""
    _require_edit(item=municipality, by=by)
    agreement = Agreement(municipality=municipality, police_area=municipality.police_area, **fields)
    return save_edit(agreement, expected_version=None, by=by)


@transaction.atomic
def agreement_update(*, agreement: Agreement, by, expected_version: int | None = None, **changes) -> Agreement:
    """Change a draft agreement; refused if someone else saved it in between (EditConflict)."""
    lock(agreement)
    _require_edit(item=agreement, by=by)
    _require_draft(agreement)
    unknown = set(changes) - set(AGREEMENT_EDIT_FIELDS)
    if unknown:
        raise ValueError(f"Not agreement content: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(agreement, field, value)
    return save_edit(agreement, expected_version=expected_version, by=by)


@transaction.atomic
def signatory_add(*, agreement: Agreement, by, **fields) -> Signatory:
    """Add a signatory to a draft agreement, last in order."""
    lock(agreement)
    _require_edit(item=agreement, by=by)
    _require_draft(agreement)
    return append_signatory(Signatory(agreement=agreement, **fields), others=agreement.signatories, by=by)


def append_signatory(signatory, *, others, by):
    """Save a new signatory (of an agreement or of a promise signed on its own) last in the order
    of `others`, checked and with its history user; the caller has checked scope and state."""
    signatory.order = (others.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    signatory.full_clean()
    signatory._history_user = by
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by) -> None:
    """Remove a signatory from a draft agreement."""
    agreement = signatory.agreement
    lock(agreement)
    _require_edit(item=agreement, by=by)
    _require_draft(agreement)
    signatory._history_user = by
    signatory.delete()


@transaction.atomic
def contacts_set(*, agreement: Agreement, by, contacts: dict[str, dict]) -> list[PartyContact]:
    """Keep each party's contact for questions: `contacts` maps a party to its mailbox, phone and
    web page; a party whose fields are all empty has no contact kept. Allowed at any time, also on
    a published agreement (agreements/contacts.py says why). Every contact is checked before any
    is written, so a refused form changes nothing."""
    lock(agreement)
    _require_edit(item=agreement, by=by)
    existing = {contact.party: contact for contact in agreement.contacts.all()}
    keep, drop = [], []
    for party, fields in contacts.items():
        contact = existing.get(party)
        if not any(value.strip() for value in fields.values()):
            if contact:
                drop.append(contact)
            continue
        contact = contact or PartyContact(agreement=agreement, party=party)
        for name, value in fields.items():
            setattr(contact, name, value.strip())
        contact.full_clean()
        keep.append(contact)
    for contact in drop:
        contact._history_user = by
        contact.delete()
    for contact in keep:
        contact._history_user = by
        contact.save()
    return keep


@transaction.atomic
def emblem_set(*, municipality: Municipality, by, emblem=None, alt: str, remove: bool = False) -> Municipality:
    """Give the municipality a new emblem (or remove it) and its text alternative. Published
    reports keep the emblem they were published with (it is frozen into their snapshots)."""
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    _require_edit(item=municipality, by=by)
    if remove:
        municipality.emblem = None
    elif emblem is not None:
        municipality.emblem = emblem
    municipality.emblem_alt = "" if remove else alt.strip()
    municipality.full_clean()
    municipality._history_user = by
    municipality.save()
    return municipality
