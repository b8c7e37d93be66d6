"""Activities in and out of spreadsheets (CSV and XLSX), for a coordinator's own municipality.

An import is read and checked whole first: every bad row is listed with its row number, column and
reason, and nothing is written unless every row is good. Writing is one transaction of bulk
inserts and updates, so a large file costs a handful of queries, not one per row. Importing the
same file twice changes nothing, also when it has no IDs: a row without an ID that matches an
existing activity (same promise, description and focus area) or promise (same agreement, title and
start) is that record. Column headings, statuses, focus areas and responsible parties are the
Swedish names people use; what we export imports back unchanged.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agreements.models import Municipality
from agreements.public_cache import public_data_changed
from approvals.editing import Change
from approvals.models import ReviewState
from approvals.text_limits import field_limits
from promises.models import Activity, Audience, FocusArea, PendingImport, Promise, ResponsibleParty
from promises.spreadsheets import (  # noqa: F401 (the words and readers other modules import from here too)
    AUDIENCE_WORDS,
    AUDIENCES,
    FORMULA_START,
    RESPONSIBLE_PARTIES,
    RESPONSIBLE_WORDS,
    STATUS_WORDS,
    STATUSES,
    WORKFLOW_WORDS,
    YES_NO,
    YES_NO_WORDS,
    ImportFileError,
    file_too_large,
    normalised,
    read_table,
    require_columns,
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
CONTENT_FIELDS = ["description", "focus_area", "responsible", "partner_name", "place", "timing", "planned_from", "planned_until",
                  "target", "target_per_year"]
PROGRESS_FIELDS = ["status", "status_date"]

@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowMatch:
    """A row without an ID that is an existing record, so that the preview can say it is not new."""

    row: int
    pk: int
    label: str


@dataclass
class RowChange:
    """A changed row, for the preview: the record's name and each changed column before and after,
    written as the file writes them."""

    row: int
    label: str
    fields: list[Change]


def row_change(row: int, label: str, columns: dict, before, after) -> RowChange:
    """The columns (heading → how a record shows in that column) in which `after` differs from `before`."""
    fields = [Change(heading, show(before), show(after)) for heading, show in columns.items() if show(before) != show(after)]
    return RowChange(row, label, fields)


@dataclass
class ImportPlan:
    """What an import would do, found without writing anything."""

    new: list[Activity] = field(default_factory=list)
    changed: list[Activity] = field(default_factory=list)
    unchanged: list[Activity] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matches: list[RowMatch] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    filled: int = 0  # rows that took the record chosen on the import page

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged)


# Checking --------------------------------------------------------------------------------------


def plan_import(*, municipality: Municipality, name: str, data: bytes, promise: Promise | None = None) -> ImportPlan:
    """Read and check the whole file; nothing is written. ImportFileError for a file-level problem.
    Rows that leave Löfte-ID empty belong to `promise`, the one chosen on the import page, if any."""
    headings, rows, notes = read_table(name, data)
    plan = ImportPlan(notes=list(notes))
    require_columns(headings, REQUIRED)
    if promise is not None:
        if promise.agreement.municipality_id != municipality.pk:
            raise ImportFileError(_("The chosen promise is not one of %(name)s's promises.") % {"name": municipality.name})
        headings, rows, plan.filled = fill_column(headings, rows, "Löfte-ID", str(promise.pk))
    elif "Löfte-ID" not in headings:
        raise ImportFileError(_("The file has no column “Löfte-ID”: choose on the import page the promise its activities belong to."))
    index = {heading: headings.index(heading) for heading in COLUMNS if heading in headings}
    context = _Context(municipality, rows, index)
    seen_ids: dict[int, int] = {}
    seen_new: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headings
        values = {heading: (row[i] if i < len(row) else "") for heading, i in index.items()}
        errors_before = len(plan.errors)
        activity = context.check_row(number, values, plan.errors)
        if activity is None or len(plan.errors) > errors_before:
            continue
        if activity.pk:
            matched = not values.get("Aktivitet-ID", "").strip()  # found by its content, not its ID
            if activity.pk in seen_ids:
                plan.errors.append(RowError(number, "Beskrivning" if matched else "Aktivitet-ID",
                                            _("The activity is already on row %(row)s.") % {"row": seen_ids[activity.pk]}))
                continue
            seen_ids[activity.pk] = number
            original = context.existing[activity.pk]
            changed = [f for f in CONTENT_FIELDS + PROGRESS_FIELDS if getattr(activity, f if f != "focus_area" else "focus_area_id") != getattr(original, f if f != "focus_area" else "focus_area_id")]
            content_changed = [f for f in changed if f in CONTENT_FIELDS]
            if content_changed and not original.promise.is_editable:
                plan.errors.append(RowError(number, "Löfte-ID", _("%(promise_is)s; only the status of its activities can be changed.")
                                            % {"promise_is": promise_is(original.promise)}))
                continue
            (plan.changed if changed else plan.unchanged).append(activity)
            if changed:
                plan.changes.append(RowChange(number, original.description,
                                              [Change(HEADINGS[f], context.show(original, f), context.show(activity, f)) for f in changed]))
            if matched:
                plan.matches.append(RowMatch(number, original.pk, original.description))
        else:
            key = (activity.promise_id, normalised(activity.description), activity.focus_area_id)
            if key in seen_new:
                plan.errors.append(RowError(number, "Beskrivning", _("The same activity is already on row %(row)s.") % {"row": seen_new[key]}))
                continue
            seen_new[key] = number
            if not activity.promise.is_editable:
                plan.errors.append(RowError(number, "Löfte-ID", _("%(promise_is)s; new activities can only be added to a draft.")
                                            % {"promise_is": promise_is(activity.promise)}))
                continue
            plan.new.append(activity)
    return plan


class _Context:
    """Everything the rows are checked against, loaded in a few queries for the whole file."""

    def __init__(self, municipality: Municipality, rows, index):
        self.municipality = municipality
        promise_ids = {_int(row[index["Löfte-ID"]]) for row in rows if index["Löfte-ID"] < len(row)} - {None}
        activity_ids = {_int(row[index["Aktivitet-ID"]]) for row in rows if "Aktivitet-ID" in index and index["Aktivitet-ID"] < len(row)} - {None}
        self.promises = {
            p.pk: p
            for p in Promise.objects.filter(pk__in=promise_ids).select_related("agreement").prefetch_related("focus_areas")
        }
        self.existing = {a.pk: a for a in Activity.objects.filter(pk__in=activity_ids).select_related("promise__agreement")}
        # A row without an ID is the activity of its promise with the same description and focus
        # area, if there is one; every candidate is loaded at once, whatever the number of rows.
        unidentified = {
            _int(row[index["Löfte-ID"]]) for row in rows
            if index["Löfte-ID"] < len(row) and not ("Aktivitet-ID" in index and index["Aktivitet-ID"] < len(row) and row[index["Aktivitet-ID"]].strip())
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

        for heading, value in values.items():
            if value.startswith(FORMULA_START) and not _is_number(value):
                error(heading, _("The cell starts with “%(char)s” and looks like a spreadsheet formula; write it as text.") % {"char": value[0]})
                return None
        values = {heading: _unescape(value).strip() for heading, value in values.items()}

        if not values["Löfte-ID"]:
            error("Löfte-ID", _("Give the Löfte-ID, or choose on the import page the promise for rows without one."))
            return None
        promise_id = _int(values["Löfte-ID"])
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
            existing = self.existing.get(_int(values["Aktivitet-ID"]))
            if existing is None:
                error("Aktivitet-ID", _("There is no activity %(id)s; leave the cell empty for a new activity.") % {"id": values["Aktivitet-ID"]})
                return None
            if existing.promise.agreement.municipality_id != self.municipality.pk:
                error("Aktivitet-ID", _("Activity %(id)s belongs to another municipality.") % {"id": existing.pk})
                return None
            if existing.promise_id != promise.pk:
                error("Löfte-ID", _("Activity %(id)s belongs to promise %(promise)s.") % {"id": existing.pk, "promise": existing.promise_id})
                return None
        elif values["Beskrivning"] and area is not None:
            candidates = self.by_content.get((promise.pk, normalised(values["Beskrivning"]), area.pk), [])
            if len(candidates) > 1:
                error("Aktivitet-ID", _("Promise %(promise)s has more than one activity with this description and focus area (%(ids)s); "
                                        "give the Aktivitet-ID of the one you mean.")
                      % {"promise": promise.pk, "ids": ", ".join(str(candidate.pk) for candidate in candidates)})
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
            error("Ansvarig", _("Unknown responsible party “%(value)s”; use polisen, kommunen, gemensamt or samverkanspart.") % {"value": values["Ansvarig"]})
        else:
            activity.responsible = responsible
            activity.partner_name = values.get("Samverkanspart", "")
            if responsible == ResponsibleParty.PARTNER and not activity.partner_name:
                error("Samverkanspart", _("Name the partner that is responsible."))

        status = STATUSES.get(normalised(values["Status"]))
        if status is None:
            error("Status", _("Unknown status “%(value)s”; use planerad, pågående, genomförd, framflyttad or inställd.") % {"value": values["Status"]})
        else:
            activity.status = status

        for heading, attribute in (("Plats", "place"), ("När", "timing"), ("Mål", "target")):
            if heading in values:
                setattr(activity, attribute, values[heading])
        for heading, attribute in (("Beskrivning", "description"), ("Samverkanspart", "partner_name"), ("Plats", "place"), ("När", "timing"), ("Mål", "target")):
            limit = self.max_lengths.get(attribute)
            if limit and len(values.get(heading, "")) > limit:
                error(heading, _("At most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(values[heading])})

        if "Mål per år" in values:
            if values["Mål per år"]:
                number_per_year = _int(values["Mål per år"])
                if number_per_year is None or number_per_year < 0:
                    error("Mål per år", _("Write a whole number, 0 or more."))
                activity.target_per_year = number_per_year
            else:
                activity.target_per_year = None
        bad_dates = False
        for heading, attribute in (("Status sedan", "status_date"), ("Planerad från", "planned_from"), ("Planerad till", "planned_until")):
            if heading in values:
                if values[heading]:
                    try:
                        setattr(activity, attribute, datetime.date.fromisoformat(values[heading]))
                    except ValueError:
                        bad_dates = True
                        error(heading, _("Write the date as YYYY-MM-DD, for example 2024-05-31."))
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


def as_cell(value) -> str:
    """A value as a cell of the file holds it: dates as YYYY-MM-DD, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO_WORDS[value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def fill_column(headings: list[str], rows: list[list[str]], heading: str, value: str) -> tuple[list[str], list[list[str]], int]:
    """The table with `value` in every empty cell of the column `heading` (added if the file lacks
    it), and how many cells that filled."""
    if heading not in headings:
        headings = [*headings, heading]
    at = headings.index(heading)
    table, filled = [], 0
    for row in rows:
        row = list(row) + [""] * max(0, at + 1 - len(row))
        if not row[at].strip():
            row[at] = value
            filled += 1
        table.append(row)
    return headings, table, filled


# "The promise … is published" names each state in its own clause: in Swedish a promise is neuter
# ("löftet är publicerat"), so the state's label, which agrees with common-gender nouns, cannot be used.
PROMISE_IS = {
    ReviewState.DRAFT: gettext_lazy("The promise “%(title)s” is a draft"),
    ReviewState.SUBMITTED: gettext_lazy("The promise “%(title)s” is submitted for approval"),
    ReviewState.APPROVED: gettext_lazy("The promise “%(title)s” is approved"),
    ReviewState.PUBLISHED: gettext_lazy("The promise “%(title)s” is published"),
}


def promise_is(promise: Promise) -> str:
    return str(PROMISE_IS[promise.workflow_state]) % {"title": promise.title}


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", "."))
        return True
    except ValueError:
        return False


def _unescape(value: str) -> str:
    """What we export as '=… (a formula made harmless) imports as the text =…"""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


# Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def run_import(*, municipality: Municipality, name: str, data: bytes, by, promise: Promise | None = None) -> ImportPlan:
    """Check the file again and, only if every row is good, write it in one transaction."""
    if not by.has_perm("promises.add_focusarea", municipality):
        raise ImportFileError(_("You may not import for this municipality; only its coordinators can."))
    plan = plan_import(municipality=municipality, name=name, data=data, promise=promise)
    if not plan.is_valid:
        return plan
    next_order = {}
    for activity in plan.new:
        if activity.promise_id not in next_order:
            next_order[activity.promise_id] = (activity.promise.activities.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        activity.order = next_order[activity.promise_id]
        next_order[activity.promise_id] += 1
    if plan.new:
        bulk_create_with_history(plan.new, Activity, batch_size=500, default_user=by)
    if plan.changed:
        for activity in plan.changed:
            activity.version += 1
        bulk_update_with_history(plan.changed, Activity, CONTENT_FIELDS + PROGRESS_FIELDS + ["version"], batch_size=500, default_user=by)
    if plan.new or plan.changed:
        # Written in bulk, which sends no save signals: published promises' activities show publicly.
        public_data_changed()
    return plan


# Confirming ------------------------------------------------------------------------------------


class ImportAlreadyConfirmed(ImportFileError):
    """The checked file was imported already; confirming it again writes nothing."""


def pending_import_create(*, municipality: Municipality, kind: str, user, name: str, data: bytes, options: dict | None = None,
                          object_id: int | None = None) -> PendingImport:
    """Keep a checked file for its confirmation under a new one-time token. Files that waited past
    IMPORT_TOKEN_MAX_AGE lose their bytes; after a day their rows go too."""
    now = timezone.now()
    expired = now - settings.IMPORT_TOKEN_MAX_AGE
    PendingImport.objects.filter(created_at__lt=expired - datetime.timedelta(days=1)).delete()
    PendingImport.objects.filter(created_at__lt=expired).exclude(data=b"").update(data=b"")
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32), municipality=municipality, kind=kind, object_id=object_id, user=user, file_name=name[:255],
        data=data, sha256=hashlib.sha256(data).hexdigest(), options=options or {}, created_at=now,
    )


