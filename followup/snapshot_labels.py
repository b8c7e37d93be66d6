"""A published report's labels in the reader's language.

A snapshot is frozen in Swedish (followup.rendering.build_snapshot): it is the record, and its PDF
says exactly what it said when it was published. But the labels in it — a status, "Helår 2024",
"Alla/Kvinnor/Män" — are the site's words, not the municipality's, and the snapshot also keeps the
code each came from (a status, the period's year and tertial, a measurement group's key). So the
web page, in English, renders those labels again from the codes. The municipality's own texts stay
as written (and are marked `lang="sv"` in the templates).

Labels stored without a code (the agreement's state, who is responsible for an activity) are
recognised by their Swedish wording; a label that is not recognised, or a code this version of the
site does not know, is shown as stored.
"""

from __future__ import annotations

import copy
import functools

from django.conf import settings
from django.utils import translation

from agreements.models import AgreementState
from followup.models import MeasurementGroup
from followup.periods import ReportingPeriod
from promises.models import ActivityStatus, ResponsibleParty


@functools.cache
def _codes_by_stored_label(choices) -> dict[str, str]:
    """{the label as the snapshot stores it (in the site's language): its code}."""
    with translation.override(settings.LANGUAGE_CODE):
        return {str(choice.label): choice.value for choice in choices}


def _label(choices, code, stored):
    """The label of `code` in the active language, else what the snapshot stored."""
    try:
        return str(choices(code).label)
    except ValueError:
        return stored


def _relabel(choices, stored):
    """A label stored without its code, in the active language when recognised."""
    code = _codes_by_stored_label(choices).get(stored)
    return stored if code is None else str(choices(code).label)


def _relabel_period(period) -> None:
    """A period's label (and its months, where stored) from its year and tertial, in place."""
    if not isinstance(period, dict):
        return
    try:
        value = ReportingPeriod(period["year"], period.get("tertial"))
    except (KeyError, TypeError, ValueError):
        return  # an older snapshot without the codes: as stored
    period["label"] = value.label
    if "months" in period and hasattr(value, "months"):
        period["months"] = value.months


def localised(snapshot: dict) -> dict:
    """The snapshot with the site's labels in the active language, for the web page; unchanged (the
    very same dict) in the site's own language. The stored snapshot is never changed."""
    if translation.get_language() == settings.LANGUAGE_CODE or not isinstance(snapshot, dict):
        return snapshot
    shown = copy.deepcopy(snapshot)
    _relabel_period(shown.get("period"))
    _relabel_period(shown.get("next_follow_up"))
    agreement = shown.get("agreement")
    if isinstance(agreement, dict) and "state" in agreement:
        agreement["state"] = _relabel(AgreementState, agreement["state"])
    for section in shown.get("sections", []):
        for activity in section.get("activities", []):
            activity["status_label"] = _label(ActivityStatus, activity.get("status"), activity.get("status_label", ""))
            activity["responsible"] = _relabel(ResponsibleParty, activity.get("responsible", ""))
    for area in shown.get("focus_area_summary", []):
        for count in area.get("counts", []):
            count["label"] = _label(ActivityStatus, count.get("status"), count.get("label", ""))
    for indicator in shown.get("indicators", []):
        for group in indicator.get("groups", []):
            group["label"] = _label(MeasurementGroup, group.get("key"), group.get("label", ""))
    return shown
