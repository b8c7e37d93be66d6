"""Security events as structured lines on stderr: who tried what, from where.

One JSON object per line on the "security" logger (settings.LOGGING sends it to stderr), e.g.
`{"event": "login_failed", "username": "chef.umea", "client": "203.0.113.9", "path": "/konto/logga-in/"}`.
django-axes' own lines mask the username and address, and its attempts vanish on the next
success; these lines keep both, so an administrator can tell a guessing attack from a typo.
"""

from __future__ import annotations

import json
import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from approvals.client_address import client_address

logger = logging.getLogger("security")

# Pages for signed-in work: a 404 there is someone looking for records they may not see.
WORKING_PREFIXES = ("/hantera/", "/admin/", "/konto/")


def log_event(event: str, *, level: int = logging.WARNING, request=None, **fields) -> None:
    """Write one security event as a single JSON line (newlines in values cannot forge a line)."""
    record = {"event": event, **fields}
    if request is not None:
        record.setdefault("client", client_address(request))
        record.setdefault("method", request.method)
        record.setdefault("path", request.path[:500])
    logger.log(level, json.dumps(record, ensure_ascii=False, default=str), extra={"security_event": record})


def _username(value) -> str:
    return str(value or "")[:150]


def _signed_in_user(request) -> str | None:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else None


@receiver(user_login_failed, dispatch_uid="security_log.login_failed")
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    """A wrong password, an unknown user, or a try while locked out."""
    log_event("login_failed", request=request, username=_username(credentials.get("username")))


@receiver(user_locked_out, dispatch_uid="security_log.locked_out")
def log_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """django-axes refused or started a lockout of this username from this address."""
    log_event("login_locked_out", request=request, username=_username(username), client=ip_address)


@receiver(user_logged_in, dispatch_uid="security_log.logged_in")
def log_signed_in(sender, request=None, user=None, **kwargs):
    """A successful sign-in, so that failures before it stay readable in context."""
    log_event("login", level=logging.INFO, request=request, username=user.get_username() if user else "")


class SecurityEventMiddleware:
    """Logs every 403 (permission denied, CSRF refused) and every 404 on a working page with the
    signed-in user, so probing for others' records leaves a trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_event("permission_denied", request=request, user=_signed_in_user(request), status=403)
        elif response.status_code == 404 and request.path.startswith(WORKING_PREFIXES):
            log_event("not_found", request=request, user=_signed_in_user(request), status=404)
        return response
