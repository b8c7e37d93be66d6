"""The coordinator's spreadsheet pages: import with a preview, export, and the template."""

import base64

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from approvals.views import coordinator_required, municipality_for, posted
from promises import importing

SESSION_KEY = "pending_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy("One activity per row, with the headings of the template in the first row."),
        error_messages={"required": gettext_lazy("Choose a file to import."), "empty": gettext_lazy("The file is empty.")},
    )


def _activities_page(municipality):
    return {
        "title": _("Import activities"),
        "heading": _("Import activities for %(name)s") % {"name": municipality.name},
        "intro": _("Add and change activities from a spreadsheet. The whole file is checked first and you see what it would do; nothing is saved until every row is right and you confirm."),
        "downloads": [
            (_("Download the template (.xlsx, with instructions)"), reverse("promises:import_template")),
            (_("Export the activities (.xlsx)"), f"{reverse('promises:export_xlsx')}?kommun={municipality.slug}"),
            (_("Export the activities (.csv)"), f"{reverse('promises:export_csv')}?kommun={municipality.slug}"),
            (_("Import promises instead"), f"{reverse('promises:import_promises')}?kommun={municipality.slug}"),
        ],
        "confirm_url": f"{reverse('promises:import_confirm')}?kommun={municipality.slug}",
    }


def _promises_page(municipality):
    return {
        "title": _("Import promises"),
        "heading": _("Import promises for %(name)s") % {"name": municipality.name},
        "intro": _("New promises become drafts; drafts can be changed; a published promise is changed through a revision. The whole file is checked first; nothing is saved until every row is right and you confirm."),
        "downloads": [
            (_("Export the promises (.xlsx)"), f"{reverse('promises:export_promises', args=['xlsx'])}?kommun={municipality.slug}"),
            (_("Export the promises (.csv)"), f"{reverse('promises:export_promises', args=['csv'])}?kommun={municipality.slug}"),
            (_("Import activities instead"), f"{reverse('promises:import')}?kommun={municipality.slug}"),
        ],
        "confirm_url": f"{reverse('promises:import_promises_confirm')}?kommun={municipality.slug}",
    }


KINDS = {
    "activities": (importing.plan_import, importing.run_import, _activities_page),
    "promises": (importing.plan_promise_import, importing.run_promise_import, _promises_page),
}


def check_upload(request, *, form, plan, session_key: str, pending: dict, context: dict):
    """The upload step every import shares: a valid file is read and checked whole with `plan(name,
    data)`; the page shows the preview or every bad row. A file that checks out waits in the session
    for the confirmation."""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            context["plan"] = checked = plan(upload.name, data)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["file_name"] = upload.name
            if checked.is_valid:
                request.session[session_key] = {**pending, "name": upload.name, "data": base64.b64encode(data).decode("ascii")}
    return render(request, "promises/manage/import.html", {**context, "form": form})


def write_pending(request, *, session_key: str, pending: dict, run, back: str, done: str, success):
    """The confirmation step every import shares: check the waiting file again and write it, all of
    it or (if it no longer checks out) nothing. `success(counts)` is the message when it is written."""
    waiting = request.session.pop(session_key, None)
    if not waiting or any(waiting.get(key) != value for key, value in pending.items()):
        messages.error(request, _("There is no checked file to import; upload it again."))
        return redirect(back)
    try:
        plan = run(waiting["name"], base64.b64decode(waiting["data"]))
    except importing.ImportFileError as error:
        messages.error(request, str(error))
        return redirect(back)
    if not plan.is_valid:
        messages.error(request, _("The data changed since the preview and the file no longer checks out; nothing was imported. Upload it again."))
        return redirect(back)
    messages.success(request, success({"new": len(plan.new), "changed": len(plan.changed), "unchanged": len(plan.unchanged)}))
    return redirect(done)


@coordinator_required
def import_page(request, kind="activities"):
    """Upload a file; it is checked whole and shown as a preview, or with every bad row listed."""
    plan_import, _run, page = KINDS[kind]
    municipality = municipality_for(request)
    return check_upload(
        request,
        form=UploadForm(posted(request), request.FILES or None),
        plan=lambda name, data: plan_import(municipality=municipality, name=name, data=data),
        session_key=SESSION_KEY,
        pending={"kind": kind, "municipality": municipality.pk},
        context={"municipality": municipality, "kind": kind, **page(municipality)},
    )


@coordinator_required
@require_POST
def import_confirm(request, kind="activities"):
    """Write the previewed file: all of it, or (if it no longer checks out) nothing."""
    _plan, run_import, _page = KINDS[kind]
    municipality = municipality_for(request)
    if kind == "activities":
        success = lambda counts: _("Imported: %(new)s new and %(changed)s changed activities; %(unchanged)s unchanged.") % counts  # noqa: E731
    else:
        success = lambda counts: _("Imported: %(new)s new and %(changed)s changed promises; %(unchanged)s unchanged.") % counts  # noqa: E731
    return write_pending(
        request,
        session_key=SESSION_KEY,
        pending={"kind": kind, "municipality": municipality.pk},
        run=lambda name, data: run_import(municipality=municipality, name=name, data=data, by=request.user),
        back=f"{reverse('promises:import' if kind == 'activities' else 'promises:import_promises')}?kommun={municipality.slug}",
        done=f"{reverse('approvals:dashboard')}?kommun={municipality.slug}",
        success=success,
    )


@coordinator_required
def export_promises(request, kind):
    municipality = municipality_for(request)
    if kind not in ("csv", "xlsx"):
        raise Http404
    content_type = XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    return _download(importing.export_promises(municipality, kind), content_type, f"loften-{municipality.slug}.{kind}")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
def export_csv(request):
    municipality = municipality_for(request)
    return _download(importing.export_csv(municipality), "text/csv; charset=utf-8", f"aktiviteter-{municipality.slug}.csv")


@coordinator_required
def export_xlsx(request):
    municipality = municipality_for(request)
    return _download(importing.export_xlsx(municipality), XLSX, f"aktiviteter-{municipality.slug}.xlsx")


@coordinator_required
def template_xlsx(request):
    return _download(importing.export_xlsx(None, template=True), XLSX, "mall-aktiviteter.xlsx")
