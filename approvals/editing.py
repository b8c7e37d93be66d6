"""Edits that never silently overwrite someone else's: the no-lost-update rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.models import Versioned


@dataclass(frozen=True)
class Change:
    """One field someone else changed: its label and the values before and after."""

    label: str
    before: str
    after: str


class EditConflict(Exception):
    """Someone else saved the record after the form was opened; nothing was written."""

    def __init__(self, *, changes: list[Change], by, at, current_version: int):
        self.changes = changes
        self.by = by
        self.at = at
        self.current_version = current_version
        super().__init__(str(self.message))

    @property
    def message(self):
        return _("Someone else saved this while you were editing it. Nothing of yours has been saved yet.")


def _display(record, field) -> str:
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, field.name, None)
        return str(related) if related is not None else "–"
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def changes_since(instance: Versioned, version: int) -> tuple[list[Change], object, object]:
    """What changed in the stored record since `version`, and who saved last and when, from history."""
    history = instance.history.order_by("-history_date", "-history_id")
    latest = history.first()
    then = history.filter(version=version).first()
    if latest is None or then is None:
        return [], getattr(latest, "history_user", None), getattr(latest, "history_date", None)
    delta = latest.diff_against(then)
    model = type(instance)
    changes = [
        Change(
            label=str(model._meta.get_field(change.field).verbose_name).capitalize(),
            before=_display(then, model._meta.get_field(change.field)),
            after=_display(latest, model._meta.get_field(change.field)),
        )
        for change in delta.changes
        if change.field not in ("version", "workflow_state", "submitted_by")
    ]
    return changes, latest.history_user, latest.history_date


@transaction.atomic
def save_edit(instance: Versioned, *, expected_version: int | None, by) -> Versioned:
    """Save an edit made from `expected_version` (None: a new record), or raise EditConflict.

    The row is locked, so that of two saves made from the same version exactly one wins.
    """
    if instance.pk is not None:
        current = type(instance).objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).get()
        if expected_version is not None and current != expected_version:
            changes, who, when = changes_since(instance, expected_version)
            raise EditConflict(changes=changes, by=who, at=when, current_version=current)
        instance.version = current + 1
    instance.full_clean()
    instance._history_user = by
    instance.save()
    return instance
