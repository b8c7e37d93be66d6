"""The lägesbild's pages under /hantera/ (cycle.situation_views)."""

from django.urls import path

from cycle import situation_views as views

urlpatterns = [
    path("hantera/lagesbild/", views.situations, name="situations"),
    path("hantera/lagesbild/ny/", views.situation_new, name="situation_new"),
    path("hantera/lagesbild/<int:pk>/", views.situation, name="situation"),
    path("hantera/lagesbild/<int:pk>/redigera/", views.situation_edit, name="situation_edit"),
    path("hantera/lagesbild/<int:pk>/ny-kalla/", views.source_new, name="source_new"),
    path("hantera/lagesbild/<int:pk>/nytt-problem/", views.problem_new, name="problem_new"),
    path("hantera/lagesbild/<int:pk>/sammanfattning/ny/", views.summary_new, name="summary_new"),
    path("hantera/kallor/<int:pk>/ta-bort/", views.source_remove, name="source_remove"),
    path("hantera/problem/<int:pk>/redigera/", views.problem_edit, name="problem_edit"),
    path("hantera/sammanfattningar/<int:pk>/redigera/", views.summary_edit, name="summary_edit"),
]
