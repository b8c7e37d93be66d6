from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    """Municipalities, police areas and the cooperation agreements between them."""

    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # The receivers that move the public pages' publication stamp on every change.
        from agreements import public_cache

        public_cache.connect_receivers(self)
