from django.urls import path

from coordination import views

app_name = "coordination"
urlpatterns = [
    path("hantera/", views.dashboard, name="dashboard"),
]
