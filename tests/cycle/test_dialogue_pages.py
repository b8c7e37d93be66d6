"""Citizen dialogues: who reaches them, the forms' refusals, the import, and the public trail."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from approvals.models import ReviewState
from cycle.models import Dialogue, DialogueTheme, Problem, PublicSummary, SituationPicture
from promises.models import Promise
from tests.factories import AgreementFactory, MunicipalityFactory, PoliceAreaFactory, PromiseFactory, chief_of, coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    here = MunicipalityFactory(slug="har", police_area=PoliceAreaFactory())
    there = MunicipalityFactory(slug="dar", police_area=PoliceAreaFactory())
    promise = PromiseFactory(agreement=AgreementFactory(municipality=here, ends_on=None), title="Otrygga platser")
    other_promise = PromiseFactory(agreement=AgreementFactory(municipality=there, ends_on=None))
    dialogue = Dialogue.objects.create(
        municipality=here, kind="survey", title="Enkät 2022", held_on=datetime.date(2022, 5, 1), participants=120
    )
    theme = DialogueTheme.objects.create(dialogue=dialogue, theme="Belysning", what_was_said="Mörkt vid busstationen.")
    theme.promises.add(promise)
    return {
        "here": here,
        "there": there,
        "promise": promise,
        "other_promise": other_promise,
        "dialogue": dialogue,
        "theme": theme,
        "coordinator": coordinator_of(here),
        "chief": chief_of(here.police_area),
        "other_coordinator": coordinator_of(there),
        "other_chief": chief_of(there.police_area),
    }


def test_a_dialogue_is_read_by_its_coordinator_and_chief_and_is_not_found_by_others(client, world):
    url = world["dialogue"].get_manage_url()
    assert client.get(url).status_code == 302
    for user, status in (("coordinator", 200), ("chief", 200), ("other_coordinator", 404), ("other_chief", 404)):
        client.force_login(world[user])
        assert client.get(url).status_code == status, user
    client.force_login(world["chief"])
    assert client.get(reverse("cycle:dialogue_edit", args=[world["dialogue"].pk])).status_code == 403


def test_a_theme_cannot_be_linked_to_another_municipalitys_promise(client, world):
    client.force_login(world["coordinator"])
    url = reverse("cycle:theme_edit", args=[world["theme"].pk])
    response = client.post(url, {"theme": "Belysning", "what_was_said": "Mörkt.", "promises": [world["other_promise"].pk]})
    assert response.status_code == 200 and "Välj bland kommunens egna löften." in response.content.decode()
    assert list(world["theme"].promises.all()) == [world["promise"]]


def test_a_coordinator_records_a_dialogue_and_a_theme_that_leads_to_a_promise(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        f"{reverse('cycle:dialogue_new')}?kommun=har",
        {"kind": "safety_walk", "title": "Vandring i Skillingaryd", "held_on": "2024-09-12", "place": "Centrum", "participants": "9"},
    )
    dialogue = Dialogue.objects.get(title="Vandring i Skillingaryd")
    assert response.status_code == 302 and dialogue.municipality == world["here"] and dialogue.participants == 9
    client.post(
        reverse("cycle:theme_new", args=[dialogue.pk]),
        {"theme": "Belysning", "what_was_said": "Mörkt i parken.", "promises": [world["promise"].pk]},
    )
    assert list(dialogue.themes.get().promises.all()) == [world["promise"]]
    page = client.get(dialogue.get_manage_url()).content.decode()
    assert "Mörkt i parken." in page and world["promise"].title in page


def test_a_negative_participant_count_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        f"{reverse('cycle:dialogue_new')}?kommun=har", {"kind": "survey", "title": "Enkät", "held_on": "2024-09-12", "participants": "-4"}
    )
    assert response.status_code == 200 and not Dialogue.objects.filter(title="Enkät").exists()


def test_a_chief_cannot_remove_a_theme(client, world):
    client.force_login(world["chief"])
    assert client.post(reverse("cycle:theme_remove", args=[world["theme"].pk])).status_code == 403
    assert DialogueTheme.objects.filter(pk=world["theme"].pk).exists()


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Datum", "Typ", "Rubrik", "Plats", "Antal deltagare", "Tema", "Vad som sades", "Löfte-ID"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, world, data):
    upload = io.BytesIO(data)
    upload.name = "dialoger.xlsx"
    return client.post(f"{reverse('cycle:dialogue_import')}?kommun=har", {"file": upload, "kommun": "har"})


def test_a_good_file_writes_every_dialogue_once_however_often_it_is_confirmed(client, world):
    client.force_login(world["coordinator"])
    data = _xlsx(
        [
            ["2024-04-02", "Trygghetsvandring", "Vandring i centrum", "Centrum", "14", "Belysning", "Mörkt.", str(world["promise"].pk)],
            ["2024-04-02", "Trygghetsvandring", "Vandring i centrum", "Centrum", "14", "Buskage", "Skymmer sikten.", ""],
            ["2024-05-10", "Enkät", "Enkät om trygghet", "", "", "Trafik", "Fort på Storgatan.", ""],
        ]
    )
    response = _upload(client, world, data)
    token = response.context["token"]
    confirm = f"{reverse('cycle:dialogue_import_confirm')}?kommun=har"
    client.post(confirm, {"token": token})
    client.post(confirm, {"token": token})
    walk = Dialogue.objects.get(title="Vandring i centrum")
    assert Dialogue.objects.filter(municipality=world["here"]).count() == 3
    assert walk.participants == 14 and walk.themes.count() == 2
    assert list(walk.themes.get(theme="Belysning").promises.all()) == [world["promise"]]


def test_a_file_with_any_bad_row_writes_nothing_and_says_why_in_swedish(client, world):
    client.force_login(world["coordinator"])
    data = _xlsx(
        [
            ["2024-04-02", "Trygghetsvandring", "Vandring", "Centrum", "14", "Belysning", "Mörkt.", ""],
            ["2024-13-40", "Möte", "Vandring", "", "-3", "", "Något.", str(world["other_promise"].pk)],
            ["2024-04-02", "Enkät", "=HYPERLINK(1)", "", "", "Tema", "Sagt.", ""],
        ]
    )
    response = _upload(client, world, data)
    errors = {(error.row, error.column): error.message for error in response.context["plan"].errors}
    assert "ÅÅÅÅ-MM-DD" in errors[(3, "Datum")] or "YYYY-MM-DD" in errors[(3, "Datum")]
    assert (3, "Typ") in errors and (3, "Antal deltagare") in errors and (3, "Tema") in errors
    assert (3, "Löfte-ID") in errors and (4, "Rubrik") in errors
    assert Dialogue.objects.count() == 1 and DialogueTheme.objects.count() == 1


def test_importing_the_same_file_again_adds_nothing(client, world):
    client.force_login(world["coordinator"])
    data = _xlsx([["2022-05-01", "Enkät", "Enkät 2022", "", "120", "Belysning", "Mörkt vid busstationen.", ""]])
    response = _upload(client, world, data)
    assert response.context["plan"].unchanged and not response.context["plan"].new and "token" not in response.context


def test_the_promise_page_shows_the_trail_but_never_an_unpublished_summary(client, world):
    picture = SituationPicture.objects.create(municipality=world["here"], title="Lägesbild 2023", as_of=datetime.date(2023, 1, 1))
    Problem.objects.create(situation_picture=picture, title="Otrygg busstation").promises.add(world["promise"])
    PublicSummary.objects.create(situation_picture=picture, text="Publicerad sammanfattning.", workflow_state=ReviewState.PUBLISHED)
    PublicSummary.objects.create(situation_picture=picture, text="Hemligt utkast.", workflow_state=ReviewState.DRAFT)
    Dialogue.objects.filter(pk=world["dialogue"].pk).update(illustrative=True)

    page = client.get(world["promise"].get_absolute_url()).content.decode()

    assert "Publicerad sammanfattning." in page and "Hemligt utkast." not in page
    assert "Mörkt vid busstationen." in page and "Belysning" in page
    assert "Otrygg busstation" not in page  # nothing of the internal lägesbild but its published summary


def _promise_page_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_the_promise_page_says_what_the_latest_report_says_was_done_within_its_query_budget(client):
    from tests.test_public_queries import THIS_YEAR, national_areas, programme

    municipality = programme(name="Liten", first_year=THIS_YEAR - 1, reports=1, national=national_areas())
    promise = Promise.objects.published().of_municipality(municipality).filter(valid_from__year=THIS_YEAR - 1).first()
    bare, page = _promise_page_queries(client, promise.get_absolute_url())
    assert "Det här gjorde vi" in page and "Genomfört." in page

    for n in range(10):
        dialogue = Dialogue.objects.create(
            municipality=municipality, title=f"Dialog {n}", held_on=datetime.date(2023, 1, n + 1), illustrative=n == 0
        )
        for m in range(3):
            DialogueTheme.objects.create(dialogue=dialogue, theme=f"Tema {n}.{m}", what_was_said="Sagt.").promises.add(promise)
    for year in (2021, 2022, 2023):
        picture = SituationPicture.objects.create(municipality=municipality, title=f"Lägesbild {year}", as_of=datetime.date(year, 1, 1))
        Problem.objects.create(situation_picture=picture, title="Problem").promises.add(promise)
        PublicSummary.objects.create(situation_picture=picture, text=f"Sammanfattning {year}.", workflow_state=ReviewState.PUBLISHED)
    full, page = _promise_page_queries(client, promise.get_absolute_url())

    assert full == bare <= 10
    assert page.count("Exempel (påhittat)") == 3 and "Tema 9.2" in page and "Sammanfattning 2021." in page


def test_the_demo_records_the_sources_the_seeds_name_and_marks_invented_dialogues():
    from django.core.management import call_command

    from coordination import demo
    from cycle.models import Source

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
    demo.create_users(password="demo")
    demo.create_demo_cycle()

    sources = set(Source.objects.values_list("situation_picture__municipality__slug", "title"))
    assert ("vindeln", "Trygghetsundersökning våren 2022") in sources
    assert {("vaggeryd", "Medarbetardialoger"), ("vaggeryd", "Tips från kommunens invånare")} <= sources
    assert not Dialogue.objects.filter(illustrative=False).exists()
    assert not PublicSummary.objects.exists()
    assert Dialogue.objects.filter(participants__isnull=False).count() == 0


def test_the_demo_set_up_again_leaves_one_lagesbild_and_its_dialogues_per_municipality():
    from django.core.management import call_command

    from coordination import demo
    from cycle.models import SituationPicture

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
    demo.create_users(password="demo")
    demo.create_demo_cycle()
    demo.create_demo_cycle()

    assert sorted(SituationPicture.objects.values_list("municipality__slug", flat=True)) == ["vaggeryd", "vindeln"]
    assert Dialogue.objects.count() == 3
