"""The coordinator's report pages: start a due report, edit it all on one page, bad input refused."""

import pytest
from django.urls import reverse

from followup.models import FollowUpReport
from followup.periods import ReportingPeriod
from followup.services import report_create_draft
from tests.factories import fill_in_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def draft(programme, coordinator):
    return report_create_draft(agreement=programme, period=ReportingPeriod(2022, 1), by=coordinator)


def _edit_data(report, **overrides):
    sections = list(report.sections.all())
    updates = [u for s in sections for u in s.updates.all()]
    data = {
        "version": report.version,
        "summary": "Bra tertial.",
        "sections-TOTAL_FORMS": len(sections),
        "sections-INITIAL_FORMS": len(sections),
        "updates-TOTAL_FORMS": len(updates),
        "updates-INITIAL_FORMS": len(updates),
    }
    for i, section in enumerate(sections):
        data[f"sections-{i}-id"] = section.pk
        data[f"sections-{i}-text"] = "Löftet gick bra."
    for i, update in enumerate(updates):
        data.update(
            {
                f"updates-{i}-id": update.pk,
                f"updates-{i}-status": "done",
                f"updates-{i}-what_was_done": f"Gjort {i}",
                f"updates-{i}-achieved": "3",
                f"updates-{i}-next_step": "",
            }
        )
    data.update(overrides)
    return data


def test_dashboard_offers_to_start_each_due_report(signed_in, programme):
    page = signed_in.get(reverse("coordination:dashboard")).content.decode()

    assert "Påbörja uppföljningen" in page
    assert "Tertial 1 2022" in page and "Försenad" in page


def test_coordinator_starts_the_report_for_a_due_period(signed_in, programme):
    response = signed_in.post(f"{reverse('followup:report_new')}?kommun={programme.municipality.slug}", {"period": "2022-tertial-1"})

    report = FollowUpReport.objects.get()
    assert response["Location"] == report.get_manage_url()
    assert report.period == ReportingPeriod(2022, 1)


@pytest.mark.parametrize("period", ["2022", "2099-tertial-1", "tertial", ""])
def test_a_period_that_is_not_due_cannot_be_started(signed_in, programme, period):
    response = signed_in.post(f"{reverse('followup:report_new')}?kommun={programme.municipality.slug}", {"period": period})

    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not FollowUpReport.objects.exists()


def test_coordinator_saves_the_whole_report_at_once(signed_in, draft):
    response = signed_in.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Bra tertial."
    assert draft.sections.get().text == "Löftet gick bra."
    assert sorted(u.what_was_done for u in draft.sections.get().updates.all()) == ["Gjort 0", "Gjort 1"]
    assert {u.status for u in draft.sections.get().updates.all()} == {"done"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("updates-0-achieved", "-1", "större än eller lika med 0"), ("updates-0-status", "klar", "Välj ett giltigt alternativ")],
)
def test_bad_activity_update_is_refused_and_nothing_is_saved(signed_in, draft, field, value, message):
    response = signed_in.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, **{field: value}))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and 'id="error-summary"' in page
    draft.refresh_from_db()
    assert draft.summary == ""
    assert not draft.sections.get().updates.filter(what_was_done__startswith="Gjort").exists()


def test_the_second_of_two_report_edits_is_refused_and_keeps_the_typing(client, programme, draft, coordinator):
    from tests.factories import coordinator_of

    colleague = coordinator_of(programme.municipality)
    client.force_login(colleague)
    client.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, summary="Kollegans text"))
    client.force_login(coordinator)

    response = client.post(reverse("followup:report_edit", args=[draft.pk]), _edit_data(draft, summary="Min text"))

    assert "Någon annan sparade det här medan du redigerade" in response.content.decode()
    assert "Min text" in response.content.decode()
    draft.refresh_from_db()
    assert draft.summary == "Kollegans text"


def test_preview_shows_the_draft_as_it_will_look(signed_in, draft):
    page = signed_in.get(reverse("followup:report_preview", args=[draft.pk])).content.decode()

    assert "Förhandsgranskning" in page and "Tertial 1 2022" in page and "Trafikinsatser vid skolan" in page


