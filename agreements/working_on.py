"""Which municipality a coordinator's (or a reader's) page is about."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreements.models import Municipality
from approvals import scope


def municipality_for(request, *, within=scope.editable_by):
    """The municipality a page is about: `?kommun=<slug>` among the user's, else their first.
    The user's are those they may edit (a coordinator's), or with `within=scope.visible_to` those
    they may read (also a chief's, in their police areas); any other slug is a 404."""
    municipalities = within(Municipality.objects.select_related("police_area"), request.user).order_by("short_name")
    chosen = request.GET.get("kommun") or request.POST.get("kommun")
    if chosen:
        return get_object_or_404(municipalities, slug=chosen)
    municipality = municipalities.first()
    if municipality is None:
        raise Http404(_("You are not coordinator for any municipality."))
    return municipality
