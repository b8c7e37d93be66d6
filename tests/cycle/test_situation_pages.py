"""The coordinator records a lägesbild with its sources and prioritised problems, links the
problems to the municipality's promises, and edits without overwriting a colleague's save; bad
input is refused next to its field in Swedish and nothing is written."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from cycle import situation_services
from cycle.models import Problem, PublicSummary, SituationPicture, Source
from cycle.services import CycleError
from tests.cycle.situation_fixtures import picture, problem, summary  # noqa: F401 (fixtures)
from tests.factories import PromiseFactory
from tests.manage.conftest import signed_in  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _situation_data(**overrides):
    data = {
        "kommun": "har",
        "title": "Lägesbild 2027",
        "as_of": "2027-02-01",
        "drawn_up_by": "jointly",
        "crime_and_consequences": "Narkotikabrott bland unga.",
        "other_information": "",
        "analysis": "Rekryteringen sker i skolmiljön.",
    }
    return {**data, **overrides}


def test_the_coordinator_records_a_lagesbild_and_sees_it_in_full(signed_in, here):
    response = signed_in.post(reverse("cycle:situation_new"), _situation_data())

    picture = SituationPicture.objects.get(title="Lägesbild 2027")
    assert response["Location"] == picture.get_manage_url()
    assert (picture.municipality, picture.as_of, picture.history.count()) == (here, datetime.date(2027, 2, 1), 1)
    page = signed_in.get(picture.get_manage_url()).content.decode()
    assert "Narkotikabrott bland unga." in page and "Rekryteringen sker i skolmiljön." in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        ({"as_of": "i våras"}, "as_of", "Fyll i ett giltigt datum."),
        ({"as_of": ""}, "as_of", "Detta fält måste fyllas i."),
        ({"drawn_up_by": "grannen"}, "drawn_up_by", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_lagesbild_input_is_refused_in_swedish_and_nothing_is_written(signed_in, here, overrides, field, message):
    response = signed_in.post(reverse("cycle:situation_new"), _situation_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Rätta följande" in response.content.decode()
    assert not SituationPicture.objects.exists()


def test_an_edit_made_from_an_old_version_does_not_overwrite_a_colleagues(signed_in, coordinator, picture):
    old_version = picture.version
    situation_services.situation_update(situation=picture, by=coordinator, expected_version=old_version, analysis="Kollegans analys.")

    response = signed_in.post(
        reverse("cycle:situation_edit", args=[picture.pk]),
        _situation_data(title=picture.title, as_of="2026-03-01", analysis="Min analys.", version=old_version),
    )

    assert response.status_code == 200 and response.context["conflict"] is not None
    picture.refresh_from_db()
    assert picture.analysis == "Kollegans analys."


def test_the_coordinator_adds_a_source(signed_in, picture):
    response = signed_in.post(
        reverse("cycle:source_new", args=[picture.pk]), {"kind": "ntu", "title": "NTU 2025", "year": "2025", "note": ""}
    )

    assert response.status_code == 302
    assert list(picture.sources.values_list("kind", "title", "year")) == [("ntu", "NTU 2025", 2025)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "Detta fält måste fyllas i."),
        ({"kind": "rykte"}, "kind", "Välj ett giltigt alternativ"),
        ({"year": "tjugotjugo"}, "year", "Fyll i ett heltal."),
        ({"year": "25"}, "year", "Ange året med fyra siffror, till exempel 2025."),
    ],
)
def test_a_bad_source_is_refused_and_nothing_is_written(signed_in, picture, overrides, field, message):
    data = {"kind": "ntu", "title": "NTU 2025", "year": "2025", "note": "", **overrides}

    response = signed_in.post(reverse("cycle:source_new", args=[picture.pk]), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Source.objects.exists()


def _problem_data(**overrides):
    return {"title": "Narkotika bland unga", "priority": "2", "description": "", "likely_causes": "Rekrytering.", **overrides}


def test_the_coordinator_adds_a_problem_linked_to_the_municipalitys_promises(signed_in, here, picture):
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg skolväg")

    response = signed_in.post(reverse("cycle:problem_new", args=[picture.pk]), _problem_data(promises=[promise.pk]))

    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.priority, list(problem.promises.all())) == (2, [promise])
    page = signed_in.get(picture.get_manage_url()).content.decode()
    assert "Prioritet 2" in page and "Trygg skolväg" in page and "Rekrytering." in page


def test_the_problems_form_offers_only_the_municipalitys_own_promises(signed_in, here, there, problem):
    PromiseFactory(agreement=here.agreements.get(), title="Löfte här")
    PromiseFactory(agreement=there.agreements.get(), title="Löfte där")

    page = signed_in.get(reverse("cycle:problem_edit", args=[problem.pk])).content.decode()

    assert "Löfte här" in page and "Löfte där" not in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        ({"priority": "0"}, "priority", "Prioriteten är 1 eller mer; 1 är det mest angelägna."),
        ({"priority": "första"}, "priority", "Fyll i ett heltal."),
    ],
)
def test_a_bad_problem_is_refused_and_nothing_is_changed(signed_in, problem, overrides, field, message):
    response = signed_in.post(reverse("cycle:problem_edit", args=[problem.pk]), _problem_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    problem.refresh_from_db()
    assert (problem.title, problem.priority) == ("Otrygghet i centrum", 1)


def test_a_promise_of_another_municipality_posted_by_hand_is_refused_and_nothing_is_changed(signed_in, here, there, problem):
    own = PromiseFactory(agreement=here.agreements.get())
    problem.promises.set([own])
    foreign = PromiseFactory(agreement=there.agreements.get())

    response = signed_in.post(reverse("cycle:problem_edit", args=[problem.pk]), _problem_data(title="Nytt namn", promises=[foreign.pk]))

    assert response.status_code == 200
    assert "Välj bland kommunens egna löften." in " ".join(response.context["form"].errors["promises"])
    problem.refresh_from_db()
    assert (problem.title, list(problem.promises.all())) == ("Otrygghet i centrum", [own])


def test_the_service_refuses_a_promise_of_another_municipality_too(coordinator, there, problem):
    foreign = PromiseFactory(agreement=there.agreements.get())

    with pytest.raises(CycleError):
        situation_services.problem_update(problem=problem, by=coordinator, promises=[foreign], title="Nytt namn")

    problem.refresh_from_db()
    assert problem.title == "Otrygghet i centrum" and not problem.promises.exists()


def test_a_chief_cannot_write_through_the_services(chief, picture):
    with pytest.raises(CycleError):
        situation_services.source_add(situation=picture, by=chief, kind="ntu", title="NTU")
    assert not Source.objects.exists()


def test_the_coordinator_drafts_a_public_summary(signed_in, picture):
    response = signed_in.post(reverse("cycle:summary_new", args=[picture.pk]), {"text": "Det här får alla läsa."})

    summary = PublicSummary.objects.get()
    assert response["Location"] == summary.get_manage_url()
    assert (summary.situation_picture, summary.workflow_state) == (picture, ReviewState.DRAFT)
    assert "Det här får alla läsa." in signed_in.get(summary.get_manage_url()).content.decode()


def test_an_empty_summary_is_refused(signed_in, picture):
    response = signed_in.post(reverse("cycle:summary_new", args=[picture.pk]), {"text": "   "})

    assert "Detta fält måste fyllas i." in " ".join(response.context["form"].errors["text"])
    assert not PublicSummary.objects.exists()


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.PUBLISHED])
def test_a_summary_past_draft_is_not_edited_in_place(signed_in, summary, state):
    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=state)
    url = reverse("cycle:summary_edit", args=[summary.pk])

    assert signed_in.get(url)["Location"] == summary.get_manage_url()
    signed_in.post(url, {"text": "Ändrad i efterhand.", "version": summary.version})

    summary.refresh_from_db()
    assert summary.text != "Ändrad i efterhand."


def test_a_draft_summary_is_edited(signed_in, summary):
    response = signed_in.post(reverse("cycle:summary_edit", args=[summary.pk]), {"text": "Ny text.", "version": summary.version})

    assert response["Location"] == summary.get_manage_url()
    summary.refresh_from_db()
    assert (summary.text, summary.version) == ("Ny text.", 2)
