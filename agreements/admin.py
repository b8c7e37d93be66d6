from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from agreements.contacts import PartyContact
from agreements.models import Agreement, AgreementState, Municipality, PoliceArea, Signatory
from agreements.resources import MunicipalityResource, PoliceAreaResource
from agreements.user_admin import ChiefInline, CoordinatorInline
from approvals.admin import (
    ReviewActionsMixin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    TransitionInline,
)


class AdministratorsImportExportMixin(ImportExportMixin):
    """Spreadsheet import and export of reference data, for administrators only."""

    def has_import_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.is_active and request.user.is_superuser


@admin.register(PoliceArea)
class PoliceAreaAdmin(AdministratorsImportExportMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    resource_classes = [PoliceAreaResource]
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "region"]
    inlines = [ChiefInline]


@admin.register(Municipality)
class MunicipalityAdmin(AdministratorsImportExportMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ["name", "code", "county", "police_area", "slug"]
    list_filter = ["county", "police_area"]
    search_fields = ["name", "short_name", "code", "slug"]
    list_select_related = ["police_area"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [CoordinatorInline]


class SignatoryInline(ScopedInlineMixin, admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["order", "name", "title", "party", "organisation", "signed_on"]


class PartyContactInline(ScopedInlineMixin, admin.TabularInline):
    model = PartyContact
    extra = 0
    fields = ["party", "mailbox", "phone", "web_page"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "web_page":
            kwargs["assume_scheme"] = "https"  # as the coordinator's form does
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class StateTodayFilter(admin.SimpleListFilter):
    title = _("state today")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(AgreementState.IN_FORCE, _("In force or extended")), ("not_in_force", _("Not in force"))]

    def queryset(self, request, queryset):
        in_force = Agreement.objects.published().in_force_on(timezone.localdate()).values("pk")
        if self.value() == AgreementState.IN_FORCE:
            return queryset.filter(pk__in=in_force)
        if self.value() == "not_in_force":
            return queryset.exclude(pk__in=in_force)
        return queryset


@admin.register(Agreement)
class AgreementAdmin(ReviewActionsMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "municipality",
        "police_area",
        "starts_on",
        "ends_on",
        "state_today",
        "workflow_state",
    ]
    list_filter = ["workflow_state", StateTodayFilter, "cadence", "extends_automatically", "police_area"]
    search_fields = ["title", "municipality__name", "police_area__name"]
    list_select_related = ["municipality", "police_area"]
    date_hierarchy = "starts_on"
    readonly_fields = ["workflow_state", "submitted_by"]
    inlines = [SignatoryInline, PartyContactInline, TransitionInline]
    fieldsets = [
        (None, {"fields": ["municipality", "police_area", "title", "other_partners", "workflow_state", "submitted_by"]}),
        (_("Period"), {"fields": ["starts_on", "ends_on", "extends_automatically", "signed_on", "cadence", "reports_from"]}),
        (_("Text"), {"fields": ["purpose", "collaboration_model", "follow_up", "remarks"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_successor_start()

    @admin.display(description=_("state today"))
    def state_today(self, agreement):
        if not agreement.is_published:
            return "–"
        return AgreementState(agreement.state_on(successor_start=agreement.successor_starts_on)).label


@admin.register(Signatory)
class SignatoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    content_parents = {"agreement": "workflow_state"}
    list_display = ["name", "title", "organisation", "agreement", "signed_on"]
    list_filter = ["party"]
    search_fields = ["name", "title", "organisation", "agreement__title"]
    list_select_related = ["agreement"]
