from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CycleConfig(AppConfig):
    """The lägesbild, the åtgärdsplan and the dialogues behind the promises (a domain app beside
    followup, over promises)."""

    name = "cycle"
    verbose_name = _("Situation picture and action plan")
