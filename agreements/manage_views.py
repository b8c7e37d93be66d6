"""The coordinator's pages for agreements and their signatories at /hantera/."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import services
from agreements.forms import AgreementForm, SignatoryForm
from agreements.models import Agreement, Signatory
from approvals import scope
from approvals.views import coordinator_required, edit_page, municipality_for, posted, refuse_unless_editable

ERRORS = (services.AgreementError,)


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
        "intro": _("A draft, with %(area)s as the police's party. Add the signatories once it is saved.") % {"area": municipality.police_area.name},
        "kommun": municipality.slug,
        "cancel_url": f"{reverse('approvals:dashboard')}?kommun={municipality.slug}",
        "submit_label": _("Create the draft"),
    }
    return edit_page(request, form=form, save=save, context=context, success_message=_("The draft agreement was created."), errors=ERRORS)


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
    return edit_page(request, form=form, save=save, context=context, success_message=_("The agreement was saved."), errors=ERRORS)


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
    return edit_page(request, form=form, save=save, context=context, success_message=_("The signatory was added."), errors=ERRORS)


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
