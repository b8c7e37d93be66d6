"""Which municipality a coordinator's page is about."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreements.models import Municipality
from approvals import scope


def municipality_for(request):
    """The municipality a coordinator is working on: `?kommun=<slug>` among theirs, else their first."""
    municipalities = scope.editable_by(Municipality.objects.select_related("police_area"), request.user).order_by("short_name")
    chosen = request.GET.get("kommun") or request.POST.get("kommun")
    if chosen:
        return get_object_or_404(municipalities, slug=chosen)
    municipality = municipalities.first()
    if municipality is None:
        raise Http404(_("You are not coordinator for any municipality."))
    return municipality
