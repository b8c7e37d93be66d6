"""The åtgärdsplan's pages: /hantera/atgardsplan/ and its measures at /hantera/atgarder/."""

from django.urls import path

from cycle import plan_views as views

urlpatterns = [
    path("hantera/atgardsplan/", views.action_plans, name="action_plans"),
    path("hantera/atgardsplan/ny/", views.action_plan_new, name="action_plan_new"),
    path("hantera/atgardsplan/<int:pk>/", views.action_plan, name="action_plan"),
    path("hantera/atgardsplan/<int:pk>/redigera/", views.action_plan_edit, name="action_plan_edit"),
    path("hantera/atgardsplan/<int:pk>/ny-atgard/", views.measure_new, name="measure_new"),
    path("hantera/atgarder/<int:pk>/redigera/", views.measure_edit, name="measure_edit"),
    path("hantera/atgarder/<int:pk>/ta-bort/", views.measure_delete, name="measure_delete"),
]
