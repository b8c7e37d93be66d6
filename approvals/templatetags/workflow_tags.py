from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up: "locked for 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.filter
def person(user) -> str:
    """A user as people know them: their full name, else their username; a dash when unknown.

    Given a workflow step, the one who took it: the user, or once the user has been removed, the
    name recorded with the step.
    """
    if hasattr(user, "by_name"):
        step = user
        return person(step.by) if step.by_id is not None else (step.by_name or "–")
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.filter
def history_type(code: str) -> str:
    """A change-history entry's kind in words (django-simple-history stores +, ~ and -)."""
    return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}.get(code, code)
