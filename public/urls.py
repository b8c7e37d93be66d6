from django.urls import path
from django.views.generic import TemplateView

from agreements.public_cache import cache_public_page, cache_public_pages
from public import catalogue, embeds, feeds, open_data, promise_views, views

app_name = "public"
# Included last (config/urls.py): "<slug>/" would otherwise take the site's own prefixes, such as
# /hantera/loften/1/. The prefixes here are reserved slugs (agreements.reserved.RESERVED_SLUGS).
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("flode/", feeds.SiteFeed(), name="site_feed"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("ordlista/", TemplateView.as_view(template_name="public/glossary.html"), name="glossary"),
    path("om/", TemplateView.as_view(template_name="public/about.html"), name="about"),
    path("fokusomraden/", promise_views.focus_area_list, name="focus_area_list"),
    path("fokusomraden/<slug:slug>/", promise_views.focus_area_detail, name="focus_area"),
    path("oppna-data/", open_data.index, name="open_data"),
    path("oppna-data/loften.csv", open_data.promises_csv, name="open_data_promises_csv"),
    path("oppna-data/loften.json", open_data.promises_json, name="open_data_promises_json"),
    path("oppna-data/aktiviteter.csv", open_data.activities_csv, name="open_data_activities_csv"),
    path("oppna-data/aktiviteter.json", open_data.activities_json, name="open_data_activities_json"),
    path("oppna-data/rapporter.json", open_data.reports_json, name="open_data_reports_json"),
    path("oppna-data/rapporter/<slug:slug>.json", open_data.municipality_reports_json, name="open_data_municipality_reports"),
    # Embeds for other sites (public/embeds.py); the JSON may be read from any origin, its 304s too.
    path("<slug:slug>/inbaddning/", embeds.embed_html, name="embed"),
    path("<slug:slug>/inbaddning.json", embeds.readable_from_anywhere(cache_public_page(embeds.embed_json)), name="embed_json"),
    path("oppna-data/inbaddning.schema.json", embeds.readable_from_anywhere(cache_public_page(embeds.embed_schema)), name="embed_schema"),
    path("oppna-data/katalog.rdf", catalogue.catalogue, name="open_data_catalogue"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
    path("<slug:slug>/flode/", feeds.MunicipalityFeed(), name="municipality_feed"),
    path("<slug:slug>/ar/<int:year>/", views.municipality_year, name="municipality_year"),
    path("<slug:slug>/loften/<int:pk>/", promise_views.promise_detail, name="promise"),
]
# Anonymous readers' public pages from the cache (agreements/public_cache.py); working pages never.
urlpatterns = cache_public_pages(urlpatterns)
