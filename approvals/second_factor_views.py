"""The pages of the second factor under /konto/tvastegsverifiering/: set it up, type a code after
the password, see new recovery codes once, make new ones, turn it off. The work is done in
approvals/second_factor.py; these views only read forms and choose the page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals import second_factor as sf
from approvals.forms import OneTimeCodeForm, RecoveryCodeForm

ISSUER = "Medborgarlöften"


def _next(request) -> str:
    """Where to go afterwards: `next` when it is a page of this site, else where sign-in leads."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, request) -> str:
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'next': _next(request)})}"


@login_required
def setup(request):
    """Whether the second factor is on; while it is off, the app to set up and its first code."""
    user = request.user
    context = {"required": sf.is_required_for(user), "next": _next(request)}
    if sf.has_second_factor(user):
        if request.method == "POST":
            return redirect("second_factor")
        recovery = sf.recovery_device(user)
        context["recovery_codes_left"] = recovery.token_set.count() if recovery else 0
        return render(request, "approvals/second_factor/status.html", context)
    device = sf.pending_app_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = sf.confirm_app(request=request, device=device, code=form.cleaned_data["code"])
        except sf.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            sf.stash_fresh_codes(request, codes)
            messages.success(request, _("Two-step verification is on."))
            return redirect(_with_next(reverse("second_factor_recovery_codes"), request))
    context.update(
        form=form,
        qr_code=sf.qr_code_svg(device, label=_("QR code for setting up Medborgarlöften in an authenticator app")),
        secret=sf.secret_in_groups(device),
        issuer=ISSUER,
        account=user.get_username(),
        digits=device.digits,
        period=device.step,
    )
    return render(request, "approvals/second_factor/setup.html", context)


@login_required
def verify(request):
    """After the password: the code from the app, or a recovery code."""
    user = request.user
    if not sf.has_second_factor(user):
        return redirect(_with_next(reverse("second_factor"), request) if sf.is_required_for(user) else _next(request))
    if user.is_verified():
        return redirect(_next(request))
    posted_recovery = request.method == "POST" and "recovery_code" in request.POST
    code_form = OneTimeCodeForm(request.POST if request.method == "POST" and not posted_recovery else None)
    recovery_form = RecoveryCodeForm(request.POST if posted_recovery else None)
    form = recovery_form if posted_recovery else code_form
    if request.method == "POST" and form.is_valid():
        field = "recovery_code" if posted_recovery else "code"
        try:
            sf.verify(request=request, code=form.cleaned_data[field], recovery=posted_recovery)
        except sf.SecondFactorError as error:
            form.add_error(field, str(error))
        else:
            if posted_recovery:
                left = sf.recovery_device(user).token_set.count()
                messages.warning(request, _("You used a recovery code; %(left)s remain. Make new ones when few are left.") % {"left": left})
            return redirect(_next(request))
    context = {"code_form": code_form, "recovery_form": recovery_form, "posted_recovery": posted_recovery, "next": _next(request)}
    return render(request, "approvals/second_factor/verify.html", context)


@login_required
def recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = sf.take_fresh_codes(request)
    if not codes:
        messages.info(request, _("Recovery codes are shown only once, when they are made. Make new ones if you have lost them."))
        return redirect("second_factor")
    return render(request, "approvals/second_factor/recovery_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
@login_required
def new_recovery_codes(request):
    try:
        codes = sf.renew_recovery_codes(request=request)
    except sf.SecondFactorError as error:
        messages.error(request, str(error))
        return redirect("second_factor")
    sf.stash_fresh_codes(request, codes)
    messages.success(request, _("New recovery codes are made; the old ones no longer work."))
    return redirect("second_factor_recovery_codes")


@require_POST
@login_required
def turn_off(request):
    try:
        sf.turn_off(request=request)
    except sf.SecondFactorError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Two-step verification is off. You sign in with your password alone."))
    return redirect("second_factor")
