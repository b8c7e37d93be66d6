"""The second factor: a one-time code from an app (TOTP) after the password, with recovery codes.

Built on django-otp: a confirmed `TOTPDevice` is the app, a `StaticDevice` holds the single-use
recovery codes, and django-otp's `OTPMiddleware` tells whether this session has been verified
with one of them (`request.user.is_verified()`).

Who needs one (`is_required_for`): everyone who can enter the admin (administrators, police area
chiefs, other staff), while SECOND_FACTOR_REQUIRED is on. Anyone who has turned one on (a
coordinator may) is always asked for it, whatever the setting. `SecondFactorMiddleware` keeps a
signed-in user who still has to verify, or still has to set one up, away from everything else.
"""

from __future__ import annotations

import logging
import math
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from approvals.admin_site import may_enter_admin
from approvals.errors import DomainError
from approvals.security_log import log_event

RECOVERY_CODE_COUNT = 10
# The names the devices get: one app and one set of recovery codes per user.
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery codes"
# Where recovery codes wait in the session between being made and being shown, once.
FRESH_CODES_SESSION_KEY = "_second_factor_fresh_codes"


class SecondFactorError(DomainError):
    """A second-factor step that cannot be taken, with a message for the user."""


def is_required_for(user) -> bool:
    """Whether the user's role demands a second factor: anyone who can enter the admin."""
    return bool(settings.SECOND_FACTOR_REQUIRED and user.is_authenticated and may_enter_admin(user))


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_second_factor(user) -> bool:
    """Turned on: the user has a confirmed authenticator app (recovery codes come with it)."""
    return user.is_authenticated and app_device(user) is not None


def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed app being set up: the same one until it is confirmed, so that a code scanned
    once keeps working when the page is reloaded."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed (base32), in groups of four for the eye."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, label: str) -> str:
    """The otpauth address as an inline SVG QR code (no styles, so the CSP allows it), named for
    screen readers by `label`."""
    import segno
    from django.utils.html import escape

    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="second-factor__qr", lineclass=None
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def wait_seconds(device) -> int:
    """How long django-otp's throttling still refuses codes for `device` (0: not throttled)."""
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def normalised_recovery_code(value: str) -> str:
    """Recovery codes as typed: case, spaces and hyphens do not matter."""
    return "".join(value.split()).replace("-", "").lower()


def _throttled(seconds: int) -> SecondFactorError:
    return SecondFactorError(
        ngettext(
            "Too many wrong codes. Wait %(seconds)s second and try again.",
            "Too many wrong codes. Wait %(seconds)s seconds and try again.",
            seconds,
        )
        % {"seconds": seconds}
    )


def verify(*, request, code: str, recovery: bool) -> None:
    """Check a code from the app (or a recovery code) for the signed-in user; on success this
    session is verified under a new session key. Every attempt is logged."""
    user = request.user
    device = recovery_device(user) if recovery else app_device(user)
    method = "recovery_code" if recovery else "app"
    if device is None:
        raise SecondFactorError(_("You have no recovery codes.") if recovery else _("Two-step verification is not turned on."))
    seconds = wait_seconds(device)
    if seconds:
        log_event("second_factor_failed", request=request, username=user.get_username(), method=method, reason="throttled")
        raise _throttled(seconds)
    token = normalised_recovery_code(code) if recovery else code.strip()
    if verify_token(user, device.persistent_id, token) is None:
        log_event("second_factor_failed", request=request, username=user.get_username(), method=method, reason="wrong_code")
        raise SecondFactorError(
            _("That recovery code is wrong or has already been used.")
            if recovery
            else _("The code is wrong or too old. Type the code the app shows now.")
        )
    _mark_verified(request, device)
    log_event("second_factor_verified", level=logging.INFO, request=request, username=user.get_username(), method=method)


def _mark_verified(request, device) -> None:
    from django_otp import login as otp_login

    # A new session key at the change of privilege, as at sign-in (ASVS 3.2.1).
    request.session.cycle_key()
    otp_login(request, device)


def confirm_app(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Turn the second factor on: a correct first code confirms the app being set up, marks this
    session verified and makes recovery codes, which are returned to be shown once."""
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise SecondFactorError(_("This set-up has already been finished or is not yours. Start again."))
    seconds = wait_seconds(device)
    if seconds:
        raise _throttled(seconds)
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        # A wrong code counts towards throttling, so the transaction must commit it, not raise.
        right = locked.verify_token(code.strip())
        if right:
            codes = _confirm(user, locked)
    if not right:
        log_event("second_factor_failed", request=request, username=user.get_username(), method="setup", reason="wrong_code")
        raise SecondFactorError(_("The code is wrong or too old. Type the code the app shows now."))
    _mark_verified(request, locked)
    log_event("second_factor_enabled", level=logging.INFO, request=request, username=user.get_username())
    return codes


def _confirm(user, locked: TOTPDevice) -> list[str]:
    # Any earlier app (or half-finished set-up) gives way to this one.
    TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    return _new_recovery_codes(user)


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def renew_recovery_codes(*, request) -> list[str]:
    """New recovery codes for the signed-in user; the old ones stop working."""
    user = request.user
    if not has_second_factor(user):
        raise SecondFactorError(_("Two-step verification is not turned on."))
    with transaction.atomic():
        codes = _new_recovery_codes(user)
    log_event("recovery_codes_renewed", level=logging.INFO, request=request, username=user.get_username())
    return codes


def turn_off(*, request) -> None:
    """The user turns their own second factor off, where their role does not require it."""
    user = request.user
    if not has_second_factor(user):
        raise SecondFactorError(_("Two-step verification is not turned on."))
    if is_required_for(user):
        raise SecondFactorError(_("Two-step verification cannot be turned off: it is required for administrators and police area chiefs."))
    _remove_devices(user)
    log_event("second_factor_disabled", level=logging.INFO, request=request, username=user.get_username())


def remove_for(*, user, by, request=None) -> None:
    """An administrator removes a user's second factor (a lost phone); the user sets it up anew."""
    _remove_devices(user)
    log_event("second_factor_removed", request=request, username=user.get_username(), by=by.get_username())


def _remove_devices(user) -> None:
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()


def stash_fresh_codes(request, codes: list[str]) -> None:
    request.session[FRESH_CODES_SESSION_KEY] = codes


def take_fresh_codes(request) -> list[str]:
    """The recovery codes just made, once: a reload does not show them again."""
    return request.session.pop(FRESH_CODES_SESSION_KEY, None) or []


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """A signed-in user who must still type a code (they have a second factor, or their role
    requires one) reaches only the code page, the set-up page (until they have one), sign-out and
    static files; everything else sends them there, keeping where they were going in `next`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            response = self._gate(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _gate(self, request):
        path = request.path
        # Static files (WhiteNoise answers most before this), signing out, the language.
        if path.startswith(settings.STATIC_URL) or path in {reverse("logout"), reverse("admin:logout"), reverse("set_language")}:
            return None
        if has_second_factor(request.user):
            verify_url = reverse("second_factor_verify")
            return None if path == verify_url else redirect(_with_next(verify_url, request))
        if is_required_for(request.user):
            setup_url = reverse("second_factor")
            return None if path == setup_url else redirect(_with_next(setup_url, request))
        return None
