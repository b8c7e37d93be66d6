from django.urls import path

from agreements import services, views
from agreements.models import Agreement
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
    path("hantera/overenskommelser/<int:pk>/", manage_agreement, name="manage_agreement"),
    path("hantera/overenskommelser/<int:pk>/arbetsflode/", agreement_step, name="agreement_step"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
]
