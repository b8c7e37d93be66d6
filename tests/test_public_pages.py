"""The first public pages: the municipality list and a municipality's programme."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, MunicipalityFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def test_home_lists_municipalities_with_the_state_of_their_agreement(client, seeds):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vindelns kommun" in page and "Vaggeryds kommun" in page
    assert "Förlängd tills vidare" in page  # Vindeln, past 2025-12-31 with automatic extension
    assert 'lang="sv"' in page


def test_vindeln_shows_its_extended_agreement_and_five_promises(client, seeds):
    response = client.get("/vindeln/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Förlängd tills vidare" in page
    assert "LPO Umeå" in page
    for title in ["Droger", "Trafik", "Kapabla väktare på landsbygden", "Ekonomisk brottslighet", "Otrygga platser"]:
        assert f">{title}</a>" in page


def test_vaggeryd_shows_its_four_activities_and_the_carry_over_trail(client, seeds):
    page = client.get("/vaggeryd/").content.decode()

    assert "Effektiv samordning för trygghet" in page
    assert "Gert Jonsson" in page and "Håkan Boberg" in page
    assert page.count('class="activity"') == 4
    assert "Förd över från" in page
    from promises.models import Promise

    earlier = Promise.objects.get(title="Medborgarlöfte 2020–2021")
    earlier_url = reverse("public:promise", kwargs={"slug": "vaggeryd", "pk": earlier.pk})
    assert f'Förd över från <a href="{earlier_url}">Medborgarlöfte 2020–2021</a>' in page


def test_earlier_promise_page_says_where_its_activity_was_carried_into(client, seeds):
    page = client.get("/vaggeryd/").content.decode()
    earlier_link = page.split('Förd över från <a href="')[1].split('"')[0]

    earlier = client.get(earlier_link)

    assert earlier.status_code == 200
    assert "Framflyttad" in earlier.content.decode()
    assert "Förd över till" in earlier.content.decode()


def test_unknown_municipality_is_a_404(client, seeds):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_unpublished_promise_never_appears_on_the_municipality_page(client, state):
    agreement = AgreementFactory(ends_on=None)
    PromiseFactory(agreement=agreement, title="Publicerat löfte")
    PromiseFactory(agreement=agreement, title="Hemligt utkast", workflow_state=state)

    page = client.get(agreement.municipality.get_absolute_url()).content.decode()

    assert "Publicerat löfte" in page
    assert "Hemligt utkast" not in page


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_unpublished_promise_page_is_a_404_even_when_its_id_is_guessed(client, state):
    promise = PromiseFactory(workflow_state=state)

    response = client.get(f"/{promise.agreement.municipality.slug}/loften/{promise.pk}/")

    assert response.status_code == 404


def test_promise_is_a_404_under_another_municipalitys_address(client):
    promise = PromiseFactory()
    other = MunicipalityFactory()

    assert client.get(f"/{other.slug}/loften/{promise.pk}/").status_code == 404
    assert client.get(promise.get_absolute_url()).status_code == 200


def test_activity_status_is_shown_in_swedish(client):
    area = FocusAreaFactory()
    promise = PromiseFactory(agreement=AgreementFactory(ends_on=None), focus_areas=[area])
    activity = ActivityFactory(promise=promise, focus_area=area, status="ongoing")

    page = client.get(activity.promise.agreement.municipality.get_absolute_url()).content.decode()

    assert "Pågående" in page


def test_carry_over_from_an_unpublished_promise_is_mentioned_without_a_link(client):
    area = FocusAreaFactory()
    agreement = AgreementFactory(ends_on=None)
    hidden = ActivityFactory(
        promise=PromiseFactory(
            agreement=agreement, workflow_state=ReviewState.DRAFT, focus_areas=[area], valid_from=datetime.date(2023, 3, 3)
        ),
        focus_area=area,
    )
    shown = PromiseFactory(agreement=agreement, focus_areas=[area], valid_from=datetime.date(2024, 1, 1))
    ActivityFactory(promise=shown, focus_area=area, carried_over_from=hidden)

    page = client.get(agreement.municipality.get_absolute_url()).content.decode()

    assert "Förd över från ett tidigare löfte." in page
    assert f"/loften/{hidden.promise.pk}/" not in page


def test_municipality_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    agreement = AgreementFactory(ends_on=None)
    for _ in range(5):
        area = FocusAreaFactory()
        promise = PromiseFactory(agreement=agreement, focus_areas=[area])
        ActivityFactory.create_batch(3, promise=promise, focus_area=area)

    with django_assert_max_num_queries(10):
        assert client.get(agreement.municipality.get_absolute_url()).status_code == 200


def test_home_page_makes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(10):
        AgreementFactory()

    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_vindeln_promises_stay_current_while_the_agreement_is_extended(client, seeds):
    page = client.get("/vindeln/").content.decode()

    assert "Tidigare löften" not in page
    assert page.count("fortsätter att gälla medan överenskommelsen är förlängd") == 5


def test_promises_of_an_expired_agreement_are_listed_as_earlier(client):
    agreement = AgreementFactory(starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2021, 12, 31))
    PromiseFactory(agreement=agreement, title="Gammalt löfte", valid_until=datetime.date(2021, 12, 31))

    page = client.get(agreement.municipality.get_absolute_url()).content.decode()

    assert "Upphörd" in page
    assert "Tidigare löften" in page and "Gammalt löfte" in page
    assert "Inget medborgarlöfte har publicerats ännu." not in page
    assert "Inget medborgarlöfte gäller i dag. Det senaste upphörde att gälla 31 december 2021" in page
