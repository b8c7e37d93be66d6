from django import template

register = template.Library()


@register.filter
def promise_state(promise, day) -> str:
    """The promise's state on `day`: upcoming, current or ended (see `Promise.state_on`)."""
    return promise.state_on(day)
