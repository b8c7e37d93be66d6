from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("<slug:slug>/", views.municipality_detail, name="municipality"),
]
