"""The coordinator's spreadsheet pages: import with a preview, export, and the template."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agreements.working_on import municipality_for
from approvals.views import coordinator_required, posted
from promises.importing import activities as activity_import
from promises.importing import promises as promise_import
from promises.importing.reading import ImportFileError, file_too_large
from promises.importing.writing import ImportAlreadyConfirmed, pending_import_confirm, pending_import_create
from promises.models import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    """A spreadsheet to check; each kind of import says what one row of it is."""

    row_help = gettext_lazy("One activity per row, with the headings of the template in the first row.")
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        error_messages={"required": gettext_lazy("Choose a file to import."), "empty": gettext_lazy("The file is empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.row_help

    def clean_file(self):
        """A file over IMPORT_MAX_BYTES is refused by its size, before anything reads it."""
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(file_too_large(upload.size))
        return upload

    def options(self) -> dict:
        """What the confirmation must apply as the preview did (kept with the checked file)."""
        return {}

    def import_arguments(self) -> dict:
        """What was chosen on the page, as keyword arguments of the import."""
        return {}

    def chosen_summary(self) -> str:
        return ""


class TargetUploadForm(UploadForm):
    """An upload with a choice, among the municipality's own records, of where rows that leave their
    ID column empty belong; a record of another municipality is never a choice."""

    target = ""  # the form field, and the keyword the import takes the chosen record by
    invalid = ""
    summary = ""

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        records = list(self.records(municipality))
        self.by_pk = {record.pk: record for record in records}
        field = self.fields[self.target]
        field.choices = [("", field.choices[0][1]), *self.grouped(records)]
        self.order_fields([self.target, "file"])

    def chosen(self):
        return self.by_pk.get(self.cleaned_data.get(self.target)) if hasattr(self, "cleaned_data") else None

    def options(self) -> dict:
        chosen = self.chosen()
        return {self.target: chosen.pk} if chosen else {}

    def import_arguments(self) -> dict:
        chosen = self.chosen()
        return {self.target: chosen} if chosen else {}

    def chosen_summary(self) -> str:
        chosen = self.chosen()
        return str(self.summary) % {"name": chosen} if chosen else ""

    @classmethod
    def resolve(cls, municipality, options: dict) -> dict:
        """The import's keyword arguments for the choice kept in the session, looked up again within
        the municipality; ImportFileError if it is no longer there."""
        if not options.get(cls.target):
            return {}
        record = cls.records(municipality).filter(pk=options[cls.target]).first()
        if record is None:
            raise ImportFileError(cls.invalid)
        return {cls.target: record}


def _choice(empty_label, invalid, **kwargs) -> forms.TypedChoiceField:
    """An optional choice of a record by its id; the choices are the municipality's, set by the form."""
    return forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, choices=[("", empty_label)], error_messages={"invalid_choice": invalid}, **kwargs
    )


class ActivityUploadForm(TargetUploadForm):
    target = "promise"
    invalid = gettext_lazy("Choose one of the municipality's promises in the list.")
    summary = gettext_lazy("Rows without Löfte-ID go into the promise “%(name)s”.")
    promise = _choice(
        gettext_lazy("None: every row gives its Löfte-ID"),
        invalid,
        label=gettext_lazy("Promise for rows without Löfte-ID"),
        help_text=gettext_lazy(
            "Rows that leave Löfte-ID empty get this promise; rows with a Löfte-ID keep theirs. So the template can be filled in without any ID."
        ),
    )

    @staticmethod
    def records(municipality):
        return (
            Promise.objects.filter(agreement__municipality=municipality).select_related("agreement").order_by("-valid_from", "order", "pk")
        )

    @staticmethod
    def grouped(promises) -> list:
        """Drafts and revisions first, where activities can be added; then the rest, where only
        statuses can change. Each promise by its title, period and state."""

        def label(promise):
            state = promise.get_workflow_state_display()
            if promise.revision_of_id:
                state = _("%(state)s (revision)") % {"state": state}
            return f"{promise.title} · {_years(promise)} · {state}"

        drafts = [(p.pk, label(p)) for p in promises if p.is_editable]
        others = [(p.pk, label(p)) for p in promises if not p.is_editable]
        groups = [
            (_("Drafts and revisions: new activities and changes"), drafts),
            (_("Submitted, approved and published: status changes only"), others),
        ]
        return [(name, choices) for name, choices in groups if choices]


