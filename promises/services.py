"""Writes to promises and activities. Views, the admin and the importer call these.

Extensions by decision have their own: `promises.extension_services`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from agreements.services import append_signatory
from approvals.editing import save_edit
from approvals.errors import DomainError
from approvals.models import Action, ReviewState, Transition
from approvals.services import check_allowed, lock, record, run_transition
from promises.models import Activity, ActivityStatus, FocusArea, Promise, PromiseSignatory


class PromiseError(DomainError):
    """A change to a promise or activity that the rules do not allow; the message is for the user."""


@transaction.atomic
def activity_carry_over(*, activity: Activity, to_promise: Promise, by: AbstractBaseUser | None) -> Activity:
    """Carry an unfinished activity over into a later promise of the same municipality.

    The new activity starts as planned and keeps a link to the one it continues, so the public
    page can show where it came from.
    """
    if activity.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
        raise PromiseError(
            _("“%(activity)s” is %(status)s and cannot be carried over; only unfinished activities can.")
            % {"activity": activity.description, "status": activity.get_status_display().lower()}
        )
    if activity.promise_id == to_promise.pk:
        raise PromiseError(_("The activity already belongs to this promise."))
    if to_promise.workflow_state != ReviewState.DRAFT:
        raise PromiseError(_("Activities can only be carried over into a promise that is still a draft."))
    if activity.promise.agreement.municipality_id != to_promise.agreement.municipality_id:
        raise PromiseError(_("An activity can only be carried over within the same municipality."))
    if activity.promise.valid_from > to_promise.valid_from:
        raise PromiseError(_("An activity can only be carried over from an earlier promise into a later one."))
    if to_promise.activities.filter(carried_over_from=activity).exists():
        raise PromiseError(_("“%(activity)s” has already been carried over into this promise.") % {"activity": activity.description})
    if not to_promise.focus_areas.filter(pk=activity.focus_area_id).exists():
        # The new promise may name its own focus areas; keep the activity's so it stays valid.
        to_promise.focus_areas.add(activity.focus_area)

    carried = Activity(
        promise=to_promise,
        focus_area=activity.focus_area,
        description=activity.description,
        responsible=activity.responsible,
        partner_name=activity.partner_name,
        place=activity.place,
        timing=activity.timing,
        target=activity.target,
        target_per_year=activity.target_per_year,
        status=ActivityStatus.PLANNED,
        carried_over_from=activity,
        order=(to_promise.activities.order_by("-order").values_list("order", flat=True).first() or 0) + 1,
    )
    carried.full_clean()
    carried._history_user = by
    carried.save()
    return carried


# The approval workflow for promises. Each step checks who may take it, runs atomically, records
# who/when/why and sends its e-mail after commit (approvals.services.run_transition).


def promise_submit(*, promise: Promise, by, comment: str = "") -> Transition:
    """The coordinator sends a draft promise to the police area chief for approval."""
    return run_transition(item=promise, action=Action.SUBMIT, by=by, comment=comment)


def promise_withdraw(*, promise: Promise, by, comment: str = "") -> Transition:
    """The coordinator takes a submitted promise back to draft."""
    return run_transition(item=promise, action=Action.WITHDRAW, by=by, comment=comment)


def promise_approve(*, promise: Promise, by, comment: str = "") -> Transition:
    """The chief approves a submitted promise of their police area (never their own submission)."""
    return run_transition(item=promise, action=Action.APPROVE, by=by, comment=comment)


def promise_return(*, promise: Promise, by, comment: str) -> Transition:
    """The chief returns a submitted promise to draft; the comment says what must change."""
    return run_transition(item=promise, action=Action.RETURN, by=by, comment=comment)


@transaction.atomic
def promise_publish(*, promise: Promise, by, comment: str = "") -> Transition:
    """The coordinator publishes an approved promise. A revision is written back into the promise
    it revises, which stays at its address and keeps the earlier text in its history."""
    step = run_transition(item=promise, action=Action.PUBLISH, by=by, comment=comment)
    if promise.revision_of_id is not None:
        # The step (and its e-mail, sent after commit) now concerns the promise that was revised.
        step.item = _merge_revision(revision=promise, by=by)
    return step


# What a revision copies and writes back; the workflow fields and links are the promise's own.
PROMISE_CONTENT_FIELDS = [
    "agreement",
    "title",
    "commitment",
    "effect",
    "background",
    "sources",
    "valid_from",
    "valid_until",
    "order",
    "runs_with_agreement",
    "audience",
    "audience_detail",
    "signed_on",
    "originally_published_on",
    "originally_published_where",
]
ACTIVITY_CONTENT_FIELDS = [
    "focus_area",
    "description",
    "responsible",
    "partner_name",
    "place",
    "timing",
    "planned_from",
    "planned_until",
    "target",
    "target_per_year",
    "carried_over_from",
    "order",
]
# Progress, not content: reported on the live activity at any time, also while a revision is under
# way, so a revision copies it but never writes it back (an activity new in the revision keeps its own).
ACTIVITY_PROGRESS_FIELDS = ["status", "status_date", "status_note"]
SIGNATORY_CONTENT_FIELDS = ["name", "title", "party", "organisation", "signed_on", "order"]


def _copy_fields(source, target, fields) -> None:
    for field in fields:
        setattr(target, field, getattr(source, field))


@transaction.atomic
def promise_start_revision(*, promise: Promise, by) -> Promise:
    """Start changing a published promise: a draft copy, with its activities, that goes through the
    workflow while the published promise stays public unchanged."""
    lock(promise)
    check_allowed(item=promise, action=Action.START_REVISION, by=by)
    if promise.revision_of_id is not None:
        raise PromiseError(_("This is itself a revision; change it directly."))
    if Promise.objects.filter(revision_of=promise).exists():
        raise PromiseError(_("A revision of this promise is already under way; continue with it."))

    revision = Promise(revision_of=promise, workflow_state=ReviewState.DRAFT)
    _copy_fields(promise, revision, PROMISE_CONTENT_FIELDS)
    revision.full_clean()
    revision._history_user = by
    revision.save()
    revision.focus_areas.set(promise.focus_areas.all())
    for activity in promise.activities.all():
        copy = Activity(promise=revision, revision_of=activity)
        _copy_fields(activity, copy, ACTIVITY_CONTENT_FIELDS + ACTIVITY_PROGRESS_FIELDS)
        copy._history_user = by
        copy.save()
    _copy_signatories(source=promise, target=revision, by=by)
    record(item=promise, action=Action.START_REVISION, by=by, from_state=promise.workflow_state)
    return revision


def _copy_signatories(*, source: Promise, target: Promise, by) -> None:
    """Give `target` copies of `source`'s signatories (a revision's people are edited as a set)."""
    for signatory in source.signatories.all():
        copy = PromiseSignatory(promise=target)
        _copy_fields(signatory, copy, SIGNATORY_CONTENT_FIELDS)
        copy._history_user = by
        copy.save()


def _merge_revision(*, revision: Promise, by) -> Promise:
    """Write a published revision back into its promise, then remove the revision."""
    original = Promise.objects.select_for_update().get(pk=revision.revision_of_id)
    _copy_fields(revision, original, PROMISE_CONTENT_FIELDS)
    original.full_clean()
    original._history_user = by
    original.save()
    original.focus_areas.set(revision.focus_areas.all())

    kept = []
    for copy in revision.activities.all():
        if copy.revision_of_id:
            # As stored now: its status may have been reported since the revision was started.
            target = Activity.objects.select_for_update().get(pk=copy.revision_of_id)
        else:
            target = Activity(promise=original)
            _copy_fields(copy, target, ACTIVITY_PROGRESS_FIELDS)
        _copy_fields(copy, target, ACTIVITY_CONTENT_FIELDS)
        target._history_user = by
        target.save()
        kept.append(target.pk)
    removed = original.activities.exclude(pk__in=kept)
    if removed.filter(carried_over_to__isnull=False).exists():
        raise PromiseError(
            _("The revision removes an activity that has been carried over into another promise; keep it, or mark it cancelled.")
        )
    for activity in removed:
        activity._history_user = by
        activity.delete()

    # Signatories carry no link to the ones they were copied from: the revision's set replaces the promise's.
    for signatory in original.signatories.all():
        signatory._history_user = by
        signatory.delete()
    _copy_signatories(source=revision, target=original, by=by)

    # The revision's workflow record becomes part of the promise's own.
    Transition.objects.for_item(revision).update(object_id=original.pk)
    revision.delete()
    return original


def require_edit(*, item, by, message, perm: str = "promises.change_promise") -> None:
    """The user may edit the item's municipality's content (coordinator or administrator)."""
    if by is None or not by.has_perm(perm, item):
        raise PromiseError(message)


def _require_draft(promise: Promise) -> None:
    if not promise.is_editable:
        raise PromiseError(
            _("The promise is “%(state)s” and cannot be changed in place; start a revision to change it.")
            % {"state": promise.get_workflow_state_display()}
        )


@transaction.atomic
def promise_create(*, agreement: Agreement, by, focus_areas=(), **fields) -> Promise:
    """A coordinator starts a new promise, as a draft, under one of their municipality's agreements."""
    require_edit(item=agreement, by=by, message=_("You may not add promises here; only the municipality's coordinators can."))
    _check_focus_areas(focus_areas, agreement.municipality)
    promise = Promise(agreement=agreement, workflow_state=ReviewState.DRAFT, **fields)
    save_edit(promise, expected_version=None, by=by)
    promise.focus_areas.set(focus_areas)
    return promise


