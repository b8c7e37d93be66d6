import datetime

import pytest

from approvals.models import ReviewState
from followup.periods import ReportingPeriod
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory, SignatoryFactory, fill_in_report


@pytest.fixture
def programme(here):
    """A tertial programme with one published promise and two activities."""
    agreement = here.agreements.get()
    agreement.cadence = "tertial"
    agreement.starts_on = datetime.date(2022, 1, 1)
    agreement.save()
    SignatoryFactory(agreement=agreement, name="Gert Jonsson", title="Kommunstyrelsens ordförande", organisation="Kommunen")
    area = FocusAreaFactory(municipality=here, name="Trygghet")
    promise = PromiseFactory(agreement=agreement, title="Tryggare centrum", valid_from=datetime.date(2022, 1, 1), focus_areas=[area])
    ActivityFactory(
        promise=promise, focus_area=area, description="Trygghetsvandringar i centrum", status="ongoing", status_note="Två vandringar"
    )
    ActivityFactory(promise=promise, focus_area=area, description="Trafikinsatser vid skolan", status="planned")
    return agreement


@pytest.fixture
def period():
    return ReportingPeriod(2024, 2)


@pytest.fixture
def published_report(programme, period, coordinator, chief):
    from followup.services import report_approve, report_create_draft, report_publish, report_submit

    report = fill_in_report(report_create_draft(agreement=programme, period=period, by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    assert report.workflow_state == ReviewState.PUBLISHED
    return report