def _years(promise) -> str:
    """The promise's period in years, short enough for a list: "2024", "2023–2025", "from 2021"."""
    start, end = promise.valid_from.year, promise.valid_until.year if promise.valid_until else None
    if end is None:
        return _("from %(start)s") % {"start": start}
    return str(start) if start == end else f"{start}–{end}"


class PromiseUploadForm(TargetUploadForm):
    row_help = gettext_lazy("One promise per row, with the headings of the template in the first row.")
    target = "agreement"
    invalid = gettext_lazy("Choose one of the municipality's agreements in the list.")
    summary = gettext_lazy("Rows without Överenskommelse-ID go into the agreement “%(name)s”.")
    agreement = _choice(
        gettext_lazy("None: every row gives its Överenskommelse-ID"),
        invalid,
        label=gettext_lazy("Agreement for rows without Överenskommelse-ID"),
        help_text=gettext_lazy("Rows that leave Överenskommelse-ID empty get this agreement; rows with an Överenskommelse-ID keep theirs."),
    )

    @staticmethod
    def records(municipality):
        return municipality.agreements.order_by("-starts_on", "pk")

    @staticmethod
    def grouped(agreements) -> list:
        return [(a.pk, f"{a.title} · {a.period_text()} · {a.get_workflow_state_display()}") for a in agreements]

    @staticmethod
    def initial_for(municipality) -> dict:
        """The agreement in force today, which new promises almost always belong to."""
        current, _state = municipality.current_agreement()
        return {"agreement": current.pk} if current else {}


def _activities_page(municipality):
    return {
        "title": _("Import activities"),
        "heading": _("Import activities for %(name)s") % {"name": municipality.name},
        "intro": _(
            "Add and change activities from a spreadsheet. The whole file is checked first and you see what it would do; nothing is saved until every row is right and you confirm."
        ),
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
        "intro": _(
            "New promises become drafts; drafts can be changed; a published promise is changed through a revision. The whole file is checked first; nothing is saved until every row is right and you confirm."
        ),
        "downloads": [
            (_("Download the template (.xlsx, with instructions)"), reverse("promises:import_promises_template")),
            (_("Export the promises (.xlsx)"), f"{reverse('promises:export_promises', args=['xlsx'])}?kommun={municipality.slug}"),
            (_("Export the promises (.csv)"), f"{reverse('promises:export_promises', args=['csv'])}?kommun={municipality.slug}"),
            (_("Import activities instead"), f"{reverse('promises:import')}?kommun={municipality.slug}"),
        ],
        "confirm_url": f"{reverse('promises:import_promises_confirm')}?kommun={municipality.slug}",
    }


KINDS = {
    "activities": (activity_import.plan_import, activity_import.run_import, _activities_page, ActivityUploadForm),
    "promises": (promise_import.plan_promise_import, promise_import.run_promise_import, _promises_page, PromiseUploadForm),
}


def check_upload(request, *, form, plan, kind: str, municipality, object_id=None, context: dict, template="promises/manage/import.html"):
    """The upload step every import shares: a valid file is read and checked whole with `plan(name,
    data)`; the page shows the preview or every bad row. A file that checks out and changes something
    waits in the database under a one-time token for the confirmation, with what was chosen on the
    page (`form.options()`); the confirmation form carries the token."""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]  # its size is checked, so reading it whole is bounded
        data = upload.read()
        try:
            context["plan"] = checked = plan(upload.name, data)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            context["file_name"] = upload.name
            if checked.is_valid and (checked.new or checked.changed):
                waiting = pending_import_create(
                    municipality=municipality,
                    kind=kind,
                    object_id=object_id,
                    user=request.user,
                    name=upload.name,
                    data=data,
                    options=form.options(),
                )
                context["token"] = waiting.token
                request.session[_session_key(kind, object_id)] = waiting.token
    return render(request, template, {**context, "form": form})


