"""The chief reads what they approve, in a real browser: a submitted report's page and PDF preview and
a revision's changes, all from /admin/att-godkanna/; approves with a comment the coordinator then reads."""

import pytest
from playwright.sync_api import expect

from coordination.demo import EXAMPLE_TITLE
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

VAGGERYD_PROMISE = "Medborgarlöfte Vaggeryd 2021"
NEW_COMMITMENT = "Vi lovar trygghetsvandringar i alla tätorter varje år."
NEW_ACTIVITY = "Belysning längs gång- och cykelvägar (påhittat testexempel)"
SUMMARY = "Trygghetsvandringarna kom i gång under våren (påhittat testexempel)."


@pytest.fixture
def awaiting(demo_server):
    """Besides the demo's example promise, a submitted report (Tertial 1 2022) and a submitted revision
    of Vaggeryd's promise: a new commitment and one activity added."""
    from django.contrib.auth import get_user_model

    from followup.models import ActivityUpdate, FollowUpReport
    from followup.periods import ReportingPeriod
    from followup.services import report_create_draft, report_submit
    from promises.models import Promise
    from promises.services import activity_create, promise_start_revision, promise_submit, promise_update

    User = get_user_model()
    coordinator = User.objects.get(username="samordnare.vaggeryd")
    published = Promise.objects.get(title=VAGGERYD_PROMISE)
    report = report_create_draft(agreement=published.agreement, period=ReportingPeriod(2022, 1), by=coordinator)
    FollowUpReport.objects.filter(pk=report.pk).update(summary=SUMMARY)
    ActivityUpdate.objects.filter(section__report=report).update(what_was_done="Två vandringar i Skillingaryd.")
    report.refresh_from_db()
    report_submit(report=report, by=coordinator)

    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment=NEW_COMMITMENT)
    first = revision.activities.first()
    activity_create(promise=revision, by=coordinator, focus_area=first.focus_area, description=NEW_ACTIVITY, responsible="municipality")
    promise_submit(promise=revision, by=coordinator)
    return {"report": report, "revision": revision, "published": published, "example": Promise.objects.get(title=EXAMPLE_TITLE)}


def _broken_links(page, base_url) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    broken = []
    for href in sorted({href.split("#")[0] for href in hrefs}):
        if href.startswith(base_url) and (status := page.request.get(href).status) != 200:
            broken.append(f"{href}: {status}")
    return broken


def test_chief_reads_report_pdf_and_revision_then_approves_with_a_comment_the_coordinator_reads(sign_in, demo_server, awaiting):
    from approvals.views import awaiting_item_url

    report, revision = awaiting["report"], awaiting["revision"]
    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    assert _broken_links(chief, demo_server.url) == []

    # The report's page, then its PDF preview, from the report's own section of the approval page.
    section = chief.locator("section.awaiting__item", has_text="Tertial 1 2022")
    section.get_by_role("link", name="Förhandsgranska uppföljningen").click()
    expect(chief.get_by_text(SUMMARY)).to_be_visible()
    expect(chief.get_by_text("Förhandsgranskning:").first).to_be_visible()
    chief.go_back()
    pdf = chief.request.get(demo_server.url + section.get_by_role("link", name="Förhandsgranska PDF:en").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # The revision: what it changes against the published promise.
    chief.locator(f'a[href="{awaiting_item_url(revision)}"]').click()
    changes = chief.locator("#changes")
    expect(changes.get_by_role("heading", name="Vad den ändrar")).to_be_visible()
    expect(changes).to_contain_text(awaiting["published"].commitment.split("\n")[0][:40])
    expect(changes).to_contain_text(NEW_COMMITMENT)
    expect(changes.get_by_role("heading", name=f"Tillagd: {NEW_ACTIVITY}")).to_be_visible()
    assert _broken_links(chief, demo_server.url) == []

    # Approve the report with a comment, from the approval page.
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    section = chief.locator("section.awaiting__item", has_text="Tertial 1 2022")
    section.get_by_label("Kommentar till samordnaren").fill("Bra sammanfattning. Publicera gärna före jul.")
    section.get_by_role("button", name="Godkänn").click()
    expect(chief.get_by_text("godkänd", exact=False).first).to_be_visible()
    expect(chief.locator("section.awaiting__item", has_text="Tertial 1 2022")).to_have_count(0)

    coordinator = sign_in("samordnare.vaggeryd")
    expect(coordinator).to_have_url(f"{demo_server.url}/hantera/")
    # The comment is on the dashboard itself, beside what is to be published ...
    expect(coordinator.locator("#att-gora")).to_contain_text("Bra sammanfattning. Publicera gärna före jul.")
    # ... and on the report's own page.
    coordinator.locator(f'a[href="{report.get_manage_url()}"]').first.click()
    notice = coordinator.locator(".alert", has_text="Godkänd med en kommentar")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Bra sammanfattning. Publicera gärna före jul.")
    expect(notice).to_contain_text("Chef LPO Värnamo")


def test_a_return_without_a_comment_puts_focus_on_the_error_beside_that_items_field(sign_in, demo_server, awaiting):
    chief = sign_in("chef.varnamo")
    chief.set_viewport_size({"width": 375, "height": 800})
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")

    chief.locator("section.awaiting__item", has_text=EXAMPLE_TITLE).get_by_role("button", name="Skicka tillbaka med kommentaren").click()

    section = chief.locator("section.awaiting__item", has_text=EXAMPLE_TITLE)
    summary = section.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv en kommentar")
    field = section.get_by_label("Kommentar till samordnaren")
    expect(field).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").click()
    expect(field).to_be_focused()
    assert chief.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_chiefs_reading_pages_have_no_axe_violations_and_fit_a_phone_in_both_languages(sign_in, demo_server, awaiting, browser):
    from django.urls import reverse

    from approvals.services import run_transition
    from approvals.views import awaiting_item_url

    report = awaiting["report"]
    chief = sign_in("chef.varnamo")
    paths = [
        "/admin/att-godkanna/",
        awaiting_item_url(awaiting["example"]),
        awaiting_item_url(awaiting["revision"]),
        awaiting_item_url(report),
        reverse("followup:report_preview", args=[report.pk]),
    ]
    problems = []
    for language in ("sv", "en"):
        chief.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
        for width in (1280, 375):
            chief.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                chief.goto(f"{demo_server.url}{path}")
                assert chief.locator("html").get_attribute("lang") == language
                if report_ := axe_violations(chief):
                    problems.append(f"{path} ({language}) at {width}px:\n{report_}")
                if chief.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{path} ({language}) scrolls sideways at {width}px")

    # The coordinator's page of an item approved with a comment.
    from django.contrib.auth import get_user_model

    run_transition(item=awaiting["example"], action="approve", by=get_user_model().objects.get(username="chef.varnamo"), comment="Bra!")
    coordinator = sign_in("samordnare.vaggeryd")
    for language in ("sv", "en"):
        coordinator.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
        for width in (1280, 375):
            coordinator.set_viewport_size({"width": width, "height": 900})
            coordinator.goto(f"{demo_server.url}{awaiting['example'].get_manage_url()}")
            if report_ := axe_violations(coordinator):
                problems.append(f"coordinator's item page ({language}) at {width}px:\n{report_}")
            if coordinator.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"coordinator's item page ({language}) scrolls sideways at {width}px")

    assert not problems, "\n".join(problems)
