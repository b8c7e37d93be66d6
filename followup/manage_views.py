"""The coordinator's pages for follow-up reports at /hantera/rapporter/."""

from collections import Counter
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.working_on import municipality_for
from approvals import scope
from approvals.editing import EditConflict
from approvals.models import Action
from approvals.services import WorkflowError, check_allowed
from approvals.views import awaiting_item_url, coordinator_required, edit_page, posted, refuse_unless_editable
from followup import drafting, services
from followup.due import reports_due
from followup.forms import NewReportForm, ReportForm, SectionFormSet, UpdateFormSet
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.periods import ReportingPeriod
from followup.rendering import build_snapshot, render_html
from promises.history import StatusSource
from promises.models import ActivityStatus


def _report(request, pk) -> FollowUpReport:
    return get_object_or_404(scope.editable_by(FollowUpReport.objects.select_related("agreement__municipality"), request.user), pk=pk)


@coordinator_required
def report_new(request):
    """Start the report for a due period that has none yet."""
    municipality = municipality_for(request)
    agreement, _state = municipality.current_agreement()
    today = timezone.localdate()
    choices = []
    if agreement is not None:
        choices = [
            (due.period.slug, due.period.label) for due in reports_due(agreement, today=today, lookahead_days=0) if due.report is None
        ]
    form = NewReportForm(posted(request), choices=choices, initial={"period": request.GET.get("period")})

    def save(form):
        period = ReportingPeriod.from_slug(form.cleaned_data["period"])
        return services.report_create_draft(agreement=agreement, period=period, by=request.user).get_manage_url()

    context = {
        "title": _("New follow-up report for %(name)s") % {"name": municipality.name},
        "intro": _(
            "The draft is filled in with each activity's status at the end of the period, from the activity's history, and with the next steps of the previous report; you then edit it."
        ),
        "kommun": municipality.slug,
        "cancel_url": f"{reverse('coordination:dashboard')}?kommun={municipality.slug}",
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft report was created."))


@coordinator_required
def report_edit(request, pk):
    """The report's texts and every activity update, on one page, saved together."""
    report = _report(request, pk)
    if refused := refuse_unless_editable(request, report):
        return refused
    data = posted(request)
    form = ReportForm(data, instance=report)
    sections = ReportSection.objects.filter(report=report).select_related("promise")
    updates = ActivityUpdate.objects.filter(section__report=report).select_related("activity")
    section_forms = SectionFormSet(data, queryset=sections, prefix="sections")
    update_forms = UpdateFormSet(data, queryset=updates, prefix="updates")
    conflict = None
    if data is not None and form.is_valid() and section_forms.is_valid() and update_forms.is_valid():
        try:
            services.report_update(
                report=FollowUpReport.objects.get(pk=pk),
                by=request.user,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                changes_note=form.cleaned_data.get("changes_note", ""),
                originally_published_on=form.cleaned_data["originally_published_on"],
                originally_published_where=form.cleaned_data["originally_published_where"],
                sections={f.instance.pk: f.cleaned_data["text"] for f in section_forms.forms},
                updates={
                    f.instance.pk: {field: f.cleaned_data[field] for field in ("status", "what_was_done", "achieved", "next_step")}
                    for f in update_forms.forms
                },
            )
        except EditConflict as error:
            conflict = error
            copy = data.copy()
            copy["version"] = str(error.current_version)
            form.data = copy
        except (services.ReportError, ValidationError) as error:
            form.add_error(None, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report.get_manage_url())
    form.fields["summary"].help_text = _("How the period went, in a few paragraphs; needed before the report can be submitted.")
    describe_updates(report, update_forms.forms)
    grouped = [
        (section_form, [f for f in update_forms.forms if f.instance.section_id == section_form.instance.pk])
        for section_form in section_forms.forms
    ]
    context = {
        "report": report,
        "form": form,
        "section_forms": section_forms,
        "update_forms": update_forms,
        "grouped": grouped,
        "conflict": conflict,
        "formset_errors": any(f.errors for f in [*section_forms.forms, *update_forms.forms]),
    }
    return render(request, "followup/manage/report_edit.html", context)


def describe_updates(report: FollowUpReport, update_forms) -> None:
    """Tell, next to each pre-filled value, where it came from: the status at the end of the period
    from the activity's history, what was done from the note on that status, the next step from the
    previous report; mark (`form.changed_after`) an activity whose status changed after the period;
    and say where what was done is still needed before the report can be submitted."""
    origins = drafting.origins(report, [form.instance for form in update_forms])
    for form in update_forms:
        origin, update = origins[form.instance.pk], form.instance
        day = date_format(origin.day, "j F Y")
        then = origin.then
        if not origin.status_from_history(update):
            if then.source == StatusSource.CURRENT:
                text = _("Changed in this report; the activity's status today is “%(status)s”.") % {"status": then.status_label}
            else:
                text = _("Changed in this report; by the activity's history it was “%(status)s” on %(date)s.") % {
                    "status": then.status_label,
                    "date": day,
                }
        elif then.source == StatusSource.HISTORY:
            text = _("Status on %(date)s according to the activity's history.") % {"date": day}
        elif then.source == StatusSource.NOT_YET:
            text = _("The activity's first recorded status counts from %(since)s, after the period; until then it was planned.") % {
                "since": date_format(then.since, "j F Y")
            }
        elif then.source == StatusSource.FIRST_KNOWN and then.recorded_on and then.recorded_on > origin.day:
            text = _("The activity was recorded here on %(recorded)s, after the period; this is its first known status.") % {
                "recorded": date_format(then.recorded_on, "j F Y")
            }
        elif then.source == StatusSource.FIRST_KNOWN:
            text = _("No status was recorded for the activity by %(date)s; this is its first known status.") % {"date": day}
        else:
            text = _("The activity has no change history; this is its status today.")
        form.fields["status"].help_text = text
        if origin.what_was_done_from_note(update):
            form.fields["what_was_done"].help_text = _("Filled in from the note on that status.")
        elif update.status in services.STATUSES_NEEDING_WHAT_WAS_DONE and not update.what_was_done.strip():
            form.fields["what_was_done"].help_text = _("Needed before the report can be submitted, since the activity is ongoing or done.")
        if origin.next_step_from_previous(update):
            form.fields["next_step"].help_text = _("From the previous report (%(period)s).") % {"period": origin.previous.period.label}
        form.changed_after = None
        if origin.changed_after_period and then.source != StatusSource.CURRENT:
            status = ActivityStatus(origin.now_status).label
            if origin.now_since:
                form.changed_after = _("Changed after the period: now %(status)s since %(date)s.") % {
                    "status": status,
                    "date": date_format(origin.now_since, "j F Y"),
                }
            else:
                form.changed_after = _("Changed after the period: now %(status)s.") % {"status": status}


@login_required
def report_preview(request, pk):
    """How the report will look, as a web page or (`?pdf=1`) as the PDF, before it is published: for
    its coordinators, and read-only for the chiefs of its police area, who read it before approving."""
    report = get_object_or_404(scope.visible_to(FollowUpReport.objects.select_related("agreement__municipality"), request.user), pk=pk)
    # A chief reads it from the approval page and goes back there; a coordinator to the report's page.
    reviewing = not request.user.has_perm("followup.change_followupreport", report)
    back = awaiting_item_url(report) if reviewing else report.get_manage_url()
    snapshot = report.snapshot if report.snapshot else build_snapshot(report)
    if request.GET.get("pdf"):
        from followup.rendering import PdfError, render_pdf

        try:
            pdf = render_pdf(snapshot)
        except PdfError as error:
            messages.error(request, _("The PDF could not be made: %(reason)s") % {"reason": error})
            return redirect(back)
        return HttpResponse(pdf, content_type="application/pdf")
    if reviewing:
        return render(request, "followup/report_review.html", {"report": snapshot, "preview": report, "back": back})
    return HttpResponse(render_html(snapshot, request=request, context={"preview": report, **_preview_actions(report, request.user)}))


def _preview_actions(report: FollowUpReport, user) -> dict:
    """The preview's way on for the coordinator of a draft: edit it, or go on to submit it. Nothing
    for anyone else (a chief reading what awaits them)."""
    if not report.is_editable or not user.has_perm("followup.change_followupreport", report):
        return {}
    actions = {"edit_url": reverse("followup:report_edit", args=[report.pk])}
    try:
        check_allowed(item=report, action=Action.SUBMIT, by=user)
    except WorkflowError:
        return actions
    return {**actions, "submit_url": reverse("followup:report_submit", args=[report.pk])}


@coordinator_required
def report_confirm_submit(request, pk):
    """Submitting asks first: GET shows what will be sent to the chief (period, summary, what the
    report holds) and anything still missing; only a POST from here submits."""
    report = _report(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.report_submit(report=report, by=request.user, comment=request.POST.get("comment", ""))
        except services.ReportError as refused:
            error = refused
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(report.get_manage_url())
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": Action.SUBMIT.label.lower()})
            return redirect(report.get_manage_url())
    else:
        try:
            check_allowed(item=report, action=Action.SUBMIT, by=request.user)
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect(report.get_manage_url())
    updates = list(ActivityUpdate.objects.filter(section__report=report).values_list("status", flat=True))
    counts = Counter(updates)
    context = {
        "report": report,
        "error": error,
        "missing": services.missing_for_submission(report),
        "sections": report.sections.count(),
        "activities": len(updates),
        "status_counts": [(status, label, counts[status]) for status, label in ActivityStatus.choices if counts[status]],
        "comment": request.POST.get("comment", "") if request.method == "POST" else "",
        "edit_url": reverse("followup:report_edit", args=[report.pk]),
        "preview_url": reverse("followup:report_preview", args=[report.pk]),
    }
    return render(request, "followup/manage/report_submit.html", context)


def submit_through_confirmation(step_view):
    """Wrap a report's workflow endpoint so that "Submit for approval" leads to the page that shows
    what will be sent and asks to confirm (`report_confirm_submit`); every other step goes straight on."""

    @wraps(step_view)
    def view(request, pk):
        if request.method == "POST" and request.POST.get("action") == Action.SUBMIT:
            return redirect("followup:report_submit", pk=pk)
        return step_view(request, pk)

    return view


@coordinator_required
def report_export(request, pk, kind):
    """The report's activity updates as a spreadsheet, to fill in and import again."""
    from followup import importing as report_importing
    from promises.import_views import XLSX, _download

    report = _report(request, pk)
    if kind not in ("csv", "xlsx"):
        raise Http404(_("Reports are exported as .csv or .xlsx."))
    name = f"uppfoljning-{report.agreement.municipality.slug}-{report.period.slug}"
    if kind == "xlsx":
        return _download(report_importing.export_xlsx(report), XLSX, f"{name}.xlsx")
    return _download(report_importing.export_csv(report), "text/csv; charset=utf-8", f"{name}.csv")


@coordinator_required
def report_import(request, pk):
    """Bring the activity updates back from the filled-in spreadsheet: a preview, then all or nothing."""
    from followup import importing as report_importing
    from promises.import_views import UploadForm, check_upload, write_pending

    report = _report(request, pk)
    if refused := refuse_unless_editable(request, report):
        return refused
    municipality = report.agreement.municipality
    if request.method == "POST" and request.POST.get("confirm"):
        return write_pending(
            request,
            kind="report_updates",
            municipality=municipality,
            object_id=report.pk,
            run=lambda name, data: report_importing.run_import(report=report, name=name, data=data, by=request.user),
            back=request.path,
            done=report.get_manage_url(),
            success=lambda counts: _("Imported: %(changed)s changed and %(unchanged)s unchanged activities.") % counts,
        )
    form = UploadForm(posted(request), request.FILES or None)
    form.fields["file"].help_text = _("One activity per row, as in the exported report; leave Uppdatering-ID as it is.")
    context = {
        "kind": "report",
        "municipality": municipality,
        "parent": report,
        "title": _("Import the follow-up from a spreadsheet"),
        "heading": _("Import the follow-up of %(period)s from a spreadsheet") % {"period": report.period.label},
        "intro": _(
            "Export the report, fill in status, what was done, achieved and next step for each activity, and import the file. It is checked whole first; nothing is saved until every row is right and you confirm."
        ),
        "downloads": [
            (_("Export the report (.xlsx)"), reverse("followup:report_export", args=[report.pk, "xlsx"])),
            (_("Export the report (.csv)"), reverse("followup:report_export", args=[report.pk, "csv"])),
        ],
        "confirm_url": request.path,
        "confirm_field": True,
    }
    return check_upload(
        request,
        form=form,
        plan=lambda name, data: report_importing.plan_import(report=report, name=name, data=data),
        kind="report_updates",
        municipality=municipality,
        object_id=report.pk,
        context=context,
    )


@coordinator_required
def indicators(request):
    """`/hantera/indikatorer/`: the municipality's indicators, and a form to add one."""
    from followup.forms import IndicatorForm
    from followup.models import Indicator

    municipality = municipality_for(request)
    form = IndicatorForm(posted(request))

    def save(form):
        return services.indicator_save(municipality=municipality, by=request.user, **form.cleaned_data).get_manage_url()

    context = {
        "title": _("Indicators for %(name)s") % {"name": municipality.name},
        "intro": _(
            "What is measured every year, for example in the police's safety survey; annual reports show each as a chart with its figures."
        ),
        "kommun": municipality.slug,
        "cancel_url": f"{reverse('coordination:dashboard')}?kommun={municipality.slug}",
        "submit_label": _("Add the indicator"),
        "indicators": Indicator.objects.filter(municipality=municipality).prefetch_related("measurements"),
    }
    return edit_page(
        request,
        form=form,
        save=save,
        template="followup/manage/indicators.html",
        context=context,
        success_message=_("The indicator was added."),
    )


@coordinator_required
def indicator_detail(request, pk):
    """One indicator: its values by year, and a form to give (or correct) a year's values."""
    from decimal import Decimal

    from followup.forms import MeasurementForm
    from followup.models import Indicator

    indicator = get_object_or_404(scope.editable_by(Indicator.objects.select_related("municipality"), request.user), pk=pk)
    form = MeasurementForm(posted(request), by_gender=indicator.by_gender)

    def save(form):
        data = form.cleaned_data
        values = {"all": data.get("everyone"), "women": data.get("women"), "men": data.get("men")}
        services.measurements_save(
            indicator=indicator,
            by=request.user,
            year=data["year"],
            values={k: (Decimal(v) if v is not None else None) for k, v in values.items() if k in ("all",) or indicator.by_gender},
        )
        return indicator.get_manage_url()

    years = {}
    for measurement in indicator.measurements.all():
        years.setdefault(measurement.year, {})[measurement.group] = measurement.value
    context = {
        "title": indicator.name,
        "indicator": indicator,
        "years": sorted(years.items()),
        "parent_url": f"{reverse('followup:indicators')}?kommun={indicator.municipality.slug}",
        "cancel_url": f"{reverse('followup:indicators')}?kommun={indicator.municipality.slug}",
        "submit_label": _("Save the year's values"),
    }
    return edit_page(
        request,
        form=form,
        save=save,
        template="followup/manage/indicator.html",
        context=context,
        success_message=_("The values were saved."),
    )
