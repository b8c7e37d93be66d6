"""E-mail about workflow steps: to the chiefs when something awaits them, to the coordinators
when their item was returned, approved or published."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from approvals import scope
from approvals.models import Action, Transition

logger = logging.getLogger(__name__)

TO_CHIEFS = {Action.SUBMIT, Action.WITHDRAW}
TO_COORDINATORS = {Action.RETURN, Action.APPROVE, Action.PUBLISH}


def recipients(step: Transition) -> list[str]:
    """The e-mail addresses the step concerns, leaving out whoever took it."""
    User = get_user_model()
    item = step.item
    if step.action in TO_CHIEFS:
        users = User.objects.filter(chief_of_areas=scope.police_area_of(item))
    elif step.action in TO_COORDINATORS:
        users = User.objects.filter(coordinated_municipalities=scope.municipality_of(item))
    else:
        return []
    users = users.filter(is_active=True).exclude(email="")
    if step.by_id:
        users = users.exclude(pk=step.by_id)
    return sorted(set(users.values_list("email", flat=True)))


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
