from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    """Focus areas, citizen promises and their activities."""

    name = "promises"
    verbose_name = _("Citizen promises")