@transaction.atomic
def pending_import_confirm(*, token: str, municipality: Municipality, kind: str, user, run, object_id: int | None = None) -> ImportPlan:
    """Import the file kept under `token` once: the token is taken under a row lock in the same
    transaction as the writing, so a second or simultaneous confirmation finds it used and writes
    nothing (ImportAlreadyConfirmed). `run(name, data, **options)` checks the file again and writes
    it; a plan that no longer checks out leaves the token unused."""
    pending = (PendingImport.objects.select_for_update()
               .filter(token=token, municipality=municipality, kind=kind, object_id=object_id, user=user).first()) if token else None
    if pending is None:
        raise ImportFileError(_("There is no checked file to import; upload it again."))
    if pending.used_at is not None:
        raise ImportAlreadyConfirmed(_("The file %(name)s was already imported; it was not imported again.") % {"name": pending.file_name})
    if pending.is_expired():
        raise ImportFileError(_("The checked file waited more than %(minutes)s minutes and has expired; nothing was imported. Upload it again.")
                              % {"minutes": int(settings.IMPORT_TOKEN_MAX_AGE.total_seconds() // 60)})
    data = bytes(pending.data)
    if hashlib.sha256(data).hexdigest() != pending.sha256:
        raise ImportFileError(_("There is no checked file to import; upload it again."))
    plan = run(pending.file_name, data, **pending.options)
    if plan.is_valid:
        pending.used_at = timezone.now()
        pending.data = b""
        pending.save(update_fields=["used_at", "data"])
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
            [a.pk, a.promise_id, a.promise.title, a.description, a.focus_area.name, RESPONSIBLE_WORDS[a.responsible], a.partner_name,
             a.place, a.timing, _iso(a.planned_from), _iso(a.planned_until), a.target, "" if a.target_per_year is None else a.target_per_year,
             STATUS_WORDS[a.status], _iso(a.status_date)]
        )
    return rows


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


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
    gettext_lazy("A row without Aktivitet-ID whose description and focus area are those of an activity of the same promise is that activity, so importing the same file again adds nothing."),
    gettext_lazy("Löfte-ID: leave it empty and choose the promise on the import page; or the number of the promise, as in an export."),
    gettext_lazy("Löfte: the promise's title, only as a help to you; it is not read by the import."),
    gettext_lazy("Beskrivning: what is done. Required."),
    gettext_lazy("Fokusområde: one of the promise's focus areas, with its name as in the service. Required."),
    gettext_lazy("Ansvarig: polisen, kommunen, gemensamt or samverkanspart. Required."),
    gettext_lazy("Samverkanspart: the partner's name, when Ansvarig is samverkanspart."),
    gettext_lazy("Plats, När and Mål: free text. Mål per år: a whole number, when the target is a number."),
    gettext_lazy("Planerad från and Planerad till: when the activity is planned, as YYYY-MM-DD, if only for part of the promise's period; may be left empty."),
    gettext_lazy("Status: planerad, pågående, genomförd, framflyttad or inställd. Required. Status sedan: a date as YYYY-MM-DD."),
    "",
    gettext_lazy("New activities can only be added to promises that are drafts; in published promises only the status can change."),
    gettext_lazy("The whole file is checked first. You see a preview, and nothing is saved until every row is right and you confirm."),
    gettext_lazy("Cells starting with =, +, - or @ are not read as formulae; write the text without a formula."),
    gettext_lazy("Save as .xlsx (without macros) or as CSV UTF-8; semicolons or commas between the columns both work."),
]


# Promises ------------------------------------------------------------------------------------

PROMISE_COLUMNS = ["Löfte-ID", "Överenskommelse-ID", "Titel", "Löfte", "Effekt", "Bakgrund", "Underlag", "Fokusområden",
                   "Gäller från", "Gäller till", "Gäller så länge överenskommelsen gäller", "Målgrupp",
                   "Vilken grupp eller vilket område", "Undertecknat", "Ordning", "Läge"]
# Överenskommelse-ID is required on every row only when no agreement is chosen on the import page.
PROMISE_REQUIRED = ["Titel", "Löfte", "Fokusområden", "Gäller från"]
PROMISE_FIELDS = {"Titel": "title", "Löfte": "commitment", "Effekt": "effect", "Bakgrund": "background", "Underlag": "sources",
                  "Vilken grupp eller vilket område": "audience_detail"}
# What a promise says: a change to any of it is a content change, which only a draft allows.
PROMISE_CONTENT = [*PROMISE_FIELDS.values(), "valid_from", "valid_until", "runs_with_agreement", "audience", "signed_on", "order"]
RUNS_WITH_AGREEMENT = "Gäller så länge överenskommelsen gäller"
# How a promise shows in each column it can change in, written as the file writes it (for the preview).
PROMISE_SHOWN = {
    "Överenskommelse-ID": lambda p: str(p.agreement_id),
    **{heading: (lambda p, attribute=attribute: getattr(p, attribute)) for heading, attribute in PROMISE_FIELDS.items()},
    "Gäller från": lambda p: as_cell(p.valid_from),
    "Gäller till": lambda p: as_cell(p.valid_until),
    RUNS_WITH_AGREEMENT: lambda p: YES_NO_WORDS[p.runs_with_agreement],
    "Målgrupp": lambda p: AUDIENCE_WORDS.get(p.audience, p.audience),
    "Undertecknat": lambda p: as_cell(p.signed_on),
    "Ordning": lambda p: str(p.order),
}


@dataclass
class PromiseRow:
    promise: Promise
    focus_areas: list


def export_promise_rows(municipality: Municipality) -> list[list]:
    promises = (
        Promise.objects.filter(agreement__municipality=municipality, revision_of__isnull=True)
        .prefetch_related("focus_areas").order_by("agreement__starts_on", "order", "pk")
    )
    rows = [PROMISE_COLUMNS]
    for p in promises:
        rows.append([p.pk, p.agreement_id, p.title, p.commitment, p.effect, p.background, p.sources,
                     area_names(p.focus_areas.all()), p.valid_from.isoformat(), _iso(p.valid_until),
                     YES_NO_WORDS[p.runs_with_agreement], AUDIENCE_WORDS[p.audience], p.audience_detail, _iso(p.signed_on),
                     p.order, WORKFLOW_WORDS[p.workflow_state]])
    return rows


def area_names(areas) -> str:
    return "; ".join(sorted(area.name for area in areas))


PROMISE_WIDTHS = (10, 10, 30, 50, 40, 40, 30, 40, 12, 12, 14, 12, 30, 12, 8, 12)


def export_promises(municipality: Municipality, kind: str) -> bytes:
    return write_table(export_promise_rows(municipality), kind, title="Löften", widths=PROMISE_WIDTHS)


def promise_template() -> bytes:
    """The promises' template: their headings, and a sheet of instructions."""
    return write_table([PROMISE_COLUMNS], "xlsx", title="Löften", widths=PROMISE_WIDTHS, instructions=PROMISE_INSTRUCTIONS)


PROMISE_INSTRUCTIONS = [
    gettext_lazy("Importing promises into Medborgarlöften"),
    "",
    gettext_lazy("Fill in the sheet Löften, one promise per row. The first row holds the headings; do not change them."),
    gettext_lazy("Löfte-ID: empty for a new promise; the number from an export to change an existing one."),
    gettext_lazy("A row without Löfte-ID whose Titel and Gäller från are those of a promise of the same agreement is that promise, so importing the same file again adds nothing."),
    gettext_lazy("Överenskommelse-ID: leave it empty and choose the agreement on the import page; or the number of the agreement, as in an export."),
    gettext_lazy("Titel and Löfte (what is promised): required. Effekt, Bakgrund and Underlag: free text."),
    gettext_lazy("Fokusområden: one or more focus areas, with their names as in the service, separated by semicolons. Required."),
    gettext_lazy("Gäller från: the first day, as YYYY-MM-DD. Required. Gäller till: the last day, or empty."),
    gettext_lazy("Gäller så länge överenskommelsen gäller: ja or nej; an empty cell means nej."),
    gettext_lazy("Målgrupp: alla, barn, unga, äldre, ett område or annan grupp; an empty cell means alla. Vilken grupp eller vilket område: required for ett område and annan grupp."),
    gettext_lazy("Undertecknat: when the promise itself was signed, as YYYY-MM-DD; empty when it is signed with the agreement."),
    gettext_lazy("Ordning: a whole number; promises are listed by it, lowest first."),
    gettext_lazy("Läge: the promise's state, only as a help to you; it is not read by the import."),
    "",
    gettext_lazy("New promises become drafts. Only drafts can be changed; a published promise is changed through a revision."),
    gettext_lazy("The whole file is checked first. You see a preview, and nothing is saved until every row is right and you confirm."),
    gettext_lazy("Cells starting with =, +, - or @ are not read as formulae; write the text without a formula."),
    gettext_lazy("Save as .xlsx (without macros) or as CSV UTF-8; semicolons or commas between the columns both work."),
]


def plan_promise_import(*, municipality: Municipality, name: str, data: bytes, agreement=None) -> ImportPlan:
    """Check a file of promises: new ones become drafts; changes only to drafts; nothing written.
    A row without Löfte-ID is the promise of its agreement with the same title and start, if there is one.
    Rows that leave Överenskommelse-ID empty belong to `agreement`, the one chosen on the import page, if any."""
    headings, rows, notes = read_table(name, data)
    require_columns(headings, PROMISE_REQUIRED)
    agreements = {a.pk: a for a in municipality.agreements.all()}
    filled = 0
    if agreement is not None:
        if agreement.pk not in agreements:
            raise ImportFileError(_("The chosen agreement is not one of %(name)s's agreements.") % {"name": municipality.name})
        headings, rows, filled = fill_column(headings, rows, "Överenskommelse-ID", str(agreement.pk))
    elif "Överenskommelse-ID" not in headings:
        raise ImportFileError(_("The file has no column “Överenskommelse-ID”: choose on the import page the agreement its promises belong to."))
    index = {heading: headings.index(heading) for heading in PROMISE_COLUMNS if heading in headings}
    existing = {p.pk: p for p in Promise.objects.filter(agreement__municipality=municipality, revision_of__isnull=True).prefetch_related("focus_areas")}
    by_content: dict[tuple, list[Promise]] = defaultdict(list)
    for candidate in sorted(existing.values(), key=lambda p: p.pk):
        by_content[(candidate.agreement_id, normalised(candidate.title), candidate.valid_from)].append(candidate)
    areas = {a.name.strip().lower(): a for a in FocusArea.objects.available_to(municipality)}
    lengths = field_limits(Promise)
    plan = ImportPlan(notes=list(notes), filled=filled)
    seen_ids: dict[int, int] = {}
    seen_titles: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        raw = {heading: (row[i] if i < len(row) else "") for heading, i in index.items()}
        errors = [RowError(number, h, _("The cell starts with “%(char)s” and looks like a spreadsheet formula; write it as text.") % {"char": v[0]})
                  for h, v in raw.items() if v.startswith(FORMULA_START) and not _is_number(v)]
        values = {heading: _unescape(value).strip() for heading, value in raw.items()}
        row_agreement = agreements.get(_int(values["Överenskommelse-ID"]))
        if not values["Överenskommelse-ID"]:
            errors.append(RowError(number, "Överenskommelse-ID", _("Give the Överenskommelse-ID, or choose on the import page the agreement for rows without one.")))
        elif row_agreement is None:
            errors.append(RowError(number, "Överenskommelse-ID", _("The municipality has no agreement %(id)s.") % {"id": values["Överenskommelse-ID"]}))
        original = None
        if values.get("Löfte-ID"):
            original = existing.get(_int(values["Löfte-ID"]))
            if original is None:
                errors.append(RowError(number, "Löfte-ID", _("The municipality has no promise %(id)s; leave the cell empty for a new promise.") % {"id": values["Löfte-ID"]}))
            elif original.pk in seen_ids:
                errors.append(RowError(number, "Löfte-ID", _("The promise is already on row %(row)s.") % {"row": seen_ids[original.pk]}))
        for heading, attribute in PROMISE_FIELDS.items():
            limit = lengths.get(attribute)
            if limit and len(values.get(heading, "")) > limit:
                errors.append(RowError(number, heading, _("At most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(values[heading])}))
        for heading in ("Titel", "Löfte"):
            if not values.get(heading):
                errors.append(RowError(number, heading, _("This column must be filled in.")))
        chosen = []
        for area_name in [n.strip() for n in values.get("Fokusområden", "").split(";") if n.strip()]:
            area = areas.get(area_name.lower())
            if area is None:
                errors.append(RowError(number, "Fokusområden", _("There is no focus area “%(name)s” for the municipality.") % {"name": area_name}))
            else:
                chosen.append(area)
        if not chosen and not any(e.column == "Fokusområden" for e in errors):
            errors.append(RowError(number, "Fokusområden", _("Choose at least one focus area.")))
        dates = {}
        for heading in ("Gäller från", "Gäller till", "Undertecknat"):
            if values.get(heading):
                try:
                    dates[heading] = datetime.date.fromisoformat(values[heading])
                except ValueError:
                    errors.append(RowError(number, heading, _("Write the date as YYYY-MM-DD, for example 2024-05-31.")))
            elif heading == "Gäller från":
                errors.append(RowError(number, heading, _("This column must be filled in.")))
        order = _int(values.get("Ordning") or 0)
        if order is None or order < 0:
            errors.append(RowError(number, "Ordning", _("Write a whole number, 0 or more.")))
        runs_with_agreement = YES_NO.get(normalised(values.get(RUNS_WITH_AGREEMENT, "")) or YES_NO_WORDS[False])
        if runs_with_agreement is None:
            errors.append(RowError(number, RUNS_WITH_AGREEMENT, _("Write “ja” or “nej”; an empty cell means nej.")))
        audience = AUDIENCES.get(normalised(values.get("Målgrupp", "")) or AUDIENCE_WORDS[Audience.EVERYONE])
        if audience is None:
            errors.append(RowError(number, "Målgrupp", _("Unknown target group “%(value)s”; use alla, barn, unga, äldre, ett område or annan grupp.")
                                   % {"value": values["Målgrupp"]}))
        if errors:
            plan.errors.extend(errors)
            continue

        matched = False
        if original is None:
            candidates = by_content.get((row_agreement.pk, normalised(values["Titel"]), dates["Gäller från"]), [])
            if len(candidates) > 1:
                plan.errors.append(RowError(number, "Löfte-ID", _("The agreement has more than one promise with this title and start (%(ids)s); give the Löfte-ID of the one you mean.")
                                            % {"ids": ", ".join(str(candidate.pk) for candidate in candidates)}))
                continue
            if candidates:
                original, matched = candidates[0], True
                if original.pk in seen_ids:
                    plan.errors.append(RowError(number, "Titel", _("The promise is already on row %(row)s.") % {"row": seen_ids[original.pk]}))
                    continue
        if original is None:
            promise = Promise(workflow_state=ReviewState.DRAFT)
        else:  # a copy, so that the promises loaded for the whole file keep what the database holds
            promise = Promise(**{f.attname: getattr(original, f.attname) for f in Promise._meta.concrete_fields})
        promise.agreement = row_agreement
        for heading, attribute in PROMISE_FIELDS.items():
            # A promise found by its title keeps its own spelling of it (see the activities' import).
            if heading in values and not (matched and attribute == "title"):
                setattr(promise, attribute, values[heading])
        promise.valid_from = dates["Gäller från"]
        # Optional columns a file may lack (an older export, say) leave what the promise has as it is.
        if "Gäller till" in values:
            promise.valid_until = dates.get("Gäller till")
        if "Undertecknat" in values:
            promise.signed_on = dates.get("Undertecknat")
        if "Ordning" in values:
            promise.order = order
        if RUNS_WITH_AGREEMENT in values:
            promise.runs_with_agreement = runs_with_agreement
        if "Målgrupp" in values:
            promise.audience = audience
        if promise.valid_until and promise.valid_until < promise.valid_from:
            plan.errors.append(RowError(number, "Gäller till", _("The end date cannot be before the start date.")))
            continue
        if promise.audience in (Audience.NEIGHBOURHOOD, Audience.OTHER) and not promise.audience_detail.strip():
            plan.errors.append(RowError(number, "Vilken grupp eller vilket område",
                                        _("Name the neighbourhood or group when Målgrupp is “ett område” or “annan grupp”.")))
            continue
        key = (row_agreement.pk, normalised(promise.title))
        if original is None and key in seen_titles:
            plan.errors.append(RowError(number, "Titel", _("The same promise is already on row %(row)s.") % {"row": seen_titles[key]}))
            continue
        seen_titles[key] = number
        if original is None:
            plan.new.append(PromiseRow(promise, chosen))
            continue
        seen_ids[original.pk] = number
        compared = ["agreement_id", *PROMISE_CONTENT]
        same_areas = {a.pk for a in chosen} == {a.pk for a in original.focus_areas.all()}
        if same_areas and all(getattr(promise, f) == getattr(original, f) for f in compared):
            plan.unchanged.append(PromiseRow(promise, chosen))
        elif not original.is_editable:
            plan.errors.append(RowError(number, "Löfte-ID", _("%(promise_is)s; start a revision to change it.")
                                        % {"promise_is": promise_is(original)}))
            continue
        else:
            plan.changed.append(PromiseRow(promise, chosen))
            change = row_change(number, original.title, PROMISE_SHOWN, original, promise)
            if not same_areas:
                change.fields.append(Change("Fokusområden", area_names(original.focus_areas.all()), area_names(chosen)))
            plan.changes.append(change)
        if matched:
            plan.matches.append(RowMatch(number, original.pk, original.title))
    return plan


@transaction.atomic
def run_promise_import(*, municipality: Municipality, name: str, data: bytes, by, agreement=None) -> ImportPlan:
    """Check again and, only if every row is good, write new drafts and changed drafts in bulk."""
    if not by.has_perm("promises.add_focusarea", municipality):
        raise ImportFileError(_("You may not import for this municipality; only its coordinators can."))
    plan = plan_promise_import(municipality=municipality, name=name, data=data, agreement=agreement)
    if not plan.is_valid:
        return plan
    new = [row.promise for row in plan.new]
    if new:
        bulk_create_with_history(new, Promise, batch_size=500, default_user=by)
    changed = [row.promise for row in plan.changed]
    if changed:
        for promise in changed:
            promise.version += 1
        bulk_update_with_history(changed, Promise, ["agreement", *PROMISE_CONTENT, "version"], batch_size=500, default_user=by)
    through = Promise.focus_areas.through
    rows = plan.new + plan.changed
    through.objects.filter(promise__in=[row.promise for row in plan.changed]).delete()
    through.objects.bulk_create([through(promise=row.promise, focusarea=area) for row in rows for area in row.focus_areas])
    return plan
