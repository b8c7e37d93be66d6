"""The second factor in the admin: administrators alone see users' devices and can remove them
(a lost phone); nobody sees a secret key or a recovery code there, and nobody adds or edits a
device there: each user sets up their own in the browser (approvals/second_factor_views.py)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# django-otp's own registrations first, so that they can be replaced here whatever the app order.
from django_otp.plugins.otp_static import admin as static_admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from approvals import scope, second_factor
from approvals.security_log import log_event


class AdministratorsOnlyDeviceMixin:
    """Only administrators see devices; they may look and delete, never add or change."""

    def has_module_permission(self, request):
        return scope.is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return scope.is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return scope.is_administrator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_list_display(self, request):
        # Without django-otp's QR code column, which would lead to the key.
        return [name for name in super().get_list_display(request) if name != "qrcode_link"]

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        log_event("second_factor_removed", request=request, username=obj.user.get_username(), by=request.user.get_username())

    def delete_queryset(self, request, queryset):
        usernames = sorted({device.user.get_username() for device in queryset.select_related("user")})
        super().delete_queryset(request, queryset)
        for username in usernames:
            log_event("second_factor_removed", request=request, username=username, by=request.user.get_username())


class TOTPDeviceAdmin(AdministratorsOnlyDeviceMixin, totp_admin.TOTPDeviceAdmin):
    def get_urls(self):
        # Not django-otp's pages that show the key and its QR code.
        return admin.ModelAdmin.get_urls(self)


class StaticDeviceAdmin(AdministratorsOnlyDeviceMixin, static_admin.StaticDeviceAdmin):
    inlines = []


for model, model_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.action(description=_("Remove two-step verification (e.g. a lost phone)"), permissions=["remove_second_factor"])
def remove_second_factor(model_admin, request, queryset):
    """The selected users sign in with their password next time and, where their role requires it,
    set up two-step verification again."""
    users = list(queryset)
    for user in users:
        second_factor.remove_for(user=user, by=request.user, request=request)
    model_admin.message_user(
        request,
        ngettext(
            "Two-step verification removed for %(count)d user.",
            "Two-step verification removed for %(count)d users.",
            len(users),
        )
        % {"count": len(users)},
        messages.SUCCESS,
    )
