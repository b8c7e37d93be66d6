"""Who reaches the cycle's internal pages. The lägesbild may hold what must not be public, so its
pages are for the municipality's coordinators (who write) and its police area's chiefs (who read);
anyone else, signed in or not, is told the page does not exist (a 404, so nothing is discovered)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreements.working_on import municipality_for
from approvals import scope


def reader_required(view):
    """Signed in (else to the sign-in page) and coordinator or chief of somewhere (else a 404)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (scope.is_administrator(user) or scope.coordinated_municipality_ids(user) or scope.chief_police_area_ids(user)):
            raise Http404(_("There is no such page."))
        return view(request, *args, **kwargs)

    return wrapper


def readable(queryset, request, **lookup):
    """One record the user may read (their municipality's, or their police area's), else a 404."""
    return get_object_or_404(scope.visible_to(queryset, request.user), **lookup)


def editable(queryset, request, **lookup):
    """One record the user may write (their municipality's as coordinator), else a 404."""
    return get_object_or_404(scope.editable_by(queryset, request.user), **lookup)


def can_edit(request, record) -> bool:
    return scope.is_administrator(request.user) or scope.municipality_of(record).pk in scope.coordinated_municipality_ids(request.user)


def municipality_for_reader(request):
    """The municipality a reader's page is about: among those the user may read (coordinated, or in
    their police areas)."""
    return municipality_for(request, within=scope.visible_to)
