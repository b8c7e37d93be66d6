from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    """E-mail subscriptions for residents: the top layer, over agreements, promises, follow-up and
    approvals. Nothing below imports it, so it learns of publications by a signal, not a call."""

    name = "subscriptions"
    verbose_name = _("E-mail subscriptions")

    def ready(self):
        from django.db.models.signals import post_save

        from approvals.models import Transition
        from subscriptions import receivers

        post_save.connect(receivers.announce_on_publish, sender=Transition, dispatch_uid="subscriptions.announce_on_publish")
