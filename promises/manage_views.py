"""The coordinator's pages for promises and activities at /hantera/."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements.models import Agreement
from agreements.working_on import municipality_for
from approvals import scope
from approvals.views import coordinator_required, edit_page, next_url, posted, refuse_unless_editable
from promises import extension_services, services
from promises.forms import (
    ActivityForm,
    CarryOverForm,
    FocusAreaForm,
    PromiseExtensionForm,
    PromiseForm,
    PromiseSignatoryForm,
    StatusForm,
)
from promises.models import Activity, Promise, PromiseExtension, PromiseSignatory


def _promise(request, pk) -> Promise:
    return get_object_or_404(scope.editable_by(Promise.objects.select_related("agreement__municipality"), request.user), pk=pk)


def _activity(request, pk) -> Activity:
    return get_object_or_404(scope.editable_by(Activity.objects.select_related("promise__agreement__municipality"), request.user), pk=pk)


@coordinator_required
def promise_new(request):
    municipality = municipality_for(request)
    form = PromiseForm(
        posted(request), municipality=municipality, initial={"agreement": municipality.agreements.order_by("-starts_on").first()}
    )
    form.fields["agreement"].queryset = Agreement.objects.filter(municipality=municipality)

    def save(form):
        promise = services.promise_create(by=request.user, **form.changes())
        return promise.get_manage_url()

    context = {
        "title": _("New promise for %(name)s") % {"name": municipality.name},
        "kommun": municipality.slug,
        "cancel_url": f"{_dashboard()}?kommun={municipality.slug}",
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft promise was created."))


@coordinator_required
def promise_edit(request, pk):
    promise = _promise(request, pk)
    if refused := refuse_unless_editable(request, promise):
        return refused
    municipality = promise.agreement.municipality
    form = PromiseForm(posted(request), instance=promise, municipality=municipality)
    form.fields["agreement"].queryset = Agreement.objects.filter(municipality=municipality)

    def save(form):
        services.promise_update(
            promise=Promise.objects.get(pk=pk), by=request.user, expected_version=form.cleaned_data["version"], **form.changes()
        )
        return promise.get_manage_url()

    context = {"title": _("Edit the promise"), "parent": promise, "cancel_url": promise.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The promise was saved."))


@coordinator_required
def focus_area_new(request, pk):
    promise = _promise(request, pk)
    if refused := refuse_unless_editable(request, promise):
        return refused
    form = FocusAreaForm(posted(request))

    def save(form):
        area = services.focus_area_create_local(municipality=promise.agreement.municipality, by=request.user, **form.cleaned_data)
        if promise.is_editable:
            services.promise_update(promise=promise, by=request.user, focus_areas=[*promise.focus_areas.all(), area])
        return promise.get_manage_url()

    context = {
        "title": _("New focus area"),
        "intro": _("A focus area of your municipality's own, for what the national catalogue does not cover. It is added to this promise."),
        "parent": promise,
        "cancel_url": promise.get_manage_url(),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The focus area was created."))


@coordinator_required
def activity_new(request, pk):
    promise = _promise(request, pk)
    if refused := refuse_unless_editable(request, promise):
        return refused
    form = ActivityForm(posted(request), promise=promise, instance=Activity(promise=promise))

    def save(form):
        changes = form.changes()
        target = changes.pop("promise")
        services.activity_create(promise=target, by=request.user, **changes)
        return target.get_manage_url()

    context = {"title": _("New activity"), "parent": promise, "cancel_url": promise.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The activity was added."))


@coordinator_required
def activity_edit(request, pk):
    activity = _activity(request, pk)
    if refused := refuse_unless_editable(request, activity, parent=activity.promise):
        return refused
    form = ActivityForm(posted(request), promise=activity.promise, instance=activity)

    def save(form):
        saved = services.activity_update(
            activity=Activity.objects.get(pk=pk), by=request.user, expected_version=form.cleaned_data["version"], **form.changes()
        )
        return saved.promise.get_manage_url()

    context = {"title": _("Edit the activity"), "parent": activity.promise, "cancel_url": activity.promise.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The activity was saved."))


@coordinator_required
def activity_status(request, pk):
    activity = _activity(request, pk)
    form = StatusForm(posted(request), instance=activity)

    def save(form):
        data = form.cleaned_data
        services.activity_change_status(
            activity=Activity.objects.get(pk=pk),
            by=request.user,
            status=data["status"],
            on=data["status_date"],
            note=data["status_note"],
            expected_version=data["version"],
        )
        return next_url(request, activity.promise.get_manage_url())

    context = {
        "title": _("Change the status"),
        "intro": activity.description,
        "parent": activity.promise,
        "cancel_url": next_url(request, activity.promise.get_manage_url()),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The status was changed."))


@coordinator_required
def activity_delete(request, pk):
    activity = _activity(request, pk)
    promise = activity.promise
    if refused := refuse_unless_editable(request, activity, parent=promise):
        return refused
    if request.method == "POST":
        try:
            services.activity_delete(activity=activity, by=request.user)
        except services.PromiseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The activity was removed."))
        return redirect(promise.get_manage_url())
    return render(request, "promises/manage/activity_delete.html", {"activity": activity, "parent": promise})


@coordinator_required
@require_POST
def activity_move(request, pk):
    activity = _activity(request, pk)
    try:
        services.activity_move(activity=activity, by=request.user, up=request.POST.get("direction") == "up")
    except services.PromiseError as error:
        messages.error(request, str(error))
    return redirect(f"{activity.promise.get_manage_url()}#activity-{activity.pk}")


@coordinator_required
def carry_over(request, pk):
    promise = _promise(request, pk)
    if refused := refuse_unless_editable(request, promise):
        return refused
    form = CarryOverForm(posted(request), promise=promise)

    def save(form):
        services.activities_carry_over(activities=list(form.cleaned_data["activities"]), to_promise=promise, by=request.user)
        return promise.get_manage_url()

    context = {
        "title": _("Carry over unfinished activities"),
        "intro": _(
            "Chosen activities are copied into this promise as planned, with a link to where they came from, which the public page shows."
        ),
        "parent": promise,
        "cancel_url": promise.get_manage_url(),
        "submit_label": _("Carry over"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The activities were carried over."))


@coordinator_required
def signatory_new(request, pk):
    promise = _promise(request, pk)
    if refused := refuse_unless_editable(request, promise):
        return refused
    form = PromiseSignatoryForm(posted(request), instance=PromiseSignatory(promise=promise))

    def save(form):
        services.promise_signatory_add(promise=promise, by=request.user, **form.cleaned_data)
        return promise.get_manage_url()

    context = {
        "title": _("Add a signatory"),
        "intro": _("Someone who signed this promise, for a promise that is signed on its own."),
        "parent": promise,
        "cancel_url": promise.get_manage_url(),
        "submit_label": _("Add"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The signatory was added."))


@coordinator_required
@require_POST
def signatory_remove(request, pk):
    signatory = get_object_or_404(scope.editable_by(PromiseSignatory.objects.select_related("promise"), request.user), pk=pk)
    try:
        services.promise_signatory_remove(signatory=signatory, by=request.user)
    except services.PromiseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The signatory was removed."))
    return redirect(signatory.promise.get_manage_url())


@coordinator_required
def extension_new(request, pk):
    promise = _promise(request, pk)
    try:
        extension_services.check_extendable(promise=promise)
    except services.PromiseError as error:
        messages.error(request, str(error))
        return redirect(promise.get_manage_url())
    form = PromiseExtensionForm(posted(request), instance=PromiseExtension(promise=promise))

    def save(form):
        extension = extension_services.promise_extension_create(promise=promise, by=request.user, **form.changes())
        return extension.get_manage_url()

    context = {
        "title": _("Extend by decision"),
        "intro": _(
            "A decision that the promise applies, unchanged, until a later date. Its own period stays as it is; "
            "the extension is approved by the police area chief like the promise was, then published."
        ),
        "parent": promise,
        "cancel_url": promise.get_manage_url(),
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft extension was created."))


@coordinator_required
def extension_edit(request, pk):
    extension = get_object_or_404(
        scope.editable_by(PromiseExtension.objects.select_related("promise__agreement__municipality"), request.user), pk=pk
    )
    if refused := refuse_unless_editable(request, extension):
        return refused
    form = PromiseExtensionForm(posted(request), instance=extension)

    def save(form):
        extension_services.promise_extension_update(
            extension=PromiseExtension.objects.get(pk=pk), by=request.user, expected_version=form.cleaned_data["version"], **form.changes()
        )
        return extension.get_manage_url()

    context = {"title": _("Edit the extension"), "parent": extension, "cancel_url": extension.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The extension was saved."))


def _dashboard():
    from django.urls import reverse

    return reverse("coordination:dashboard")
