"""The coordinator runs the programme in the browser: the whole path, two editors at once,
keyboard only, a phone, and axe-core on every page."""

import pytest
from playwright.sync_api import expect

from coordination.demo import EXAMPLE_TITLE
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

NEW_TITLE = "Medborgarlöfte Vaggeryd 2027"


def _create_promise(coordinator, title=NEW_TITLE):
    coordinator.get_by_role("link", name="Nytt löfte").click()
    coordinator.get_by_label("Titel").fill(title)
    coordinator.get_by_label("Löfte", exact=True).fill("Vaggeryds kommun och polisen lovar fortsatt arbete för ökad trygghet.")
    coordinator.get_by_label("Ökad trygghet för kommuninvånarna (kommunens egen)").check()
    coordinator.get_by_label("Gäller från").fill("2026-01-01")
    coordinator.get_by_role("button", name="Skapa utkastet").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(title)


def test_the_whole_path_from_draft_to_public_page(sign_in, demo_server, page):
    coordinator = sign_in("samordnare.vaggeryd")
    _create_promise(coordinator)

    # Add an activity.
    coordinator.get_by_role("link", name="Lägg till en aktivitet").click()
    coordinator.get_by_label("Vad som görs").fill("Medborgardialog i Skillingaryd")
    coordinator.get_by_label("Fokusområde").select_option(label="Ökad trygghet för kommuninvånarna (kommunens egen)")
    coordinator.get_by_label("Gemensamt").check()
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_text("Aktiviteten har lagts till.")).to_be_visible()

    # Change its status.
    coordinator.get_by_role("link", name="Ändra status: Medborgardialog i Skillingaryd").click()
    coordinator.get_by_label("Pågående").check()
    coordinator.get_by_label("Anteckning om statusen").fill("Första dialogen hölls i mars.")
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.locator("#main").get_by_text("Första dialogen hölls i mars.")).to_be_visible()

    # Carry over the unfinished safety walks of the 2021 promise.
    coordinator.get_by_role("link", name="För över från ett tidigare löfte").click()
    coordinator.get_by_label("Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd. (Medborgarlöfte Vaggeryd 2021, planerad)").check()
    coordinator.get_by_role("button", name="För över").click()
    expect(coordinator.get_by_text("Förd över från ”Medborgarlöfte Vaggeryd 2021”.")).to_be_visible()

    coordinator.get_by_role("button", name="Skicka in för godkännande").click()
    expect(coordinator.get_by_text("Skickad för godkännande").first).to_be_visible()

    # The chief returns it with a comment, in the admin.
    chief = sign_in("chef.varnamo")
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    item = chief.locator("section.awaiting__item", has_text=NEW_TITLE)
    item.get_by_label("Kommentar till samordnaren").fill("Skriv ut årtalet i texten.")
    item.get_by_role("button", name="Skicka tillbaka med kommentaren").click()

    # The coordinator sees the comment, fixes and resubmits.
    coordinator.goto(f"{demo_server.url}/hantera/")
    expect(coordinator.get_by_text("Skriv ut årtalet i texten.")).to_be_visible()
    coordinator.get_by_role("link", name=NEW_TITLE).first.click()
    coordinator.get_by_role("link", name="Redigera löftet").click()
    coordinator.get_by_label("Löfte", exact=True).fill("Vaggeryds kommun och polisen lovar under 2027 fortsatt arbete för ökad trygghet.")
    coordinator.get_by_role("button", name="Spara").click()
    coordinator.get_by_role("button", name="Skicka in för godkännande").click()

    # The chief approves; the coordinator publishes.
    chief.goto(f"{demo_server.url}/admin/att-godkanna/")
    chief.locator("section.awaiting__item", has_text=NEW_TITLE).get_by_role("button", name="Godkänn").click()
    coordinator.reload()
    coordinator.get_by_role("button", name="Publicera").click()
    expect(coordinator.get_by_text("Klart: publicerad.")).to_be_visible()

    # An anonymous reader sees it, with the carried-over walks.
    page.goto(f"{demo_server.url}/vaggeryd/")
    heading_link = page.get_by_role("heading", name=NEW_TITLE).get_by_role("link")
    expect(heading_link).to_be_visible()
    expect(page.get_by_text(f"Förd över till {NEW_TITLE}.")).to_be_visible()  # on the 2021 promise's walks
    heading_link.click()
    expect(page.get_by_text("under 2027 fortsatt arbete").first).to_be_visible()  # the lead, and again in the trail
    expect(page.get_by_text("Medborgardialog i Skillingaryd")).to_be_visible()
    expect(page.get_by_text("Förd över från").first).to_be_visible()


