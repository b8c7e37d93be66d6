"""Signed-in sessions end after a while without use, and some hours after sign-in at most."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from approvals.security_log import log_event

# Session keys: when the user signed in and when they were last seen, in seconds since the epoch.
STARTED = "_session_started"
LAST_SEEN = "_session_last_seen"
# Writing the session on every request is a database write per request; once a minute is enough.
TOUCH_EVERY = 60


@receiver(user_logged_in, dispatch_uid="session_expiry.started")
def start_the_clock(sender, request=None, **kwargs):
    """Both lifetimes count from the sign-in."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[LAST_SEEN] = time.time()


class SessionExpiryMiddleware:
    """Signs the user out after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS after
    they signed in, whichever comes first (ASVS 3.3.2), and says why on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = time.time()
        started = session.get(STARTED)
        last_seen = session.get(LAST_SEEN)
        if started is None or last_seen is None:
            # A session from before this rule: its clocks start now.
            session[STARTED] = session[LAST_SEEN] = now
            return
        idle = now - last_seen > settings.SESSION_IDLE_MINUTES * 60
        too_old = now - started > settings.SESSION_MAX_HOURS * 3600
        if idle or too_old:
            username = request.user.get_username()
            logout(request)
            log_event("session_expired", request=request, username=username, reason="idle" if idle else "lifetime")
            messages.info(request, _("You were signed out because your session ended. Sign in again to go on."))
            return
        if now - last_seen >= TOUCH_EVERY:
            session[LAST_SEEN] = now
