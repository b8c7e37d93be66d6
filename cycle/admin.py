from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from approvals.admin import ReviewActionsMixin, ScopedAdminMixin, ScopedInlineMixin, TransitionInline
from cycle.models import ActionPlan, Dialogue, DialogueTheme, Measure, Problem, PublicSummary, SituationPicture, Source


class SourceInline(ScopedInlineMixin, admin.TabularInline):
    model = Source
    extra = 0


class ProblemInline(ScopedInlineMixin, admin.StackedInline):
    model = Problem
    extra = 0
    filter_horizontal = []


@admin.register(SituationPicture)
class SituationPictureAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "as_of", "drawn_up_by"]
    list_filter = ["drawn_up_by"]
    search_fields = ["title", "municipality__name"]
    list_select_related = ["municipality"]
    inlines = [SourceInline, ProblemInline]


@admin.register(PublicSummary)
class PublicSummaryAdmin(ReviewActionsMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "workflow_state"]
    list_filter = ["workflow_state"]
    list_select_related = ["situation_picture__municipality"]
    readonly_fields = ["workflow_state", "submitted_by"]
    inlines = [TransitionInline]


class MeasureInline(ScopedInlineMixin, admin.StackedInline):
    model = Measure
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "decided_on", "decided_by", "valid_from", "valid_until"]
    search_fields = ["title", "municipality__name", "reference"]
    list_select_related = ["municipality"]
    inlines = [MeasureInline]


class DialogueThemeInline(ScopedInlineMixin, admin.StackedInline):
    model = DialogueTheme
    extra = 0


@admin.register(Dialogue)
class DialogueAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "kind", "held_on", "participants"]
    list_filter = ["kind"]
    search_fields = ["title", "municipality__name", "place"]
    list_select_related = ["municipality"]
    inlines = [DialogueThemeInline]
