"""Published reports' snapshots for the national data set, from what is already in memory.

`followup.rendering.build_snapshot` reads about a dozen queries per report; for five thousand
reports that is most of the build. The builder instead hands the rows it has just written to
`followup.rendering.assemble_snapshot`, the same function `build_snapshot` ends in, so the shape
cannot drift; the tests also compare the two report by report.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from agreements.contacts import contacts_of
from followup.periods import next_period
from followup.rendering import assemble_snapshot


def snapshot(report, *, agreement, successor_start, signatories, sections, indicators) -> dict:
    """`sections` is [(section, promise, [(update, activity)])] in the report's order; `promise`
    comes with its focus areas and signatories prefetched and `activity` with its focus area and
    carried-over source; `indicators` are the municipality's with their measurements prefetched."""
    with translation.override(settings.LANGUAGE_CODE):
        return assemble_snapshot(
            report,
            agreement=agreement,
            agreement_state=agreement.state_on(report.period.end, successor_start=successor_start),
            agreement_signatories=signatories,
            sections=[(section.text, promise, updates) for section, promise, updates in sections],
            indicators=indicators,
            following=next_period(agreement, report.period, valid_until=agreement.effective_end(successor_start=successor_start)),
            # The generated programmes keep no contacts: the police's national number, as for any such.
            contacts=contacts_of(agreement, contacts=[]),
        )
