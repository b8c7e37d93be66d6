from django.urls import path

from subscriptions import views

# Not in the public page cache: the form carries a CSRF token, and the links are personal.
app_name = "subscriptions"
urlpatterns = [
    # "prenumerera" is a reserved slug (agreements.models.RESERVED_SLUGS).
    path("prenumerera/", views.subscribe, name="subscribe_country"),
    path("prenumerera/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("prenumerera/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/prenumerera/", views.subscribe, name="subscribe"),
]
