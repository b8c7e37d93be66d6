"""Follow-up reports: drafted from the activities, published as frozen records with a tagged PDF,
corrected as new versions, and public only when published."""

import io

import pikepdf
import pypdf
import pytest

from approvals.models import ReviewState
from followup.models import FollowUpReport
from followup.periods import ReportingPeriod
from followup.services import (
    ReportError,
    report_approve,
    report_create_draft,
    report_publish,
    report_start_correction,
    report_submit,
    report_update,
    unfrozen,
)
from promises.models import Activity
from tests.factories import fill_in_report

pytestmark = pytest.mark.django_db


def _pdf_text(report) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(bytes(report.pdf))).pages)


def test_a_new_draft_of_activities_recorded_after_the_period_takes_their_first_known_status(programme, period, coordinator):
    report = report_create_draft(agreement=programme, period=period, by=coordinator)

    section = report.sections.get()
    assert section.promise.title == "Tryggare centrum"
    updates = {u.activity.description: u for u in section.updates.all()}
    assert updates["Trygghetsvandringar i centrum"].status == "ongoing"
    assert updates["Trygghetsvandringar i centrum"].what_was_done == "Två vandringar"
    assert updates["Trafikinsatser vid skolan"].status == "planned"


def test_a_new_draft_takes_the_next_step_from_the_previous_report(published_report, programme, coordinator):
    update = published_report.sections.get().updates.get(activity__description="Trafikinsatser vid skolan")
    update.next_step = "Hastighetsmätningar i september"
    with unfrozen():  # as if the report had been published saying so
        update.save()

    later = report_create_draft(agreement=programme, period=ReportingPeriod(2024, 3), by=coordinator)

    assert later.sections.get().updates.get(activity=update.activity).next_step == "Hastighetsmätningar i september"


def test_only_one_draft_per_period(programme, period, coordinator):
    report_create_draft(agreement=programme, period=period, by=coordinator)

    with pytest.raises(ReportError, match="håller redan på att tas fram"):
        report_create_draft(agreement=programme, period=period, by=coordinator)
    assert FollowUpReport.objects.count() == 1


def test_a_period_outside_the_cadence_is_refused(programme, coordinator):
    with pytest.raises(ReportError, match="följs inte upp för Helår 2024"):
        report_create_draft(agreement=programme, period=ReportingPeriod(2024), by=coordinator)


def test_another_municipalitys_coordinator_cannot_start_a_report(programme, period, other_coordinator):
    with pytest.raises(ReportError, match="kommunens samordnare"):
        report_create_draft(agreement=programme, period=period, by=other_coordinator)
    assert not FollowUpReport.objects.exists()


def test_the_pdf_reads_back_with_municipality_period_activities_and_statuses(published_report):
    text = _pdf_text(published_report)

    for expected in [
        "Kommun",
        "Tertial 2 2024",
        "Trygghetsvandringar i centrum",
        "Trafikinsatser vid skolan",
        "Pågående",
        "Planerad",
        "Polismyndigheten",
        "Gert Jonsson",
        "Sida 1 av",
    ]:
        assert expected in text, expected


def test_the_pdf_is_a4_tagged_in_swedish_with_its_title(published_report):
    pdf = pikepdf.open(io.BytesIO(bytes(published_report.pdf)))

    assert "/StructTreeRoot" in pdf.Root
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "sv"
    assert "Tertial 2 2024" in str(pdf.docinfo["/Title"])
    with pdf.open_metadata() as xmp:
        assert "Tertial 2 2024" in xmp["dc:title"]
    width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)


def test_the_page_count_grows_with_the_content(published_report, programme, coordinator, chief):
    short = len(pypdf.PdfReader(io.BytesIO(bytes(published_report.pdf))).pages)
    report = report_create_draft(agreement=programme, period=ReportingPeriod(2024, 3), by=coordinator)
    update = report.sections.get().updates.first()
    report_update(
        report=report,
        by=coordinator,
        expected_version=report.version,
        summary="Lång sammanfattning. " * 600,
        updates={update.pk: {"status": "done", "what_was_done": "Mycket gjordes. " * 200, "achieved": None, "next_step": ""}},
    )
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    pages = pypdf.PdfReader(io.BytesIO(bytes(report.pdf))).pages

    assert short == 1
    assert len(pages) > 2
    assert f"Sida {len(pages)} av {len(pages)}" in pages[-1].extract_text()


def _report_article(client, url) -> str:
    """The report itself, without the page around it (whose form tokens differ on every request)."""
    page = client.get(url).content.decode()
    return page[page.index('<article class="report">') : page.index("</article>")]


def test_publishing_freezes_the_page_and_the_pdf(client, published_report):
    url = published_report.get_absolute_url()
    page_before = _report_article(client, url)
    pdf_before = client.get(published_report.get_pdf_url()).content
    activity = Activity.objects.get(description="Trygghetsvandringar i centrum")
    activity.description = "Ändrad efteråt"
    activity.status = "cancelled"
    activity.save()
    activity.promise.title = "Nytt namn"
    activity.promise.save()

    assert _report_article(client, url) == page_before
    assert client.get(published_report.get_pdf_url()).content == pdf_before
    assert "Trygghetsvandringar i centrum" in page_before and "Ändrad efteråt" not in page_before


