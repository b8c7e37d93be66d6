"""Activities in and out of spreadsheets (CSV and XLSX), for a coordinator's own municipality.

An import is read and checked whole first (`reading`, `checking`) and written in one transaction
of bulk inserts and updates (`writing`). Importing the same file twice changes nothing, also when
it has no IDs: a row without an ID that matches an existing activity (same promise, description
and focus area) is that activity. Column headings, statuses, focus areas and responsible parties
are the Swedish names people use; what we export imports back unchanged.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Municipality
from agreements.public_cache import public_data_changed
from approvals.editing import Change
from approvals.text_limits import field_limits
from promises.importing.checking import (
    ImportPlan,
    RowChange,
    RowError,
    RowMatch,
    as_cell,
    cleaned,
    column_index,
    count_in,
    date_in,
    fill_column,
    formula_errors,
    iso,
    promise_is,
    read_rows,
    row_values,
    status_in,
    whole_number,
)
from promises.importing.reading import ImportFileError
from promises.importing.writing import require_importer, write_rows
from promises.models import Activity, FocusArea, Promise, ResponsibleParty
from promises.spreadsheets import (
    RESPONSIBLE_PARTIES,
    RESPONSIBLE_WORDS,
    STATUS_WORDS,
    normalised,
    write_table,
)

# The file's columns: heading → Activity field. The headings are the interchange format, in Swedish
# whatever the reader's language, so that a file exported by one imports for another.
COLUMNS = {
    "Aktivitet-ID": "id",
    "Löfte-ID": "promise",
    "Löfte": "promise_title",
    "Beskrivning": "description",
    "Fokusområde": "focus_area",
    "Ansvarig": "responsible",
    "Samverkanspart": "partner_name",
    "Plats": "place",
    "När": "timing",
    "Planerad från": "planned_from",
    "Planerad till": "planned_until",
    "Mål": "target",
    "Mål per år": "target_per_year",
    "Status": "status",
    "Status sedan": "status_date",
}
# Löfte-ID is required on every row only when no promise is chosen on the import page.
REQUIRED = ["Beskrivning", "Fokusområde", "Ansvarig", "Status"]
HEADINGS = {attribute: heading for heading, attribute in COLUMNS.items()}
CONTENT_FIELDS = [
    "description",
    "focus_area",
    "responsible",
    "partner_name",
    "place",
    "timing",
    "planned_from",
    "planned_until",
    "target",
    "target_per_year",
]
PROGRESS_FIELDS = ["status", "status_date"]


# Checking --------------------------------------------------------------------------------------


def plan_import(*, municipality: Municipality, name: str, data: bytes, promise: Promise | None = None) -> ImportPlan:
    """Read and check the whole file; nothing is written. ImportFileError for a file-level problem.
    Rows that leave Löfte-ID empty belong to `promise`, the one chosen on the import page, if any."""
    headings, rows, notes = read_rows(name, data, required=REQUIRED)
    plan = ImportPlan(notes=list(notes))
    if promise is not None:
        if promise.agreement.municipality_id != municipality.pk:
            raise ImportFileError(_("The chosen promise is not one of %(name)s's promises.") % {"name": municipality.name})
        headings, rows, plan.filled = fill_column(headings, rows, "Löfte-ID", str(promise.pk))
    elif "Löfte-ID" not in headings:
        raise ImportFileError(_("The file has no column “Löfte-ID”: choose on the import page the promise its activities belong to."))
    index = column_index(headings, COLUMNS)
    context = _Context(municipality, rows, index)
    seen_ids: dict[int, int] = {}
    seen_new: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headings
        values = row_values(row, index)
        errors_before = len(plan.errors)
        activity = context.check_row(number, values, plan.errors)
        if activity is None or len(plan.errors) > errors_before:
            continue
        if activity.pk:
            matched = not values.get("Aktivitet-ID", "").strip()  # found by its content, not its ID
            if activity.pk in seen_ids:
                plan.errors.append(
                    RowError(
                        number,
                        "Beskrivning" if matched else "Aktivitet-ID",
                        _("The activity is already on row %(row)s.") % {"row": seen_ids[activity.pk]},
                    )
                )
                continue
            seen_ids[activity.pk] = number
            original = context.existing[activity.pk]
            changed = [
                f
                for f in CONTENT_FIELDS + PROGRESS_FIELDS
                if getattr(activity, f if f != "focus_area" else "focus_area_id")
                != getattr(original, f if f != "focus_area" else "focus_area_id")
            ]
            content_changed = [f for f in changed if f in CONTENT_FIELDS]
            if content_changed and not original.promise.is_editable:
                plan.errors.append(
                    RowError(
                        number,
                        "Löfte-ID",
                        _("%(promise_is)s; only the status of its activities can be changed.")
                        % {"promise_is": promise_is(original.promise)},
                    )
                )
                continue
            (plan.changed if changed else plan.unchanged).append(activity)
            if changed:
                plan.changes.append(
                    RowChange(
                        number,
                        original.description,
                        [Change(HEADINGS[f], context.show(original, f), context.show(activity, f)) for f in changed],
                    )
                )
            if matched:
                plan.matches.append(RowMatch(number, original.pk, original.description))
        else:
            key = (activity.promise_id, normalised(activity.description), activity.focus_area_id)
            if key in seen_new:
                plan.errors.append(
                    RowError(number, "Beskrivning", _("The same activity is already on row %(row)s.") % {"row": seen_new[key]})
                )
                continue
            seen_new[key] = number
            if not activity.promise.is_editable:
                plan.errors.append(
                    RowError(
                        number,
                        "Löfte-ID",
                        _("%(promise_is)s; new activities can only be added to a draft.") % {"promise_is": promise_is(activity.promise)},
                    )
                )
                continue
            plan.new.append(activity)
    return plan


class _Context:
    """Everything the rows are checked against, loaded in a few queries for the whole file."""

    def __init__(self, municipality: Municipality, rows, index):
        self.municipality = municipality
        promise_ids = {whole_number(row[index["Löfte-ID"]]) for row in rows if index["Löfte-ID"] < len(row)} - {None}
        activity_ids = {
            whole_number(row[index["Aktivitet-ID"]]) for row in rows if "Aktivitet-ID" in index and index["Aktivitet-ID"] < len(row)
        } - {None}
        self.promises = {
            p.pk: p for p in Promise.objects.filter(pk__in=promise_ids).select_related("agreement").prefetch_related("focus_areas")
        }
        self.existing = {a.pk: a for a in Activity.objects.filter(pk__in=activity_ids).select_related("promise__agreement")}
        # A row without an ID is the activity of its promise with the same description and focus
        # area, if there is one; every candidate is loaded at once, whatever the number of rows.
        unidentified = {
            whole_number(row[index["Löfte-ID"]])
            for row in rows
            if index["Löfte-ID"] < len(row)
            and not ("Aktivitet-ID" in index and index["Aktivitet-ID"] < len(row) and row[index["Aktivitet-ID"]].strip())
        }
        own = [pk for pk in unidentified if pk in self.promises and self.promises[pk].agreement.municipality_id == municipality.pk]
        self.by_content: dict[tuple, list[Activity]] = defaultdict(list)
        for candidate in Activity.objects.filter(promise__in=own).order_by("pk") if own else []:
            candidate.promise = self.promises[candidate.promise_id]
            self.by_content[(candidate.promise_id, normalised(candidate.description), candidate.focus_area_id)].append(candidate)
            self.existing.setdefault(candidate.pk, candidate)
        self.areas = {a.name.strip().lower(): a for a in FocusArea.objects.available_to(municipality)}
        self.area_names = {a.pk: a.name for a in self.areas.values()}
        self.max_lengths = field_limits(Activity)

    def check_row(self, number: int, values: dict, errors: list) -> Activity | None:
        def error(column, message):
            errors.append(RowError(number, column, message))

        formulae = formula_errors(number, values)
        if formulae:
            errors.append(formulae[0])
            return None
        values = cleaned(values)

        if not values["Löfte-ID"]:
            error("Löfte-ID", _("Give the Löfte-ID, or choose on the import page the promise for rows without one."))
            return None
        promise_id = whole_number(values["Löfte-ID"])
        promise = self.promises.get(promise_id)
        if promise is None:
            error("Löfte-ID", _("There is no promise %(id)s.") % {"id": values["Löfte-ID"] or "–"})
            return None
        if promise.agreement.municipality_id != self.municipality.pk:
            error("Löfte-ID", _("Promise %(id)s belongs to another municipality.") % {"id": promise_id})
            return None

        area = self.areas.get(values["Fokusområde"].lower())
        activity = Activity(promise=promise)
        existing, matched = None, False
        if values.get("Aktivitet-ID"):
            existing = self.existing.get(whole_number(values["Aktivitet-ID"]))
            if existing is None:
                error(
                    "Aktivitet-ID",
                    _("There is no activity %(id)s; leave the cell empty for a new activity.") % {"id": values["Aktivitet-ID"]},
                )
                return None
            if existing.promise.agreement.municipality_id != self.municipality.pk:
                error("Aktivitet-ID", _("Activity %(id)s belongs to another municipality.") % {"id": existing.pk})
                return None
            if existing.promise_id != promise.pk:
                error(
                    "Löfte-ID", _("Activity %(id)s belongs to promise %(promise)s.") % {"id": existing.pk, "promise": existing.promise_id}
                )
                return None
        elif values["Beskrivning"] and area is not None:
            candidates = self.by_content.get((promise.pk, normalised(values["Beskrivning"]), area.pk), [])
            if len(candidates) > 1:
                error(
                    "Aktivitet-ID",
                    _(
                        "Promise %(promise)s has more than one activity with this description and focus area (%(ids)s); "
                        "give the Aktivitet-ID of the one you mean."
                    )
                    % {"promise": promise.pk, "ids": ", ".join(str(candidate.pk) for candidate in candidates)},
                )
                return None
            existing = candidates[0] if candidates else None
            matched = existing is not None
        if existing is not None:
            activity = Activity.objects.model(**{f.attname: getattr(existing, f.attname) for f in Activity._meta.concrete_fields})
            activity.promise = promise

        if not values["Beskrivning"]:
            error("Beskrivning", _("Describe the activity."))
        if not matched:
            # An activity found by its description keeps its own spelling of it: a re-typed file that
            # differs only in spaces or capitals is no content change, which a published promise refuses.
            activity.description = values["Beskrivning"]

        if area is None:
            error("Fokusområde", _("There is no focus area “%(name)s” for the municipality.") % {"name": values["Fokusområde"]})
        elif not any(a.pk == area.pk for a in promise.focus_areas.all()):
            error("Fokusområde", _("“%(name)s” is not one of the promise's focus areas.") % {"name": area.name})
        else:
            activity.focus_area = area

        responsible = RESPONSIBLE_PARTIES.get(normalised(values["Ansvarig"]))
        if responsible is None:
            error(
                "Ansvarig",
                _("Unknown responsible party “%(value)s”; use polisen, kommunen, gemensamt or samverkanspart.")
                % {"value": values["Ansvarig"]},
            )
        else:
            activity.responsible = responsible
            activity.partner_name = values.get("Samverkanspart", "")
            if responsible == ResponsibleParty.PARTNER and not activity.partner_name:
                error("Samverkanspart", _("Name the partner that is responsible."))

        status = status_in(number, values["Status"], errors)
        if status is not None:
            activity.status = status

        for heading, attribute in (("Plats", "place"), ("När", "timing"), ("Mål", "target")):
            if heading in values:
                setattr(activity, attribute, values[heading])
        for heading, attribute in (
            ("Beskrivning", "description"),
            ("Samverkanspart", "partner_name"),
            ("Plats", "place"),
            ("När", "timing"),
            ("Mål", "target"),
        ):
            limit = self.max_lengths.get(attribute)
            if limit and len(values.get(heading, "")) > limit:
                error(heading, _("At most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(values[heading])})

        if "Mål per år" in values:
            activity.target_per_year = count_in(number, "Mål per år", values["Mål per år"], errors) if values["Mål per år"] else None
        bad_dates = False
        for heading, attribute in (("Status sedan", "status_date"), ("Planerad från", "planned_from"), ("Planerad till", "planned_until")):
            if heading in values:
                if values[heading]:
                    day = date_in(number, heading, values[heading], errors)
                    if day is None:
                        bad_dates = True
                    else:
                        setattr(activity, attribute, day)
                else:
                    setattr(activity, attribute, None)
        if not bad_dates and activity.planned_from and activity.planned_until and activity.planned_until < activity.planned_from:
            error("Planerad till", _("Planerad till cannot be before Planerad från."))
        return activity

    def show(self, activity: Activity, attribute: str) -> str:
        """An activity's value in one column, written as the file writes it (for the preview)."""
        if attribute == "focus_area":
            return self.area_names.get(activity.focus_area_id, "")
        if attribute == "status":
            return STATUS_WORDS.get(activity.status, activity.status)
        if attribute == "responsible":
            return RESPONSIBLE_WORDS.get(activity.responsible, activity.responsible)
        return as_cell(getattr(activity, attribute))


# Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def run_import(*, municipality: Municipality, name: str, data: bytes, by, promise: Promise | None = None) -> ImportPlan:
    """Check the file again and, only if every row is good, write it in one transaction."""
    require_importer(municipality=municipality, by=by)
    plan = plan_import(municipality=municipality, name=name, data=data, promise=promise)
    if not plan.is_valid:
        return plan
    next_order = {}
    for activity in plan.new:
        if activity.promise_id not in next_order:
            next_order[activity.promise_id] = (
                activity.promise.activities.order_by("-order").values_list("order", flat=True).first() or 0
            ) + 1
        activity.order = next_order[activity.promise_id]
        next_order[activity.promise_id] += 1
    write_rows(model=Activity, new=plan.new, changed=plan.changed, fields=CONTENT_FIELDS + PROGRESS_FIELDS, by=by)
    if plan.new or plan.changed:
        # Written in bulk, which sends no save signals: published promises' activities show publicly.
        public_data_changed()
    return plan


# Export ----------------------------------------------------------------------------------------


def export_rows(municipality: Municipality) -> list[list]:
    """The municipality's activities (not those of revisions in progress), as the import reads them."""
    activities = (
        Activity.objects.filter(promise__agreement__municipality=municipality, promise__revision_of__isnull=True)
        .select_related("promise", "focus_area")
        .order_by("promise__order", "promise_id", "order", "pk")
    )
    rows = [list(COLUMNS)]
    for a in activities:
        rows.append(
            [
                a.pk,
                a.promise_id,
                a.promise.title,
                a.description,
                a.focus_area.name,
                RESPONSIBLE_WORDS[a.responsible],
                a.partner_name,
                a.place,
                a.timing,
                iso(a.planned_from),
                iso(a.planned_until),
                a.target,
                "" if a.target_per_year is None else a.target_per_year,
                STATUS_WORDS[a.status],
                iso(a.status_date),
            ]
        )
    return rows


