"""The åtgärdsplan's pages are valid HTML (the Nu HTML Checker), as the coordinator and the chief see
them, with lists, measures and form errors on the page."""

import pytest
from django.urls import reverse

from tests.cycle.plan_fixtures import measure, plan  # noqa: F401 (fixtures)
from tests.cycle.situation_fixtures import picture, problem  # noqa: F401 (fixtures)
from tests.test_html_validity import vnu, vnu_errors  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_plan_pages_are_valid_html(client, vnu, tmp_path, here, coordinator, chief, plan, measure):  # noqa: F811
    client.force_login(coordinator)
    pages = {
        "list": client.get(f"{reverse('cycle:action_plans')}?kommun={here.slug}"),
        "detail": client.get(plan.get_manage_url()),
        "new": client.get(f"{reverse('cycle:action_plan_new')}?kommun={here.slug}"),
        "new-errors": client.post(
            reverse("cycle:action_plan_new"),
            {"kommun": here.slug, "title": "", "decided_on": "2026-02-01", "valid_from": "2026-03-01", "valid_until": "2026-01-01"},
        ),
        "edit": client.get(reverse("cycle:action_plan_edit", args=[plan.pk])),
        "measure-new": client.get(reverse("cycle:measure_new", args=[plan.pk])),
        "measure-errors": client.post(reverse("cycle:measure_new", args=[plan.pk]), {"title": "", "problems": ["0"], "promise": "0"}),
        "measure-edit": client.get(reverse("cycle:measure_edit", args=[measure.pk])),
    }
    client.force_login(chief)
    pages["chief-list"] = client.get(f"{reverse('cycle:action_plans')}?kommun={here.slug}")
    pages["chief-detail"] = client.get(plan.get_manage_url())
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))

    assert vnu_errors(vnu, files) == []