def test_preview_pdf_is_a_pdf(signed_in, draft):
    response = signed_in.get(reverse("followup:report_preview", args=[draft.pk]) + "?pdf=1")

    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def _report_file(draft, status="genomförd", done="Två vandringar", achieved="2"):
    rows = ["Uppdatering-ID;Period;Löfte;Aktivitet;Status;Vad som gjordes;Utfall;Nästa steg"]
    for update in draft.sections.get().updates.all():
        rows.append(f"{update.pk};;;;{status};{done};{achieved};Fler vandringar")
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def test_a_report_is_filled_in_from_a_spreadsheet_after_a_preview(signed_in, draft):
    from io import BytesIO

    upload = BytesIO(_report_file(draft))
    upload.name = "uppfoljning.csv"

    preview = signed_in.post(reverse("followup:report_import", args=[draft.pk]), {"file": upload})
    assert "2 ändrade aktiviteter" in preview.content.decode()
    assert not draft.sections.get().updates.filter(status="done").exists()

    signed_in.post(reverse("followup:report_import", args=[draft.pk]), {"confirm": "1"})
    updates = draft.sections.get().updates.all()
    assert {(u.status, u.what_was_done, u.achieved, u.next_step) for u in updates} == {("done", "Två vandringar", 2, "Fler vandringar")}


def test_an_exported_report_imports_back_unchanged(draft, coordinator):
    from followup import importing

    plan = importing.run_import(report=draft, name="export.xlsx", data=importing.export_xlsx(draft), by=coordinator)

    assert plan.is_valid and (len(plan.changed), len(plan.unchanged)) == (0, 2)


@pytest.mark.parametrize(
    ("status", "done", "achieved", "message"),
    [
        ("klar", "x", "", "Okänd status ”klar”"),
        ("genomförd", "=1+1", "", "ser ut som en kalkylbladsformel"),
        ("genomförd", "x", "många", "Skriv ett heltal, 0 eller mer."),
    ],
)
def test_a_bad_report_row_is_named_and_nothing_is_written(draft, coordinator, status, done, achieved, message):
    from followup import importing

    plan = importing.run_import(report=draft, name="u.csv", data=_report_file(draft, status, done, achieved), by=coordinator)

    assert not plan.is_valid and message in plan.errors[0].message and plan.errors[0].row == 2
    assert not draft.sections.get().updates.filter(status="done").exists()


def test_rows_of_another_report_are_refused(draft, programme, coordinator):
    from followup import importing

    other = report_create_draft(agreement=programme, period=ReportingPeriod(2022, 2), by=coordinator)

    plan = importing.run_import(report=other, name="u.csv", data=_report_file(draft), by=coordinator)

    assert "finns inte i den här uppföljningen" in plan.errors[0].message


def test_a_submitted_report_cannot_be_filled_in_from_a_spreadsheet(draft, coordinator):
    from followup import importing
    from followup.services import report_submit

    report_submit(report=fill_in_report(draft), by=coordinator)

    with pytest.raises(importing.ImportFileError, match="kan inte ändras direkt"):
        importing.run_import(report=draft, name="u.csv", data=_report_file(draft), by=coordinator)


def test_coordinator_adds_an_indicator_and_its_values_by_gender(signed_in, programme):
    from followup.models import Indicator

    signed_in.post(
        f"{reverse('followup:indicators')}?kommun={programme.municipality.slug}",
        {
            "name": "Trygga utomhus en sen kväll",
            "unit": "procent",
            "source": "Polisens trygghetsundersökning",
            "description": "",
            "by_gender": "on",
            "order": "0",
        },
    )
    indicator = Indicator.objects.get()
    signed_in.post(reverse("followup:indicator", args=[indicator.pk]), {"year": "2024", "everyone": "81,5", "women": "76", "men": "87"})

    values = {m.group: float(m.value) for m in indicator.measurements.filter(year=2024)}
    assert values == {"all": 81.5, "women": 76.0, "men": 87.0}
    page = signed_in.get(reverse("followup:indicator", args=[indicator.pk])).content.decode()
    assert "81,5" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2024", "everyone": "130"}, "130 är inte ett möjligt värde i procent."),
        ({"year": "1800", "everyone": "50"}, "Kontrollera att detta värde är större än eller lika med 1990."),
        ({"year": "2024"}, "Ange minst ett värde."),
        ({"year": "2024", "everyone": "-1"}, "Kontrollera att detta värde är större än eller lika med 0."),
    ],
)
def test_bad_indicator_values_are_refused(signed_in, programme, data, message):
    from followup.models import Indicator

    indicator = Indicator.objects.create(municipality=programme.municipality, name="Trygghet", unit="procent", source="Enkät")

    response = signed_in.post(reverse("followup:indicator", args=[indicator.pk]), data)

    assert message in response.content.decode()
    assert not indicator.measurements.exists()


def test_another_municipalitys_indicator_is_404(client, other_coordinator, programme):
    from followup.models import Indicator

    indicator = Indicator.objects.create(municipality=programme.municipality, name="Trygghet", unit="procent", source="Enkät")
    client.force_login(other_coordinator)

    assert client.get(reverse("followup:indicator", args=[indicator.pk])).status_code == 404
