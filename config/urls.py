from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Medborgarlöften – administration")
admin.site.site_title = _("Medborgarlöften")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Municipality slugs are top-level, so the site's own prefixes come first.
    path("", include("promises.urls")),
    path("", include("agreements.urls")),
]
