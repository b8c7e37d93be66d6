"""Writes to promises and activities. Views, the admin and the importer call these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from promises.models import Activity, ActivityStatus, Promise, WorkflowState


class PromiseError(Exception):
    """A change to a promise or activity that the rules do not allow; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


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
    if to_promise.state != WorkflowState.DRAFT:
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
