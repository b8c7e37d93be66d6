"""The citizen dialogues' pages under /hantera/ (cycle.dialogue_views)."""

from django.urls import path

from cycle import dialogue_views as views

urlpatterns = [
    path("hantera/dialoger/", views.dialogues, name="dialogues"),
    path("hantera/dialoger/ny/", views.dialogue_new, name="dialogue_new"),
    path("hantera/dialoger/import/", views.dialogue_import_page, name="dialogue_import"),
    path("hantera/dialoger/import/bekrafta/", views.dialogue_import_confirm, name="dialogue_import_confirm"),
    path("hantera/dialoger/import/mall.xlsx", views.dialogue_import_template, name="dialogue_import_template"),
    path("hantera/dialoger/<int:pk>/", views.dialogue, name="dialogue"),
    path("hantera/dialoger/<int:pk>/redigera/", views.dialogue_edit, name="dialogue_edit"),
    path("hantera/dialoger/<int:pk>/nytt-tema/", views.theme_new, name="theme_new"),
    path("hantera/teman/<int:pk>/redigera/", views.theme_edit, name="theme_edit"),
    path("hantera/teman/<int:pk>/ta-bort/", views.theme_remove, name="theme_remove"),
]
