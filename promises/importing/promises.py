"""Promises in and out of spreadsheets (CSV and XLSX), for a coordinator's own municipality.

Read, checked and written like the activities (`promises.importing.activities`): new promises
become drafts, only drafts change, and a row without a Löfte-ID that matches a promise of its
agreement (same title and start) is that promise, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Municipality
from approvals.editing import Change
from approvals.models import ReviewState
from approvals.text_limits import field_limits
from promises.importing.checking import (
    ImportPlan,
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
    row_change,
    row_values,
    whole_number,
)
from promises.importing.reading import ImportFileError
from promises.importing.writing import require_importer, write_rows
from promises.models import Audience, FocusArea, Promise
from promises.spreadsheets import (
    AUDIENCE_WORDS,
    AUDIENCES,
    WORKFLOW_WORDS,
    YES_NO,
    YES_NO_WORDS,
    normalised,
    write_table,
)

PROMISE_COLUMNS = [
    "Löfte-ID",
    "Överenskommelse-ID",
    "Titel",
    "Löfte",
    "Effekt",
    "Bakgrund",
    "Underlag",
    "Fokusområden",
    "Gäller från",
    "Gäller till",
    "Gäller så länge överenskommelsen gäller",
    "Målgrupp",
    "Vilken grupp eller vilket område",
    "Undertecknat",
    "Ordning",
    "Läge",
]
# Överenskommelse-ID is required on every row only when no agreement is chosen on the import page.
PROMISE_REQUIRED = ["Titel", "Löfte", "Fokusområden", "Gäller från"]
PROMISE_FIELDS = {
    "Titel": "title",
    "Löfte": "commitment",
    "Effekt": "effect",
    "Bakgrund": "background",
    "Underlag": "sources",
    "Vilken grupp eller vilket område": "audience_detail",
}
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
        .prefetch_related("focus_areas")
        .order_by("agreement__starts_on", "order", "pk")
    )
    rows = [PROMISE_COLUMNS]
    for p in promises:
        rows.append(
            [
                p.pk,
                p.agreement_id,
                p.title,
                p.commitment,
                p.effect,
                p.background,
                p.sources,
                area_names(p.focus_areas.all()),
                p.valid_from.isoformat(),
                iso(p.valid_until),
                YES_NO_WORDS[p.runs_with_agreement],
                AUDIENCE_WORDS[p.audience],
                p.audience_detail,
                iso(p.signed_on),
                p.order,
                WORKFLOW_WORDS[p.workflow_state],
            ]
        )
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
    gettext_lazy(
        "A row without Löfte-ID whose Titel and Gäller från are those of a promise of the same agreement is that promise, so importing the same file again adds nothing."
    ),
    gettext_lazy(
        "Överenskommelse-ID: leave it empty and choose the agreement on the import page; or the number of the agreement, as in an export."
    ),
    gettext_lazy("Titel and Löfte (what is promised): required. Effekt, Bakgrund and Underlag: free text."),
    gettext_lazy("Fokusområden: one or more focus areas, with their names as in the service, separated by semicolons. Required."),
    gettext_lazy("Gäller från: the first day, as YYYY-MM-DD. Required. Gäller till: the last day, or empty."),
    gettext_lazy("Gäller så länge överenskommelsen gäller: ja or nej; an empty cell means nej."),
    gettext_lazy(
        "Målgrupp: alla, barn, unga, äldre, ett område or annan grupp; an empty cell means alla. Vilken grupp eller vilket område: required for ett område and annan grupp."
    ),
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
    headings, rows, notes = read_rows(name, data, required=PROMISE_REQUIRED)
    agreements = {a.pk: a for a in municipality.agreements.all()}
    filled = 0
    if agreement is not None:
        if agreement.pk not in agreements:
            raise ImportFileError(_("The chosen agreement is not one of %(name)s's agreements.") % {"name": municipality.name})
        headings, rows, filled = fill_column(headings, rows, "Överenskommelse-ID", str(agreement.pk))
    elif "Överenskommelse-ID" not in headings:
        raise ImportFileError(
            _("The file has no column “Överenskommelse-ID”: choose on the import page the agreement its promises belong to.")
        )
    index = column_index(headings, PROMISE_COLUMNS)
    existing = {
        p.pk: p
        for p in Promise.objects.filter(agreement__municipality=municipality, revision_of__isnull=True).prefetch_related("focus_areas")
    }
    by_content: dict[tuple, list[Promise]] = defaultdict(list)
    for candidate in sorted(existing.values(), key=lambda p: p.pk):
        by_content[(candidate.agreement_id, normalised(candidate.title), candidate.valid_from)].append(candidate)
    areas = {a.name.strip().lower(): a for a in FocusArea.objects.available_to(municipality)}
    lengths = field_limits(Promise)
    plan = ImportPlan(notes=list(notes), filled=filled)
    seen_ids: dict[int, int] = {}
    seen_titles: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        raw = row_values(row, index)
        errors = formula_errors(number, raw)
        values = cleaned(raw)
        row_agreement = agreements.get(whole_number(values["Överenskommelse-ID"]))
        if not values["Överenskommelse-ID"]:
            errors.append(
                RowError(
                    number,
                    "Överenskommelse-ID",
                    _("Give the Överenskommelse-ID, or choose on the import page the agreement for rows without one."),
                )
            )
        elif row_agreement is None:
            errors.append(
                RowError(
                    number, "Överenskommelse-ID", _("The municipality has no agreement %(id)s.") % {"id": values["Överenskommelse-ID"]}
                )
            )
        original = None
        if values.get("Löfte-ID"):
            original = existing.get(whole_number(values["Löfte-ID"]))
            if original is None:
                errors.append(
                    RowError(
                        number,
                        "Löfte-ID",
                        _("The municipality has no promise %(id)s; leave the cell empty for a new promise.") % {"id": values["Löfte-ID"]},
                    )
                )
            elif original.pk in seen_ids:
                errors.append(RowError(number, "Löfte-ID", _("The promise is already on row %(row)s.") % {"row": seen_ids[original.pk]}))
        for heading, attribute in PROMISE_FIELDS.items():
            limit = lengths.get(attribute)
            if limit and len(values.get(heading, "")) > limit:
                errors.append(
                    RowError(
                        number,
                        heading,
                        _("At most %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(values[heading])},
                    )
                )
        for heading in ("Titel", "Löfte"):
            if not values.get(heading):
                errors.append(RowError(number, heading, _("This column must be filled in.")))
        chosen = []
        for area_name in [n.strip() for n in values.get("Fokusområden", "").split(";") if n.strip()]:
            area = areas.get(area_name.lower())
            if area is None:
                errors.append(
                    RowError(number, "Fokusområden", _("There is no focus area “%(name)s” for the municipality.") % {"name": area_name})
                )
            else:
                chosen.append(area)
        if not chosen and not any(e.column == "Fokusområden" for e in errors):
            errors.append(RowError(number, "Fokusområden", _("Choose at least one focus area.")))
        dates = {}
        for heading in ("Gäller från", "Gäller till", "Undertecknat"):
            if values.get(heading):
                day = date_in(number, heading, values[heading], errors)
                if day is not None:
                    dates[heading] = day
            elif heading == "Gäller från":
                errors.append(RowError(number, heading, _("This column must be filled in.")))
        order = count_in(number, "Ordning", values.get("Ordning") or 0, errors)
        runs_with_agreement = YES_NO.get(normalised(values.get(RUNS_WITH_AGREEMENT, "")) or YES_NO_WORDS[False])
        if runs_with_agreement is None:
            errors.append(RowError(number, RUNS_WITH_AGREEMENT, _("Write “ja” or “nej”; an empty cell means nej.")))
        audience = AUDIENCES.get(normalised(values.get("Målgrupp", "")) or AUDIENCE_WORDS[Audience.EVERYONE])
        if audience is None:
            errors.append(
                RowError(
                    number,
                    "Målgrupp",
                    _("Unknown target group “%(value)s”; use alla, barn, unga, äldre, ett område or annan grupp.")
                    % {"value": values["Målgrupp"]},
                )
            )
        if errors:
            plan.errors.extend(errors)
            continue

        matched = False
        if original is None:
            candidates = by_content.get((row_agreement.pk, normalised(values["Titel"]), dates["Gäller från"]), [])
            if len(candidates) > 1:
                plan.errors.append(
                    RowError(
                        number,
                        "Löfte-ID",
                        _(
                            "The agreement has more than one promise with this title and start (%(ids)s); give the Löfte-ID of the one you mean."
                        )
                        % {"ids": ", ".join(str(candidate.pk) for candidate in candidates)},
                    )
                )
                continue
            if candidates:
                original, matched = candidates[0], True
                if original.pk in seen_ids:
                    plan.errors.append(
                        RowError(number, "Titel", _("The promise is already on row %(row)s.") % {"row": seen_ids[original.pk]})
                    )
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
            plan.errors.append(
                RowError(
                    number,
                    "Vilken grupp eller vilket område",
                    _("Name the neighbourhood or group when Målgrupp is “ett område” or “annan grupp”."),
                )
            )
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
            plan.errors.append(
                RowError(number, "Löfte-ID", _("%(promise_is)s; start a revision to change it.") % {"promise_is": promise_is(original)})
            )
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
    require_importer(municipality=municipality, by=by)
    plan = plan_promise_import(municipality=municipality, name=name, data=data, agreement=agreement)
    if not plan.is_valid:
        return plan
    write_rows(
        model=Promise,
        new=[row.promise for row in plan.new],
        changed=[row.promise for row in plan.changed],
        fields=["agreement", *PROMISE_CONTENT],
        by=by,
    )
    through = Promise.focus_areas.through
    rows = plan.new + plan.changed
    through.objects.filter(promise__in=[row.promise for row in plan.changed]).delete()
    through.objects.bulk_create([through(promise=row.promise, focusarea=area) for row in rows for area in row.focus_areas])
    return plan
