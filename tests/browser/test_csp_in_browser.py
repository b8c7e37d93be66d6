"""The Content-Security-Policy in a real browser: the admin, the coordinator pages and the public
pages raise no violation, the glance bars still show their shares, and a violation is noticed."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _published_report():
    from django.contrib.auth import get_user_model

    from followup.periods import ReportingPeriod
    from followup.services import report_approve, report_create_draft, report_publish, report_submit
    from promises.models import Promise
    from tests.factories import fill_in_report

    User = get_user_model()
    coordinator, chief = User.objects.get(username="samordnare.vaggeryd"), User.objects.get(username="chef.varnamo")
    agreement = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021").agreement
    report = fill_in_report(report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 1), by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    report_publish(report=report, by=coordinator)
    return report


def _glance_rows(page) -> list[dict]:
    """Each glance bar's measured width and its segments' positions, with the counts its text gives."""
    rows = []
    for row in page.locator("li.glance__row").all():
        text = row.locator(".glance__text").inner_text()
        counts = [int(n) for n in re.findall(r"(\d+) [^\d,(]+", text.split("(")[0])]
        total = int(re.search(r"\((\d+) ", text).group(1))
        rects = row.locator("svg.glance__bar rect")
        rows.append(
            {
                "text": text,
                "counts": counts,
                "total": total,
                "bar": row.locator("svg.glance__bar").bounding_box(),
                "segments": [rect.bounding_box() for rect in rects.all()],
                "fills": rects.evaluate_all("(rects) => rects.map((rect) => getComputedStyle(rect).fill)"),
            }
        )
    return rows


def test_admin_coordinator_and_public_pages_raise_no_violation_and_the_glance_bars_keep_their_widths(browser, sign_in, demo_server, page):
    from agreements.models import PoliceArea
    from promises.models import Promise

    report = _published_report()
    promise = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    url = demo_server.url

    # The stock admin: index, a changelist with filters, change forms with date widgets, the
    # related-object popups and the two-box selector, a delete confirmation, history, export.
    admin = sign_in("admin")
    admin.goto(f"{url}/admin/")
    expect(admin.locator("#content-main")).to_be_visible()
    admin.goto(f"{url}/admin/agreements/agreement/")
    admin.locator("#changelist-filter a").nth(1).click()
    expect(admin.locator("#result_list")).to_be_visible()

    admin.goto(f"{url}/admin/agreements/municipality/add/")
    admin.get_by_label("Kortnamn").press_sequentially("Provköping")
    expect(admin.locator("#id_slug")).to_have_value("provkoping")  # prepopulated by the admin's script
    with admin.expect_popup() as popup_info:
        admin.locator("#add_id_police_area").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.get_by_label("Namn").fill("LPO Provköping")
    popup.get_by_label("Region").fill("Region Prov")
    with popup.expect_event("close"):  # popup_response.js hands the new area back and closes the window
        popup.locator("input[name=_save]").click()
    expect(admin.locator("#id_police_area option:checked")).to_have_text("LPO Provköping")

    admin.goto(f"{url}/admin/agreements/agreement/add/")
    admin.locator("a[id^=calendarlink]").first.click()  # DateTimeShortcuts' calendar
    expect(admin.locator(".calendarbox").first).to_be_visible()
    admin.goto(f"{url}/admin/promises/promise/add/")
    expect(admin.locator(".selector").first).to_be_visible()  # SelectFilter2 built the two boxes
    admin.goto(f"{url}/admin/promises/activity/add/")
    with admin.expect_popup() as lookup_info:
        admin.locator("#lookup_id_carried_over_from").click()
    lookup = lookup_info.value
    lookup.wait_for_load_state()
    lookup.close()
    new_area = PoliceArea.objects.get(name="LPO Provköping")
    admin.goto(f"{url}/admin/agreements/policearea/{new_area.pk}/delete/")
    expect(admin.locator("#content form input[type=submit]")).to_be_visible()
    admin.goto(f"{url}/admin/agreements/policearea/{new_area.pk}/history/")
    expect(admin.locator("#change-history")).to_be_visible()
    admin.goto(f"{url}/admin/agreements/municipality/export/")
    # The binding that replaced django-import-export's onchange="" attribute still (de)selects every field.
    select_all = admin.locator("input.select-toggle")
    select_all.uncheck()
    expect(admin.locator(".selectable-field-export-row input[type=checkbox]:checked")).to_have_count(0)
    select_all.check()
    expect(admin.locator(".selectable-field-export-row input[type=checkbox]:not(:checked)")).to_have_count(0)
    admin.goto(f"{url}/admin/att-godkanna/")
    expect(admin.locator("section.awaiting__item").first).to_be_visible()

    # A coordinator's edit page.
    coordinator = sign_in("samordnare.vaggeryd")
    coordinator.goto(f"{url}/hantera/loften/{promise.pk}/redigera/")
    expect(coordinator.locator("#main form").first).to_be_visible()

    # The public municipality page and its glance bars; the report page.
    page.goto(f"{url}/vaggeryd/")
    rows = _glance_rows(page)
    assert rows, "the municipality page shows no glance bars"
    for row in rows:
        bar, segments = row["bar"], row["segments"]
        assert bar["width"] > 200 and bar["height"] > 8, row["text"]
        assert len(segments) == len(row["counts"]), row["text"]
        start = bar["x"]
        for segment, count in zip(segments, row["counts"]):
            assert segment["x"] == pytest.approx(start, abs=1.5), row["text"]
            assert segment["width"] == pytest.approx(bar["width"] * count / row["total"], abs=1.5), row["text"]
            assert segment["height"] == pytest.approx(bar["height"], abs=1), row["text"]
            start += segment["width"]
        assert start == pytest.approx(bar["x"] + bar["width"], abs=1.5), row["text"]
        assert all(fill not in ("rgb(0, 0, 0)", "none") for fill in row["fills"]), f"unstyled segments: {row['fills']}"
    page.goto(f"{url}{report.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tertial 1 2022")

    assert browser.take_violations() == []


def test_a_violation_is_noticed(browser):
    """The watch the browser tests rely on: a page under a strict policy with an inline style and an
    inline script reports both, through the console and through the securitypolicyviolation event."""
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "http://csp.invalid/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'", "Content-Type": "text/html"},
            body='<!DOCTYPE html><p style="color: red">Röd?</p><script>document.title = "ran";</script>',
        ),
    )
    page.goto("http://csp.invalid/")

    violations = browser.take_violations()
    title = page.title()
    context.close()

    assert title != "ran"
    console = [violation for violation in violations if "Content Security Policy directive" in violation]
    events = [violation for violation in violations if " refused inline at " in violation]
    assert any("'style-src 'self''" in violation for violation in console), violations
    assert any("'script-src 'self''" in violation for violation in console), violations
    assert any(violation.startswith("http://csp.invalid/: style-src-attr refused") for violation in events), violations
    assert any(violation.startswith("http://csp.invalid/: script-src-elem refused") for violation in events), violations
    assert browser.take_violations() == []


def test_a_page_within_the_policy_reports_nothing(browser, seeded_server):
    page = browser.new_page()
    page.goto(f"{seeded_server.url}/vaggeryd/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert browser.take_violations() == []