@transaction.atomic
def promise_update(*, promise: Promise, by, expected_version: int | None = None, **changes) -> Promise:
    """Change a promise's texts and dates; only a draft (or a revision, which is one) can change.
    With `expected_version`, the edit is refused if someone else saved in between (EditConflict)."""
    lock(promise)
    require_edit(item=promise, by=by, message=_("You may not change this promise; only the municipality's coordinators can."))
    _require_draft(promise)
    unknown = set(changes) - set(PROMISE_CONTENT_FIELDS) - {"focus_areas"}
    if unknown:
        raise ValueError(f"Not promise content: {sorted(unknown)}")
    focus_areas = changes.pop("focus_areas", None)
    if focus_areas is not None:
        _check_focus_areas(focus_areas, promise.agreement.municipality)
    for field, value in changes.items():
        setattr(promise, field, value)
    save_edit(promise, expected_version=expected_version, by=by)
    if focus_areas is not None:
        promise.focus_areas.set(focus_areas)
    return promise


def _check_focus_areas(focus_areas, municipality) -> None:
    for area in focus_areas:
        if area.municipality_id is not None and area.municipality_id != municipality.pk:
            raise PromiseError(_("“%(area)s” is a focus area of another municipality.") % {"area": area.name})


@transaction.atomic
def focus_area_create_local(*, municipality, by, name: str, description: str = "") -> FocusArea:
    """A coordinator adds a focus area of their own municipality's, beside the national catalogue."""
    if by is None or not by.has_perm("promises.add_focusarea", municipality):
        raise PromiseError(_("You may not add focus areas here; only the municipality's coordinators can."))
    name = " ".join(name.split())
    if FocusArea.objects.available_to(municipality).filter(name__iexact=name).exists():
        raise PromiseError(_("There is already a focus area called “%(name)s”; choose it instead.") % {"name": name})
    base = slugify(name)[:140] or "fokusomrade"
    slug, number = base, 1
    while FocusArea.objects.filter(municipality=municipality, slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    area = FocusArea(municipality=municipality, name=name, slug=slug, description=description)
    area.full_clean()
    area._history_user = by
    area.save()
    return area


# Activities. Their content changes only while the promise is a draft; their status (progress)
# is reported at any time.

ACTIVITY_EDIT_FIELDS = [
    "promise",
    "focus_area",
    "description",
    "responsible",
    "partner_name",
    "place",
    "timing",
    "planned_from",
    "planned_until",
    "target",
    "target_per_year",
]


@transaction.atomic
def activity_create(*, promise: Promise, by, **fields) -> Activity:
    """Add an activity to a draft promise, last in its order."""
    lock(promise)
    require_edit(item=promise, by=by, message=_("You may not change this promise; only the municipality's coordinators can."))
    _require_draft(promise)
    fields.pop("promise", None)
    activity = Activity(promise=promise, **fields)
    activity.order = (promise.activities.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return save_edit(activity, expected_version=None, by=by)


@transaction.atomic
def activity_update(*, activity: Activity, by, expected_version: int | None = None, **changes) -> Activity:
    """Change a draft promise's activity, or move it to another draft promise of the municipality."""
    original_promise = Promise.objects.get(pk=activity.promise_id)
    target = changes.get("promise", original_promise)
    for promise in {original_promise, target}:
        lock(promise)
        require_edit(item=promise, by=by, message=_("You may not change this activity; only the municipality's coordinators can."))
        _require_draft(promise)
    if target.agreement.municipality_id != original_promise.agreement.municipality_id:
        raise PromiseError(_("An activity can only be moved to another promise of the same municipality."))
    unknown = set(changes) - set(ACTIVITY_EDIT_FIELDS)
    if unknown:
        raise ValueError(f"Not activity content: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(activity, field, value)
    return save_edit(activity, expected_version=expected_version, by=by)


@transaction.atomic
def activity_change_status(*, activity: Activity, by, status: str, on, note: str = "", expected_version: int | None = None) -> Activity:
    """Report an activity's progress: its new status, since when, and a short note."""
    require_edit(item=activity, by=by, message=_("You may not change this activity; only the municipality's coordinators can."))
    if status not in ActivityStatus.values:
        raise PromiseError(_("Choose one of the statuses."))
    activity.status, activity.status_date, activity.status_note = status, on, note.strip()
    return save_edit(activity, expected_version=expected_version, by=by)


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    """Remove an activity from a draft promise; one carried over into another promise stays."""
    promise = activity.promise
    lock(promise)
    require_edit(item=promise, by=by, message=_("You may not change this promise; only the municipality's coordinators can."))
    _require_draft(promise)
    if activity.carried_over_to.exists():
        raise PromiseError(_("The activity has been carried over into another promise and cannot be removed; mark it cancelled instead."))
    activity._history_user = by
    activity.delete()


@transaction.atomic
def activity_move(*, activity: Activity, by, up: bool) -> None:
    """Move an activity one place up or down in its promise's order."""
    promise = activity.promise
    lock(promise)
    require_edit(item=promise, by=by, message=_("You may not change this promise; only the municipality's coordinators can."))
    _require_draft(promise)
    ordered = list(promise.activities.order_by("order", "pk"))
    index = ordered.index(activity)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            item._history_user = by
            item.save(update_fields=["order"])


@transaction.atomic
def activities_carry_over(*, activities, to_promise: Promise, by) -> list[Activity]:
    """Carry several unfinished activities over at once: all of them, or none."""
    require_edit(item=to_promise, by=by, message=_("You may not change this promise; only the municipality's coordinators can."))
    if not activities:
        raise PromiseError(_("Choose at least one activity to carry over."))
    return [activity_carry_over(activity=activity, to_promise=to_promise, by=by) for activity in activities]


# A promise's own signatories, for a promise that is signed on its own (a yearly set). Like its
# text, they change only while the promise is a draft; a revision carries a copy.


@transaction.atomic
def promise_signatory_add(*, promise: Promise, by, **fields) -> PromiseSignatory:
    """Add a person who signed a draft promise, last in order."""
    lock(promise)
    require_edit(
        item=promise,
        by=by,
        perm="promises.add_promisesignatory",
        message=_("You may not change this promise; only the municipality's coordinators can."),
    )
    _require_draft(promise)
    return append_signatory(PromiseSignatory(promise=promise, **fields), others=promise.signatories, by=by)


@transaction.atomic
def promise_signatory_remove(*, signatory: PromiseSignatory, by) -> None:
    """Remove a signatory from a draft promise."""
    promise = signatory.promise
    lock(promise)
    require_edit(
        item=signatory,
        by=by,
        perm="promises.delete_promisesignatory",
        message=_("You may not change this promise; only the municipality's coordinators can."),
    )
    _require_draft(promise)
    signatory._history_user = by
    signatory.delete()
