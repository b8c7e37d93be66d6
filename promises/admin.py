from django.contrib import admin, messages
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from approvals import scope
from approvals.admin import ReviewActionsMixin, ScopedAdminMixin, ScopedInlineMixin, TransitionInline
from promises.models import Activity, FocusArea, Promise, PromiseExtension, PromiseSignatory


class NationalOrLocalFilter(admin.SimpleListFilter):
    title = _("catalogue")
    parameter_name = "catalogue"

    def lookups(self, request, model_admin):
        return [("national", _("National")), ("local", _("Local"))]

    def queryset(self, request, queryset):
        if self.value() == "national":
            return queryset.filter(municipality__isnull=True)
        if self.value() == "local":
            return queryset.filter(municipality__isnull=False)
        return queryset


@admin.register(FocusArea)
class FocusAreaAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "national_area", "promise_count"]
    list_filter = [NationalOrLocalFilter, "municipality"]
    search_fields = ["name", "slug", "description"]
    list_select_related = ["municipality", "national_area"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # The national catalogue is everyone's; local areas follow the municipality's scope.
        everything = super(ScopedAdminMixin, self).get_queryset(request)
        visible = everything.filter(Q(municipality__isnull=True) | Q(pk__in=scope.visible_to(everything, request.user).values("pk")))
        return visible.annotate(promise_total=Count("promises", distinct=True))

    @admin.display(description=_("promises"), ordering="promise_total")
    def promise_count(self, area):
        return area.promise_total

    def delete_view(self, request, object_id, extra_context=None):
        # A focus area named by a promise past draft stays: the promise's content is a record.
        area = self.get_object(request, object_id)
        if area is not None:
            try:
                area.check_deletable()
            except ProtectedError as refused:
                self.message_user(request, refused.args[0], messages.ERROR)
                return redirect(reverse("admin:promises_focusarea_change", args=[area.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *(promise for area in objs for promise in area.frozen_promises())]
        return deleted, counts, perms_needed, protected


class ActivityInline(ScopedInlineMixin, admin.StackedInline):
    model = Activity
    fk_name = "promise"
    extra = 0
    fields = [
        ("order", "status"),
        "description",
        ("focus_area", "responsible", "partner_name"),
        ("place", "timing"),
        ("planned_from", "planned_until"),
        ("target", "target_per_year"),
        "carried_over_from",
    ]
    raw_id_fields = ["carried_over_from"]


class PromiseSignatoryInline(ScopedInlineMixin, admin.TabularInline):
    model = PromiseSignatory
    extra = 0
    fields = ["order", "name", "title", "party", "organisation", "signed_on"]


class PromiseExtensionInline(admin.TabularInline):
    """The promise's extensions by decision, each approved on its own page."""

    model = PromiseExtension
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["extended_until", "decided_on", "decided_by", "reference", "workflow_state"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Promise)
class PromiseAdmin(ReviewActionsMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "municipality_name", "workflow_state", "valid_from", "valid_until", "activity_count"]
    list_filter = ["workflow_state", "agreement__municipality", "focus_areas"]
    search_fields = ["title", "commitment", "agreement__municipality__name"]
    list_select_related = ["agreement__municipality"]
    filter_horizontal = ["focus_areas"]
    readonly_fields = ["workflow_state", "submitted_by", "revision_of"]
    inlines = [ActivityInline, PromiseSignatoryInline, PromiseExtensionInline, TransitionInline]
    fieldsets = [
        (None, {"fields": ["agreement", "title", "commitment", "focus_areas", "workflow_state", "submitted_by", "revision_of"]}),
        (_("Aimed at"), {"fields": ["audience", "audience_detail"]}),
        (_("Period"), {"fields": ["valid_from", "valid_until", "runs_with_agreement", "order"]}),
        (_("Signing"), {"fields": ["signed_on"]}),
        (_("Earlier publication"), {"fields": ["originally_published_on", "originally_published_where"]}),
        (_("Text"), {"fields": ["effect", "background", "sources"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    @admin.display(description=_("municipality"), ordering="agreement__municipality__short_name")
    def municipality_name(self, promise):
        return promise.agreement.municipality.short_name

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, promise):
        return promise.activity_total


@admin.register(PromiseExtension)
class PromiseExtensionAdmin(ReviewActionsMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["promise", "municipality_name", "workflow_state", "extended_until", "decided_on", "decided_by"]
    list_filter = ["workflow_state", "promise__agreement__municipality"]
    search_fields = ["promise__title", "decided_by", "reference", "promise__agreement__municipality__name"]
    list_select_related = ["promise__agreement__municipality"]
    readonly_fields = ["promise", "workflow_state", "submitted_by"]
    inlines = [TransitionInline]
    fields = ["promise", "workflow_state", "submitted_by", "extended_until", "decided_on", "decided_by", "reference", "note"]

    def has_add_permission(self, request):
        # An extension is recorded on the coordinator's pages, where the service checks that the
        # promise is published and has no other extension under way.
        return False

    @admin.display(description=_("municipality"), ordering="promise__agreement__municipality__short_name")
    def municipality_name(self, extension):
        return extension.promise.agreement.municipality.short_name


@admin.register(Activity)
class ActivityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    content_parents = {"promise": "workflow_state"}
    list_display = ["description", "promise", "focus_area", "responsible", "status"]
    list_filter = ["status", "responsible", "promise__agreement__municipality", "focus_area"]
    search_fields = ["description", "place", "partner_name", "promise__title"]
    list_select_related = ["promise", "focus_area"]
    raw_id_fields = ["carried_over_from"]
