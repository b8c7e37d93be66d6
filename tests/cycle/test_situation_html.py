"""The lägesbild's pages are valid HTML (the Nu HTML Checker), as the coordinator and the chief see
them, with findings, lists and form errors on the page."""

import datetime

import pytest
from django.urls import reverse

from cycle.models import Dialogue, DialogueTheme, Source
from tests.cycle.situation_fixtures import picture, problem, summary  # noqa: F401 (fixtures)
from tests.factories import PromiseFactory
from tests.test_html_validity import vnu, vnu_errors  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_lagesbild_pages_are_valid_html(client, vnu, tmp_path, here, coordinator, chief, picture, problem, summary):
    promise = PromiseFactory(agreement=here.agreements.get(), title="Trygg stad")
    problem.promises.add(promise)
    PromiseFactory(agreement=here.agreements.get(), title="Utan problem")
    Source.objects.create(situation_picture=picture, kind="ntu", title="NTU 2025", year=2025, note="Nationellt.")
    dialogue = Dialogue.objects.create(municipality=here, title="Dialog i centrum", held_on=datetime.date(2026, 4, 1))
    DialogueTheme.objects.create(dialogue=dialogue, theme="Belysning", what_was_said="Mörkt i parken.")
    client.force_login(coordinator)
    pages = {
        "list": client.get(f"{reverse('cycle:situations')}?kommun={here.slug}"),
        "detail": client.get(picture.get_manage_url()),
        "new": client.get(f"{reverse('cycle:situation_new')}?kommun={here.slug}"),
        "new-errors": client.post(reverse("cycle:situation_new"), {"kommun": here.slug, "title": "", "as_of": ""}),
        "edit": client.get(reverse("cycle:situation_edit", args=[picture.pk])),
        "source": client.get(reverse("cycle:source_new", args=[picture.pk])),
        "problem": client.get(reverse("cycle:problem_edit", args=[problem.pk])),
        "problem-errors": client.post(reverse("cycle:problem_new", args=[picture.pk]), {"title": "", "priority": "0"}),
        "summary-new": client.get(reverse("cycle:summary_new", args=[picture.pk])),
        "summary-edit": client.get(reverse("cycle:summary_edit", args=[summary.pk])),
        "summary-item": client.get(summary.get_manage_url()),
    }
    client.force_login(chief)
    pages["chief-list"] = client.get(f"{reverse('cycle:situations')}?kommun={here.slug}")
    pages["chief-detail"] = client.get(picture.get_manage_url())
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))

    assert vnu_errors(vnu, files) == []
