"""What a revision changes against the published version, in one shape for every kind of item.

A kind that can be revised (a promise's revision, a report's correction) computes its own changes in
its app's `revisions` module and registers the function here, so that the chief's approval page can
show them without this app knowing the kinds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from approvals.editing import Change


@dataclass(frozen=True)
class PartChange:
    """One part of the item (an activity, a report's section) that was added, removed or changed;
    a changed part lists its changed fields, an added one its values, and a section its own parts."""

    name: str
    change: str  # "added", "removed" or "changed"
    fields: list[Change] = field(default_factory=list)
    parts: list[PartChange] = field(default_factory=list)


@dataclass(frozen=True)
class Changes:
    """What the item changes against the published version: `against` says which, in words, and
    `against_url` is that version's public address."""

    against: str
    against_url: str
    fields: list[Change]
    parts_heading: str = ""
    parts: list[PartChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.parts)


@dataclass(frozen=True)
class _Kind:
    is_revision: Callable[[Model], bool]
    compute: Callable[[Model], Changes | None]


_kinds: dict[type[Model], _Kind] = {}
_discovered = False


def register(*, model: type[Model], is_revision: Callable[[Model], bool], compute: Callable[[Model], Changes | None]) -> None:
    """Make `compute(item)` what a `model` item changes; `is_revision(item)` says, without a query,
    whether the item revises something at all."""
    _kinds[model] = _Kind(is_revision=is_revision, compute=compute)


def _registry() -> dict[type[Model], _Kind]:
    global _discovered
    if not _discovered:
        autodiscover_modules("revisions")  # each app's revisions.py registers its kinds
        _discovered = True
    return _kinds


def is_revision(item: Model) -> bool:
    """Whether the item revises a published version (and so has changes to show)."""
    kind = _registry().get(type(item))
    return bool(kind and kind.is_revision(item))


def changes_for(item: Model) -> Changes | None:
    """What the item changes against its published version; None when it revises nothing."""
    kind = _registry().get(type(item))
    if kind is None or not kind.is_revision(item):
        return None
    return kind.compute(item)


# Building blocks for the kinds' compute functions.


def display(obj: Model, name: str) -> str:
    """A field's value as a reader sees it: choices by label, dates in words, a dash when empty."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, model_field.attname)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return str(getattr(obj, model_field.name))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def label(model: type[Model], name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def field_changes(before: Model, after: Model, names) -> list[Change]:
    """The fields among `names` whose value differs between two records of one model."""
    return [
        Change(label=label(type(after), name), before=display(before, name), after=display(after, name))
        for name in names
        if getattr(before, before._meta.get_field(name).attname) != getattr(after, after._meta.get_field(name).attname)
    ]


def field_values(obj: Model, names) -> list[Change]:
    """An added record's values, as changes from nothing, leaving out the empty ones."""
    return [Change(label=label(type(obj), name), before="", after=display(obj, name)) for name in names if display(obj, name) != "–"]


def list_change(title: str, before: list[str], after: list[str]) -> list[Change]:
    """A change of a set of names (focus areas, signatories), or nothing when it is the same."""
    if before == after:
        return []
    return [Change(label=title, before="; ".join(before) or "–", after="; ".join(after) or "–")]
