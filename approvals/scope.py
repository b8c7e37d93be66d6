"""Whose a record is: the municipality whose coordinators edit it, the police area whose chiefs approve it.

Each scoped model names the lookup paths from itself to both in `scope_paths`, e.g.
`ScopePaths(municipality="agreement__municipality", police_area="agreement__police_area")`. The same
paths serve object checks (`municipality_of(promise)`) and list filtering (`visible_to(qs, user)`),
so the admin, the coordinator pages and the services share one definition of scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Manager, Q, QuerySet


@dataclass(frozen=True)
class ScopePaths:
    municipality: str
    police_area: str


def _follow(obj, path: str):
    for name in path.split("__"):
        if obj is None:
            return None
        obj = obj if name == "self" else getattr(obj, name)
    # A path through a to-many relation (a police area's municipalities) names no single object.
    return None if isinstance(obj, Manager) else obj


def _lookup(path: str) -> str:
    return "pk" if path == "self" else path


def _paths(model_or_obj) -> ScopePaths | None:
    return getattr(model_or_obj, "scope_paths", None)


def municipality_of(obj):
    paths = _paths(obj)
    return _follow(obj, paths.municipality) if paths else None


def police_area_of(obj):
    paths = _paths(obj)
    return _follow(obj, paths.police_area) if paths else None


def _cached(user, attribute: str, compute):
    if not hasattr(user, attribute):
        setattr(user, attribute, frozenset(compute()) if user.is_authenticated else frozenset())
    return getattr(user, attribute)


def coordinated_municipality_ids(user) -> frozenset[int]:
    """Municipalities the user is coordinator (samordnare) for; cached on the user for the request."""
    return _cached(user, "_coordinated_municipality_ids", lambda: user.coordinated_municipalities.values_list("pk", flat=True))


def chief_police_area_ids(user) -> frozenset[int]:
    """Police areas the user is chief (lokalpolisområdeschef) of; cached on the user for the request."""
    return _cached(user, "_chief_police_area_ids", lambda: user.chief_of_areas.values_list("pk", flat=True))


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """The rows of a scoped model that the user may see: everything for an administrator, else the
    rows of the municipalities they coordinate and of the police areas they are chief of."""
    if is_administrator(user):
        return queryset
    paths = _paths(queryset.model)
    if not user.is_authenticated or paths is None:
        return queryset.none()
    return queryset.filter(
        pk__in=queryset.model.objects.filter(
            Q(**{f"{_lookup(paths.municipality)}__in": coordinated_municipality_ids(user)})
            | Q(**{f"{_lookup(paths.police_area)}__in": chief_police_area_ids(user)})
        ).values("pk")
    )


def editable_by(queryset: QuerySet, user) -> QuerySet:
    """The rows the user may edit: an administrator's are all, a coordinator's their municipality's."""
    if is_administrator(user):
        return queryset
    paths = _paths(queryset.model)
    if not user.is_authenticated or paths is None:
        return queryset.none()
    return queryset.filter(**{f"{_lookup(paths.municipality)}__in": coordinated_municipality_ids(user)})


def reviewable_models():
    """Every model that goes through the approval workflow."""
    from django.apps import apps

    from approvals.models import Reviewable

    return [model for model in apps.get_models() if issubclass(model, Reviewable)]


def awaiting_review_by(user) -> list:
    """Submitted items the user may approve or return: their police areas' (an administrator's: all)."""
    from approvals.models import ReviewState

    items = []
    for model in reviewable_models():
        submitted = model.objects.filter(workflow_state=ReviewState.SUBMITTED)
        if not is_administrator(user):
            paths = _paths(model)
            submitted = submitted.filter(**{f"{_lookup(paths.police_area)}__in": chief_police_area_ids(user)})
        items.extend(submitted.select_related(*_related(paths=_paths(model))))
    return sorted(items, key=lambda item: str(item))


def _related(*, paths: ScopePaths) -> list[str]:
    return [path for path in (paths.municipality, paths.police_area) if path != "self"]
