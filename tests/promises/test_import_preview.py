"""The preview shows, for each changed row, every changed column before and after, written as the
file writes it; and the import texts say the right thing about promises."""

import io
import re

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from promises.importing import activities as activity_import
from promises.importing import promises as promise_import
from promises.importing import reading
from tests.factories import (
    ActivityFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    FocusAreaFactory(municipality=here, name="Narkotika")
    agreement = here.agreements.get()
    draft = PromiseFactory(agreement=agreement, title="Tryggare centrum", workflow_state=ReviewState.DRAFT, focus_areas=[area])
    return {"municipality": here, "agreement": agreement, "area": area, "draft": draft, "user": coordinator_of(here)}


def _upload(text, name):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def _cells(page):
    """The preview's change table below its headings, as rows of cell texts."""
    table = page.split('id="changes-heading"', 1)[1].split("</thead>", 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def test_a_changed_activity_shows_each_changed_column_before_and_after(setup):
    walk = ActivityFactory(
        promise=setup["draft"],
        focus_area=setup["area"],
        description="Trygghetsvandring",
        place="Torget",
        status="planned",
        responsible="police",
    )
    ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Oförändrad", responsible="police")
    data = (
        f"Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Plats;Status\r\n"
        f"{walk.pk};{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;kommunen;;genomförd\r\n"
        f";{setup['draft'].pk};Oförändrad;Ökad trygghet;polisen;;planerad\r\n"
    ).encode()

    plan = activity_import.plan_import(municipality=setup["municipality"], name="a.csv", data=data)

    assert [(c.row, c.label) for c in plan.changes] == [(2, "Trygghetsvandring")]
    assert [(f.label, f.before, f.after) for f in plan.changes[0].fields] == [
        ("Ansvarig", "polisen", "kommunen"),
        ("Plats", "Torget", ""),
        ("Status", "planerad", "genomförd"),
    ]


def test_a_changed_promise_shows_each_changed_column_before_and_after(setup):
    data = (
        "Löfte-ID;Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från;Målgrupp\r\n"
        f"{setup['draft'].pk};{setup['agreement'].pk};Tryggare centrum och torg;{setup['draft'].commitment};"
        f'"Ökad trygghet; Narkotika";2023-03-03;barn\r\n'
    ).encode()

    plan = promise_import.plan_promise_import(municipality=setup["municipality"], name="l.csv", data=data)

    assert [(f.label, f.before, f.after) for f in plan.changes[0].fields] == [
        ("Titel", "Tryggare centrum", "Tryggare centrum och torg"),
        ("Målgrupp", "alla", "barn"),
        ("Fokusområden", "Ökad trygghet", "Narkotika; Ökad trygghet"),
    ]


def test_the_activity_preview_page_shows_before_and_after(client, setup):
    walk = ActivityFactory(promise=setup["draft"], focus_area=setup["area"], description="Trygghetsvandring", status="planned")
    client.force_login(setup["user"])
    upload = _upload(
        f"Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Status\r\n"
        f"{walk.pk};{setup['draft'].pk};Trygghetsvandring;Ökad trygghet;gemensamt;framflyttad\r\n",
        "a.csv",
    )

    page = client.post(f"{reverse('promises:import')}?kommun={setup['municipality'].slug}", {"file": upload}).content.decode()

    assert "Ändringar: före och efter" in page
    assert '<th scope="col">Kolumn</th><th scope="col">Före</th><th scope="col">Efter</th>' in page
    assert _cells(page) == [["Rad 2: Trygghetsvandring"], ["Status", "planerad", "framflyttad"]]


def test_the_promise_preview_page_shows_before_and_after_and_speaks_of_promises(client, setup):
    client.force_login(setup["user"])
    upload = _upload(
        "Löfte-ID;Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från;Gäller till\r\n"
        f"{setup['draft'].pk};;Tryggare centrum;Vi lovar mer.;Ökad trygghet;2023-03-03;2025-12-31\r\n"
        ";;Nytt löfte;Vi lovar.;Ökad trygghet;2027-01-01;\r\n",
        "l.csv",
    )

    page = client.post(
        f"{reverse('promises:import_promises')}?kommun={setup['municipality'].slug}", {"agreement": setup["agreement"].pk, "file": upload}
    ).content.decode()

    assert _cells(page) == [
        ["Rad 2: Tryggare centrum"],
        ["Löfte", setup["draft"].commitment, "Vi lovar mer."],
        ["Gäller till", "–", "2025-12-31"],
    ]
    assert "Nya löften (utkast)" in page and '<th scope="col">Löfte</th><th scope="col">Giltighet</th>' in page
    assert "Nya aktiviteter" not in page and "En aktivitet per rad" not in page


def test_a_promise_file_that_changes_nothing_says_so_of_promises(client, setup):
    client.force_login(setup["user"])
    upload = _upload(promise_import.export_promises(setup["municipality"], "csv").decode("utf-8-sig"), "l.csv")

    page = client.post(f"{reverse('promises:import_promises')}?kommun={setup['municipality'].slug}", {"file": upload}).content.decode()

    assert "Filen ändrar ingenting: alla löften i den är redan som den säger." in page


@pytest.mark.parametrize(
    ("state", "words"),
    [(ReviewState.SUBMITTED, "är skickat för godkännande"), (ReviewState.APPROVED, "är godkänt"), (ReviewState.PUBLISHED, "är publicerat")],
)
def test_messages_about_a_promise_use_its_neuter_gender(setup, state, words):
    promise = PromiseFactory(agreement=setup["agreement"], title="Trygga parker", workflow_state=state, focus_areas=[setup["area"]])
    activity = ActivityFactory(promise=promise, focus_area=setup["area"], description="Vandring", place="Parken")
    activities = activity_import.plan_import(
        municipality=setup["municipality"],
        name="a.csv",
        data=(
            f"Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Plats;Status\r\n"
            f"{activity.pk};{promise.pk};Vandring;Ökad trygghet;gemensamt;Torget;planerad\r\n"
            f";{promise.pk};Ny;Ökad trygghet;gemensamt;;planerad\r\n"
        ).encode(),
    )
    promises = promise_import.plan_promise_import(
        municipality=setup["municipality"],
        name="l.csv",
        data=(
            f"Löfte-ID;Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från\r\n"
            f"{promise.pk};{setup['agreement'].pk};Ändrad titel;Vi lovar.;Ökad trygghet;2023-03-03\r\n"
        ).encode(),
    )

    assert [e.message for e in activities.errors + promises.errors] == [
        f"Löftet ”Trygga parker” {words}; bara aktiviteternas status kan ändras.",
        f"Löftet ”Trygga parker” {words}; nya aktiviteter kan bara läggas till i ett utkast.",
        f"Löftet ”Trygga parker” {words}; påbörja en revidering för att ändra det.",
    ]


@pytest.mark.parametrize(
    ("headings", "message"),
    [
        ("Löfte-ID;Beskrivning;Fokusområde;Ansvarig", "Kolumnen ”Status” saknas; första raden ska innehålla rubrikerna, som i mallen."),
        (
            "Löfte-ID;Beskrivning",
            "Kolumnerna ”Fokusområde”, ”Ansvarig”, ”Status” saknas; första raden ska innehålla rubrikerna, som i mallen.",
        ),
    ],
)
def test_missing_columns_are_named_in_the_singular_or_plural(setup, headings, message):
    with pytest.raises(reading.ImportFileError) as refused:
        activity_import.plan_import(municipality=setup["municipality"], name="a.csv", data=f"{headings}\r\n1;Vandring;x;y\r\n".encode())

    assert str(refused.value) == message


def test_the_changes_of_thirty_promises_cost_as_many_queries_as_of_three(setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(count):
        for _number in range(count - setup["agreement"].promises.count()):
            PromiseFactory(agreement=setup["agreement"], workflow_state=ReviewState.DRAFT, focus_areas=[setup["area"]])
        exported = (
            promise_import.export_promises(setup["municipality"], "csv").decode("utf-8-sig").replace(";Ökad trygghet;", ";Narkotika;")
        )
        with CaptureQueriesContext(connection) as captured:
            plan = promise_import.plan_promise_import(municipality=setup["municipality"], name="l.csv", data=exported.encode())
        assert len(plan.changes) == count and all(change.fields[0].label == "Fokusområden" for change in plan.changes)
        return len(captured)

    assert queries(3) == queries(30)
