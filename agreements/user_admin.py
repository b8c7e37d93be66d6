"""Users in the admin, with their roles: coordinator of municipalities, chief of police areas. The
roles are agreements' records (agreements.models.Coordinator, Chief); who may do what with them is
approvals' (approvals/rules.py)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Chief, Coordinator
from approvals import scope
from approvals.second_factor_admin import remove_second_factor

# Users: roles and scope are managed on the user's own admin page.
User = get_user_model()


# Stacked rather than tabular: Django's tabular inline leaves its checkboxes and a header cell
# without a name for screen readers.
class CoordinatorInline(admin.StackedInline):
    """A municipality's coordinators, on its page."""

    model = Coordinator
    extra = 0


class ChiefInline(admin.StackedInline):
    """A police area's chiefs, on its page."""

    model = Chief
    extra = 0


class UserCoordinatorInline(CoordinatorInline):
    """The municipalities a user is coordinator for, on the user's page."""

    verbose_name = _("municipality")
    verbose_name_plural = _("coordinator (samordnare) for municipalities")


class UserChiefInline(ChiefInline):
    """The police areas a user is chief of, on the user's page."""

    verbose_name = _("police area")
    verbose_name_plural = _("chief (lokalpolisområdeschef) of police areas")


admin.site.unregister(User)


@admin.register(User)
class RoleAwareUserAdmin(SimpleHistoryAdmin, UserAdmin):
    """Users with their roles in words on the list, and the roles first on the user's page: the role
    alone gives the access that goes with it (see approvals/admin_site.py)."""

    inlines = [UserCoordinatorInline, UserChiefInline]
    list_display = ["username", "roles", "first_name", "last_name", "email", "is_active", "is_staff"]
    change_form_template = "approvals/admin/user_change_form.html"
    # Roles give the access here; Django's groups and single permissions are seldom needed, so they
    # are folded away, as plain lists (the filtering widget's markup fails axe-core).
    fieldsets = [
        *UserAdmin.fieldsets[:2],
        (UserAdmin.fieldsets[2][0], {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Groups and user permissions (seldom needed)"), {"classes": ["collapse"], "fields": ["groups", "user_permissions"]}),
        UserAdmin.fieldsets[3],
    ]
    filter_horizontal = []
    # When the user joined and last signed in are facts, not something to edit.
    readonly_fields = ["last_login", "date_joined"]
    # A lost phone: the administrator removes the user's second factor (approvals/second_factor_admin.py).
    actions = [remove_second_factor]

    def has_remove_second_factor_permission(self, request):
        return scope.is_administrator(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coordinated_municipalities", "chief_of_areas")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "is_staff":
            # Django's text says it decides who may enter the admin; for chiefs the role does.
            field.help_text = _(
                "Lets the user into the administration without a role. Police area chiefs do not need it: their role lets them in."
            )
        return field

    @admin.display(description=_("roles"))
    def roles(self, user) -> str:
        """Each role in words, e.g. "Coordinator for Vaggeryds kommun; Police area chief for LPO Värnamo"."""
        parts = [str(_("Administrator"))] if user.is_superuser else []
        parts += [
            _("Coordinator for %(municipality)s") % {"municipality": municipality.name}
            for municipality in sorted(user.coordinated_municipalities.all(), key=lambda m: m.name)
        ]
        parts += [
            _("Police area chief for %(police_area)s") % {"police_area": area.name}
            for area in sorted(user.chief_of_areas.all(), key=lambda a: a.name)
        ]
        return "; ".join(parts) or str(_("No role"))
