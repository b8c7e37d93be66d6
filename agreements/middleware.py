"""Caching headers for the public pages."""

from django.utils.cache import patch_cache_control

# Pages for signed-in work, never cached by anyone.
PRIVATE_PREFIXES = ("/hantera/", "/admin/", "/konto/", "/i18n/")


class PublicCacheMiddleware:
    """Anonymous readers' public pages may be cached for a while by browsers and proxies; anything
    for a signed-in user, and every working page, is private and revalidated."""

    max_age = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.method not in ("GET", "HEAD"):
            return response
        if request.path.startswith(PRIVATE_PREFIXES) or request.user.is_authenticated or response.status_code != 200:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=self.max_age)
        return response
