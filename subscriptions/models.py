"""Residents' e-mail subscriptions, and the queue of publications to tell them about."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Municipality
from approvals.models import Transition


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def for_news_of(self, municipality: Municipality) -> SubscriptionQuerySet:
        """Those who follow the municipality, or the whole country."""
        return self.filter(Q(municipality=municipality) | Q(municipality__isnull=True))

    def of_address(self, email: str, municipality: Municipality | None) -> SubscriptionQuerySet:
        return self.filter(email__iexact=email, municipality=municipality)

    def unconfirmed_before(self, moment: datetime.datetime) -> SubscriptionQuerySet:
        """Requests never confirmed, made before `moment`: their links have expired."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscription(models.Model):
    """One address that wants e-mail about one municipality's publications, or the whole country's.

    Only the address, the scope and two timestamps are kept (data minimisation: nothing else is
    needed to send or to stop sending). Unsubscribing deletes the row.
    """

    email = models.EmailField(_("e-mail address"))
    # Empty: the whole country.
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            # One row per address and scope, whatever the case of the address: asking again only
            # sends a new link, never a second copy of every message.
            models.UniqueConstraint(
                Lower("email"), "municipality", condition=Q(municipality__isnull=False), name="subscription_one_per_municipality"
            ),
            models.UniqueConstraint(Lower("email"), condition=Q(municipality__isnull=True), name="subscription_one_for_country"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def scope_label(self) -> str:
        """What the subscription is for, as a phrase: "news from Vindeln"."""
        if self.municipality_id is None:
            return gettext("news from the whole country")
        return gettext("news from %(name)s") % {"name": self.municipality.name}


class Kind(models.TextChoices):
    PROMISE_PUBLISHED = "promise_published", _("A promise was published")
    PROMISE_REVISED = "promise_revised", _("A promise was revised")
    REPORT_PUBLISHED = "report_published", _("A follow-up report was published")
    REPORT_CORRECTED = "report_corrected", _("A follow-up report was corrected")


class AnnouncementQuerySet(models.QuerySet):
    def unfinished(self) -> AnnouncementQuerySet:
        return self.filter(finished_at__isnull=True)


class Announcement(models.Model):
    """One publication to tell subscribers about: queued in the publishing transaction, so that it
    exists exactly when the publication does, and sent after commit (see `services`)."""

    # One per publish step: a step announced twice is refused by the database.
    step = models.OneToOneField(Transition, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Set once every subscriber has been sent it; the command then never looks at it again.
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.municipality})"

    def pending_recipients(self) -> SubscriptionQuerySet:
        """The confirmed subscribers when it was published who have not been sent it yet.
        Whoever confirms later was not a subscriber when it happened."""
        sent = Delivery.objects.filter(announcement=self, subscription=OuterRef("pk"))
        return (
            Subscription.objects.confirmed()
            .for_news_of(self.municipality)
            .filter(confirmed_at__lte=self.created_at)
            .exclude(Exists(sent))
            .select_related("municipality")
            .order_by("pk")
        )


class Delivery(models.Model):
    """That one subscriber was sent one announcement: written in the transaction that sends it, so
    that no one is sent the same announcement twice. Deleted with the subscription."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "subscription"], name="delivery_once_per_subscriber"),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.subscription_id}"
