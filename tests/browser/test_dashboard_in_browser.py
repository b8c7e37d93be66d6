"""The coordinator's dashboard on a phone: no button or heading splits a word."""

import pytest

pytestmark = pytest.mark.browser

# For each button and heading: does its content overflow it, and is any word drawn on more than
# one line? Words are measured with a Range per word, so a word broken mid-way has two rectangles.
SPLIT_WORDS = """() => {
  const found = [];
  for (const element of document.querySelectorAll('main .button, main button, main h1, main h2, main h3, main summary')) {
    if (element.scrollWidth > element.clientWidth + 1) found.push(`overflows: ${element.textContent.trim()}`);
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) found.push(`split: ${match[0]} in ${element.textContent.trim().slice(0, 60)}`);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["sv-SE", "en-GB"])
def test_no_button_or_heading_on_the_dashboard_splits_a_word_on_a_375_pixel_phone(browser, demo_server, language):
    from tests.browser.conftest import DEMO_PASSWORD, axe_violations

    context = browser.new_context(locale=language, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server.url}/konto/logga-in/")
    page.locator("#id_username").fill("samordnare.vaggeryd")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{demo_server.url}/hantera/")
    for summary in page.locator("main details summary").all():
        summary.click()

    problems = page.evaluate(SPLIT_WORDS)
    violations = axe_violations(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert problems == []
    assert violations == ""
    assert wide <= 375


def test_setting_a_status_and_submitting_the_due_report_takes_at_most_seven_clicks(sign_in, demo_server):
    """It took 15 clicks over 14 pages before the dashboard said what to do now."""
    from playwright.sync_api import expect

    coordinator = sign_in("samordnare.vaggeryd")
    clicks = []

    def click(locator):
        clicks.append(locator)
        locator.click()

    click(coordinator.get_by_role("link", name="Ändra status för ”Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd.”"))
    coordinator.get_by_label("Genomförd").check()
    coordinator.get_by_label("Status sedan").fill("2026-08-15")
    click(coordinator.get_by_role("button", name="Spara"))
    expect(coordinator.get_by_role("heading", name="Att göra nu")).to_be_visible()

    click(coordinator.get_by_role("button", name="Påbörja rapporten för Tertial 2 2026"))
    click(coordinator.get_by_role("link", name="Redigera uppföljningen"))
    coordinator.get_by_label("Sammanfattning").fill("Trygghetsvandringarna är genomförda.")
    for update in coordinator.locator("fieldset.fieldset--inner").all():
        done = update.get_by_label("Vad som gjordes")
        if not done.input_value().strip():
            done.fill("Enligt planen.")
    click(coordinator.get_by_role("button", name="Spara"))
    click(coordinator.get_by_role("button", name="Skicka in för godkännande", exact=True))
    click(coordinator.get_by_role("button", name="Bekräfta och skicka in för godkännande"))

    expect(coordinator.get_by_text("Klart: skickad för godkännande.")).to_be_visible()
    assert len(clicks) <= 7
