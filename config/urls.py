from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from approvals.urls import account_urlpatterns

admin.site.site_header = _("Medborgarlöften – administration")
admin.site.site_title = _("Medborgarlöften")
admin.site.index_title = _("Administration")

urlpatterns = [
    *account_urlpatterns,
    # Before admin.site.urls, whose catch-all would otherwise take /admin/att-godkanna/.
    path("", include("approvals.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Municipality slugs are top-level, so the site's own prefixes come first.
    path("", include("promises.urls")),
    path("", include("followup.urls")),
    path("", include("agreements.urls")),
]
