"""A coordinator brings activities from a spreadsheet, in the browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_vindeln_uploads_a_spreadsheet_sees_the_preview_confirms_and_sees_the_activities(sign_in, demo_server, tmp_path):
    from django.contrib.auth import get_user_model

    from promises.models import Promise
    from promises.services import promise_start_revision

    coordinator = get_user_model().objects.get(username="samordnare.vindeln")
    revision = promise_start_revision(promise=Promise.objects.get(title="Droger", revision_of__isnull=True), by=coordinator)
    sheet = tmp_path / "aktiviteter.csv"
    sheet.write_bytes(
        (
            "Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status\r\n"
            f";{revision.pk};Föräldravandringar i Vindeln;Droger;gemensamt;;Vindelns centrum;planerad\r\n"
            f";{revision.pk};Information om narkotika på högstadiet;Droger;samverkanspart;Vindelns skola;;pågående\r\n"
        ).encode("cp1252")
    )

    page = sign_in("samordnare.vindeln")
    page.get_by_role("link", name="Importera eller exportera").click()
    page.get_by_label("Kalkylblad (.xlsx eller .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.get_by_text("2 nya aktiviteter")).to_be_visible()
    assert axe_violations(page) == ""
    page.get_by_role("button", name="Importera", exact=True).click()

    expect(page.get_by_text("Importerat: 2 nya och 0 ändrade aktiviteter; 0 oförändrade.")).to_be_visible()
    page.goto(f"{demo_server.url}{revision.get_manage_url()}")
    expect(page.get_by_text("Föräldravandringar i Vindeln")).to_be_visible()
    expect(page.get_by_text("Information om narkotika på högstadiet")).to_be_visible()
