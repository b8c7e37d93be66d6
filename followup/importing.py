"""A draft follow-up report's activity updates in and out of spreadsheets: the coordinator fills in
status, what was done, achieved and next step per activity in Excel and brings it back.

Built on the same reading, checking and writing as the activities' import (`promises.importing`): the whole
file is checked first, every bad row named, nothing written unless all are good, in bulk."""

from __future__ import annotations

import copy

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from followup.models import ActivityUpdate, FollowUpReport
from promises.importing.checking import (
    ImportPlan,
    RowError,
    as_cell,
    cleaned,
    column_index,
    count_in,
    formula_errors,
    read_rows,
    row_change,
    row_values,
    status_in,
    whole_number,
)
from promises.importing.reading import ImportFileError
from promises.importing.writing import write_rows
from promises.spreadsheets import STATUS_WORDS, write_table

COLUMNS = ["Uppdatering-ID", "Period", "Löfte", "Aktivitet", "Status", "Vad som gjordes", "Utfall", "Nästa steg"]
REQUIRED = ["Uppdatering-ID", "Status"]
FIELDS = {"Status": "status", "Vad som gjordes": "what_was_done", "Utfall": "achieved", "Nästa steg": "next_step"}
# How an update shows in each column it can change in, as the file writes it (for the preview).
SHOWN = {
    "Status": lambda update: STATUS_WORDS.get(update.status, update.status),
    "Vad som gjordes": lambda update: update.what_was_done,
    "Utfall": lambda update: as_cell(update.achieved),
    "Nästa steg": lambda update: update.next_step,
}


def _updates(report: FollowUpReport):
    return (
        ActivityUpdate.objects.filter(section__report=report)
        .select_related("section__promise", "activity")
        .order_by("section__order", "order", "pk")
    )


def export_rows(report: FollowUpReport) -> list[list]:
    with translation.override("sv"):  # the period as the interchange format names it, "Tertial 2 2024"
        period = report.period.label
    rows = [COLUMNS]
    for update in _updates(report):
        rows.append(
            [
                update.pk,
                period,
                update.section.promise.title,
                update.activity.description,
                STATUS_WORDS[update.status],
                update.what_was_done,
                "" if update.achieved is None else update.achieved,
                update.next_step,
            ]
        )
    return rows


def export_csv(report: FollowUpReport) -> bytes:
    return write_table(export_rows(report), "csv")


def export_xlsx(report: FollowUpReport) -> bytes:
    return write_table(export_rows(report), "xlsx", title="Uppföljning", widths=(14, 16, 30, 50, 14, 50, 10, 40))


def plan_import(*, report: FollowUpReport, name: str, data: bytes) -> ImportPlan:
    """Check the whole file against the report's own updates; nothing is written."""
    headings, rows, notes = read_rows(name, data, required=REQUIRED)
    index = column_index(headings, COLUMNS)
    existing = {update.pk: update for update in _updates(report)}
    plan = ImportPlan(notes=list(notes))
    seen: dict[int, int] = {}
    for number, row in enumerate(rows, start=2):
        values = row_values(row, index)
        errors = formula_errors(number, values, FIELDS.keys() & values.keys() | {"Uppdatering-ID"})
        values = cleaned(values)
        update = existing.get(whole_number(values["Uppdatering-ID"]))
        if update is None:
            errors.append(
                RowError(
                    number,
                    "Uppdatering-ID",
                    _("Uppdatering-ID %(id)s is not in this report; export the report again and fill in that file.")
                    % {"id": values["Uppdatering-ID"] or "–"},
                )
            )
        elif update.pk in seen:
            errors.append(RowError(number, "Uppdatering-ID", _("The activity is already on row %(row)s.") % {"row": seen[update.pk]}))
        status = status_in(number, values["Status"], errors)
        achieved = count_in(number, "Utfall", values["Utfall"], errors) if values.get("Utfall") else None
        if errors:
            plan.errors.extend(errors)
            continue
        seen[update.pk] = number
        new = {
            "status": status,
            "what_was_done": values.get("Vad som gjordes", update.what_was_done),
            "achieved": achieved if "Utfall" in values else update.achieved,
            "next_step": values.get("Nästa steg", update.next_step),
        }
        if all(getattr(update, field) == value for field, value in new.items()):
            plan.unchanged.append(update)
        else:
            before = copy.copy(update)
            for field, value in new.items():
                setattr(update, field, value)
            plan.changed.append(update)
            plan.changes.append(row_change(number, update.activity.description, SHOWN, before, update))
    return plan


@transaction.atomic
def run_import(*, report: FollowUpReport, name: str, data: bytes, by) -> ImportPlan:
    """Check again and, only if every row is good, write the changes in one transaction."""
    if not by.has_perm("followup.change_followupreport", report):
        raise ImportFileError(_("You may not change this report; only the municipality's coordinators can."))
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise ImportFileError(
            _("The report is “%(state)s” and cannot be changed in place.") % {"state": report.get_workflow_state_display()}
        )
    plan = plan_import(report=report, name=name, data=data)
    if plan.is_valid:
        write_rows(model=ActivityUpdate, new=[], changed=plan.changed, fields=list(FIELDS.values()), by=by)
    return plan
