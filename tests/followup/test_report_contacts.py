"""A published report freezes both parties' contacts and names them on its cover; a report
published before contacts existed keeps its general line."""

import pytest

from agreements import services as agreement_services
from followup import rendering

pytestmark = pytest.mark.django_db


def test_the_report_cover_names_both_parties_contacts_as_they_were_when_it_was_published(programme, period, coordinator, chief, client):
    from followup.services import report_approve, report_create_draft, report_publish, report_submit
    from tests.factories import fill_in_report

    agreement_services.contacts_set(
        agreement=programme,
        by=coordinator,
        contacts={
            "municipality": {"mailbox": "trygghet@har.se", "phone": "0370-67 80 00", "web_page": ""},
            "police": {"mailbox": "", "phone": "", "web_page": "https://polisen.se/har"},
        },
    )
    report = fill_in_report(report_create_draft(agreement=programme, period=period, by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    report.refresh_from_db()
    # A later change of contact does not change what was published.
    agreement_services.contacts_set(
        agreement=programme, by=coordinator, contacts={"municipality": {"mailbox": "ny@har.se", "phone": "", "web_page": ""}}
    )

    page = " ".join(client.get(report.get_absolute_url()).content.decode().split())
    text = _pdf_text(report.pdf)

    for shown in (page, text):
        assert "Frågor om medborgarlöftena?" in shown
        assert "trygghet@har.se, 0370-67 80 00" in shown
        assert "Polismyndigheten, LPO Här: polisen.se/har" in shown
        assert "ny@har.se" not in shown


def test_a_report_published_before_contacts_were_kept_shows_its_general_line():
    from tests.followup.test_pdf_ua import _snapshot

    snapshot = {**_snapshot(sections=1), "schema": 3}
    snapshot.pop("contacts", None)

    page = " ".join(rendering.render_html(snapshot).split())

    assert "kontakta" in page and "114 14" in page
    assert "Frågor om medborgarlöftena?" not in page


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)
