"""How long each free text may be, in characters: one table for the forms and the importers.

The limits leave room for the longest real texts (Vindeln's and Vaggeryd's programmes, whose
longest, a promise's background, is 1,722 characters) many times over, while keeping the largest
report the limits allow (5 promises of 5 activities, every text full: 175,000 characters, about 100
pages) renderable as a PDF in about ten seconds (the benchmark prints it). They live here,
not on the models as validators, so that changing one needs no migration.
"""

from __future__ import annotations

# "app_label.ModelName" -> {field name: most characters}
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "agreements.Agreement": {
        "other_partners": 2_000,
        "purpose": 10_000,
        "collaboration_model": 10_000,
        "follow_up": 5_000,
        "remarks": 5_000,
    },
    "promises.FocusArea": {"description": 2_000},
    "promises.Promise": {"commitment": 5_000, "effect": 5_000, "background": 10_000, "sources": 5_000},
    # An activity is a sentence or two (the real ones are at most 104 characters); a report repeats
    # it with each update, so it weighs on the largest PDF.
    "promises.Activity": {"description": 1_000},
    "promises.PromiseExtension": {"note": 2_000},
    "followup.FollowUpReport": {"summary": 20_000, "changes_note": 5_000},
    "followup.ReportSection": {"text": 5_000},
    # Per activity and report: a paragraph or two of what was done, a sentence or two of what comes next.
    "followup.ActivityUpdate": {"what_was_done": 2_000, "next_step": 1_000},
    "followup.Indicator": {"description": 2_000},
    # The lägesbild is an internal working document: room for a real analysis, never a PDF.
    "cycle.SituationPicture": {"crime_and_consequences": 20_000, "other_information": 20_000, "analysis": 20_000},
    "cycle.Source": {"note": 2_000},
    "cycle.Problem": {"description": 5_000, "likely_causes": 5_000},
    "cycle.PublicSummary": {"text": 10_000},
    "cycle.Measure": {"description": 5_000},
    "cycle.DialogueTheme": {"what_was_said": 5_000},
}


def text_limit(model, field_name: str) -> int | None:
    """The most characters `model.field_name` may hold, from the table, or None if it has no limit."""
    return TEXT_LIMITS.get(model._meta.label, {}).get(field_name)


def field_limits(model) -> dict[str, int]:
    """Every limited field of `model`: its CharFields' max_length and its TextFields' table limit,
    as an importer's row check wants them."""
    limits = {}
    for field in model._meta.fields:
        limit = getattr(field, "max_length", None) or text_limit(model, field.name)
        if limit:
            limits[field.name] = limit
    return limits
