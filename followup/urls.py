from django.urls import path

from agreements.public_cache import cache_public_pages
from approvals.models import Action
from approvals.views import coordinator_item_views
from followup import manage_views, services, views
from followup.models import FollowUpReport

manage_report, report_step = coordinator_item_views(
    model=FollowUpReport,
    steps={
        Action.SUBMIT: lambda report, by, comment: services.report_submit(report=report, by=by, comment=comment),
        Action.WITHDRAW: lambda report, by, comment: services.report_withdraw(report=report, by=by, comment=comment),
        Action.PUBLISH: lambda report, by, comment: services.report_publish(report=report, by=by, comment=comment),
        Action.START_REVISION: lambda report, by, comment: services.report_start_correction(report=report, by=by),
    },
)

app_name = "followup"
urlpatterns = [
    path("hantera/rapporter/ny/", manage_views.report_new, name="report_new"),
    path("hantera/indikatorer/", manage_views.indicators, name="indicators"),
    path("hantera/indikatorer/<int:pk>/", manage_views.indicator_detail, name="indicator"),
    path("hantera/rapporter/<int:pk>/", manage_report, name="manage_report"),
    # "Submit for approval" on the report's page goes to the confirmation page first.
    path("hantera/rapporter/<int:pk>/arbetsflode/", manage_views.submit_through_confirmation(report_step), name="report_step"),
    path("hantera/rapporter/<int:pk>/skicka-in/", manage_views.report_confirm_submit, name="report_submit"),
    path("hantera/rapporter/<int:pk>/redigera/", manage_views.report_edit, name="report_edit"),
    path("hantera/rapporter/<int:pk>/forhandsvisning/", manage_views.report_preview, name="report_preview"),
    path("hantera/rapporter/<int:pk>/import/", manage_views.report_import, name="report_import"),
    path("hantera/rapporter/<int:pk>/export.<str:kind>", manage_views.report_export, name="report_export"),
    path("<slug:slug>/uppfoljning/<int:year>/", views.report, name="report"),
    path("<slug:slug>/uppfoljning/<int:year>.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/uppfoljning/<int:year>/version-<int:version>/", views.report, name="report_version"),
    path("<slug:slug>/uppfoljning/<int:year>/version-<int:version>.pdf", views.report_pdf, name="report_version_pdf"),
    path("<slug:slug>/uppfoljning/<int:year>/tertial-<int:tertial>/", views.report, name="report_tertial"),
    path("<slug:slug>/uppfoljning/<int:year>/tertial-<int:tertial>.pdf", views.report_pdf, name="report_tertial_pdf"),
    path(
        "<slug:slug>/uppfoljning/<int:year>/tertial-<int:tertial>/version-<int:version>/",
        views.report,
        name="report_tertial_version",
    ),
    path(
        "<slug:slug>/uppfoljning/<int:year>/tertial-<int:tertial>/version-<int:version>.pdf",
        views.report_pdf,
        name="report_tertial_version_pdf",
    ),
]
# Anonymous readers' report pages from the cache; the PDFs answer for themselves (views.report_pdf).
urlpatterns = cache_public_pages(urlpatterns, except_views=[views.report_pdf])
