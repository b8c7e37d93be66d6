"""Caching headers for the public pages, and a 503 while the database is unavailable."""

import logging
import sys

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

# What the database driver raises when the server is down or the connection was lost.
DATABASE_ERRORS = (OperationalError, InterfaceError)

# Pages for signed-in work, never cached by anyone.
PRIVATE_PREFIXES = ("/hantera/", "/admin/", "/konto/", "/i18n/")


class PublicCacheMiddleware:
    """Anonymous readers' public pages may be cached for a while by browsers and proxies; anything
    for a signed-in user, and every working page, is private and never stored."""

    max_age = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES) or request.user.is_authenticated:
            # Signed-in work holds drafts and personal data: no browser or proxy stores a copy,
            # whatever the view set (ASVS 8.2.1).
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response
        if response.has_header("Cache-Control") or request.method not in ("GET", "HEAD"):
            return response
        # A 304 says the same as the 200 it stands for (RFC 9111, 4.3.4).
        if response.status_code not in (200, 304):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=self.max_age)
        return response


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, every page answers a short 503 in the reader's
    language with `Retry-After`, not a 500: the outage is ours and passing, and crawlers and
    proxies then keep what they have. With CONN_HEALTH_CHECKS the next request after the
    database is back reconnects, so no worker needs a restart.

    A view's error arrives through `process_exception`; one raised in a middleware further in (the
    session of a signed-in user) is turned into a 500 response before it gets here, so the
    `got_request_exception` signal marks the request and the 500 is replaced on the way out."""

    retry_after = 30  # seconds; a restarting PostgreSQL is usually back within that

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:
            return self.unavailable(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            return self.unavailable(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return self.unavailable(request)
        return None

    def unavailable(self, request):
        logger.warning("Database unavailable while serving %s %s", request.method, request.path)
        # Rendered without the request: its context processors would ask the database for the user.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.retry_after)
        patch_cache_control(response, no_store=True)
        return response


def _mark_database_errors(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        request._database_unavailable = True


got_request_exception.connect(_mark_database_errors, dispatch_uid="agreements.database_unavailable")
