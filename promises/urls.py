from django.urls import path

from approvals.models import Action
from approvals.views import coordinator_item_views
from promises import extension_services, import_views, manage_views, services
from promises.models import Promise, PromiseExtension

manage_promise, promise_step = coordinator_item_views(
    model=Promise,
    steps={
        Action.SUBMIT: lambda promise, by, comment: services.promise_submit(promise=promise, by=by, comment=comment),
        Action.WITHDRAW: lambda promise, by, comment: services.promise_withdraw(promise=promise, by=by, comment=comment),
        Action.PUBLISH: lambda promise, by, comment: services.promise_publish(promise=promise, by=by, comment=comment),
        Action.START_REVISION: lambda promise, by, comment: services.promise_start_revision(promise=promise, by=by),
    },
)

manage_extension, extension_step = coordinator_item_views(
    model=PromiseExtension,
    steps={
        Action.SUBMIT: lambda extension, by, comment: extension_services.promise_extension_submit(
            extension=extension, by=by, comment=comment
        ),
        Action.WITHDRAW: lambda extension, by, comment: extension_services.promise_extension_withdraw(
            extension=extension, by=by, comment=comment
        ),
        Action.PUBLISH: lambda extension, by, comment: extension_services.promise_extension_publish(
            extension=extension, by=by, comment=comment
        ),
    },
)

app_name = "promises"
urlpatterns = [
    path("hantera/import/", import_views.import_page, name="import"),
    path("hantera/import/bekrafta/", import_views.import_confirm, name="import_confirm"),
    path("hantera/import/mall.xlsx", import_views.template_xlsx, name="import_template"),
    path("hantera/import/loften/", import_views.import_page, {"kind": "promises"}, name="import_promises"),
    path("hantera/import/loften/bekrafta/", import_views.import_confirm, {"kind": "promises"}, name="import_promises_confirm"),
    path("hantera/import/loften/mall.xlsx", import_views.promise_template_xlsx, name="import_promises_template"),
    path("hantera/export/loften.<str:kind>", import_views.export_promises, name="export_promises"),
    path("hantera/export/aktiviteter.csv", import_views.export_csv, name="export_csv"),
    path("hantera/export/aktiviteter.xlsx", import_views.export_xlsx, name="export_xlsx"),
    path("hantera/loften/nytt/", manage_views.promise_new, name="promise_new"),
    path("hantera/loften/<int:pk>/", manage_promise, name="manage_promise"),
    path("hantera/loften/<int:pk>/redigera/", manage_views.promise_edit, name="promise_edit"),
    path("hantera/loften/<int:pk>/nytt-fokusomrade/", manage_views.focus_area_new, name="focus_area_new"),
    path("hantera/loften/<int:pk>/ny-aktivitet/", manage_views.activity_new, name="activity_new"),
    path("hantera/loften/<int:pk>/for-over/", manage_views.carry_over, name="carry_over"),
    path("hantera/aktiviteter/<int:pk>/redigera/", manage_views.activity_edit, name="activity_edit"),
    path("hantera/aktiviteter/<int:pk>/status/", manage_views.activity_status, name="activity_status"),
    path("hantera/aktiviteter/<int:pk>/ta-bort/", manage_views.activity_delete, name="activity_delete"),
    path("hantera/aktiviteter/<int:pk>/flytta/", manage_views.activity_move, name="activity_move"),
    path("hantera/loften/<int:pk>/arbetsflode/", promise_step, name="promise_step"),
    path("hantera/loften/<int:pk>/ny-undertecknare/", manage_views.signatory_new, name="promise_signatory_new"),
    path("hantera/loftesundertecknare/<int:pk>/ta-bort/", manage_views.signatory_remove, name="promise_signatory_remove"),
    path("hantera/loften/<int:pk>/forlang/", manage_views.extension_new, name="extension_new"),
    path("hantera/forlangningar/<int:pk>/", manage_extension, name="manage_extension"),
    path("hantera/forlangningar/<int:pk>/redigera/", manage_views.extension_edit, name="extension_edit"),
    path("hantera/forlangningar/<int:pk>/arbetsflode/", extension_step, name="extension_step"),
]
