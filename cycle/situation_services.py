"""Writes to a lägesbild, its sources and prioritised problems, and its public summary. Only the
municipality's coordinators write them (cycle.services.require_edit); the lägesbild and a summary
draft are Versioned, so that an edit never silently overwrites someone else's
(approvals.editing.save_edit)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from approvals.editing import save_edit
from approvals.services import lock
from cycle.models import Problem, PublicSummary, SituationPicture, Source
from cycle.services import CycleError, require_edit, save_checked

SITUATION_FIELDS = ["title", "as_of", "drawn_up_by", "crime_and_consequences", "other_information", "analysis"]
PROBLEM_FIELDS = ["title", "priority", "description", "likely_causes"]


def situation_create(*, municipality, by, **fields) -> SituationPicture:
    """A coordinator records a new lägesbild (a new year's picture is a new record)."""
    require_edit(item=municipality, by=by)
    return save_edit(SituationPicture(municipality=municipality, **_only(fields, SITUATION_FIELDS)), expected_version=None, by=by)


@transaction.atomic
def situation_update(*, situation: SituationPicture, by, expected_version: int | None = None, **changes) -> SituationPicture:
    """Change a lägesbild; refused if someone else saved it after the form was opened (EditConflict).
    Every earlier text is kept in its history."""
    require_edit(item=situation, by=by)
    for field, value in _only(changes, SITUATION_FIELDS).items():
        setattr(situation, field, value)
    return save_edit(situation, expected_version=expected_version, by=by)


def source_add(*, situation: SituationPicture, by, **fields) -> Source:
    require_edit(item=situation, by=by)
    return save_checked(Source(situation_picture=situation, **_only(fields, ["kind", "title", "year", "note"])), by=by)


def source_remove(*, source: Source, by) -> None:
    require_edit(item=source, by=by)
    source._history_user = by
    source.delete()


@transaction.atomic
def problem_add(*, situation: SituationPicture, by, promises=(), **fields) -> Problem:
    require_edit(item=situation, by=by)
    problem = save_checked(Problem(situation_picture=situation, **_only(fields, PROBLEM_FIELDS)), by=by)
    _set_promises(problem, promises, by=by)
    return problem


@transaction.atomic
def problem_update(*, problem: Problem, by, promises=None, **changes) -> Problem:
    """Change a problem and, when given, the promises that address it (the municipality's own only)."""
    require_edit(item=problem, by=by)
    for field, value in _only(changes, PROBLEM_FIELDS).items():
        setattr(problem, field, value)
    save_checked(problem, by=by)
    if promises is not None:
        _set_promises(problem, promises, by=by)
    return problem


def _set_promises(problem: Problem, promises, *, by) -> None:
    """Link the promises that address the problem; a promise of another municipality is refused
    (the whole change is rolled back with it, as the callers are atomic)."""
    municipality_id = problem.situation_picture.municipality_id
    if any(promise.agreement.municipality_id != municipality_id for promise in promises):
        raise CycleError(_("A problem can only be linked to its own municipality's promises."))
    problem._history_user = by
    problem.promises.set(promises)


def summary_create(*, situation: SituationPicture, by, text: str) -> PublicSummary:
    """A coordinator drafts the public summary of a lägesbild; the chief approves it before it is published."""
    require_edit(item=situation, by=by)
    return save_edit(PublicSummary(situation_picture=situation, text=text), expected_version=None, by=by)


@transaction.atomic
def summary_update(*, summary: PublicSummary, by, text: str, expected_version: int | None = None) -> PublicSummary:
    """Change a summary while it is a draft: what the chief approved is not changed in place."""
    lock(summary)
    require_edit(item=summary, by=by)
    if not summary.is_editable:
        raise CycleError(_("Only a draft summary can be changed."))
    summary.text = text
    return save_edit(summary, expected_version=expected_version, by=by)


def _only(fields: dict, allowed: list[str]) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields of this record: {sorted(unknown)}")
    return fields
