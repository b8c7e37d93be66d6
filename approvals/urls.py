from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from approvals import second_factor_views, views
from approvals.forms import SignInForm

app_name = "approvals"
urlpatterns = [
    path("konto/start/", views.start, name="start"),
    path("hantera/markerade/", views.bulk_steps, name="bulk_steps"),
    path("admin/att-godkanna/", admin.site.admin_view(views.awaiting), name="awaiting"),
    path("admin/att-godkanna/markerade/", admin.site.admin_view(views.awaiting_bulk), name="awaiting_bulk"),
    # Not behind the admin's own check: anyone out of scope is told the item does not exist.
    path("admin/att-godkanna/<str:kind>/<int:pk>/", views.awaiting_item, name="awaiting_item"),
]

# Sign-in, sign-out and password change: Django's views with our Swedish templates.
account_urlpatterns = [
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/losenord/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path("konto/losenord/klart/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The second factor (approvals/second_factor.py): set up, the code after the password, recovery codes.
    path("konto/tvastegsverifiering/", second_factor_views.setup, name="second_factor"),
    path("konto/tvastegsverifiering/kod/", second_factor_views.verify, name="second_factor_verify"),
    path("konto/tvastegsverifiering/aterstallningskoder/", second_factor_views.recovery_codes, name="second_factor_recovery_codes"),
    path("konto/tvastegsverifiering/nya-aterstallningskoder/", second_factor_views.new_recovery_codes, name="second_factor_new_codes"),
    path("konto/tvastegsverifiering/stang-av/", second_factor_views.turn_off, name="second_factor_turn_off"),
]
