"""The coordinator's pages for the lägesbild at /hantera/lagesbild/: the cycle's health and the list,
one lägesbild in full, and the forms for it, its sources, its problems and its public summary.

Reading is for the municipality's coordinators and its police area's chiefs (cycle.access);
writing for its coordinators only (a chief gets 403, as on every other write page)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.working_on import municipality_for
from approvals.views import coordinator_required, edit_page, posted, refuse_unless_editable
from cycle import situation_services as services
from cycle.access import can_edit, editable, municipality_for_reader, readable, reader_required
from cycle.health import health
from cycle.models import Problem, PublicSummary, SituationPicture, Source
from cycle.services import CycleError
from cycle.situation_forms import ProblemForm, SituationForm, SourceForm, SummaryForm
from promises.models import Promise


def _list_url(municipality) -> str:
    return f"{reverse('cycle:situations')}?kommun={municipality.slug}"


@reader_required
def situations(request):
    """The cycle's health at the top, then the municipality's lägesbilder, newest first."""
    municipality = municipality_for_reader(request)
    today = timezone.localdate()
    found = health(municipality, today)
    query = f"?kommun={municipality.slug}"
    pictures = (
        SituationPicture.objects.filter(municipality=municipality)
        .annotate(problem_count=Count("problems", distinct=True), source_count=Count("sources", distinct=True))
        .order_by("-as_of", "-pk")
    )
    plan = found.current_plan or found.latest_plan
    context = {
        "municipality": municipality,
        "health": found,
        "pictures": pictures,
        "can_edit": can_edit(request, municipality),
        "plan_url": reverse("cycle:action_plan", args=[plan.pk]) if plan else f"{reverse('cycle:action_plans')}{query}",
        "themes": [(theme, reverse("cycle:dialogue", args=[theme.dialogue_id])) for theme in found.untaken_themes],
        "new_url": f"{reverse('cycle:situation_new')}{query}",
    }
    return render(request, "cycle/situation/list.html", context)


@reader_required
def situation(request, pk):
    """One lägesbild in full: its parts, sources, problems by priority and its public summaries."""
    promises = Promise.objects.filter(revision_of__isnull=True).order_by("order", "pk")
    picture = readable(
        SituationPicture.objects.select_related("municipality").prefetch_related(
            "sources",
            Prefetch(
                "problems", queryset=Problem.objects.order_by("priority", "pk").prefetch_related(Prefetch("promises", queryset=promises))
            ),
            Prefetch("summaries", queryset=PublicSummary.objects.order_by("-pk")),
        ),
        request,
        pk=pk,
    )
    context = {"picture": picture, "municipality": picture.municipality, "can_edit": can_edit(request, picture)}
    return render(request, "cycle/situation/detail.html", context)


@coordinator_required
def situation_new(request):
    municipality = municipality_for(request)
    form = SituationForm(posted(request))

    def save(form):
        return services.situation_create(municipality=municipality, by=request.user, **form.changes()).get_manage_url()

    context = {
        "title": _("New situation picture for %(name)s") % {"name": municipality.name},
        "intro": _("The full situation picture is internal: only the municipality's coordinators and the police area's chiefs read it."),
        "kommun": municipality.slug,
        "cancel_url": _list_url(municipality),
        "submit_label": _("Create the situation picture"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The situation picture was created."))


@coordinator_required
def situation_edit(request, pk):
    picture = editable(SituationPicture.objects.select_related("municipality"), request, pk=pk)
    form = SituationForm(posted(request), instance=picture)

    def save(form):
        services.situation_update(
            situation=SituationPicture.objects.get(pk=pk), by=request.user, expected_version=form.cleaned_data["version"], **form.changes()
        )
        return picture.get_manage_url()

    context = {"title": _("Edit the situation picture"), "parent": picture, "cancel_url": picture.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The situation picture was saved."))


@coordinator_required
def source_new(request, pk):
    picture = editable(SituationPicture.objects.all(), request, pk=pk)
    form = SourceForm(posted(request), instance=Source(situation_picture=picture))

    def save(form):
        services.source_add(situation=picture, by=request.user, **form.cleaned_data)
        return picture.get_manage_url() + "#sources-heading"

    context = {"title": _("Add a source"), "parent": picture, "cancel_url": picture.get_manage_url(), "submit_label": _("Add")}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The source was added."))


@coordinator_required
@require_POST
def source_remove(request, pk):
    source = editable(Source.objects.select_related("situation_picture"), request, pk=pk)
    try:
        services.source_remove(source=source, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The source was removed."))
    return redirect(source.situation_picture.get_manage_url())


@coordinator_required
def problem_new(request, pk):
    picture = editable(SituationPicture.objects.select_related("municipality"), request, pk=pk)
    form = ProblemForm(posted(request), instance=Problem(situation_picture=picture), municipality=picture.municipality)

    def save(form):
        services.problem_add(situation=picture, by=request.user, promises=form.cleaned_data["promises"], **form.changes())
        return picture.get_manage_url() + "#problems-heading"

    context = {"title": _("Add a prioritised problem"), "parent": picture, "cancel_url": picture.get_manage_url(), "submit_label": _("Add")}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The problem was added."))


@coordinator_required
def problem_edit(request, pk):
    problem = editable(Problem.objects.select_related("situation_picture__municipality"), request, pk=pk)
    picture = problem.situation_picture
    form = ProblemForm(posted(request), instance=problem, municipality=picture.municipality)

    def save(form):
        services.problem_update(
            problem=Problem.objects.select_related("situation_picture").get(pk=pk),
            by=request.user,
            promises=form.cleaned_data["promises"],
            **form.changes(),
        )
        return picture.get_manage_url() + "#problems-heading"

    context = {"title": _("Edit the problem"), "parent": picture, "cancel_url": picture.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The problem was saved."))


@coordinator_required
def summary_new(request, pk):
    picture = editable(SituationPicture.objects.all(), request, pk=pk)
    form = SummaryForm(posted(request), instance=PublicSummary(situation_picture=picture))

    def save(form):
        return services.summary_create(situation=picture, by=request.user, text=form.cleaned_data["text"]).get_manage_url()

    context = {
        "title": _("New public summary"),
        "intro": _(
            "What residents may read of the situation picture. Nothing in it may be secret: the police area's chief approves it, "
            "and once published it is public as written."
        ),
        "parent": picture,
        "cancel_url": picture.get_manage_url(),
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft summary was created."))


@coordinator_required
def summary_edit(request, pk):
    summary = editable(PublicSummary.objects.select_related("situation_picture__municipality"), request, pk=pk)
    if refused := refuse_unless_editable(request, summary):
        return refused
    form = SummaryForm(posted(request), instance=summary)

    def save(form):
        services.summary_update(
            summary=PublicSummary.objects.get(pk=pk),
            by=request.user,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
        )
        return summary.get_manage_url()

    context = {"title": _("Edit the public summary"), "parent": summary, "cancel_url": summary.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The summary was saved."))
