from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public site over the domain apps: what residents read, across agreements, promises and
    follow-up (the top layer; nothing below imports it)."""

    name = "public"
    verbose_name = _("Public site")
