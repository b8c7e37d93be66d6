"""The subscription pages: the form, the confirmation link and the unsubscribe link. Never cached:
the form carries a CSRF token, and what a link's page says is about one reader's subscription."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from agreements.models import Municipality
from approvals.client_address import client_address
from subscriptions import services
from subscriptions.forms import SubscribeForm

logger = logging.getLogger(__name__)


def over_rate_limit(request) -> bool:
    """Count one sending of the form from the client's address; True once it has sent more than
    SUBSCRIPTION_RATE_LIMIT within the hour. The address is kept only hashed, and only for the hour.
    If the cache cannot be reached the form still works (each address still has to be confirmed)."""
    address = client_address(request) or "unknown"
    key = "subscriptions:rate:" + hashlib.sha256(address.encode()).hexdigest()
    try:
        cache.add(key, 0, settings.SUBSCRIPTION_RATE_WINDOW)
        count = cache.incr(key)
    except ValueError:
        # Expired between the two calls: this is the first of a new hour.
        cache.add(key, 1, settings.SUBSCRIPTION_RATE_WINDOW)
        return False
    except Exception:  # noqa: BLE001 - a cache outage must not take the form down with it
        logger.warning("The subscription form's rate limit could not be counted", exc_info=True)
        return False
    return count > settings.SUBSCRIPTION_RATE_LIMIT


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request, slug=None):
    """Subscribe to a municipality's publications (or, without one, the whole country's)."""
    municipality = get_object_or_404(Municipality, slug=slug) if slug else None
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    context = {"municipality": municipality, "form": form, "days": settings.SUBSCRIPTION_CONFIRM_MAX_AGE.days}
    if request.method == "POST":
        if over_rate_limit(request):
            context["rate_limited"] = True
            return render(request, "subscriptions/subscribe.html", context, status=429)
        if form.is_valid():
            services.subscribe(email=form.cleaned_data["email"], municipality=municipality)
            context["email"] = form.cleaned_data["email"]
            return render(request, "subscriptions/subscribe_sent.html", context)
    return render(request, "subscriptions/subscribe.html", context)


@never_cache
@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    """The link in the confirmation e-mail. A link that was used, has expired or was altered is
    refused with a page that says which, and changes nothing."""
    try:
        subscription = services.confirm(token=token)
    except services.AlreadyConfirmed as error:
        return render(
            request, "subscriptions/link_refused.html", {"error": error, "subscription": error.subscription, "already": True}, status=409
        )
    except services.LinkExpired as error:
        return render(
            request, "subscriptions/link_refused.html", {"error": error, "subscription": error.subscription, "expired": True}, status=410
        )
    except services.LinkInvalid as error:
        return render(request, "subscriptions/link_refused.html", {"error": error}, status=404)
    return render(
        request,
        "subscriptions/confirmed.html",
        {"subscription": subscription, "unsubscribe_url": services.unsubscribe_url(subscription)},
    )


# Exempt from CSRF: mail programs POST here with no token for RFC 8058's one-click unsubscribe; the
# signed token in the address is the authority, and ending one's own subscription is all it can do.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks (a link checker opening the link must not unsubscribe anyone); POST unsubscribes,
    from the page's button or straight from the mail program (List-Unsubscribe-Post)."""
    try:
        if request.method == "POST":
            subscription = services.unsubscribe(token=token)
            return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription, "done": True})
        subscription = services.subscription_for_unsubscribe(token=token)
    except services.LinkInvalid as error:
        return render(request, "subscriptions/link_refused.html", {"error": error}, status=404)
    return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription, "done": subscription is None})
