from django import template

register = template.Library()


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes, rounded up: "locked for 15 minutes"."""
    return -(-int(duration.total_seconds()) // 60) if duration else 0


@register.filter
def person(user) -> str:
    """A user as people know them: their full name, else their username; a dash when unknown."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
