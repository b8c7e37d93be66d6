"""Citizen dialogues from a spreadsheet (CSV and XLSX), for a coordinator's own municipality, imported
like activities: read and checked whole first (promises.importing.reading and checking), previewed,
and written on confirmation in one transaction, once per checked file (promises.importing.writing).

One row per theme; the rows with the same Datum, Typ, Rubrik and Plats are one dialogue. A group
that is a dialogue already saved gets only the themes it lacks, so importing the same file again
adds nothing. Headings and the kinds' words are Swedish whatever the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from agreements.models import Municipality
from agreements.public_cache import public_data_changed
from approvals.text_limits import field_limits
from cycle.models import Dialogue, DialogueKind, DialogueTheme
from promises.importing.checking import (
    ImportPlan,
    RowError,
    cleaned,
    column_index,
    count_in,
    date_in,
    formula_errors,
    read_rows,
    row_values,
    whole_number,
)
from promises.importing.writing import require_importer
from promises.models import PendingImportKind, Promise
from promises.spreadsheets import normalised, write_table

KIND = PendingImportKind.DIALOGUES  # the PendingImport kind of a checked dialogue file

COLUMNS = ["Datum", "Typ", "Rubrik", "Plats", "Antal deltagare", "Tema", "Vad som sades", "Löfte-ID"]
REQUIRED = ["Datum", "Typ", "Rubrik", "Tema", "Vad som sades"]
KIND_WORDS = {
    DialogueKind.DIALOGUE: "Medborgardialog",
    DialogueKind.SURVEY: "Enkät",
    DialogueKind.SAFETY_WALK: "Trygghetsvandring",
    DialogueKind.TIPS: "Tipskampanj",
    DialogueKind.STAFF: "Dialog med personal",
    DialogueKind.OTHER: "Annat",
}
KINDS = {normalised(word): kind for kind, word in KIND_WORDS.items()}


@dataclass
class ThemeRow:
    row: int
    theme: DialogueTheme
    promise: Promise | None


@dataclass
class DialogueGroup:
    """One dialogue of the file: a new one, or one already saved, with the themes it gets."""

    dialogue: Dialogue
    first_row: int
    themes: list[ThemeRow] = field(default_factory=list)
    existing: bool = False

    @property
    def theme_titles(self) -> str:
        return "; ".join(row.theme.theme for row in self.themes)


def plan_import(*, municipality: Municipality, name: str, data: bytes) -> ImportPlan:
    """Read and check the whole file; nothing is written. ImportFileError for a file-level problem.
    plan.new holds the new dialogues, plan.changed the saved ones that get themes, plan.unchanged
    the saved ones the file adds nothing to (each a DialogueGroup)."""
    headings, rows, notes = read_rows(name, data, required=REQUIRED)
    plan = ImportPlan(notes=list(notes))
    index = column_index(headings, COLUMNS)
    promise_ids = {whole_number(row[index["Löfte-ID"]]) for row in rows if "Löfte-ID" in index and index["Löfte-ID"] < len(row)}
    promises = {p.pk: p for p in Promise.objects.filter(pk__in=promise_ids - {None}).select_related("agreement")}
    saved = {
        _key(d.held_on, d.kind, d.title, d.place): d
        for d in Dialogue.objects.filter(municipality=municipality).prefetch_related("themes").order_by("pk")
    }
    limits = {**field_limits(Dialogue), **field_limits(DialogueTheme)}
    groups: dict[tuple, DialogueGroup] = {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headings
        values = row_values(row, index)
        errors = formula_errors(number, values)
        if errors:
            plan.errors.extend(errors)
            continue
        values = cleaned(values)
        checked = _check_row(number, values, municipality, promises, limits, errors)
        plan.errors.extend(errors)
        if checked is None or errors:
            continue
        dialogue, participants, theme, promise = checked
        key = _key(dialogue.held_on, dialogue.kind, dialogue.title, dialogue.place)
        group = groups.get(key)
        if group is None:
            existing = saved.get(key)
            group = groups[key] = DialogueGroup(existing or dialogue, number, existing=existing is not None)
        if participants is not None:
            if group.dialogue.participants is not None and group.dialogue.participants != participants and not group.existing:
                plan.errors.append(
                    RowError(
                        number,
                        "Antal deltagare",
                        _("Row %(row)s gives the same dialogue %(count)s participants.")
                        % {"row": group.first_row, "count": group.dialogue.participants},
                    )
                )
                continue
            if not group.existing:
                group.dialogue.participants = participants
        if any(normalised(other.theme.theme) == normalised(theme.theme) for other in group.themes):
            plan.errors.append(RowError(number, "Tema", _("The dialogue already has this theme on an earlier row.")))
            continue
        if group.existing and any(normalised(saved_theme.theme) == normalised(theme.theme) for saved_theme in group.dialogue.themes.all()):
            continue  # saved already: importing the same file again adds nothing
        group.themes.append(ThemeRow(number, theme, promise))
    for group in groups.values():
        if not group.existing:
            plan.new.append(group)
        elif group.themes:
            plan.changed.append(group)
        else:
            plan.unchanged.append(group)
    return plan


def _key(held_on, kind, title, place) -> tuple:
    return (held_on, kind, normalised(title), normalised(place))


def _check_row(number, values, municipality, promises, limits, errors):
    """The row's dialogue, participants, theme and promise; a RowError in `errors` for each bad cell."""

    def error(column, message):
        errors.append(RowError(number, column, message))

    held_on = date_in(number, "Datum", values["Datum"], errors) if values["Datum"] else None
    if not values["Datum"]:
        error("Datum", _("Give the date the dialogue was held, as YYYY-MM-DD."))
    kind = KINDS.get(normalised(values["Typ"]))
    if kind is None:
        error(
            "Typ",
            _("Unknown kind “%(value)s”; use %(words)s.") % {"value": values["Typ"], "words": ", ".join(KIND_WORDS.values())},
        )
    if not values["Rubrik"]:
        error("Rubrik", _("Give the dialogue a title."))
    participants = None
    if values.get("Antal deltagare"):
        participants = count_in(number, "Antal deltagare", values["Antal deltagare"], errors)
        if participants is not None and participants < 0:
            participants = None
    if not values["Tema"]:
        error("Tema", _("Name the theme."))
    if not values["Vad som sades"]:
        error("Vad som sades", _("Say what was said on the theme."))
    for heading, attribute in (("Rubrik", "title"), ("Plats", "place"), ("Tema", "theme")):
        limit = limits.get(attribute)
        if limit and len(values.get(heading, "")) > limit:
            error(heading, _("At most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(values[heading])})
    promise = None
    if values.get("Löfte-ID"):
        promise = promises.get(whole_number(values["Löfte-ID"]))
        if promise is None:
            error("Löfte-ID", _("There is no promise %(id)s.") % {"id": values["Löfte-ID"]})
        elif promise.agreement.municipality_id != municipality.pk:
            error("Löfte-ID", _("Promise %(id)s belongs to another municipality.") % {"id": promise.pk})
    if held_on is None or kind is None:
        return None
    dialogue = Dialogue(municipality=municipality, kind=kind, title=values["Rubrik"], held_on=held_on, place=values.get("Plats", ""))
    theme = DialogueTheme(theme=values["Tema"], what_was_said=values["Vad som sades"])
    return dialogue, participants, theme, promise


@transaction.atomic
def run_import(*, municipality: Municipality, name: str, data: bytes, by) -> ImportPlan:
    """Check the file again and, only if every row is good, write it in one transaction: the new
    dialogues, then every new theme, then the themes' promises, in bulk."""
    require_importer(municipality=municipality, by=by)
    plan = plan_import(municipality=municipality, name=name, data=data)
    if not plan.is_valid:
        return plan
    if plan.new:
        created = bulk_create_with_history([group.dialogue for group in plan.new], Dialogue, batch_size=500, default_user=by)
        for group, dialogue in zip(plan.new, created, strict=True):
            group.dialogue = dialogue
    themes = []
    for group in plan.new + plan.changed:
        order = max((t.order for t in group.dialogue.themes.all()), default=0) if group.existing else 0
        for row in group.themes:
            order += 1
            row.theme.dialogue = group.dialogue
            row.theme.order = order
            themes.append(row)
    if themes:
        created = bulk_create_with_history([row.theme for row in themes], DialogueTheme, batch_size=500, default_user=by)
        links = [
            DialogueTheme.promises.through(dialoguetheme_id=theme.pk, promise_id=row.promise.pk)
            for row, theme in zip(themes, created, strict=True)
            if row.promise is not None
        ]
        DialogueTheme.promises.through.objects.bulk_create(links)
        # Written in bulk, which sends no save signals: the themes of published promises show publicly.
        public_data_changed()
    return plan


def template_xlsx() -> bytes:
    """The template: the headings and the instructions."""
    return write_table([COLUMNS], "xlsx", title="Dialoger", widths=(12, 20, 34, 20, 14, 24, 50, 10), instructions=INSTRUCTIONS)


INSTRUCTIONS = [
    gettext_lazy("Importing citizen dialogues into Medborgarlöften"),
    "",
    gettext_lazy("Fill in the sheet Dialoger, one theme per row. The first row holds the headings; do not change them."),
    gettext_lazy("Rows with the same Datum, Typ, Rubrik and Plats are one dialogue; give Antal deltagare on one of them or on all alike."),
    gettext_lazy("Datum: the day it was held, as YYYY-MM-DD. Required."),
    gettext_lazy("Typ: Medborgardialog, Enkät, Trygghetsvandring, Tipskampanj, Dialog med personal or Annat. Required."),
    gettext_lazy("Rubrik: the dialogue's title. Required. Plats: where it was held."),
    gettext_lazy("Antal deltagare: how many took part, a whole number 0 or more; may be left empty."),
    gettext_lazy("Tema and Vad som sades: the theme and what people said on it. Required."),
    gettext_lazy("Löfte-ID: the number of one of the municipality's promises that the theme led to; may be left empty."),
    "",
    gettext_lazy("The whole file is checked first. You see a preview, and nothing is saved until every row is right and you confirm."),
    gettext_lazy("A dialogue already saved gets only the themes it does not have, so importing the same file again adds nothing."),
    gettext_lazy("Cells starting with =, +, - or @ are not read as formulae; write the text without a formula."),
]
