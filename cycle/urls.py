"""The cycle's coordinator pages under /hantera/ (internal: the municipality's coordinators and its
police area's chiefs read them; anyone else gets a 404). Each part has its own URL list."""

from django.urls import path

from approvals.models import Action
from approvals.views import coordinator_item_views
from cycle import services
from cycle.dialogue_urls import urlpatterns as dialogue_urlpatterns
from cycle.models import PublicSummary
from cycle.plan_urls import urlpatterns as plan_urlpatterns
from cycle.situation_urls import urlpatterns as situation_urlpatterns

manage_summary, summary_step = coordinator_item_views(
    model=PublicSummary,
    steps={
        Action.SUBMIT: lambda summary, by, comment: services.summary_submit(summary=summary, by=by, comment=comment),
        Action.WITHDRAW: lambda summary, by, comment: services.summary_withdraw(summary=summary, by=by, comment=comment),
        Action.PUBLISH: lambda summary, by, comment: services.summary_publish(summary=summary, by=by, comment=comment),
    },
)

app_name = "cycle"
urlpatterns = [
    path("hantera/sammanfattningar/<int:pk>/", manage_summary, name="manage_summary"),
    path("hantera/sammanfattningar/<int:pk>/arbetsflode/", summary_step, name="summary_step"),
    *situation_urlpatterns,
    *plan_urlpatterns,
    *dialogue_urlpatterns,
]
