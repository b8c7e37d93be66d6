"""A tertial report from due to public, in the browser; and the report pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_coordinator_reports_the_due_tertial_chief_approves_and_the_public_reads_page_and_pdf(sign_in, demo_server, page):
    coordinator = sign_in("samordnare.vaggeryd")
    coordinator.locator("#rapporter summary", has_text="försenade perioder").click()
    coordinator.get_by_role("link", name="Påbörja uppföljningen: Tertial 1 2022").click()
    expect(coordinator.get_by_label("Period")).to_have_value("2022-tertial-1")
    coordinator.get_by_role("button", name="Skapa utkastet").click()
    expect(coordinator.get_by_text("Utkastet till uppföljning har skapats.")).to_be_visible()

    # Submitting the empty draft asks first, and says what is missing instead of sending it.
    coordinator.get_by_role("button", name="Skicka in för godkännande", exact=True).click()
    expect(coordinator.get_by_role("heading", name="Uppföljningen kan inte skickas in än")).to_be_visible()
    expect(coordinator.get_by_role("link", name="En sammanfattning")).to_be_visible()
    expect(coordinator.get_by_role("button", name="Bekräfta och skicka in för godkännande")).to_have_count(0)

    coordinator.get_by_role("link", name="Redigera uppföljningen").click()
    coordinator.get_by_label("Sammanfattning").fill("Trygghetsvandringarna kom i gång under våren.")
    walks = coordinator.locator("fieldset.fieldset--inner", has_text="Genomföra trygghetsvandringar")
    walks.get_by_label("Vad som gjordes").fill("Två trygghetsvandringar i Skillingaryd.")
    for update in coordinator.locator("fieldset.fieldset--inner").all():
        done = update.get_by_label("Vad som gjordes")
        if not done.input_value().strip():
            done.fill("Arbetet fortsatte enligt planen.")
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_text("Uppföljningen har sparats.")).to_be_visible()

    # From the preview, on to the confirmation page, which shows what the chief will receive.
    coordinator.get_by_role("link", name="Förhandsgranska uppföljningen").click()
    coordinator.get_by_role("link", name="Skicka in för godkännande", exact=True).click()
    expect(coordinator.get_by_text("Trygghetsvandringarna kom i gång under våren.")).to_be_visible()
    coordinator.get_by_role("button", name="Bekräfta och skicka in för godkännande").click()
    expect(coordinator.get_by_text("Klart: skickad för godkännande.")).to_be_visible()

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
    from tests.factories import fill_in_report

    User = get_user_model()
    coordinator, chief = User.objects.get(username="samordnare.vaggeryd"), User.objects.get(username="chef.varnamo")
    agreement = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021").agreement
    published = fill_in_report(report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 1), by=coordinator))
    report_submit(report=published, by=coordinator)
    report_approve(report=published, by=chief)
    report_publish(report=published, by=coordinator)
    draft = report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 2), by=coordinator)

    signed_in = sign_in("samordnare.vaggeryd")
    problems = []
    for browser_page, paths in (
        (page, [published.get_absolute_url(), "/vaggeryd/"]),
        (
            signed_in,
            [
                draft.get_manage_url(),
                f"/hantera/rapporter/{draft.pk}/redigera/",
                f"/hantera/rapporter/{draft.pk}/forhandsvisning/",
                f"/hantera/rapporter/{draft.pk}/skicka-in/",
                "/hantera/rapporter/ny/?kommun=vaggeryd",
            ],
        ),
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


def test_the_pages_for_submitting_a_report_pass_axe_in_both_languages_at_1280_and_375(sign_in, demo_server, tmp_path):
    """The editor with its notes on where each value came from (one activity changed after the
    period), the preview with its buttons, and the confirmation page both with what is missing and
    ready to confirm."""
    import datetime

    from django.contrib.auth import get_user_model

    from followup.periods import ReportingPeriod
    from followup.services import report_create_draft
    from promises.models import Activity, Promise
    from promises.services import activity_change_status
    from tests.factories import fill_in_report

    coordinator = get_user_model().objects.get(username="samordnare.vaggeryd")
    agreement = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021").agreement
    walks = Activity.objects.get(promise__title="Medborgarlöfte Vaggeryd 2021", description__startswith="Genomföra trygghetsvandringar")
    activity_change_status(activity=walks, by=coordinator, status="ongoing", on=datetime.date(2022, 3, 1), note="Två vandringar")
    activity_change_status(activity=walks, by=coordinator, status="done", on=datetime.date(2026, 11, 25), note="Alla klara")
    incomplete = report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 1), by=coordinator)
    complete = fill_in_report(report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 2), by=coordinator))

    page = sign_in("samordnare.vaggeryd")
    edit = f"/hantera/rapporter/{incomplete.pk}/redigera/"
    page.goto(demo_server.url + edit)
    expect(page.get_by_text("Ändrad efter perioden: nu Genomförd sedan 25 november 2026.")).to_be_visible()
    expect(page.get_by_text("Status den 30 april 2022 enligt aktivitetens historik.").first).to_be_visible()

    paths = [
        edit,
        f"/hantera/rapporter/{incomplete.pk}/forhandsvisning/",
        f"/hantera/rapporter/{incomplete.pk}/skicka-in/",
        f"/hantera/rapporter/{complete.pk}/skicka-in/",
    ]
    problems = []
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            for number, path in enumerate(paths):
                page.goto(demo_server.url + path)
                assert page.locator("html").get_attribute("lang") == language
                report = axe_violations(page)
                if report:
                    problems.append(f"{path} ({language}) at {width}px:\n{report}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{path} ({language}) scrolls sideways at {width}px")
                page.screenshot(path=str(tmp_path / f"submit-{number}-{language}-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems)
