"""The coordinator's pages for citizen dialogues at /hantera/dialoger/: the list, one dialogue with its
themes and what each led to, the forms, and the import from a spreadsheet.

Reading is for the municipality's coordinators and its police area's chiefs (cycle.access);
writing for its coordinators only (a chief gets 403, as on every other write page)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.working_on import municipality_for
from approvals.views import coordinator_required, edit_page, posted
from cycle import dialogue_import
from cycle import dialogue_services as services
from cycle.access import can_edit, editable, municipality_for_reader, readable, reader_required
from cycle.dialogue_forms import DialogueForm, ThemeForm
from cycle.models import Dialogue, DialogueTheme, Problem
from cycle.services import CycleError
from promises.import_views import XLSX, UploadForm, check_upload, write_pending
from promises.models import Promise


def _list_url(municipality) -> str:
    return f"{reverse('cycle:dialogues')}?kommun={municipality.slug}"


@reader_required
def dialogues(request):
    """The municipality's dialogues, surveys, safety walks and tip campaigns, newest first."""
    municipality = municipality_for_reader(request)
    records = (
        Dialogue.objects.filter(municipality=municipality).annotate(theme_count=Count("themes", distinct=True)).order_by("-held_on", "-pk")
    )
    query = f"?kommun={municipality.slug}"
    context = {
        "municipality": municipality,
        "dialogues": records,
        "can_edit": can_edit(request, municipality),
        "new_url": f"{reverse('cycle:dialogue_new')}{query}",
        "import_url": f"{reverse('cycle:dialogue_import')}{query}",
    }
    return render(request, "cycle/dialogue/list.html", context)


@reader_required
def dialogue(request, pk):
    """One dialogue: kind, date, place, participants, and each theme with what was said and the
    problems and promises it led to."""
    record = readable(
        Dialogue.objects.select_related("municipality").prefetch_related(
            Prefetch(
                "themes",
                queryset=DialogueTheme.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("problems", queryset=Problem.objects.select_related("situation_picture").order_by("priority", "pk")),
                    Prefetch("promises", queryset=Promise.objects.order_by("order", "pk")),
                ),
            )
        ),
        request,
        pk=pk,
    )
    context = {
        "dialogue": record,
        "municipality": record.municipality,
        "can_edit": can_edit(request, record),
        "list_url": _list_url(record.municipality),
    }
    return render(request, "cycle/dialogue/detail.html", context)


@coordinator_required
def dialogue_new(request):
    municipality = municipality_for(request)
    form = DialogueForm(posted(request))

    def save(form):
        return services.dialogue_create(municipality=municipality, by=request.user, **form.cleaned_data).get_manage_url()

    context = {
        "title": _("New dialogue for %(name)s") % {"name": municipality.name},
        "intro": _("A citizen dialogue, survey, safety walk or tip campaign. Add what people said, theme by theme, once it is saved."),
        "kommun": municipality.slug,
        "cancel_url": _list_url(municipality),
        "submit_label": _("Save the dialogue"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The dialogue was saved."))


@coordinator_required
def dialogue_edit(request, pk):
    record = editable(Dialogue.objects.select_related("municipality"), request, pk=pk)
    form = DialogueForm(posted(request), instance=record)

    def save(form):
        services.dialogue_update(dialogue=Dialogue.objects.get(pk=pk), by=request.user, **form.cleaned_data)
        return record.get_manage_url()

    context = {"title": _("Edit the dialogue"), "parent": record, "cancel_url": record.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The dialogue was saved."))


@coordinator_required
def theme_new(request, pk):
    record = editable(Dialogue.objects.select_related("municipality"), request, pk=pk)
    form = ThemeForm(posted(request), municipality=record.municipality)

    def save(form):
        services.theme_create(dialogue=record, by=request.user, **form.changes())
        return record.get_manage_url()

    context = {
        "title": _("New theme"),
        "intro": _("What people said on one theme, and the prioritised problems and promises it led to."),
        "parent": record,
        "cancel_url": record.get_manage_url(),
        "submit_label": _("Add"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The theme was added."))


@coordinator_required
def theme_edit(request, pk):
    theme = editable(DialogueTheme.objects.select_related("dialogue__municipality"), request, pk=pk)
    form = ThemeForm(posted(request), instance=theme, municipality=theme.dialogue.municipality)

    def save(form):
        services.theme_update(theme=theme, by=request.user, **form.changes())
        return theme.dialogue.get_manage_url()

    context = {"title": _("Edit the theme"), "parent": theme.dialogue, "cancel_url": theme.dialogue.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The theme was saved."))


@coordinator_required
@require_POST
def theme_remove(request, pk):
    theme = editable(DialogueTheme.objects.select_related("dialogue__municipality"), request, pk=pk)
    try:
        services.theme_remove(theme=theme, by=request.user)
    except CycleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The theme was removed."))
    return redirect(theme.dialogue.get_manage_url())


# Import ----------------------------------------------------------------------------------------


class DialogueUploadForm(UploadForm):
    row_help = _("One theme per row, with the headings of the template in the first row.")


def _import_page(municipality) -> dict:
    query = f"?kommun={municipality.slug}"
    return {
        "title": _("Import dialogues"),
        "heading": _("Import dialogues for %(name)s") % {"name": municipality.name},
        "intro": _(
            "One row per theme; rows with the same date, kind, title and place form one dialogue. The whole file is checked first "
            "and you see what it would do; nothing is saved until every row is right and you confirm."
        ),
        "downloads": [(_("Download the template (.xlsx, with instructions)"), reverse("cycle:dialogue_import_template"))],
        "confirm_url": f"{reverse('cycle:dialogue_import_confirm')}{query}",
        "back_url": _list_url(municipality),
    }


@coordinator_required
def dialogue_import_page(request):
    """Upload a file; it is checked whole and shown as a preview, or with every bad row listed."""
    municipality = municipality_for(request)
    form = DialogueUploadForm(posted(request), request.FILES or None)
    return check_upload(
        request,
        form=form,
        plan=lambda name, data: dialogue_import.plan_import(municipality=municipality, name=name, data=data),
        kind=dialogue_import.KIND,
        municipality=municipality,
        context={"municipality": municipality, "kind": dialogue_import.KIND, **_import_page(municipality)},
        template="cycle/dialogue/import.html",
    )


@coordinator_required
@require_POST
def dialogue_import_confirm(request):
    """Write the previewed file: all of it, or (if it no longer checks out) nothing."""
    municipality = municipality_for(request)
    return write_pending(
        request,
        kind=dialogue_import.KIND,
        municipality=municipality,
        run=lambda name, data, **options: dialogue_import.run_import(municipality=municipality, name=name, data=data, by=request.user),
        back=f"{reverse('cycle:dialogue_import')}?kommun={municipality.slug}",
        done=_list_url(municipality),
        success=lambda counts: _("Imported: %(new)s new dialogues; %(changed)s saved dialogues got new themes.") % counts,
    )


@coordinator_required
def dialogue_import_template(request):
    response = HttpResponse(dialogue_import.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mall-dialoger.xlsx"'
    return response
