"""The focus-area pages list the promises that apply today, a page at a time."""

from __future__ import annotations

import datetime
import re

import pytest

from approvals.models import ReviewState
from promises.models import FocusArea, Promise
from public.promise_views import PROMISES_PER_PAGE
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, MunicipalityFactory, PromiseFactory
from tests.test_public_queries import no_page_cache  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def test_a_focus_area_page_shows_the_promises_that_apply_today_a_page_at_a_time(client):
    area = FocusAreaFactory(name="Narkotika", slug="narkotika")
    ended = AgreementFactory(starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2020, 12, 31))
    PromiseFactory(agreement=ended, title="Upphört löfte", focus_areas=[area])
    local = []
    for n in range(PROMISES_PER_PAGE + 2):
        municipality = MunicipalityFactory(short_name=f"Kommun {n:02d}")
        local.append(FocusArea.objects.create(municipality=municipality, name="Lokal narkotika", slug="lokal", national_area=area))
        PromiseFactory(
            agreement=AgreementFactory(municipality=municipality, ends_on=None), title=f"Gällande löfte {n:02d}", focus_areas=[local[-1]]
        )
    ActivityFactory.create_batch(3, promise=Promise.objects.get(title="Gällande löfte 00"), focus_area=local[0])

    first = client.get("/fokusomraden/narkotika/").content.decode()
    second = client.get("/fokusomraden/narkotika/?sida=2").content.decode()

    shown_first = re.findall(r"Gällande löfte (\d\d)", first)
    shown_second = re.findall(r"Gällande löfte (\d\d)", second)
    assert shown_first == [f"{n:02d}" for n in range(PROMISES_PER_PAGE)]
    assert shown_second == [f"{n:02d}" for n in range(PROMISES_PER_PAGE, PROMISES_PER_PAGE + 2)]
    assert "Upphört löfte" not in first + second
    assert "3 aktiviteter" in first
    assert 'rel="next" href="?sida=2"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="/fokusomraden/narkotika/"' in second and 'rel="next"' not in second


@pytest.mark.parametrize("page", ["0", "-1", "3", "två", "1.5", ""])
def test_a_focus_area_page_number_that_does_not_exist_is_a_404(client, page):
    area = FocusAreaFactory(slug="narkotika")
    for _ in range(PROMISES_PER_PAGE + 1):
        PromiseFactory(agreement=AgreementFactory(ends_on=None), focus_areas=[area])

    assert client.get("/fokusomraden/narkotika/", {"sida": "2"}).status_code == 200
    assert client.get("/fokusomraden/narkotika/", {"sida": page}).status_code == 404


def test_a_focus_area_without_a_promise_that_applies_today_is_an_empty_first_page(client):
    area = FocusAreaFactory(slug="narkotika")
    PromiseFactory(agreement=AgreementFactory(ends_on=datetime.date(2024, 12, 31)), focus_areas=[area])

    assert client.get("/fokusomraden/narkotika/").status_code == 200
    assert client.get("/fokusomraden/narkotika/", {"sida": "2"}).status_code == 404


def test_the_focus_area_list_counts_municipalities_with_a_promise_that_applies_today(client):
    area = FocusAreaFactory(name="Narkotika", slug="narkotika")
    direct = AgreementFactory(ends_on=None)
    PromiseFactory.create_batch(2, agreement=direct, focus_areas=[area])  # one municipality, counted once
    through_local = AgreementFactory(ends_on=None)
    local = FocusArea.objects.create(municipality=through_local.municipality, name="Knark", slug="knark", national_area=area)
    PromiseFactory(agreement=through_local, focus_areas=[local])
    PromiseFactory(agreement=AgreementFactory(ends_on=datetime.date(2024, 12, 31)), focus_areas=[area])  # ended
    PromiseFactory(agreement=AgreementFactory(ends_on=None), focus_areas=[area], workflow_state=ReviewState.DRAFT)

    page = client.get("/fokusomraden/").content.decode()

    assert "2 kommuner lovar inom det här området" in page
