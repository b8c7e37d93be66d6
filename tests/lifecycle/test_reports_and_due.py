"""Reports cover what was promised in their period, name who signed it, and are due only for
periods in which something was promised."""

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from followup.due import reports_due
from followup.models import ActivityUpdate
from followup.periods import ReportingPeriod
from followup.services import report_approve, report_create_draft, report_publish, report_submit
from promises.models import PromiseSignatory
from tests.factories import ActivityFactory, fill_in_report
from tests.lifecycle.programmes import D, extend, yearly_set

pytestmark = pytest.mark.django_db


def _publish(report, coordinator, chief):
    report_submit(report=fill_in_report(report), by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    return report


def test_an_activity_planned_for_2019_is_not_in_the_2018_annual_report_but_is_in_2019s(yearly_series, coordinator):
    promise = yearly_series.promises.get(valid_from=D(2018, 1, 1))
    extend(promise, D(2019, 12, 31), on=D(2019, 2, 12))
    later = ActivityFactory(
        promise=promise,
        focus_area=promise.focus_areas.get(),
        description="Nattvandringar 2019",
        planned_from=D(2019, 1, 1),
        planned_until=D(2019, 12, 31),
    )

    helar_2018 = report_create_draft(agreement=yearly_series, period=ReportingPeriod(2018), by=coordinator)
    helar_2019 = report_create_draft(agreement=yearly_series, period=ReportingPeriod(2019), by=coordinator)

    assert not ActivityUpdate.objects.filter(section__report=helar_2018, activity=later).exists()
    assert ActivityUpdate.objects.filter(section__report=helar_2019, activity=later).exists()
    # The extended 2018 promise is reported on in 2019 beside 2019's own.
    assert set(helar_2019.sections.values_list("promise__title", flat=True)) == {"Löfte 1 för 2018", "Löfte 1 för 2019"}
    assert set(helar_2018.sections.values_list("promise__title", flat=True)) == {"Löfte 1 för 2018"}


def test_each_years_report_names_that_years_signatories_and_not_a_later_years(yearly_series, coordinator, chief):
    for year, name, title in [(2016, "Anna Ordförande", "Kommunstyrelsens ordförande"), (2019, "Bo Direktör", "Kommundirektör")]:
        promise = yearly_series.promises.get(valid_from=D(year, 1, 1))
        PromiseSignatory.objects.create(promise=promise, name=name, title=title, party="municipality", organisation="Kommunen")
    PromiseSignatory.objects.create(
        promise=yearly_series.promises.get(valid_from=D(2019, 1, 1)),
        name="Cecilia Chef",
        title="Lokalpolisområdeschef",
        party="police",
        organisation="Polismyndigheten",
    )

    report_2016 = _publish(report_create_draft(agreement=yearly_series, period=ReportingPeriod(2016), by=coordinator), coordinator, chief)
    report_2019 = _publish(report_create_draft(agreement=yearly_series, period=ReportingPeriod(2019), by=coordinator), coordinator, chief)

    text_2016 = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_2016.pdf)).pages)
    names_2019 = [s["name"] for s in report_2019.snapshot["signing"]["signatories"]]
    assert "Anna Ordförande" in text_2016 and "Bo Direktör" not in text_2016 and "Cecilia Chef" not in text_2016
    assert names_2019 == ["Bo Direktör", "Cecilia Chef"]
    assert report_2019.snapshot["signing"]["of"] == "promises"


def test_a_report_without_promise_signatories_names_the_agreements(yearly_series, coordinator):
    from followup.rendering import build_snapshot
    from tests.factories import SignatoryFactory

    SignatoryFactory(agreement=yearly_series, name="Gert Jonsson")
    report = report_create_draft(agreement=yearly_series, period=ReportingPeriod(2017), by=coordinator)

    signing = build_snapshot(report)["signing"]

    assert signing == {
        "of": "agreement",
        "signatories": [
            {"name": "Gert Jonsson", "title": "Kommunstyrelsens ordförande", "organisation": "Vaggeryds kommun", "party": "Kommunen"}
        ],
    }


def test_reports_are_due_only_for_years_in_which_something_was_promised(yearly_series):
    due = reports_due(yearly_series, today=D(2026, 11, 25), lookahead_days=0)

    assert [d.period for d in due] == [ReportingPeriod(year) for year in (2016, 2017, 2018, 2019)]


def test_an_extension_makes_its_year_due(here):
    agreement = here.agreements.get()
    agreement.starts_on = D(2018, 1, 1)
    agreement.save()
    promise = yearly_set(agreement, 2018)[0]
    extend(promise, D(2019, 12, 31), on=D(2019, 2, 12))

    due = reports_due(agreement, today=D(2026, 11, 25), lookahead_days=0)

    assert [d.period for d in due] == [ReportingPeriod(2018), ReportingPeriod(2019)]


def test_no_reminders_are_sent_for_years_in_which_nothing_was_promised(yearly_series, coordinator, chief):
    for year in (2016, 2017, 2018, 2019):
        _publish(report_create_draft(agreement=yearly_series, period=ReportingPeriod(year), by=coordinator), coordinator, chief)
    mail.outbox.clear()

    call_command("remind_due_reports", "--date", "2026-11-25", stdout=io.StringIO())

    assert mail.outbox == []


def test_a_report_entered_afterwards_says_where_and_when_it_was_first_published(yearly_series, coordinator, chief, client):
    from followup.services import report_update

    report = report_create_draft(agreement=yearly_series, period=ReportingPeriod(2017), by=coordinator)
    report_update(
        report=report,
        by=coordinator,
        expected_version=None,
        summary="Året gick bra.",
        originally_published_on=D(2018, 2, 15),
        originally_published_where="polisen.se",
    )
    report = _publish(report, coordinator, chief)

    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.pdf)).pages)
    page = client.get(report.get_absolute_url()).content.decode()
    data = json.loads(client.get(f"/oppna-data/rapporter/{yearly_series.municipality.slug}.json").getvalue())["rader"][0]

    assert "Publicerad 15 februari 2018 på polisen.se; införd här" in " ".join(pdf_text.split())
    assert "Publicerad 15 februari 2018 på polisen.se; införd här" in page
    assert (data["ursprungligen_publicerad"], data["ursprungligen_publicerad_var"]) == ("2018-02-15", "polisen.se")


def test_an_original_publication_date_in_the_future_is_refused_on_the_report(yearly_series, coordinator):
    from django.core.exceptions import ValidationError

    from followup.services import report_update

    report = report_create_draft(agreement=yearly_series, period=ReportingPeriod(2017), by=coordinator)

    with pytest.raises(ValidationError):
        report_update(report=report, by=coordinator, expected_version=None, summary="x", originally_published_on=D(2999, 1, 1))

    report.refresh_from_db()
    assert report.originally_published_on is None and report.summary == ""
