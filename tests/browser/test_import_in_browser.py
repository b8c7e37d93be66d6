"""A coordinator brings activities from a spreadsheet, in the browser."""

import datetime

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


def _vaggeryd_revision():
    from django.contrib.auth import get_user_model

    from promises.models import Promise
    from promises.services import promise_start_revision

    coordinator = get_user_model().objects.get(username="samordnare.vaggeryd")
    return promise_start_revision(
        promise=Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021", revision_of__isnull=True), by=coordinator
    )


def _activity_file(tmp_path, revision):
    """The activities' template filled in without any ID, and a changed status of an existing activity."""
    from promises import spreadsheets
    from promises.importing import activities as activity_import
    from promises.importing.checking import as_cell

    existing = revision.activities.order_by("pk").first()
    area = existing.focus_area.name
    rows = [";".join(activity_import.COLUMNS)]
    for description, responsible, status in (
        ("Föräldravandringar i Vaggeryd", "gemensamt", "planerad"),
        ("Information om narkotika på högstadiet", "kommunen", "pågående"),
    ):
        cells = dict.fromkeys(activity_import.COLUMNS, "")
        cells.update({"Beskrivning": description, "Fokusområde": area, "Ansvarig": responsible, "Status": status})
        rows.append(";".join(cells.values()))
    cells = dict.fromkeys(activity_import.COLUMNS, "")
    cells.update(
        {
            "Aktivitet-ID": str(existing.pk),
            "Löfte-ID": str(revision.pk),
            "Beskrivning": existing.description,
            "Fokusområde": area,
            "Ansvarig": spreadsheets.RESPONSIBLE_WORDS[existing.responsible],
            "Samverkanspart": existing.partner_name,
            "Plats": existing.place,
            "När": existing.timing,
            "Mål": existing.target,
            "Mål per år": "" if existing.target_per_year is None else str(existing.target_per_year),
            "Planerad från": as_cell(existing.planned_from),
            "Planerad till": as_cell(existing.planned_until),
            "Status": "framflyttad",
            "Status sedan": as_cell(existing.status_date),
        }
    )
    rows.append(";".join(cells.values()))
    sheet = tmp_path / "aktiviteter.csv"
    sheet.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    return sheet, existing


def test_vaggeryd_picks_the_promise_from_the_list_and_sees_before_and_after(sign_in, demo_server, tmp_path):
    from promises.models import Activity

    revision = _vaggeryd_revision()
    sheet, existing = _activity_file(tmp_path, revision)

    page = sign_in("samordnare.vaggeryd")
    page.goto(f"{demo_server.url}/hantera/import/?kommun=vaggeryd")
    page.get_by_label("Löfte för rader utan Löfte-ID").select_option(
        label=f"Medborgarlöfte Vaggeryd 2021 · från {revision.valid_from.year} · Utkast (revidering)"
    )
    page.get_by_label("Kalkylblad (.xlsx eller .csv)").set_input_files(str(sheet))
    page.get_by_role("button", name="Kontrollera filen").click()

    expect(page.get_by_text("2 nya aktiviteter")).to_be_visible()
    expect(page.get_by_text("Rader utan Löfte-ID hamnar i löftet ”Medborgarlöfte Vaggeryd 2021”.")).to_be_visible()
    changes = page.get_by_role("region", name="Ändringar: före och efter")
    expect(changes.get_by_role("row")).to_have_count(3)
    expect(changes.get_by_role("row").nth(1)).to_have_text(f"Rad 4: {existing.description}")
    expect(changes.get_by_role("row").nth(2)).to_have_text(f"Status{importing_word(existing.status)}framflyttad")
    page.get_by_role("button", name="Importera", exact=True).click()

    expect(page.get_by_text("Importerat: 2 nya och 1 ändrade aktiviteter; 0 oförändrade.")).to_be_visible()
    assert set(Activity.objects.filter(promise=revision).values_list("description", flat=True)) >= {
        "Föräldravandringar i Vaggeryd",
        "Information om narkotika på högstadiet",
    }
    assert Activity.objects.get(pk=existing.pk).status == "postponed"


def importing_word(status):
    from promises.spreadsheets import STATUS_WORDS

    return STATUS_WORDS[status]


def test_the_import_pages_pass_axe_in_both_languages_at_1280_and_375(sign_in, demo_server, tmp_path):
    from django.contrib.auth import get_user_model

    from agreements.models import Municipality
    from approvals.models import ReviewState
    from followup import importing as report_importing
    from followup.periods import ReportingPeriod
    from followup.services import report_create_draft
    from promises.importing import promises as promise_import
    from promises.models import Promise

    revision = _vaggeryd_revision()
    sheet, _existing = _activity_file(tmp_path, revision)
    vaggeryd = Municipality.objects.get(slug="vaggeryd")
    draft = Promise.objects.create(
        agreement=vaggeryd.agreements.get(),
        title="Tryggare skolvägar",
        commitment="Vi lovar tryggare skolvägar.",
        valid_from=datetime.date(2027, 1, 1),
        workflow_state=ReviewState.DRAFT,
    )
    draft.focus_areas.set(revision.focus_areas.all()[:1])
    promises = tmp_path / "loften.csv"
    exported = promise_import.export_promises(vaggeryd, "csv").decode("utf-8-sig")
    promises.write_bytes(exported.replace(";Tryggare skolvägar;", ";Tryggare skolvägar och parker;", 1).encode("utf-8"))
    coordinator = get_user_model().objects.get(username="samordnare.vaggeryd")
    report = report_create_draft(agreement=vaggeryd.agreements.get(), period=ReportingPeriod(2022, 1), by=coordinator)
    updates = tmp_path / "uppfoljning.csv"
    updates.write_bytes(
        report_importing.export_csv(report)
        .decode("utf-8-sig")
        .replace(";planerad;", ";genomförd;")
        .replace(";pågående;", ";genomförd;")
        .encode("utf-8")
    )
    pages = [
        ("/hantera/import/?kommun=vaggeryd", sheet),
        ("/hantera/import/loften/?kommun=vaggeryd", promises),
        (f"/hantera/rapporter/{report.pk}/import/", updates),
    ]

    page = sign_in("samordnare.vaggeryd")
    found = []
    for language in ("sv", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": demo_server.url}])
        for number, (address, upload) in enumerate(pages):
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"{demo_server.url}{address}")
            if number == 0:
                page.locator("#id_promise").select_option(str(revision.pk))
            page.locator("input[type=file]").set_input_files(str(upload))
            page.locator("form.form button[type=submit]").click()
            expect(page.locator("#changes-heading")).to_be_visible()
            for width in (1280, 375):
                page.set_viewport_size({"width": width, "height": 900})
                if violations := axe_violations(page):
                    found.append(f"{language} {width} {address}: {violations}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    found.append(f"{language} {width} {address}: scrolls sideways")
                page.screenshot(path=str(tmp_path / f"import-{number}-{language}-{width}.png"), full_page=True)
    assert found == []
