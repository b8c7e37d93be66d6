"""The åtgärdsplan's pages under /hantera/atgardsplan/: the municipality's plans, one plan with its
decision and measures (read by its coordinators and its police area's chiefs), and the coordinator's
forms for plans and measures."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.working_on import municipality_for
from approvals.views import coordinator_required, edit_page, posted
from cycle import plan_services as services
from cycle.access import can_edit, editable, municipality_for_reader, readable, reader_required
from cycle.models import ActionPlan, Measure, Problem
from cycle.plan_forms import ActionPlanForm, MeasureForm
from cycle.services import CycleError


def _plans_url(municipality) -> str:
    return f"{reverse('cycle:action_plans')}?kommun={municipality.slug}"


@reader_required
def action_plans(request):
    """The municipality's plans, newest first, each with whether it is decided and applies today."""
    municipality = municipality_for_reader(request)
    plans = (
        ActionPlan.objects.filter(municipality=municipality)
        .select_related("situation_picture")
        .annotate(measure_count=Count("measures"), joint_count=Count("measures", filter=Q(measures__promise__isnull=False)))
        .order_by("-valid_from", "-pk")
    )
    today = timezone.localdate()
    context = {
        "municipality": municipality,
        "rows": [{"plan": plan, "applies": plan.applies_on(today)} for plan in plans],
        "can_edit": can_edit(request, municipality),
        "today": today,
    }
    return render(request, "cycle/plan/plan_list.html", context)


@reader_required
def action_plan(request, pk):
    """One plan: its decision, period, the lägesbild it is based on, and its measures with the
    problems they address and the citizen promise each is, if it is one."""
    plan = readable(ActionPlan.objects.select_related("municipality", "situation_picture"), request, pk=pk)
    measures = plan.measures.select_related("promise").prefetch_related(
        Prefetch("problems", queryset=Problem.objects.select_related("situation_picture").order_by("priority", "pk"))
    )
    context = {
        "plan": plan,
        "measures": measures,
        "can_edit": can_edit(request, plan),
        "applies": plan.applies_on(timezone.localdate()),
    }
    return render(request, "cycle/plan/plan_detail.html", context)


@coordinator_required
def action_plan_new(request):
    municipality = municipality_for(request)
    latest = services.pictures_of(municipality).first()
    form = ActionPlanForm(posted(request), municipality=municipality, initial={"situation_picture": latest})

    def save(form):
        return services.plan_create(municipality=municipality, by=request.user, **form.changes()).get_manage_url()

    context = {
        "title": _("New action plan for %(name)s") % {"name": municipality.name},
        "intro": _("Leave the decision empty while the plan is not yet decided; the public page shows only a decided plan."),
        "kommun": municipality.slug,
        "cancel_url": _plans_url(municipality),
        "submit_label": _("Create the plan"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The action plan was created."))


@coordinator_required
def action_plan_edit(request, pk):
    plan = editable(ActionPlan.objects.select_related("municipality"), request, pk=pk)
    form = ActionPlanForm(posted(request), instance=plan, municipality=plan.municipality)

    def save(form):
        services.plan_update(plan=plan, by=request.user, **form.changes())
        return plan.get_manage_url()

    context = {"title": _("Edit the action plan"), "parent": plan, "cancel_url": plan.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The action plan was saved."))


@coordinator_required
def measure_new(request, pk):
    plan = editable(ActionPlan.objects.select_related("municipality"), request, pk=pk)
    form = MeasureForm(posted(request), instance=Measure(action_plan=plan), municipality=plan.municipality)

    def save(form):
        services.measure_add(plan=plan, by=request.user, **form.changes())
        return plan.get_manage_url()

    context = {"title": _("Add a measure"), "parent": plan, "cancel_url": plan.get_manage_url(), "submit_label": _("Add")}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The measure was added."))


@coordinator_required
def measure_edit(request, pk):
    measure = editable(Measure.objects.select_related("action_plan__municipality"), request, pk=pk)
    plan = measure.action_plan
    form = MeasureForm(posted(request), instance=measure, municipality=plan.municipality)

    def save(form):
        services.measure_update(measure=measure, by=request.user, **form.changes())
        return f"{plan.get_manage_url()}#measure-{measure.pk}"

    context = {"title": _("Edit the measure"), "parent": plan, "cancel_url": plan.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The measure was saved."))


@coordinator_required
@require_POST
def measure_delete(request, pk):
    measure = editable(Measure.objects.select_related("action_plan"), request, pk=pk)
    plan = measure.action_plan
    try:
        services.measure_delete(measure=measure, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The measure was removed."))
    return redirect(plan.get_manage_url())
