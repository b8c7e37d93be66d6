"""Admin building blocks for scoped, reviewable records, the chiefs' approval page, and users' roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from approvals import scope, steps
from approvals.admin_site import install
from approvals.models import Action, Reviewable, ReviewState, Transition
from approvals.services import BulkRefused, run_bulk

# A police area chief enters the admin by their role, with no "Staff status" needed.
install(admin.site)


# Shown when a posted choice is not among those offered (a forged or outdated form).
UNUSABLE_CHOICE = _(
    "Choose one of the listed options. Only records of the municipalities you coordinate are listed, and to add "
    "content to, only drafts: approved and published content is not changed in place, not even by an administrator."
)


def usable_choices(queryset, user, *, draft_state: str | None = None):
    """What `user` may pick in a form: records of the municipalities they coordinate (everything for
    an administrator) and the national catalogue; with `draft_state` (the lookup from the choice to
    the workflow state of the record that takes the content) only drafts."""
    if draft_state:
        queryset = queryset.filter(**{draft_state: ReviewState.DRAFT})
    model = queryset.model
    paths = getattr(model, "scope_paths", None)
    if paths is None or scope.is_administrator(user):
        return queryset
    lookup = "pk" if paths.municipality == "self" else paths.municipality
    usable = Q(**{f"{lookup}__in": scope.coordinated_municipality_ids(user)})
    if "__" not in lookup and lookup != "pk" and model._meta.get_field(lookup).null:
        usable |= Q(**{f"{lookup}__isnull": True})  # the national catalogue is everyone's
    # Through a subquery: a path over a to-many relation would repeat rows.
    return queryset.filter(pk__in=model.objects.filter(usable).values("pk"))


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices list only what the user may use (`usable_choices`), so
    the admin neither shows other municipalities' titles nor accepts them when posted.

    `content_parents` names the fields pointing at the record whose content this is, each with the
    lookup to that record's workflow state: only drafts take content."""

    content_parents: dict[str, str] = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._limited(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._limited(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)

    def _limited(self, field, db_field, request):
        if field is None or not hasattr(field, "queryset"):
            return field
        field.queryset = usable_choices(field.queryset, request.user, draft_state=self.content_parents.get(db_field.name))
        field.error_messages = {**field.error_messages, "invalid_choice": UNUSABLE_CHOICE}
        return field


class ScopedAdminMixin(ScopedChoicesMixin, ObjectPermissionsModelAdminMixin):
    """Lists and pages show only the records in the user's scope (all of them for administrators);
    permissions are asked per object of approvals/rules.py; only drafts can be changed, and forms
    offer only what the user may use."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            reviewed = self._reviewable(obj) if obj is not None else None
            if reviewed is not None and reviewed.workflow_state in (ReviewState.APPROVED, ReviewState.PUBLISHED):
                self.message_user(
                    request,
                    _("“%(item)s” is %(state)s: a record that is not changed in place, not even by an administrator.")
                    % {"item": reviewed, "state": reviewed.get_workflow_state_display().lower()},
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

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


class ScopedInlineMixin(ScopedChoicesMixin):
    """An inline's rows are editable only while their parent record is a draft and in the user's
    scope; their choices list only what the user may use."""

    def _parent_editable(self, request, obj, action: str) -> bool:
        if obj is None:
            return True
        # Django asks an inline's permissions without its parent; the rules are asked about it.
        in_scope = getattr(obj, "scope_paths", None) is None or request.user.has_perm(
            f"{self.opts.app_label}.{action}_{self.opts.model_name}", obj
        )
        return in_scope and (not isinstance(obj, Reviewable) or obj.is_editable)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj, "add")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj, "delete")


class TransitionInline(GenericTabularInline):
    """The item's workflow record on its admin page: who moved it, when, and why."""

    model = Transition
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("workflow record")

    @admin.display(description=_("by"))
    def actor(self, step):
        """Who took the step; the name recorded with it stays when the user is removed."""
        return step.by or step.by_name or "–"

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
