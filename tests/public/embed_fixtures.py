"""The embed tests' world (tests/public/test_embeds.py, tests/browser/test_embed_in_browser.py):
Embedby with promises in every state and two reports."""

import datetime

from django.utils import timezone

from approvals.models import ReviewState
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.rendering import build_snapshot
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    PromiseFactory,
)

SITE = "https://medborgarloften.example"


def published_report(promise, year, tertial=None, *, version=1):
    """A published report of `promise`'s agreement, frozen as publishing freezes it."""
    report = FollowUpReport.objects.create(
        agreement=promise.agreement,
        period_year=year,
        period_tertial=tertial,
        version_number=version,
        workflow_state=ReviewState.PUBLISHED,
        published_at=timezone.now(),
    )
    section = ReportSection.objects.create(report=report, promise=promise)
    for activity in promise.activities.all():
        ActivityUpdate.objects.create(section=section, activity=activity, status=activity.status)
    report.snapshot = build_snapshot(report)
    report.pdf = b"%PDF-1.7 stand-in"
    report.save()
    return report


def build_embedby():
    """Embedby: a promise that applies today with activities in two focus areas, an ended, an
    upcoming and a draft promise, and reports for 2023 and the first tertial of 2024."""
    municipality = MunicipalityFactory(
        short_name="Embedby", name="Embedby kommun", slug="embedby", police_area=PoliceAreaFactory(name="LPO Inbäddning")
    )
    agreement = AgreementFactory(municipality=municipality, starts_on=datetime.date(2020, 1, 1), ends_on=None, cadence="both")
    safety, traffic = FocusAreaFactory(name="Trygghet"), FocusAreaFactory(name="Trafik")
    current = PromiseFactory(
        agreement=agreement,
        title="Tryggare torg",
        commitment="Vi lovar fler trygghetsvandringar på torget.",
        valid_from=datetime.date(2023, 1, 1),
        focus_areas=[safety, traffic],
    )
    ActivityFactory(promise=current, focus_area=safety, status="done")
    ActivityFactory(promise=current, focus_area=safety, status="ongoing")
    ActivityFactory(promise=current, focus_area=traffic, status="planned")
    PromiseFactory(
        agreement=agreement, title="Gammalt löfte", valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2020, 12, 31)
    )
    next_year = timezone.localdate().year + 1
    PromiseFactory(agreement=agreement, title="Kommande löfte", valid_from=datetime.date(next_year, 1, 1))
    PromiseFactory(agreement=agreement, title="Hemligt utkast", workflow_state=ReviewState.DRAFT, valid_from=datetime.date(2023, 1, 1))
    published_report(current, 2023)
    published_report(current, 2024, 1)
    return municipality
