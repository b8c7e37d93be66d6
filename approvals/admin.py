"""Admin building blocks for scoped, reviewable records, the chiefs' approval page, and users' roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from agreements.models import Chief, Coordinator
from approvals import scope, steps
from approvals.models import Action, Reviewable, Transition
from approvals.services import BulkRefused, run_bulk


class ScopedAdminMixin(ObjectPermissionsModelAdminMixin):
    """Lists and pages show only the records in the user's scope (all of them for administrators);
    permissions are asked per object of approvals/rules.py; only drafts can be changed."""

    def get_queryset(self, request):
        return scope.visible_to(super().get_queryset(request), request.user)

    def history_view(self, request, object_id, extra_context=None):
        # Out of scope is "not found", as on the change page: existence must not leak.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def has_module_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.view_{self.opts.model_name}")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)

    def _editable(self, obj) -> bool:
        """Approved and published content is not edited in place, not even by an administrator."""
        reviewed = self._reviewable(obj)
        return reviewed is None or reviewed.is_editable

    def _reviewable(self, obj) -> Reviewable | None:
        if isinstance(obj, Reviewable):
            return obj
        parent = getattr(obj, "review_parent", None)
        return parent() if callable(parent) else None


class ScopedInlineMixin:
    """An inline's rows are editable only while their parent record is a draft."""

    @staticmethod
    def _parent_editable(obj) -> bool:
        return obj is None or not isinstance(obj, Reviewable) or obj.is_editable

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(obj)


class TransitionInline(GenericTabularInline):
    """The item's workflow record on its admin page: who moved it, when, and why."""

    model = Transition
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "by", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("workflow record")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the coordinator"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what needs to change. The coordinator sees the comment and gets it by e-mail."),
        error_messages={"required": _("Write a comment that says what needs to change before you return it.")},
    )


def run_on_each(request, model_admin, queryset, *, action: str, comment: str = ""):
    """Take a workflow step on every selected item, each recorded as its own step, or on none of
    them; when some are refused, say which and why."""
    items = list(queryset.select_related(*steps.related_paths(queryset.model)))
    try:
        done = run_bulk(items=items, action=action, by=request.user, comment=comment)
    except BulkRefused as refused:
        model_admin.message_user(request, str(refused), messages.ERROR)
        for refusal in refused.refusals:
            model_admin.message_user(request, f"{refusal.item}: {refusal.message}", messages.ERROR)
        return
    model_admin.message_user(
        request,
        ngettext("%(count)d item: %(action)s.", "%(count)d items: %(action)s.", len(done))
        % {"count": len(done), "action": Action(action).label.lower()},
        messages.SUCCESS,
    )


class ReviewActionsMixin:
    """Approve and return as admin actions; returning asks for the comment on a page of its own."""

    actions = ["approve_selected", "return_selected"]

    def has_review_permission(self, request):
        return request.user.has_perm("approvals.approve")

    @admin.action(description=_("Approve the selected items"), permissions=["review"])
    def approve_selected(self, request, queryset):
        run_on_each(request, self, queryset, action=Action.APPROVE)

    @admin.action(description=_("Return the selected items with a comment"), permissions=["review"])
    def return_selected(self, request, queryset):
        form = ReturnForm(request.POST if "comment" in request.POST else None)
        if form.is_valid():
            run_on_each(request, self, queryset, action=Action.RETURN, comment=form.cleaned_data["comment"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return with a comment"),
            "items": queryset,
            "form": form,
            "opts": self.opts,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "approvals/admin_return.html", context)


# Users: roles and scope are managed on the user's own admin page.
User = get_user_model()


class CoordinatorInline(admin.TabularInline):
    model = Coordinator
    extra = 0
    verbose_name = _("coordinator (samordnare) for")
    verbose_name_plural = _("coordinator (samordnare) for municipalities")


class ChiefInline(admin.TabularInline):
    model = Chief
    extra = 0
    verbose_name = _("chief (lokalpolisområdeschef) of")
    verbose_name_plural = _("chief (lokalpolisområdeschef) of police areas")


admin.site.unregister(User)


@admin.register(User)
class RoleAwareUserAdmin(SimpleHistoryAdmin, UserAdmin):
    inlines = [CoordinatorInline, ChiefInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_superuser", "roles"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coordinated_municipalities", "chief_of_areas")

    @admin.display(description=_("roles"))
    def roles(self, user):
        parts = []
        if user.is_superuser:
            parts.append(str(_("administrator")))
        municipalities = ", ".join(m.short_name for m in user.coordinated_municipalities.all())
        if municipalities:
            parts.append(_("coordinator: %(names)s") % {"names": municipalities})
        areas = ", ".join(a.name for a in user.chief_of_areas.all())
        if areas:
            parts.append(_("chief: %(names)s") % {"names": areas})
        return "; ".join(parts)
