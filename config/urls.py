from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from agreements.public_cache import cache_public_page
from approvals.urls import account_urlpatterns
from config.views import health
from public.sitemaps import SITEMAPS

admin.site.site_header = _("Medborgarlöften – administration")
admin.site.site_title = _("Medborgarlöften")
admin.site.index_title = _("Administration")

urlpatterns = [
    *account_urlpatterns,
    # Before admin.site.urls, whose catch-all would otherwise take /admin/att-godkanna/.
    path("", include("approvals.urls")),
    path("", include("coordination.urls")),
    path("admin/", admin.site.urls),
    # The language choice carries no CSRF token, so that public pages are the same for every
    # anonymous reader and can be cached; switching someone's display language is harmless.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # An index of paged sections, so that no request lists every page of the country.
    path(
        "sitemap.xml", cache_public_page(sitemap_views.index), {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap"
    ),
    path("sitemap-<section>.xml", cache_public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # For load balancers and monitoring; "health" is a reserved slug (agreements.reserved.RESERVED_SLUGS).
    path("health/", health, name="health"),
    # Municipality slugs are top-level, so the site's own prefixes come first.
    path("", include("subscriptions.urls")),
    path("", include("promises.urls")),
    path("", include("followup.urls")),
    path("", include("cycle.urls")),
    path("", include("agreements.urls")),
    # Last: its "<slug>/" pages would take the prefixes above (public/urls.py).
    path("", include("public.urls")),
]
