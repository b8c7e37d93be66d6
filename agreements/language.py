"""The reader's language: Swedish, unless the reader chose English with the site's language switch.

Django's LocaleMiddleware follows the browser's Accept-Language, so a Swedish resident whose
browser is set to English got the English site without asking for it, and the Swedish content
(promises, reports) in an English frame. Here the browser's wish is ignored: the language is the
explicit choice `set_language` remembers in its cookie, else the site's language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language the reader chose with the language switch, or the site's language (Swedish).
    A cookie naming no language the site has is ignored."""
    choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if choice:
        try:
            return translation.get_supported_language_variant(choice)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """In LocaleMiddleware's place: activates `chosen_language` for the request and says so in
    Content-Language. The page now depends on a cookie, not on Accept-Language, so that is what
    Vary names for browsers and proxies (the server's own page cache keys on the language itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
