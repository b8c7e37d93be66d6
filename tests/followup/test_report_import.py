"""A report's activity updates in and out of spreadsheets in the Swedish interchange format, in any
UI language, with a preview that shows each changed update before and after."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from followup import importing
from followup.periods import ReportingPeriod
from followup.services import report_create_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(programme, coordinator):
    """A draft whose updates say the same whatever the draft was filled in from."""
    report = report_create_draft(agreement=programme, period=ReportingPeriod(2022, 1), by=coordinator)
    updates = report.sections.get().updates
    updates.filter(activity__description="Trygghetsvandringar i centrum").update(status="ongoing", what_was_done="Två vandringar")
    updates.exclude(activity__description="Trygghetsvandringar i centrum").update(status="planned", what_was_done="")
    updates.update(achieved=None, next_step="")
    return report


def _updates(draft):
    return list(draft.sections.get().updates.order_by("pk").values())


def _file(draft, status="genomförd", done="Två vandringar", achieved="2"):
    rows = ["Uppdatering-ID;Period;Löfte;Aktivitet;Status;Vad som gjordes;Utfall;Nästa steg"]
    for update in draft.sections.get().updates.order_by("pk"):
        rows.append(f"{update.pk};;;;{status};{done};{achieved};")
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_swedish_report_export_imports_unchanged_in_english(draft, coordinator, kind):
    importing.run_import(report=draft, name="u.csv", data=_file(draft, status="framflyttad"), by=coordinator)
    with translation.override("sv"):
        exported = importing.export_csv(draft) if kind == "csv" else importing.export_xlsx(draft)
    before = _updates(draft)

    with translation.override("en"):
        plan = importing.run_import(report=draft, name=f"export.{kind}", data=exported, by=coordinator)

    assert plan.errors == [] and (len(plan.changed), len(plan.unchanged)) == (0, 2)
    assert _updates(draft) == before


def test_the_report_export_is_the_same_file_in_either_language(draft):
    with translation.override("sv"):
        swedish = importing.export_csv(draft)
    with translation.override("en"):
        english = importing.export_csv(draft)

    assert swedish == english
    assert ";Tertial 1 2022;Tryggare centrum;Trygghetsvandringar i centrum;pågående;" in english.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Okänd status ”klar”; använd planerad, pågående, genomförd, framflyttad eller inställd."),
        ("en", "Unknown status “klar”; use planerad, pågående, genomförd, framflyttad or inställd."),
    ],
)
def test_the_error_for_an_unknown_status_names_the_swedish_words(draft, language, message):
    with translation.override(language):
        plan = importing.plan_import(report=draft, name="u.csv", data=_file(draft, status="klar"))

    assert {(e.column, e.message) for e in plan.errors} == {("Status", message)}


@pytest.mark.parametrize("word", ["planerad", "pågående", "genomförd", "framflyttad", "inställd"])
def test_every_status_word_is_read_in_english(draft, word):
    with translation.override("en"):
        plan = importing.plan_import(report=draft, name="u.csv", data=_file(draft, status=word))

    assert plan.errors == []


def test_an_unknown_update_id_is_named_as_an_id(draft):
    data = b"Uppdatering-ID;Status\r\n99999;planerad\r\n"

    plan = importing.plan_import(report=draft, name="u.csv", data=data)

    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (2, "Uppdatering-ID", "Uppdatering-ID 99999 finns inte i den här uppföljningen; exportera uppföljningen igen och fyll i den filen.")
    ]


def test_the_plan_holds_each_changed_update_before_and_after(draft):
    plan = importing.plan_import(report=draft, name="u.csv", data=_file(draft, done=""))

    walk = next(change for change in plan.changes if change.label == "Trygghetsvandringar i centrum")
    assert [(f.label, f.before, f.after) for f in walk.fields] == [
        ("Status", "pågående", "genomförd"),
        ("Vad som gjordes", "Två vandringar", ""),
        ("Utfall", "", "2"),
    ]


def test_the_preview_page_shows_before_and_after_and_no_new_activities(client, coordinator, draft):
    client.force_login(coordinator)
    upload = io.BytesIO(_file(draft, status="inställd", achieved=""))
    upload.name = "uppfoljning.csv"

    page = client.post(reverse("followup:report_import", args=[draft.pk]), {"file": upload}).content.decode()

    assert "Ändringar: före och efter" in page
    assert "<td>Status</td><td>pågående</td><td>inställd</td>" in page
    assert "<td>Vad som gjordes</td><td>–</td><td>Två vandringar</td>" in page  # the other activity's, empty before
    assert "2 ändrade aktiviteter" in page and "nya aktiviteter" not in page


def test_the_report_import_page_says_what_a_row_is(client, coordinator, draft):
    client.force_login(coordinator)

    page = client.get(reverse("followup:report_import", args=[draft.pk])).content.decode()

    assert "En aktivitet per rad, som i den exporterade uppföljningen; låt Uppdatering-ID stå som det är." in page


def test_confirming_says_how_many_updates_changed(client, coordinator, draft):
    client.force_login(coordinator)
    upload = io.BytesIO(_file(draft))
    upload.name = "uppfoljning.csv"
    client.post(reverse("followup:report_import", args=[draft.pk]), {"file": upload})

    page = client.post(reverse("followup:report_import", args=[draft.pk]), {"confirm": "1"}, follow=True).content.decode()

    assert "Importerat: 2 ändrade och 0 oförändrade aktiviteter." in page
