from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Municipalities, police areas and the cooperation agreements between them."""

    name = "agreements"
    verbose_name = _("Agreements")
