from django.urls import path

from promises import views

app_name = "promises"
urlpatterns = [
    path("<slug:slug>/loften/<int:pk>/", views.promise_detail, name="promise"),
]