def test_two_editors_at_once_the_second_save_is_refused_and_keeps_the_typing(sign_in, demo_server):
    first = sign_in("samordnare.vaggeryd")
    _create_promise(first, title="Löfte att redigera")
    edit_url = first.get_by_role("link", name="Redigera löftet").get_attribute("href")
    second = sign_in("samordnare.vaggeryd")
    second.goto(f"{demo_server.url}{edit_url}")
    first.goto(f"{demo_server.url}{edit_url}")

    first.get_by_label("Titel").fill("Första personens titel")
    first.get_by_role("button", name="Spara").click()
    second.get_by_label("Titel").fill("Andra personens titel")
    second.get_by_role("button", name="Spara").click()

    expect(second.get_by_text("Någon annan sparade det här medan du redigerade.")).to_be_visible()
    expect(second.get_by_role("cell", name="Första personens titel")).to_be_visible()
    expect(second.get_by_label("Titel")).to_have_value("Andra personens titel")
    from promises.models import Promise

    assert Promise.objects.filter(title="Första personens titel").exists()


def test_a_form_can_be_filled_in_and_sent_with_the_keyboard_alone(sign_in, demo_server):
    from promises.models import Activity

    coordinator = sign_in("samordnare.vaggeryd")
    activity = Activity.objects.get(description__startswith="Genomföra trafikinsatser")
    coordinator.goto(f"{demo_server.url}/hantera/aktiviteter/{activity.pk}/status/")

    coordinator.locator("#main").focus()
    coordinator.keyboard.press("Tab")  # into the status options, on the one checked now
    for _ in range(5):  # arrow keys move the choice through the options
        if coordinator.evaluate("document.activeElement.value") == "done":
            break
        coordinator.keyboard.press("ArrowDown")
    for _ in range(8):  # on through the date's parts to the note
        if coordinator.evaluate("document.activeElement.id") == "id_status_note":
            break
        coordinator.keyboard.press("Tab")
    coordinator.keyboard.type("Klart med tangentbordet")
    coordinator.keyboard.press("Enter")

    expect(coordinator.get_by_text("Statusen har ändrats.")).to_be_visible()
    activity.refresh_from_db()
    assert (activity.status, activity.status_note) == ("done", "Klart med tangentbordet")


def _coordinator_pages(demo_server):
    from agreements.models import Agreement
    from promises.models import Activity, Promise

    promise = Promise.objects.get(title=EXAMPLE_TITLE)
    published = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    activity = published.activities.first()
    agreement = Agreement.objects.get(municipality__slug="vaggeryd", workflow_state="published")
    return [
        "/hantera/",
        f"/hantera/loften/{published.pk}/",
        f"/hantera/loften/{promise.pk}/",
        "/hantera/loften/nytt/",
        f"/hantera/aktiviteter/{activity.pk}/status/",
        f"/hantera/overenskommelser/{agreement.pk}/",
        "/hantera/overenskommelser/ny/",
        "/konto/losenord/",
    ], Activity


