"""Activities and focus areas refuse data that would not make sense to a reader."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from promises.models import FocusArea, ResponsibleParty
from tests.factories import ActivityFactory, FocusAreaFactory, MunicipalityFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def test_activity_with_another_municipalitys_local_focus_area_is_refused():
    promise = PromiseFactory()
    foreign = FocusAreaFactory(municipality=MunicipalityFactory())
    activity = ActivityFactory.build(promise=promise, focus_area=foreign)

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert error.value.message_dict["focus_area"] == ["Fokusområdet tillhör en annan kommun."]


def test_activity_must_use_one_of_its_promises_focus_areas():
    chosen, other = FocusAreaFactory(), FocusAreaFactory()
    promise = PromiseFactory(focus_areas=[chosen])
    activity = ActivityFactory.build(promise=promise, focus_area=other)

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert error.value.message_dict["focus_area"] == ["Välj ett av löftets fokusområden."]


def test_activity_by_a_named_partner_needs_the_partners_name():
    area = FocusAreaFactory()
    activity = ActivityFactory.build(promise=PromiseFactory(focus_areas=[area]), focus_area=area, responsible=ResponsibleParty.PARTNER)

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert error.value.message_dict["partner_name"] == ["Ange vilken samverkanspart som är ansvarig."]


def test_database_refuses_a_partner_activity_without_a_partner_name():
    area = FocusAreaFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(promise=PromiseFactory(focus_areas=[area]), focus_area=area, responsible=ResponsibleParty.PARTNER, partner_name="")


def test_partner_activity_shows_the_partners_name_as_responsible():
    activity = ActivityFactory.build(responsible=ResponsibleParty.PARTNER, partner_name="Länsstyrelsen Västerbotten")
    assert activity.responsible_label() == "Länsstyrelsen Västerbotten"


def test_promise_ending_before_it_starts_is_refused():
    promise = PromiseFactory.build(
        agreement=PromiseFactory().agreement, valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2023, 1, 1)
    )

    with pytest.raises(ValidationError) as error:
        promise.full_clean()

    assert error.value.message_dict["valid_until"] == ["Slutdatumet kan inte vara före startdatumet."]


def test_two_national_focus_areas_cannot_share_a_web_address():
    FocusAreaFactory(slug="narkotika")
    duplicate = FocusArea(name="Narkotika igen", slug="narkotika")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "Det finns redan ett nationellt fokusområde med den här webbadressen." in str(error.value)


def test_local_focus_areas_of_different_municipalities_may_share_a_web_address():
    FocusAreaFactory(slug="trafik", municipality=MunicipalityFactory())
    FocusArea(name="Trafik", slug="trafik", municipality=MunicipalityFactory()).full_clean()


def test_national_focus_area_cannot_belong_under_another():
    parent = FocusAreaFactory()
    child = FocusArea(name="Narkotika", slug="narkotika-2", national_area=parent)

    with pytest.raises(ValidationError) as error:
        child.full_clean()

    assert "national_area" in error.value.message_dict


def test_focus_areas_available_to_a_municipality_are_the_national_ones_and_its_own():
    here, there = MunicipalityFactory(), MunicipalityFactory()
    national = FocusAreaFactory()
    own = FocusAreaFactory(municipality=here)
    FocusAreaFactory(municipality=there)

    assert set(FocusArea.objects.available_to(here)) == {national, own}
