from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from approvals.admin import ReviewActionsMixin, ScopedAdminMixin, ScopedInlineMixin, TransitionInline
from followup.models import ActivityUpdate, FollowUpReport, Indicator, Measurement, ReportSection


class ReportSectionInline(ScopedInlineMixin, admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = ["promise", "text", "order"]
    raw_id_fields = ["promise"]


@admin.register(FollowUpReport)
class FollowUpReportAdmin(ReviewActionsMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "version_number", "workflow_state", "published_at"]
    list_filter = ["workflow_state", "period_year", "period_tertial", "agreement__municipality"]
    search_fields = ["agreement__municipality__name", "summary"]
    list_select_related = ["agreement__municipality"]
    readonly_fields = ["workflow_state", "submitted_by", "version_number", "published_at", "public_links"]
    fields = [
        "agreement",
        "period_year",
        "period_tertial",
        "summary",
        "changes_note",
        "originally_published_on",
        "originally_published_where",
        *readonly_fields,
    ]
    inlines = [ReportSectionInline, TransitionInline]

    @admin.display(description=_("public page"))
    def public_links(self, report):
        from django.utils.html import format_html

        if report.workflow_state != "published":
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">PDF</a>', report.get_version_url(), _("web page"), report.get_version_url(pdf=True)
        )


@admin.register(ActivityUpdate)
class ActivityUpdateAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A report's activity updates; read-only once the report has left draft (a published report is
    a frozen record)."""

    content_parents = {"section": "report__workflow_state"}
    list_display = ["activity", "section", "status"]
    list_filter = ["status"]
    search_fields = ["activity__description", "what_was_done"]
    list_select_related = ["activity", "section__report__agreement__municipality"]
    raw_id_fields = ["activity", "section"]


class MeasurementInline(ScopedInlineMixin, admin.TabularInline):
    model = Measurement
    extra = 1
    fields = ["year", "group", "value"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "unit", "source", "by_gender"]
    list_filter = ["municipality", "by_gender"]
    search_fields = ["name", "source"]
    list_select_related = ["municipality"]
    inlines = [MeasurementInline]
