from django.urls import path

from agreements import manage_views, services
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
    path("hantera/overenskommelser/ny/", manage_views.agreement_new, name="agreement_new"),
    path("hantera/overenskommelser/<int:pk>/", manage_agreement, name="manage_agreement"),
    path("hantera/overenskommelser/<int:pk>/redigera/", manage_views.agreement_edit, name="agreement_edit"),
    path("hantera/overenskommelser/<int:pk>/ny-undertecknare/", manage_views.signatory_new, name="signatory_new"),
    path("hantera/undertecknare/<int:pk>/ta-bort/", manage_views.signatory_remove, name="signatory_remove"),
    path("hantera/overenskommelser/<int:pk>/kontakt/", manage_views.contacts_edit, name="contacts_edit"),
    path("hantera/emblem/", manage_views.emblem_edit, name="emblem_edit"),
    path("hantera/emblem/bild/", manage_views.emblem_image, name="emblem_image"),
    path("hantera/overenskommelser/<int:pk>/arbetsflode/", agreement_step, name="agreement_step"),
]
