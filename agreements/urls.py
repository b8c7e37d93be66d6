from django.urls import path
from django.views.generic import TemplateView

from agreements import feeds, manage_views, services, views
from agreements.models import Agreement
from agreements.public_cache import cache_public_pages
from approvals.models import Action
from approvals.views import coordinator_item_views

manage_agreement, agreement_step = coordinator_item_views(
    model=Agreement,
    steps={
        Action.SUBMIT: lambda agreement, by, comment: services.agreement_submit(agreement=agreement, by=by, comment=comment),
        Action.WITHDRAW: lambda agreement, by, comment: services.agreement_withdraw(agreement=agreement, by=by, comment=comment),
        Action.PUBLISH: lambda agreement, by, comment: services.agreement_publish(agreement=agreement, by=by, comment=comment),
    },
)

app_name = "agreements"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("hantera/overenskommelser/ny/", manage_views.agreement_new, name="agreement_new"),
    path("hantera/overenskommelser/<int:pk>/", manage_agreement, name="manage_agreement"),
    path("hantera/overenskommelser/<int:pk>/redigera/", manage_views.agreement_edit, name="agreement_edit"),
    path("hantera/overenskommelser/<int:pk>/ny-undertecknare/", manage_views.signatory_new, name="signatory_new"),
    path("hantera/undertecknare/<int:pk>/ta-bort/", manage_views.signatory_remove, name="signatory_remove"),
    path("hantera/overenskommelser/<int:pk>/arbetsflode/", agreement_step, name="agreement_step"),
    path("flode/", feeds.SiteFeed(), name="site_feed"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots"),
    # "ordlista" is a reserved slug (agreements.models.RESERVED_SLUGS).
    path("ordlista/", TemplateView.as_view(template_name="agreements/glossary.html"), name="glossary"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
    path("<slug:slug>/flode/", feeds.MunicipalityFeed(), name="municipality_feed"),
    path("<slug:slug>/ar/<int:year>/", views.municipality_year, name="municipality_year"),
]
# Anonymous readers' public pages from the cache (agreements/public_cache.py); working pages never.
urlpatterns = cache_public_pages(urlpatterns)
