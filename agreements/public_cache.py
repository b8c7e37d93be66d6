"""A server-side cache of the public pages for anonymous readers, keyed by a publication stamp.

The stamp is one value in Django's cache (Redis in production). Every save or delete of a record
that a public page may show moves it: once at once, and once more when the transaction commits, so
that no page rendered from the data before the commit is ever stored under the stamp that follows
it. A cached page's key is (stamp, today's date, language, absolute address); once the stamp has
moved no old page is found again. The same stamp gives the ETag and Last-Modified through
`django.views.decorators.http.condition`, so a conditional request that still matches is answered
304 before the view is called.

Decorated in the URLconfs (`cache_public_pages`), not in a middleware: only views listed as public
are ever stored, so a new working page is never cached by accident (it would be cached in a
middleware unless someone remembered its prefix), and what is stored is the view's own response,
before the session, CSRF, messages and locale middleware add their per-reader parts on the way out.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header
from django.utils.translation import get_language
from django.views.decorators.http import condition

from agreements.middleware import PRIVATE_PREFIXES

logger = logging.getLogger(__name__)

STAMP_KEY = "public-cache:stamp"
# A lost or expired stamp is made anew, unique like every other, so expiry only costs one miss.
STAMP_TIMEOUT = 24 * 3600
# A page larger than this is served but not stored.
MAX_STORED_BYTES = 5_000_000
# The apps whose records the public pages show; a change to any of their models moves the stamp,
# drafts included (cheaper than proving, model by model, that a draft never shows).
PUBLIC_APPS = frozenset({"agreements", "promises", "followup", "cycle", "approvals"})
# ... except these, which no public page reads.
PRIVATE_MODELS = frozenset({"promises.pendingimport", "followup.remindersent"})
# Last-Modified is given only once the stamp is this many seconds older than the second it names:
# a stamp moved again within the same second then has a later Last-Modified, so an
# If-Modified-Since from the earlier page never matches it (with a margin for the app servers' clocks).
LAST_MODIFIED_SETTLE_SECONDS = 1


@dataclass(frozen=True)
class Stamp:
    """The publication stamp: unique per move, and when it moved."""

    token: str
    moved_at_ns: int

    @classmethod
    def new(cls) -> Stamp:
        return cls(token=secrets.token_hex(8), moved_at_ns=time.time_ns())

    @classmethod
    def parse(cls, value: str) -> Stamp:
        moved_at, token = value.split("-", 1)
        return cls(token=token, moved_at_ns=int(moved_at))

    def __str__(self) -> str:
        return f"{self.moved_at_ns}-{self.token}"


def move_stamp() -> None:
    """Make every cached public page unreachable. A failure is logged, not raised: the change being
    saved matters more, and pages are stored only for PUBLIC_CACHE_SECONDS."""
    try:
        cache.set(STAMP_KEY, str(Stamp.new()), STAMP_TIMEOUT)
    except Exception:  # noqa: BLE001 - any cache backend's error
        logger.exception("The public pages' publication stamp could not be moved")


def current_stamp() -> Stamp:
    """The stamp now, made when missing; raises what the cache raises when it cannot be reached."""
    value = cache.get(STAMP_KEY)
    if value is None:
        fresh = str(Stamp.new())
        cache.add(STAMP_KEY, fresh, STAMP_TIMEOUT)
        value = cache.get(STAMP_KEY) or fresh
    return Stamp.parse(value)


def public_data_changed(*, using: str = "default") -> None:
    """Something public pages may show was saved: move the stamp now and again after the commit."""
    move_stamp()
    connection = transaction.get_connection(using)
    # One move after commit is enough for any number of changes in the transaction. (The list of
    # callbacks is Django's own; a callback of a rolled-back savepoint is gone from it.)
    if connection.in_atomic_block and not any(entry[1] is move_stamp for entry in connection.run_on_commit):
        transaction.on_commit(move_stamp, using=using, robust=True)


def shows_publicly(model) -> bool:
    meta = model._meta
    if meta.app_label not in PUBLIC_APPS or meta.label_lower in PRIVATE_MODELS:
        return False
    # django-simple-history's records of changes (HistoricalPromise …) show nowhere public.
    return not hasattr(model, "instance_type")


def _saved(sender, using="default", **kwargs):
    if shows_publicly(sender):
        public_data_changed(using=using)


def _relation_changed(sender, action, using="default", **kwargs):
    # `sender` is the relation's through model: Promise.focus_areas, Coordinator, Chief …
    if action in ("post_add", "post_remove", "post_clear") and shows_publicly(sender):
        public_data_changed(using=using)


def _migrated(sender, **kwargs):
    # Every deployment runs migrate (`make serve` does): no page rendered by older code outlives it.
    move_stamp()


def connect_receivers(app_config) -> None:
    """Called from `AgreementsConfig.ready`: a receiver for each model that public pages show (each,
    not all models, so that Django still deletes other rows without loading them first)."""
    for model in apps.get_models(include_auto_created=True):
        if shows_publicly(model):
            uid = f"public_cache.{model._meta.label_lower}"
            post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(_saved, sender=model, dispatch_uid=f"{uid}.deleted")
            m2m_changed.connect(_relation_changed, sender=model, dispatch_uid=f"{uid}.relation_changed")
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="public_cache.migrated")


# Reading ---------------------------------------------------------------------------------------


def _reader_is_anonymous(request) -> bool:
    """Nothing about this reader changes the page: no session (so no one signed in, and looking
    does not cost a query), no message waiting, a safe method."""
    if request.method not in ("GET", "HEAD") or not settings.PUBLIC_CACHE:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _stamp(request) -> Stamp:
    if not hasattr(request, "_public_stamp"):
        request._public_stamp = current_stamp()
    return request._public_stamp


def _etag(request, *args, **kwargs) -> str:
    # The date because pages say what applies today; the language because both are at one address.
    return f'"{_stamp(request)}-{timezone.localdate().isoformat()}-{get_language()}"'


def _last_modified(request, *args, **kwargs) -> datetime.datetime | None:
    moved_at = _stamp(request).moved_at_ns // 1_000_000_000 + 1
    midnight = datetime.datetime.combine(timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone())
    last_modified = max(moved_at, int(midnight.timestamp()))
    if time.time() < last_modified + LAST_MODIFIED_SETTLE_SECONDS:
        return None
    return datetime.datetime.fromtimestamp(last_modified, tz=datetime.UTC)


def _page_key(request) -> str:
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"public-cache:page:{_stamp(request)}:{timezone.localdate().isoformat()}:{get_language()}:{address}"


def stamped_key(request, kind: str) -> str | None:
    """A cache key for what the address `request.path` answers with under the current stamp, the
    same for every reader and language (a PDF); None when the page cache is off or unreachable."""
    if not settings.PUBLIC_CACHE:
        return None
    try:
        stamp = _stamp(request)
    except Exception:  # noqa: BLE001 - the cache is down: serve without it
        logger.warning("The cache cannot be reached; %s served without it", request.path, exc_info=True)
        return None
    return f"public-cache:{kind}:{stamp}:{hashlib.sha256(request.path.encode()).hexdigest()}"


def _is_for_this_reader_only(request, response) -> bool:
    """The response carries something of this reader's: a cookie, a CSRF token, a session."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or has_vary_header(response, "Cookie")
    )


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not _is_for_this_reader_only(request, response)
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
        and len(response.content) <= MAX_STORED_BYTES
    )


