"""Subscribing, confirming, unsubscribing, and telling subscribers about publications.

How the e-mail about a publication goes out, and why this way:

- The publish step queues an `Announcement` row in its own transaction (a signal receiver, since the
  domain apps may not import this app). The row exists exactly when the publication does: a step
  rolled back (say, a report whose PDF could not be made) leaves no announcement and sends nothing.
- After commit (`transaction.on_commit`), the coordinator's request sends at most
  SUBSCRIPTION_SEND_NOW_MAX messages over one connection that waits at most
  SUBSCRIPTION_SMTP_TIMEOUT seconds, and stops at the first failure. The step is committed before
  any of this, so a slow or broken mail server can delay the coordinator's next page by a few
  seconds but never fail or undo the step.
- `manage.py send_subscription_mail` (run it every few minutes) sends whatever is left: a long list
  of subscribers, and what failed. A queue table and a command, not a thread or a task broker: no
  new service to run, and nothing is lost when a worker restarts.
- Every message sent is recorded (`Delivery`, unique per announcement and subscriber) in the same
  transaction as the sending, so no one is sent the same publication twice, even with the command
  and a request sending at once.

Links carry signed tokens (django.core.signing), so nothing but the address, its scope and two
timestamps is stored: the confirmation link expires after SUBSCRIPTION_CONFIRM_MAX_AGE; the
unsubscribe link does not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agreements.models import Municipality
from approvals.models import Transition
from followup.models import FollowUpReport
from promises.models import Promise
from subscriptions.models import Announcement, Delivery, Kind, Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


class SubscriptionError(Exception):
    """A link that cannot be used; the message says why, in the reader's language."""

    message = _("This link does not work.")

    def __init__(self, subscription: Subscription | None = None):
        super().__init__(str(self.message))
        self.subscription = subscription


class LinkInvalid(SubscriptionError):
    message = _("This link does not work: it is incomplete, or the subscription it was for has ended.")


class LinkExpired(SubscriptionError):
    message = _("This confirmation link has expired. Subscribe again to get a new one.")


class AlreadyConfirmed(SubscriptionError):
    message = _("This subscription is already confirmed; the link cannot be used again.")


# Tokens


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.pk))


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscription: Subscription) -> str:
    return _absolute(reverse("subscriptions:confirm", args=[confirm_token(subscription)]))


def unsubscribe_url(subscription: Subscription) -> str:
    return _absolute(reverse("subscriptions:unsubscribe", args=[unsubscribe_token(subscription)]))


