from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """The coordinators' pages that span the domain apps (the start page, the demo set-up): the top
    layer beside the public site; nothing below imports it."""

    name = "coordination"
    verbose_name = _("Coordination")
