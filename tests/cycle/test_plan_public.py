"""The åtgärdsplan on the public municipality page: a decided plan that applies today shows its
decision, period and how many of its measures are citizen promises, and of the lägesbild behind it
only its title and date, plus its summary once that is published. An undecided plan and the
lägesbild's own content never reach the public. The page stays within its query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.formats import date_format

from approvals.models import ReviewState
from cycle.models import ActionPlan, Measure, PublicSummary
from tests.cycle.plan_fixtures import measure, plan  # noqa: F401 (fixtures)
from tests.cycle.situation_fixtures import SECRET, SUMMARY, picture, problem, summary  # noqa: F401 (fixtures)
from tests.test_html_validity import vnu, vnu_errors  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

DECISION = "Beslutad 14 april 2026 av Kommunfullmäktige (dnr KS 2026/123)"


@pytest.fixture
def no_page_cache():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        yield


def _page(client, municipality) -> str:
    response = client.get(f"/{municipality.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_municipality_page_shows_the_decided_plans_decision_and_the_lagesbilds_date(client, here, plan, measure, picture):
    Measure.objects.create(action_plan=plan, title="Fler fältassistenter")

    page = _page(client, here)

    assert "Åtgärdsplan mot brott 2026–2027" in page and DECISION in page
    assert f"från {date_format(plan.valid_from, 'j F Y')} och tills vidare" in page
    assert "1 av dess 2 åtgärder är medborgarlöften, som vidtas gemensamt med polisen." in page
    assert "Lägesbild 2026, lägesbilden per 1 mars 2026" in page


def test_the_public_never_sees_the_lagesbilds_content(client, here, plan, picture, problem, summary):
    page = _page(client, here)

    for internal in [SECRET, picture.crime_and_consequences, picture.analysis, problem.title, problem.likely_causes, SUMMARY]:
        assert internal not in page
    assert picture.get_manage_url() not in page and plan.get_manage_url() not in page


def test_a_published_summary_of_the_lagesbild_is_shown(client, here, plan, summary):
    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=ReviewState.PUBLISHED)
    PublicSummary.objects.create(situation_picture=summary.situation_picture, text="Ett utkast som ännu inte är godkänt.")

    page = _page(client, here)

    assert "Lägesbilden i korthet" in page and SUMMARY in page
    assert "Ett utkast som ännu inte är godkänt." not in page


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_a_summary_not_yet_published_is_not_shown(client, here, plan, summary, state):
    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=state)

    page = _page(client, here)

    assert SUMMARY not in page and "Lägesbilden i korthet" not in page


def test_an_undecided_plan_is_never_shown(client, here, plan):
    ActionPlan.objects.filter(pk=plan.pk).update(decided_on=None, decided_by="")

    page = _page(client, here)

    assert plan.title not in page and "Åtgärdsplan mot brott" not in page and "Beslutad" not in page


def test_a_plan_that_does_not_apply_today_is_not_shown_but_the_one_that_does_is(client, here, plan):
    today = timezone.localdate()
    ActionPlan.objects.create(
        municipality=here,
        title="Nästa års plan",
        decided_on=today,
        decided_by="Kommunfullmäktige",
        valid_from=today + datetime.timedelta(days=60),
    )
    ActionPlan.objects.create(
        municipality=here,
        title="Förra planen",
        decided_on=datetime.date(2019, 12, 1),
        decided_by="Kommunfullmäktige",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=today - datetime.timedelta(days=31),
    )

    page = _page(client, here)

    assert plan.title in page and "Nästa års plan" not in page and "Förra planen" not in page


def test_another_municipalitys_plan_is_not_shown(client, there, plan):
    assert plan.title not in _page(client, there)


def test_the_plan_costs_the_municipality_page_no_query(client, here, plan, measure, summary):
    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=ReviewState.PUBLISHED)
    with CaptureQueriesContext(connection) as with_plan:
        _page(client, here)
    ActionPlan.objects.all().delete()
    with CaptureQueriesContext(connection) as without_plan:
        _page(client, here)

    assert len(with_plan.captured_queries) == len(without_plan.captured_queries) <= 10


def test_the_municipality_page_with_a_plan_is_valid_html(client, here, plan, measure, summary, vnu, tmp_path):  # noqa: F811
    PublicSummary.objects.filter(pk=summary.pk).update(workflow_state=ReviewState.PUBLISHED)
    path = tmp_path / "municipality.html"
    path.write_text(_page(client, here), encoding="utf-8")

    assert vnu_errors(vnu, [path]) == []
