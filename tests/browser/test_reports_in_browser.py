"""A tertial report from due to public, in the browser; and the report pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_coordinator_reports_the_due_tertial_chief_approves_and_the_public_reads_page_and_pdf(sign_in, demo_server, page):
    coordinator = sign_in("samordnare.vaggeryd")
    coordinator.get_by_role("link", name="Påbörja uppföljningen: Tertial 1 2022").click()
    expect(coordinator.get_by_label("Period")).to_have_value("2022-tertial-1")
    coordinator.get_by_role("button", name="Skapa utkastet").click()
    expect(coordinator.get_by_text("Utkastet till uppföljning har skapats.")).to_be_visible()

    coordinator.get_by_role("link", name="Redigera uppföljningen").click()
    coordinator.get_by_label("Sammanfattning").fill("Trygghetsvandringarna kom i gång under våren.")
    walks = coordinator.locator("fieldset.fieldset--inner", has_text="Genomföra trygghetsvandringar")
    walks.get_by_label("Vad som gjordes").fill("Två trygghetsvandringar i Skillingaryd.")
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_text("Uppföljningen har sparats.")).to_be_visible()
    coordinator.get_by_role("button", name="Skicka in för godkännande").click()

    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    chief.locator("section.awaiting__item", has_text="Tertial 1 2022").get_by_role("button", name="Godkänn").click()

    coordinator.reload()
    coordinator.get_by_role("button", name="Publicera").click()
    expect(coordinator.get_by_text("Klart: publicerad.")).to_be_visible()

    page.goto(f"{demo_server.url}/vaggeryd/")
    page.get_by_role("link", name="Tertial 1 2022", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tertial 1 2022")
    expect(page.get_by_text("Två trygghetsvandringar i Skillingaryd.")).to_be_visible()
    pdf = page.request.get(demo_server.url + page.get_by_role("link", name="Ladda ned PDF:en").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_report_pages_have_no_axe_violations_and_fit_a_phone(sign_in, demo_server, page):
    from django.contrib.auth import get_user_model

    from followup.periods import ReportingPeriod
    from followup.services import report_approve, report_create_draft, report_publish, report_submit
    from promises.models import Promise

    User = get_user_model()
    coordinator, chief = User.objects.get(username="samordnare.vaggeryd"), User.objects.get(username="chef.varnamo")
    agreement = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021").agreement
    published = report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 1), by=coordinator)
    report_submit(report=published, by=coordinator)
    report_approve(report=published, by=chief)
    report_publish(report=published, by=coordinator)
    draft = report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 2), by=coordinator)

    signed_in = sign_in("samordnare.vaggeryd")
    problems = []
    for browser_page, paths in (
        (page, [published.get_absolute_url(), "/vaggeryd/"]),
        (signed_in, [draft.get_manage_url(), f"/hantera/rapporter/{draft.pk}/redigera/", f"/hantera/rapporter/{draft.pk}/forhandsvisning/",
                     "/hantera/rapporter/ny/?kommun=vaggeryd"]),
    ):
        for width in (1280, 375):
            browser_page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                browser_page.goto(f"{demo_server.url}{path}")
                report = axe_violations(browser_page)
                if report:
                    problems.append(f"{path} at {width}px:\n{report}")
                if browser_page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{path} scrolls sideways at {width}px")
    assert not problems, "\n".join(problems)