def test_every_coordinator_page_has_no_axe_violations_and_fits_a_phone(browser, sign_in, demo_server):
    import datetime

    from django.contrib.auth import get_user_model

    from agreements.services import agreement_create
    from promises.models import Promise
    from promises.services import activity_create, promise_withdraw

    # Editing pages of drafts too: take the demo example back to draft, give it an activity, and
    # draft a new agreement.
    user = get_user_model().objects.get(username="samordnare.vaggeryd")
    example = Promise.objects.get(title=EXAMPLE_TITLE)
    promise_withdraw(promise=example, by=user)
    activity = activity_create(
        promise=example, by=user, focus_area=example.focus_areas.get(), description="Hastighetskontroller vid skolor", responsible="police"
    )
    agreement = agreement_create(
        municipality=example.agreement.municipality, by=user, title="Ny överenskommelse", starts_on=datetime.date(2030, 1, 1)
    )
    from followup.models import Indicator, Measurement

    indicator = Indicator.objects.create(
        municipality=example.agreement.municipality, name="Trygga en sen kväll", unit="procent", source="Enkät"
    )
    Measurement.objects.create(indicator=indicator, year=2024, group="all", value=80)
    summer = Promise.objects.create(
        agreement=example.agreement,
        title="Trygg sommar",
        commitment="Vi lovar.",
        valid_from=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2025, 12, 31),
        workflow_state="published",
    )
    from promises.extension_services import promise_extension_create

    extension = promise_extension_create(
        promise=summer,
        by=user,
        extended_until=datetime.date(2026, 12, 31),
        decided_on=datetime.date(2025, 11, 1),
        decided_by="kommunstyrelsen",
    )
    pages, _ = _coordinator_pages(demo_server)
    pages += [
        f"/hantera/loften/{example.pk}/ny-undertecknare/",
        f"/hantera/loften/{summer.pk}/",
        f"/hantera/loften/{summer.pk}/forlang/",
        f"/hantera/forlangningar/{extension.pk}/",
        f"/hantera/forlangningar/{extension.pk}/redigera/",
        f"/hantera/markerade/?action=submit&item=promises.promise:{example.pk}&item=promises.promiseextension:{extension.pk}",
        "/hantera/indikatorer/?kommun=vaggeryd",
        f"/hantera/indikatorer/{indicator.pk}/",
        "/hantera/import/?kommun=vaggeryd",
        "/hantera/import/loften/?kommun=vaggeryd",
        f"/hantera/loften/{example.pk}/redigera/",
        f"/hantera/loften/{example.pk}/ny-aktivitet/",
        f"/hantera/loften/{example.pk}/for-over/",
        f"/hantera/loften/{example.pk}/nytt-fokusomrade/",
        f"/hantera/aktiviteter/{activity.pk}/redigera/",
        f"/hantera/aktiviteter/{activity.pk}/ta-bort/",
        f"/hantera/overenskommelser/{agreement.pk}/redigera/",
        f"/hantera/overenskommelser/{agreement.pk}/ny-undertecknare/",
        f"/hantera/overenskommelser/{agreement.pk}/kontakt/",
        "/hantera/emblem/?kommun=vaggeryd",
    ]
    coordinator = sign_in("samordnare.vaggeryd")

    problems = []
    for width in (1280, 375):
        coordinator.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            coordinator.goto(f"{demo_server.url}{path}")
            report = axe_violations(coordinator)
            if report:
                problems.append(f"{path} at {width}px:\n{report}")
            if coordinator.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path} scrolls sideways at {width}px")

    assert not problems, "\n".join(problems)


def test_the_chiefs_approval_pages_have_no_axe_violations_and_fit_a_phone(sign_in, demo_server):
    from promises.models import Promise

    example = Promise.objects.get(title=EXAMPLE_TITLE)
    second = Promise.objects.create(
        agreement=example.agreement,
        title="Ännu ett löfte",
        commitment="Vi lovar.",
        valid_from=example.valid_from,
        workflow_state="submitted",
    )
    chief = sign_in("chef.varnamo")
    problems = []
    for width in (1280, 375):
        chief.set_viewport_size({"width": width, "height": 900})
        for path in [
            "/admin/att-godkanna/",
            f"/admin/att-godkanna/markerade/?item=promises.promise:{example.pk}&item=promises.promise:{second.pk}",
        ]:
            chief.goto(f"{demo_server.url}{path}")
            report = axe_violations(chief)
            if report:
                problems.append(f"{path} at {width}px:\n{report}")
            if chief.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path} scrolls sideways at {width}px")

    assert not problems, "\n".join(problems)


def test_a_refused_form_shows_the_error_summary_first_and_still_fits_a_phone(sign_in, demo_server):
    coordinator = sign_in("samordnare.vaggeryd")
    coordinator.set_viewport_size({"width": 375, "height": 800})
    coordinator.goto(f"{demo_server.url}/hantera/loften/nytt/")

    coordinator.get_by_role("button", name="Skapa utkastet").click()

    assert coordinator.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(coordinator) == ""

    summary = coordinator.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Titel: Detta fält måste fyllas i.")).to_be_visible()