def _session_key(kind: str, object_id) -> str:
    """Where the session remembers the latest checked file's token, for a confirmation without one."""
    return f"pending_import_{kind}" + (f"_{object_id}" if object_id else "")


def write_pending(request, *, kind: str, municipality, object_id=None, run, back: str, done: str, success):
    """The confirmation step every import shares: take the checked file's token once, check the file
    again and write it, all of it or (if it no longer checks out) nothing, with the choices made for
    the preview (`run(name, data, **options)`). A second confirmation writes nothing and says so.
    `success(counts)` is the message when it is written."""
    token = request.POST.get("token") or request.session.get(_session_key(kind, object_id), "")
    try:
        plan = pending_import_confirm(token=token, municipality=municipality, kind=kind, object_id=object_id, user=request.user, run=run)
    except ImportAlreadyConfirmed as error:
        messages.warning(request, str(error))
        return redirect(done)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect(back)
    if not plan.is_valid:
        messages.error(
            request, _("The data changed since the preview and the file no longer checks out; nothing was imported. Upload it again.")
        )
        return redirect(back)
    messages.success(request, success({"new": len(plan.new), "changed": len(plan.changed), "unchanged": len(plan.unchanged)}))
    return redirect(done)


@coordinator_required
def import_page(request, kind="activities"):
    """Upload a file; it is checked whole and shown as a preview, or with every bad row listed."""
    plan_import, _run, page, form_class = KINDS[kind]
    municipality = municipality_for(request)
    if kind == "activities":
        initial = {"promise": request.GET.get("lofte")}
    else:
        initial = form_class.initial_for(municipality)
    form = form_class(posted(request), request.FILES or None, municipality=municipality, initial=initial)
    return check_upload(
        request,
        form=form,
        plan=lambda name, data: plan_import(municipality=municipality, name=name, data=data, **form.import_arguments()),
        kind=kind,
        municipality=municipality,
        context={"municipality": municipality, "kind": kind, **page(municipality)},
    )


@coordinator_required
@require_POST
def import_confirm(request, kind="activities"):
    """Write the previewed file: all of it, or (if it no longer checks out) nothing."""
    _plan, run_import, _page, form_class = KINDS[kind]
    municipality = municipality_for(request)
    if kind == "activities":
        success = lambda counts: _("Imported: %(new)s new and %(changed)s changed activities; %(unchanged)s unchanged.") % counts  # noqa: E731
    else:
        success = lambda counts: _("Imported: %(new)s new and %(changed)s changed promises; %(unchanged)s unchanged.") % counts  # noqa: E731
    return write_pending(
        request,
        kind=kind,
        municipality=municipality,
        run=lambda name, data, **options: run_import(
            municipality=municipality, name=name, data=data, by=request.user, **form_class.resolve(municipality, options)
        ),
        back=f"{reverse('promises:import' if kind == 'activities' else 'promises:import_promises')}?kommun={municipality.slug}",
        done=f"{reverse('coordination:dashboard')}?kommun={municipality.slug}",
        success=success,
    )


@coordinator_required
def export_promises(request, kind):
    municipality = municipality_for(request)
    if kind not in ("csv", "xlsx"):
        raise Http404
    content_type = XLSX if kind == "xlsx" else "text/csv; charset=utf-8"
    return _download(promise_import.export_promises(municipality, kind), content_type, f"loften-{municipality.slug}.{kind}")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@coordinator_required
def export_csv(request):
    municipality = municipality_for(request)
    return _download(activity_import.export_csv(municipality), "text/csv; charset=utf-8", f"aktiviteter-{municipality.slug}.csv")


@coordinator_required
def export_xlsx(request):
    municipality = municipality_for(request)
    return _download(activity_import.export_xlsx(municipality), XLSX, f"aktiviteter-{municipality.slug}.xlsx")


@coordinator_required
def template_xlsx(request):
    return _download(activity_import.export_xlsx(None, template=True), XLSX, "mall-aktiviteter.xlsx")


@coordinator_required
def promise_template_xlsx(request):
    return _download(promise_import.promise_template(), XLSX, "mall-loften.xlsx")