def _from_cache(view):
    """The view's response from the cache, or rendered and stored when it may be."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        key = _page_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        # Ours come from the stamp; a view's own (the sitemap's) could say "not modified" for a changed page.
        for header in ("ETag", "Last-Modified"):
            if header in response:
                del response[header]

        def store(response):
            if _storable(request, response):
                headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
                cache.set(key, (response.status_code, headers, response.content), settings.PUBLIC_CACHE_SECONDS)
            elif response.status_code != 200 or _is_for_this_reader_only(request, response):
                response._not_a_public_page = True

        if getattr(response, "is_rendered", True):
            store(response)
        else:
            response.add_post_render_callback(store)
        return response

    return cached_view


def cache_public_page(view):
    """For anonymous readers: 304 from the stamp without calling the view, else the stored page, else
    the view's page stored for the next reader. Anyone else gets the view itself."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(_from_cache(view))

    @wraps(view)
    def public_page(request, *args, **kwargs):
        if not _reader_is_anonymous(request):
            return view(request, *args, **kwargs)
        try:
            _stamp(request)
        except Exception:  # noqa: BLE001 - the cache is down: serve without it
            logger.warning("The cache cannot be reached; %s served without it", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        response = conditional(request, *args, **kwargs)
        if getattr(response, "_not_a_public_page", False):
            # A 404 or a page with this reader's token is not the stamp's to validate.
            for header in ("ETag", "Last-Modified"):
                if header in response:
                    del response[header]
        return response

    public_page.caches_public_page = True
    return public_page


def cache_public_pages(urlpatterns: list, *, except_views=()) -> list:
    """Wrap the view of every pattern outside the working pages' prefixes, in place; one call at the
    end of a URLconf. `except_views` answer conditional requests themselves (the PDFs)."""
    private = tuple(prefix.lstrip("/") for prefix in PRIVATE_PREFIXES)
    for pattern in urlpatterns:
        callback = getattr(pattern, "callback", None)
        if (
            callback is None
            or callback in except_views
            or str(pattern.pattern).startswith(private)
            or getattr(callback, "caches_public_page", False)
        ):
            continue
        pattern.callback = cache_public_page(callback)
    return urlpatterns