def export_csv(municipality: Municipality) -> bytes:
    return write_table(export_rows(municipality), "csv")


def export_xlsx(municipality: Municipality | None, *, template: bool = False) -> bytes:
    """The activities as a workbook (or, as the template, only their headings), with instructions."""
    rows = [list(COLUMNS)] if template else export_rows(municipality)
    widths = (12, 10, 30, 50, 28, 16, 22, 22, 18, 14, 14, 26, 12, 14, 14)
    return write_table(rows, "xlsx", title="Aktiviteter", widths=widths, instructions=INSTRUCTIONS)


INSTRUCTIONS = [
    gettext_lazy("Importing activities into Medborgarlöften"),
    "",
    gettext_lazy("Fill in the sheet Aktiviteter, one activity per row. The first row holds the headings; do not change them."),
    gettext_lazy("Aktivitet-ID: empty for a new activity; the number from an export to change an existing one."),
    gettext_lazy(
        "A row without Aktivitet-ID whose description and focus area are those of an activity of the same promise is that activity, so importing the same file again adds nothing."
    ),
    gettext_lazy("Löfte-ID: leave it empty and choose the promise on the import page; or the number of the promise, as in an export."),
    gettext_lazy("Löfte: the promise's title, only as a help to you; it is not read by the import."),
    gettext_lazy("Beskrivning: what is done. Required."),
    gettext_lazy("Fokusområde: one of the promise's focus areas, with its name as in the service. Required."),
    gettext_lazy("Ansvarig: polisen, kommunen, gemensamt or samverkanspart. Required."),
    gettext_lazy("Samverkanspart: the partner's name, when Ansvarig is samverkanspart."),
    gettext_lazy("Plats, När and Mål: free text. Mål per år: a whole number, when the target is a number."),
    gettext_lazy(
        "Planerad från and Planerad till: when the activity is planned, as YYYY-MM-DD, if only for part of the promise's period; may be left empty."
    ),
    gettext_lazy("Status: planerad, pågående, genomförd, framflyttad or inställd. Required. Status sedan: a date as YYYY-MM-DD."),
    "",
    gettext_lazy("New activities can only be added to promises that are drafts; in published promises only the status can change."),
    gettext_lazy("The whole file is checked first. You see a preview, and nothing is saved until every row is right and you confirm."),
    gettext_lazy("Cells starting with =, +, - or @ are not read as formulae; write the text without a formula."),
    gettext_lazy("Save as .xlsx (without macros) or as CSV UTF-8; semicolons or commas between the columns both work."),
]