def _pk_from(token: str, signer: signing.Signer) -> int:
    """The subscription's key in a link, or LinkInvalid for a link that was altered or cut short."""
    try:
        return int(signer.unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise LinkInvalid() from error


# Subscribing


def normalize_email(email: str) -> str:
    """The address as entered, with its domain in lower case (the local part may be case-sensitive)."""
    local, _at, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


@transaction.atomic
def subscribe(*, email: str, municipality: Municipality | None) -> Subscription:
    """Ask for e-mail about a municipality (None: the whole country). A new confirmation link goes
    out after commit, unless the address is already confirmed for it: then nothing is sent, and the
    page says the same either way, so that no one learns who subscribes to what."""
    email = normalize_email(email)
    subscription = Subscription.objects.select_for_update().of_address(email, municipality).first()
    if subscription is not None and subscription.is_confirmed:
        return subscription
    if subscription is None:
        subscription = Subscription(email=email, municipality=municipality)
        subscription.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:
            # The same address asked twice at once; the other request's row stands and sends its link.
            return Subscription.objects.of_address(email, municipality).get()
    else:
        # Asking again: the row counts from now, so the clean-up does not remove it under the new link.
        subscription.created_at = timezone.now()
        subscription.save(update_fields=["created_at"])
    pk = subscription.pk
    transaction.on_commit(lambda: send_confirmation(pk))
    return subscription


@transaction.atomic
def confirm(*, token: str) -> Subscription:
    """Confirm the subscription the link was sent for. Refused (with the reason as the exception)
    for a link that was altered, has expired, or was used already."""
    pk = _pk_from(token, signing.TimestampSigner(salt=CONFIRM_SALT))
    subscription = Subscription.objects.select_for_update(of=("self",)).filter(pk=pk).select_related("municipality").first()
    if subscription is not None and subscription.is_confirmed:
        raise AlreadyConfirmed(subscription)
    try:
        signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=settings.SUBSCRIPTION_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired(subscription) from error
    if subscription is None:
        raise LinkInvalid()
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_for_unsubscribe(*, token: str) -> Subscription | None:
    """The subscription an unsubscribe link is for; None when it has already ended."""
    pk = _pk_from(token, signing.Signer(salt=UNSUBSCRIBE_SALT))
    return Subscription.objects.filter(pk=pk).select_related("municipality").first()


@transaction.atomic
def unsubscribe(*, token: str) -> Subscription | None:
    """End the subscription: its row is deleted, address and all. Using the link again is harmless."""
    subscription = subscription_for_unsubscribe(token=token)
    if subscription is not None:
        Subscription.objects.filter(pk=subscription.pk).delete()
    return subscription


def forget_unconfirmed() -> int:
    """Delete the requests whose confirmation link has expired: an address nobody confirmed is not kept."""
    deleted, _per_model = Subscription.objects.unconfirmed_before(timezone.now() - settings.SUBSCRIPTION_CONFIRM_MAX_AGE).delete()
    return deleted


# E-mail


def _connection():
    return get_connection(timeout=settings.SUBSCRIPTION_SMTP_TIMEOUT)


def send_confirmation(pk: int) -> bool:
    """Send the confirmation link (in Swedish, the site's language). A failing mail server is logged;
    the reader can ask again."""
    subscription = Subscription.objects.filter(pk=pk, confirmed_at__isnull=True).select_related("municipality").first()
    if subscription is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "subscription": subscription,
            "confirm_url": confirm_url(subscription),
            "days": settings.SUBSCRIPTION_CONFIRM_MAX_AGE.days,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = " ".join(render_to_string("subscriptions/email/confirm_subject.txt", context).split())
        body = render_to_string("subscriptions/email/confirm_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email], connection=_connection())
    try:
        message.send()
    except OSError:
        logger.exception("Could not send the confirmation e-mail for subscription %s", pk)
        return False
    return True


def announce(*, step: Transition) -> Announcement | None:
    """Queue the publication a publish step made, to be sent to the subscribers after commit. Called
    inside the publishing transaction; a step without subscribers to tell queues nothing."""
    item = step.item
    if isinstance(item, Promise):
        kind = Kind.PROMISE_REVISED if item.revision_of_id else Kind.PROMISE_PUBLISHED
        municipality = item.agreement.municipality
    elif isinstance(item, FollowUpReport):
        kind = Kind.REPORT_CORRECTED if item.version_number > 1 else Kind.REPORT_PUBLISHED
        municipality = item.agreement.municipality
    else:
        return None
    if not Subscription.objects.confirmed().for_news_of(municipality).exists():
        return None
    announcement = Announcement.objects.create(step=step, kind=kind, municipality=municipality)
    pk = announcement.pk
    transaction.on_commit(lambda: send_announcement(pk, limit=settings.SUBSCRIPTION_SEND_NOW_MAX))
    return announcement


@dataclass
class Sent:
    """What one sending run did."""

    sent: int = 0
    failed: bool = False


def _announcement_context(announcement: Announcement) -> dict | None:
    # Read now, after commit: a published revision has by now been merged into the promise it
    # revised, and its step moved to that promise.
    item = Transition.objects.get(pk=announcement.step_id).item
    if item is None:
        return None
    context = {
        "kind": announcement.kind,
        "item": item,
        "municipality": announcement.municipality,
        "page_url": _absolute(item.get_absolute_url()),
    }
    if isinstance(item, FollowUpReport):
        context["pdf_url"] = _absolute(item.get_pdf_url())
    return context


def _message(context: dict, subscription: Subscription, connection) -> EmailMessage:
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "subscription": subscription, "unsubscribe_url": unsubscribe}
        subject = " ".join(render_to_string("subscriptions/email/announcement_subject.txt", context).split())
        body = render_to_string("subscriptions/email/announcement_body.txt", context)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscription.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail programs offer an unsubscribe button that POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies.
            "Auto-Submitted": "auto-generated",
        },
    )


def send_announcement(pk: int, *, limit: int | None = None) -> Sent:
    """Send one announcement to up to `limit` subscribers who have not had it, each recorded in the
    transaction that sends it. Stops at the first failure; the command retries later."""
    result = Sent()
    announcement = Announcement.objects.unfinished().select_related("municipality").filter(pk=pk).first()
    if announcement is None:
        return result
    context = _announcement_context(announcement)
    recipients = announcement.pending_recipients() if context is not None else Subscription.objects.none()
    if limit is not None:
        recipients = recipients[:limit]
    recipients = list(recipients)
    if recipients:
        connection = _connection()
        try:
            with connection:
                for subscription in recipients:
                    try:
                        with transaction.atomic():
                            # Claims the subscriber: another sender that got there first makes this fail.
                            Delivery.objects.create(announcement=announcement, subscription=subscription)
                            _message(context, subscription, connection).send()
                    except IntegrityError:
                        continue
                    result.sent += 1
        except OSError:
            logger.exception("Could not send announcement %s; the rest waits for send_subscription_mail", pk)
            result.failed = True
            return result
    if context is None or not announcement.pending_recipients().exists():
        Announcement.objects.filter(pk=pk).update(finished_at=timezone.now())
    return result


def send_pending() -> Sent:
    """Send every announcement that has not reached all its subscribers; stop when the mail server fails."""
    total = Sent()
    for pk in Announcement.objects.unfinished().order_by("pk").values_list("pk", flat=True):
        result = send_announcement(pk)
        total.sent += result.sent
        if result.failed:
            total.failed = True
            break
    return total
