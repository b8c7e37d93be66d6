from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    """Roles and scope, who may do what, and the draft → submitted → approved → published workflow."""

    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from approvals import rules  # noqa: F401  (registers the permission rules)