def test_a_correction_is_a_new_version_and_the_first_stays_reachable_and_marked_superseded(client, published_report, coordinator, chief):
    correction = report_start_correction(report=published_report, by=coordinator)
    assert correction.version_number == 2
    report_update(
        report=correction,
        by=coordinator,
        expected_version=correction.version,
        summary="Rättad sammanfattning",
        changes_note="Rättade antalet vandringar.",
    )
    report_submit(report=correction, by=coordinator)
    report_approve(report=correction, by=chief)
    report_publish(report=correction, by=coordinator)

    current = client.get(published_report.get_absolute_url()).content.decode()
    first = client.get(published_report.get_version_url())
    assert "Rättad sammanfattning" in current and "Rättade antalet vandringar." in current
    assert first.status_code == 200
    assert "har ersatts" in first.content.decode()
    assert client.get(published_report.get_version_url(pdf=True)).content == bytes(published_report.pdf)
    assert "Rättade antalet vandringar." in _pdf_text(FollowUpReport.objects.get(pk=correction.pk))


def test_a_correction_cannot_be_submitted_without_saying_what_changed(published_report, coordinator):
    correction = report_start_correction(report=published_report, by=coordinator)

    with pytest.raises(ReportError, match="vad som ändrats sedan förra versionen"):
        report_submit(report=correction, by=coordinator)
    correction.refresh_from_db()
    assert correction.workflow_state == ReviewState.DRAFT


def test_a_correction_approved_without_saying_what_changed_is_still_not_published(published_report, coordinator):
    correction = report_start_correction(report=published_report, by=coordinator)
    # As one approved before submitting asked for the note.
    FollowUpReport.objects.filter(pk=correction.pk).update(workflow_state=ReviewState.APPROVED)
    correction.refresh_from_db()

    with pytest.raises(ReportError, match="Ange vad som har ändrats"):
        report_publish(report=correction, by=coordinator)
    correction.refresh_from_db()
    assert correction.workflow_state == ReviewState.APPROVED


def test_when_the_pdf_cannot_be_made_nothing_is_published(programme, period, coordinator, chief, monkeypatch):
    report = fill_in_report(report_create_draft(agreement=programme, period=period, by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)

    def broken_pdf(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", broken_pdf)
    with pytest.raises(ReportError) as error:
        report_publish(report=report, by=coordinator)

    assert "PDF:en kunde inte skapas, så inget publicerades" in str(error.value)
    assert "no fonts" in str(error.value)
    report.refresh_from_db()
    assert (report.workflow_state, report.published_at, report.pdf, report.snapshot) == (ReviewState.APPROVED, None, None, None)
    assert report.transitions().last().action == "approve"


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_unpublished_reports_are_404_in_every_form(client, programme, period, coordinator, state):
    report = report_create_draft(agreement=programme, period=period, by=coordinator)
    FollowUpReport.objects.filter(pk=report.pk).update(workflow_state=state)

    for url in [report.get_absolute_url(), report.get_pdf_url(), report.get_version_url(), report.get_version_url(pdf=True)]:
        assert client.get(url).status_code == 404, url


def test_public_addresses_of_tertial_and_annual_reports(published_report):
    assert published_report.get_absolute_url() == "/har/uppfoljning/2024/tertial-2/"
    assert published_report.get_pdf_url() == "/har/uppfoljning/2024/tertial-2.pdf"
    assert published_report.get_version_url() == "/har/uppfoljning/2024/tertial-2/version-1/"
    annual = FollowUpReport(agreement=published_report.agreement, period_year=2024, version_number=2)
    assert annual.get_absolute_url() == "/har/uppfoljning/2024/"
    assert annual.get_version_url(pdf=True) == "/har/uppfoljning/2024/version-2.pdf"


def test_the_pdf_is_served_as_a_pdf(client, published_report):
    response = client.get(published_report.get_pdf_url())

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_version_or_tertial_is_404(client, published_report):
    assert client.get("/har/uppfoljning/2024/tertial-2/version-9/").status_code == 404
    assert client.get("/har/uppfoljning/2024/tertial-5/").status_code == 404
    assert client.get("/finns-inte/uppfoljning/2024/tertial-2/").status_code == 404


def test_the_municipality_page_lists_the_published_reports(client, published_report):
    page = client.get(published_report.agreement.municipality.get_absolute_url()).content.decode()

    assert "Tertial 2 2024" in page
    assert published_report.get_pdf_url() in page


def test_editing_a_submitted_report_is_refused(programme, period, coordinator):
    report = fill_in_report(report_create_draft(agreement=programme, period=period, by=coordinator), summary="Inskickad text")
    report_submit(report=report, by=coordinator)

    with pytest.raises(ReportError, match="kan inte ändras direkt"):
        report_update(report=report, by=coordinator, expected_version=report.version, summary="Smygändring")
    report.refresh_from_db()
    assert report.summary == "Inskickad text"
