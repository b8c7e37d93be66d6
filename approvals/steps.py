"""Which service takes each workflow step for each kind of reviewable item.

Every kind registers its own step functions (`register`) where its coordinator pages are built
(`approvals.views.coordinator_item_views`), so that a step taken on one item's page and the same
step taken on many at once (`approvals.services.run_bulk`) run the same code: publishing a promise
revision merges it, publishing a report freezes it and makes its PDF. The registry is keyed by
model and knows nothing of the kinds, since this app sits below them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet

from approvals import scope
from approvals.models import Reviewable

# A step takes (item, by, comment) and returns what it made (usually the Transition).
Step = Callable[[Reviewable, object, str], object]


@dataclass(frozen=True)
class Kind:
    """One kind's step functions; what they refuse they raise as a DomainError, with a message for the user."""

    steps: Mapping[str, Step]


_kinds: dict[type[Model], Kind] = {}


def register(*, model: type[Reviewable], steps: Mapping[str, Step]) -> None:
    """Make `steps` (action → callable) the way each action is taken on a `model` item."""
    if not issubclass(model, Reviewable):
        raise TypeError(f"{model.__name__} does not go through the approval workflow")
    _kinds[model] = Kind(steps=dict(steps))


def _registry() -> dict[type[Model], Kind]:
    # The kinds register when their URLs are built; a service called outside a request (a test,
    # a management command) must still find them, so build the URLs first. Cached after once.
    if not _kinds:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018
    return _kinds


def step_for(model: type[Model], action: str) -> Step | None:
    """The kind's own function for `action`, or None when the kind has none."""
    kind = _registry().get(model)
    return kind.steps.get(action) if kind else None


def models_offering(action: str) -> list[type[Reviewable]]:
    """The kinds that have a step of their own for `action`, in the order they registered."""
    return [model for model, kind in _registry().items() if action in kind.steps]


def related_paths(model: type[Model]) -> list[str]:
    """What to select with an item so that its name and scope need no further query: the kinds
    name themselves by what their scope paths lead through (a report by its municipality)."""
    paths = getattr(model, "scope_paths", None)
    return [path for path in (paths.municipality, paths.police_area) if path != "self"] if paths else []


def in_states(*, user, municipality, states: Iterable[str], action: str) -> list[Reviewable]:
    """The user's items of one municipality, in `states`, of every kind that offers `action`:
    one query per kind."""
    found = []
    for model in models_offering(action):
        lookup = model.scope_paths.municipality
        lookup = "pk" if lookup == "self" else lookup
        items = model.objects.filter(workflow_state__in=list(states), **{lookup: municipality.pk})
        found.extend(scope.editable_by(items, user).select_related(*related_paths(model)))
    return found


class UnknownItem(LookupError):
    """An item key that names no item the user may act on (or no item at all)."""


def parse_key(key: str) -> tuple[type[Reviewable], int]:
    """The model and primary key named by a `Reviewable.model_key` such as "promises.promise:7"."""
    label, _sep, pk = key.partition(":")
    try:
        model = apps.get_model(label)
        number = int(pk)
    except (LookupError, ValueError) as error:
        raise UnknownItem(key) from error
    if not issubclass(model, Reviewable) or number < 1:
        raise UnknownItem(key)
    return model, number


def items_for_keys(keys: Iterable[str], *, within: Callable[[QuerySet], QuerySet]) -> list[Reviewable]:
    """The items named by `keys`, in that order and without repeats, found among `within(queryset)`
    (the user's scope) in one query per kind. Raises UnknownItem if any key is not found there."""
    wanted = list(dict.fromkeys(keys))
    by_model: dict[type[Reviewable], list[int]] = {}
    for key in wanted:
        model, pk = parse_key(key)
        by_model.setdefault(model, []).append(pk)
    found = {}
    for model, pks in by_model.items():
        queryset = model.objects.select_related(*related_paths(model), "submitted_by")
        for item in within(queryset).filter(pk__in=pks):
            found[item.model_key] = item
    missing = [key for key in wanted if key not in found]
    if missing:
        raise UnknownItem(missing[0])
    return [found[key] for key in wanted]
