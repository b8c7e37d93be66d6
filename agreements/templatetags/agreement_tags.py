from django import template

from agreements.models import AgreementState

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """The agreement state's label in the current language, e.g. "Förlängd tills vidare"."""
    return AgreementState(state).label if state else ""
