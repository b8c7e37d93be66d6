"""The coordinator's pages for agreements and their signatories at /hantera/."""

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import services
from agreements.forms import AgreementForm, ContactsForm, EmblemForm, SignatoryForm
from agreements.models import Agreement, Signatory
from agreements.working_on import municipality_for
from approvals import scope
from approvals.views import coordinator_required, edit_page, posted, refuse_unless_editable


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(scope.editable_by(Agreement.objects.select_related("municipality__police_area"), request.user), pk=pk)


@coordinator_required
def agreement_new(request):
    municipality = municipality_for(request)
    form = AgreementForm(posted(request), municipality=municipality)

    def save(form):
        return services.agreement_create(municipality=municipality, by=request.user, **form.changes()).get_manage_url()

    context = {
        "title": _("New agreement for %(name)s") % {"name": municipality.name},
        "intro": _("A draft, with %(area)s as the police's party. Add the signatories once it is saved.")
        % {"area": municipality.police_area.name},
        "kommun": municipality.slug,
        "cancel_url": f"{reverse('coordination:dashboard')}?kommun={municipality.slug}",
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft agreement was created."))


@coordinator_required
def agreement_edit(request, pk):
    agreement = _agreement(request, pk)
    if refused := refuse_unless_editable(request, agreement):
        return refused
    form = AgreementForm(posted(request), instance=agreement, municipality=agreement.municipality)

    def save(form):
        services.agreement_update(
            agreement=Agreement.objects.get(pk=pk), by=request.user, expected_version=form.cleaned_data["version"], **form.changes()
        )
        return agreement.get_manage_url()

    context = {"title": _("Edit the agreement"), "parent": agreement, "cancel_url": agreement.get_manage_url()}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The agreement was saved."))


@coordinator_required
def signatory_new(request, pk):
    agreement = _agreement(request, pk)
    if refused := refuse_unless_editable(request, agreement):
        return refused
    form = SignatoryForm(posted(request), instance=Signatory(agreement=agreement))

    def save(form):
        services.signatory_add(agreement=agreement, by=request.user, **form.cleaned_data)
        return agreement.get_manage_url()

    context = {"title": _("Add a signatory"), "parent": agreement, "cancel_url": agreement.get_manage_url(), "submit_label": _("Add")}
    return edit_page(request, form=form, save=save, context=context, success_message=_("The signatory was added."))


@coordinator_required
@require_POST
def signatory_remove(request, pk):
    signatory = get_object_or_404(scope.editable_by(Signatory.objects.select_related("agreement"), request.user), pk=pk)
    try:
        services.signatory_remove(signatory=signatory, by=request.user)
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The signatory was removed."))
    return redirect(signatory.agreement.get_manage_url())


@coordinator_required
def contacts_edit(request, pk):
    """Both parties' contacts for questions; kept up to date at any time, published or not."""
    agreement = _agreement(request, pk)
    form = ContactsForm(posted(request), agreement=agreement)

    def save(form):
        services.contacts_set(agreement=agreement, by=request.user, contacts=form.contacts())
        return agreement.get_manage_url()

    context = {
        "title": _("Contacts for questions"),
        "intro": _(
            "Shown to residents under “Questions about the citizen promises?” on the municipality's page, the promises' pages "
            "and the follow-up reports published from now on. Prefer function mailboxes to personal ones. "
            "Without a contact of their own, the police are given as 114 14 and polisen.se."
        ),
        "parent": agreement,
        "cancel_url": agreement.get_manage_url(),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The contacts were saved."))


@coordinator_required
def emblem_edit(request):
    """The municipality's emblem on its reports' cover, with its text alternative."""
    municipality = municipality_for(request)
    form = EmblemForm(posted(request), request.FILES or None, municipality=municipality)

    def save(form):
        services.emblem_set(
            municipality=municipality,
            by=request.user,
            emblem=form.cleaned_data["emblem"],
            alt=form.cleaned_data["emblem_alt"],
            remove=form.cleaned_data.get("remove", False),
        )
        return f"{reverse('coordination:dashboard')}?kommun={municipality.slug}"

    context = {
        "title": _("Emblem for %(name)s") % {"name": municipality.name},
        "intro": _("The emblem stands on the cover of the follow-up reports' PDFs, beside the police's name in text."),
        "municipality": municipality,
        "kommun": municipality.slug,
        "cancel_url": f"{reverse('coordination:dashboard')}?kommun={municipality.slug}",
    }
    return edit_page(
        request,
        form=form,
        save=save,
        template="agreements/manage/emblem_edit.html",
        context=context,
        success_message=_("The emblem was saved."),
    )


@coordinator_required
def emblem_image(request):
    """The current emblem, for the coordinator's preview (uploads are not served as static files)."""
    municipality = municipality_for(request)
    if not municipality.emblem:
        raise Http404(_("The municipality has no emblem."))
    try:
        file = municipality.emblem.open("rb")
    except OSError as error:
        raise Http404(_("The municipality has no emblem.")) from error
    return FileResponse(file, content_type=mimetypes.guess_type(municipality.emblem.name)[0] or "application/octet-stream")
