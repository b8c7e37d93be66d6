from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Reporting periods and the follow-up of agreements and promises."""

    name = "followup"
    verbose_name = _("Follow-up")
