"""E-mail about workflow steps: to the chiefs when something awaits them, to the coordinators
when their item was returned, approved or published. Only people who can take the step the e-mail
is about receive it."""

from __future__ import annotations

import copy
import logging
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from approvals import scope
from approvals.models import Action, Reviewable, ReviewState, Transition

logger = logging.getLogger(__name__)


class Concern(NamedTuple):
    """Whom a step's e-mail is for: those who may take `action` on the item, judged in `state`."""

    action: str
    state: str | None  # None: as the step left the item


# A submission is for those who may approve it (never the submitter: nobody approves their own);
# a withdrawal for those who were to approve it; a return for those who may submit it again; an
# approval for those who may publish it; a publication for the colleagues who could have.
CONCERNS = {
    Action.SUBMIT: Concern(Action.APPROVE, None),
    Action.WITHDRAW: Concern(Action.APPROVE, ReviewState.SUBMITTED),
    Action.RETURN: Concern(Action.SUBMIT, None),
    Action.APPROVE: Concern(Action.PUBLISH, None),
    Action.PUBLISH: Concern(Action.PUBLISH, ReviewState.APPROVED),
}


def recipients(step: Transition) -> list[str]:
    """The e-mail addresses of the active users with a role for the item (its police area's chiefs,
    its municipality's coordinators) who may take the step the e-mail is about, leaving out whoever
    took this one. "May" is asked of the services' own check, so the rules decide, not this module."""
    concern = CONCERNS.get(step.action)
    if concern is None:
        return []
    item = step.item
    area, municipality = scope.police_area_of(item), scope.municipality_of(item)
    roles = Q(pk__in=[])
    if area is not None:
        roles |= Q(chief_of_areas=area)
    if municipality is not None:
        roles |= Q(coordinated_municipalities=municipality)
    users = get_user_model().objects.filter(roles, is_active=True).exclude(email="").distinct()
    if step.by_id:
        users = users.exclude(pk=step.by_id)
    judged = _as_in(item, concern.state)
    return sorted({user.email for user in users if _may_take(user, item=judged, action=concern.action)})


def _as_in(item: Reviewable, state: str | None) -> Reviewable:
    """The item as it stood in `state` (a copy; the item itself is left alone)."""
    if state is None or item.workflow_state == state:
        return item
    judged = copy.copy(item)
    judged.workflow_state = state
    return judged


def _may_take(user, *, item: Reviewable, action: str) -> bool:
    # Imported here: the services import this module to send their e-mail.
    from approvals.services import WorkflowError, check_allowed

    try:
        check_allowed(item=item, action=action, by=user)
    except WorkflowError:
        return False
    return True


def send_for(step: Transition) -> int:
    """Send the step's e-mail; a mail server that fails is logged, never undoes the step."""
    to = recipients(step)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"step": step, "item": step.item, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string("approvals/email/subject.txt", context).split())
        body = render_to_string("approvals/email/body.txt", context)
    try:
        return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])
    except OSError:
        logger.exception("Could not send the e-mail about workflow step %s", step.pk)
        return 0
