"""The Django admin as the roles make it: a police area chief enters it by their role alone and
finds what awaits their approval first.

Django's admin admits only users with "Staff status" (`is_staff`), so a chief given the role
without that tick could not approve. Who may enter is instead asked of the rules that decide who
may approve (approvals/rules.py): giving a user the chief role gives the access, and taking the
role away takes it away again. What the chief then sees is scoped by the ModelAdmins as before.

Every app registers its models on Django's default site (`admin.site`), so that site is adapted
in place (`install`) rather than replaced: registrations, `admin:` URL names and
`admin.site.admin_view` keep working unchanged.
"""

from __future__ import annotations

from types import MethodType

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from approvals import scope

# What a chief needs, in the order they need it: the municipalities of their police area, and the
# kinds of record that come to them for approval.
CHIEF_MODELS = [
    ("agreements", "municipality"),
    ("agreements", "agreement"),
    ("promises", "promise"),
    ("promises", "promiseextension"),
    ("followup", "followupreport"),
]


def may_enter_admin(user) -> bool:
    """Active, and either staff as Django has it or someone who may approve (a police area chief,
    an administrator)."""
    return bool(user.is_active and (user.is_staff or user.has_perm("approvals.approve")))


def is_chief_only(user) -> bool:
    """A police area chief who is not an administrator: their admin leads with their own work."""
    return bool(scope.chief_police_area_ids(user)) and not scope.is_administrator(user)


class AdminSignInForm(AdminAuthenticationForm):
    """The admin's own sign-in form, letting in whoever `may_enter_admin` admits."""

    def confirm_login_allowed(self, user):
        # Django's check that the account is active, without the admin form's is_staff check.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_enter_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


def has_permission(site: AdminSite, request) -> bool:
    return may_enter_admin(request.user)


def index(site: AdminSite, request, extra_context=None):
    """The admin index with the count of what awaits the user's approval; a chief's leads with
    that and their police area's records, the other tables folded away below."""
    return AdminSite.index(site, request, {**index_context(site, request), **(extra_context or {})})


def index_context(site: AdminSite, request) -> dict:
    user = request.user
    context = {}
    if user.has_perm("approvals.approve"):
        context["awaiting_count"] = len(scope.awaiting_review_by(user))
    if is_chief_only(user):
        app_list = site.get_app_list(request)
        found = {(app["app_label"], model["object_name"].lower()): model for app in app_list for model in app["models"]}
        pinned = [found[key] for key in CHIEF_MODELS if key in found]
        context["chief_areas"] = list(user.chief_of_areas.order_by("name").values_list("name", flat=True))
        # With how many of each there are in the chief's police area, as their lists show them.
        context["chief_models"] = [
            {**model, "count": site.get_model_admin(model["model"]).get_queryset(request).count()} for model in pinned
        ]
        context["other_apps"] = [
            {**app, "models": rest} for app in app_list if (rest := [model for model in app["models"] if model not in pinned])
        ]
    return context


def install(site: AdminSite) -> None:
    """Make `site` admit and greet users by their roles, as described above."""
    site.has_permission = MethodType(has_permission, site)
    site.index = MethodType(index, site)
    site.login_form = AdminSignInForm
