from django.urls import path

from approvals.models import Action
from approvals.views import coordinator_item_views
from promises import services, views
from promises.models import Promise

manage_promise, promise_step = coordinator_item_views(
    model=Promise,
    steps={
        Action.SUBMIT: lambda promise, by, comment: services.promise_submit(promise=promise, by=by, comment=comment),
        Action.WITHDRAW: lambda promise, by, comment: services.promise_withdraw(promise=promise, by=by, comment=comment),
        Action.PUBLISH: lambda promise, by, comment: services.promise_publish(promise=promise, by=by, comment=comment),
        Action.START_REVISION: lambda promise, by, comment: services.promise_start_revision(promise=promise, by=by),
    },
    errors=(services.PromiseError,),
)

app_name = "promises"
urlpatterns = [
    path("hantera/loften/<int:pk>/", manage_promise, name="manage_promise"),
    path("hantera/loften/<int:pk>/arbetsflode/", promise_step, name="promise_step"),
    path("<slug:slug>/loften/<int:pk>/", views.promise_detail, name="promise"),
]
