"""Pages reflow (WCAG 1.4.10): nothing scrolls sideways at 320 px, no label splits a word at any
width, the stacked report table keeps its labels on a phone; the chief's admin pages pass axe-core."""

import pytest

pytestmark = pytest.mark.browser

# Every button, link-button, heading and summary in <main>: does any word of its text lie on more
# than one line? Each word is measured with a Range; a word broken mid-way has rectangles on two
# lines. Only a word wider than the page's whole text column (a long compound in a title someone
# typed) may break: nothing else can keep it on the screen.
SPLIT_WORDS = """(selector) => {
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const column = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(rects.map(r => Math.round(r.top)));
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (lines.size > 1 && width <= column) found.push(`${match[0]} in «${element.textContent.trim().slice(0, 60)}»`);
      }
    }
  }
  return found;
}"""
LABELS = "main .button, main button, main a[role=button], main h1, main h2, main h3, main h4, main summary, main .card__title a"

# The chief's admin pages are checked against every WCAG 2 A and AA rule axe-core has, 2.2's
# target size among them (not all of which axe-core runs by default).
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def _public_paths():
    from promises.models import Promise

    vaggeryd = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    vindeln = Promise.objects.filter(agreement__municipality__slug="vindeln", workflow_state="published").first()
    return [
        "/",
        "/vaggeryd/",
        "/vindeln/",
        vaggeryd.get_absolute_url(),
        vindeln.get_absolute_url(),
        "/vaggeryd/ar/2021/",
        "/fokusomraden/",
        "/fokusomraden/narkotika/",
        "/oppna-data/",
        "/tillganglighet/",
        "/om/",
        "/finns-inte/",
        "/konto/logga-in/",
    ]


def _published_report_path():
    """The demo's published report for Vaggeryd's first tertial of 2022."""
    from coordination.demo import create_demo_reports
    from followup.models import FollowUpReport

    create_demo_reports()
    return FollowUpReport.objects.get(agreement__municipality__slug="vaggeryd", period_year=2022, period_tertial=1).get_absolute_url()


def _coordinator_paths():
    from tests.browser.test_coordinator_pages_in_browser import _coordinator_pages

    paths, _ = _coordinator_pages(None)
    agreement = next(path for path in paths if path.startswith("/hantera/overenskommelser/") and path.rstrip("/").split("/")[-1].isdigit())
    return paths + [
        f"{agreement}kontakt/",
        "/hantera/import/?kommun=vaggeryd",
        "/hantera/indikatorer/?kommun=vaggeryd",
        "/hantera/emblem/?kommun=vaggeryd",
    ]


def test_no_public_or_coordinator_page_scrolls_sideways_at_320_pixels(sign_in, demo_server, page):
    public = _public_paths() + [_published_report_path()]
    coordinator = sign_in("samordnare.vaggeryd")
    wide = []
    # The public pages as an anonymous reader sees them, and as a signed-in coordinator (another header).
    for reader, paths in [(page, public), (coordinator, public + _coordinator_paths())]:
        reader.set_viewport_size({"width": 320, "height": 800})
        for path in paths:
            reader.goto(f"{demo_server.url}{path}")
            width = reader.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append(f"{path}: {width}px")
    assert not wide, "\n".join(wide)


def test_no_button_link_button_or_heading_splits_a_word(sign_in, demo_server):
    coordinator = sign_in("samordnare.vaggeryd")
    split = []
    for width, paths in [
        (375, _public_paths() + _coordinator_paths()),
        (320, ["/hantera/", "/vaggeryd/"]),
        (1280, ["/fokusomraden/", "/hantera/"]),
    ]:
        coordinator.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            coordinator.goto(f"{demo_server.url}{path}")
            for summary in coordinator.locator("main details summary").all():
                summary.click()
            split += [f"{path} at {width}px: {word}" for word in coordinator.evaluate(SPLIT_WORDS, LABELS)]
    assert not split, "\n".join(split)


def test_the_focus_area_list_splits_no_word_at_desktop_width(page, seeded_server):
    page.goto(f"{seeded_server.url}/fokusomraden/")
    split = page.evaluate(SPLIT_WORDS, "main a, main h2, main h3")
    assert not split, "\n".join(split)


def test_the_stacked_report_cells_show_their_labels_on_a_phone(browser, demo_server):
    report_path = _published_report_path()
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server.url}{report_path}")
    # Each cell of the first activity: whether it is stacked, the label drawn before it, its own text.
    cells = (
        page.locator("table.report-activities tbody tr")
        .first.locator("td")
        .evaluate_all(
            """cells => cells.map(cell => {
             const before = getComputedStyle(cell, '::before');
             return [getComputedStyle(cell).display, before.display === 'none' ? '' : before.content, cell.innerText.trim()];
           })"""
        )
    )
    header_shown = page.locator("table.report-activities thead").first.is_visible()
    wide = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert not header_shown
    assert [(display, label) for display, label, _ in cells] == [
        ("block", '"Status"'),
        ("block", '"Vad som gjordes"'),
        ("block", '"Nästa steg"'),
    ]
    assert "arbetet under tertial 1 2022" in cells[1][2] and "nästa steg planeras" in cells[2][2]
    assert wide <= 375


def test_the_chiefs_admin_pages_have_no_wcag_a_or_aa_violations_in_both_languages(sign_in, demo_server):
    from axe_playwright_python.sync_playwright import Axe

    from promises.models import Promise

    promise = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    paths = [
        "/admin/",
        "/admin/att-godkanna/",
        "/admin/promises/promise/",
        f"/admin/promises/promise/{promise.pk}/change/",
        f"/admin/promises/promise/{promise.pk}/history/",
        "/admin/agreements/agreement/",
    ]
    chief = sign_in("chef.varnamo")
    problems = []
    for language in ("sv", "en"):
        chief.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
        for width in (1280, 375):
            chief.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                response = chief.goto(f"{demo_server.url}{path}")
                assert response.status == 200, path
                results = Axe().run(chief, options=WCAG_AA)
                if results.violations_count:
                    problems.append(f"{path} ({language}) at {width}px:\n{results.generate_report()}")
    assert not problems, "\n".join(problems)
