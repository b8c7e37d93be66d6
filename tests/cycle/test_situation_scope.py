"""Who reaches the lägesbild's pages: the municipality's coordinators read and write, its police
area's chiefs read only (a write page answers 403, as every /hantera/ write page does), another
municipality's coordinator and another area's chief are told the page does not exist, and the
anonymous are sent to sign in."""

import pytest
from django.urls import reverse

from cycle.models import Source
from tests.cycle.situation_fixtures import picture, problem, source, summary  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

READ, WRITE = "read", "write"


def _pages(picture, problem, summary):
    return [
        (READ, f"{reverse('cycle:situations')}?kommun=har"),
        (READ, picture.get_manage_url()),
        (WRITE, f"{reverse('cycle:situation_new')}?kommun=har"),
        (WRITE, reverse("cycle:situation_edit", args=[picture.pk])),
        (WRITE, reverse("cycle:source_new", args=[picture.pk])),
        (WRITE, reverse("cycle:problem_new", args=[picture.pk])),
        (WRITE, reverse("cycle:problem_edit", args=[problem.pk])),
        (WRITE, reverse("cycle:summary_new", args=[picture.pk])),
        (WRITE, reverse("cycle:summary_edit", args=[summary.pk])),
        (WRITE, summary.get_manage_url()),
    ]


EXPECTED = {
    "coordinator": {READ: 200, WRITE: 200},
    "other_coordinator": {READ: 404, WRITE: 404},
    "chief": {READ: 200, WRITE: 403},
    "other_chief": {READ: 404, WRITE: 403},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_lagesbild_page_answers_each_role_as_its_scope_says(client, request, role, picture, problem, summary):
    client.force_login(request.getfixturevalue(role))

    for kind, url in _pages(picture, problem, summary):
        assert client.get(url).status_code == EXPECTED[role][kind], (role, url)


def test_the_anonymous_are_sent_to_sign_in_from_every_lagesbild_page(client, picture, problem, summary, source):
    for _kind, url in [*_pages(picture, problem, summary), ("post", reverse("cycle:source_remove", args=[source.pk]))]:
        response = client.post(url) if _kind == "post" else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    assert Source.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize(("role", "status"), [("other_coordinator", 404), ("chief", 403), ("other_chief", 403)])
def test_only_the_municipalitys_coordinator_removes_a_source(client, request, role, status, source):
    client.force_login(request.getfixturevalue(role))

    assert client.post(reverse("cycle:source_remove", args=[source.pk])).status_code == status
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_coordinator_removes_a_source(client, coordinator, source, picture):
    client.force_login(coordinator)

    response = client.post(reverse("cycle:source_remove", args=[source.pk]))

    assert response["Location"] == picture.get_manage_url()
    assert not Source.objects.filter(pk=source.pk).exists()


def test_the_chief_reads_the_lagesbild_without_edit_links(client, chief, picture, problem, source):
    client.force_login(chief)

    page = client.get(picture.get_manage_url()).content.decode()

    assert "Otrygghet i centrum" in page and "Dålig belysning." in page and "Trygghetsundersökning våren 2022" in page
    assert reverse("cycle:situation_edit", args=[picture.pk]) not in page
    assert reverse("cycle:problem_edit", args=[problem.pk]) not in page
    assert reverse("cycle:source_remove", args=[source.pk]) not in page


def test_the_coordinators_start_page_links_to_the_cycle(client, coordinator, here):
    client.force_login(coordinator)

    page = client.get(reverse("coordination:dashboard")).content.decode()

    assert f"{reverse('cycle:situations')}?kommun={here.slug}" in page
