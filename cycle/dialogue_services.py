"""Writes to the citizen dialogues and their themes: only the municipality's coordinators write, and
a theme leads only to the municipality's own prioritised problems and promises."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cycle.models import Dialogue, DialogueTheme
from cycle.services import CycleError, require_edit, save_checked

PERM = "cycle.change_dialogue"


@transaction.atomic
def dialogue_create(*, municipality, by, **fields) -> Dialogue:
    require_edit(item=municipality, by=by, perm=PERM)
    return save_checked(Dialogue(municipality=municipality, **fields), by=by)


@transaction.atomic
def dialogue_update(*, dialogue: Dialogue, by, **fields) -> Dialogue:
    require_edit(item=dialogue, by=by, perm=PERM)
    for name, value in fields.items():
        setattr(dialogue, name, value)
    return save_checked(dialogue, by=by)


def _check_links(municipality, problems, promises) -> None:
    """A theme may lead only to the municipality's own problems and promises; anything else is refused."""
    if any(problem.situation_picture.municipality_id != municipality.pk for problem in problems):
        raise CycleError(_("A theme can only be linked to the municipality's own prioritised problems."))
    if any(promise.agreement.municipality_id != municipality.pk for promise in promises):
        raise CycleError(_("A theme can only be linked to the municipality's own promises."))


@transaction.atomic
def theme_create(*, dialogue: Dialogue, by, theme: str, what_was_said: str, problems=(), promises=()) -> DialogueTheme:
    require_edit(item=dialogue, by=by, perm=PERM)
    _check_links(dialogue.municipality, problems, promises)
    order = (dialogue.themes.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    record = save_checked(DialogueTheme(dialogue=dialogue, theme=theme, what_was_said=what_was_said, order=order), by=by)
    record.problems.set(problems)
    record.promises.set(promises)
    return record


@transaction.atomic
def theme_update(*, theme: DialogueTheme, by, problems=(), promises=(), **fields) -> DialogueTheme:
    require_edit(item=theme, by=by, perm=PERM)
    _check_links(theme.dialogue.municipality, problems, promises)
    for name, value in fields.items():
        setattr(theme, name, value)
    save_checked(theme, by=by)
    theme.problems.set(problems)
    theme.promises.set(promises)
    return theme


@transaction.atomic
def theme_remove(*, theme: DialogueTheme, by) -> None:
    require_edit(item=theme, by=by, perm=PERM)
    theme._history_user = by
    theme.delete()
