"""Bad agreements and municipalities are refused with a Swedish message naming the field,
by validation everywhere and, on PostgreSQL, by the database itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from agreements.models import Agreement, Municipality
from tests.factories import AgreementFactory, MunicipalityFactory, PoliceAreaFactory

D = datetime.date
pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists only on PostgreSQL")


def test_agreement_ending_before_it_starts_is_refused_with_a_message_on_the_end_date():
    agreement = AgreementFactory.build(municipality=MunicipalityFactory(), starts_on=D(2024, 1, 1), ends_on=D(2023, 12, 31))
    agreement.police_area = agreement.municipality.police_area

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {"ends_on": ["Slutdatumet kan inte vara före startdatumet."]}


def test_database_refuses_an_agreement_ending_before_it_starts():
    agreement = AgreementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(ends_on=D(2020, 1, 1))
    agreement.refresh_from_db()
    assert agreement.ends_on == D(2025, 12, 31)


def test_overlapping_agreement_is_refused_with_a_swedish_message_naming_the_other():
    existing = AgreementFactory(title="Överenskommelse 2023–2025", starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31))
    overlapping = Agreement(
        municipality=existing.municipality,
        police_area=existing.police_area,
        title="Ny överenskommelse",
        starts_on=D(2025, 6, 1),
        ends_on=D(2027, 12, 31),
    )

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()

    message = error.value.message_dict["starts_on"][0]
    assert "Överenskommelse 2023–2025" in message
    assert "överlappar" in message


def test_agreement_valid_until_further_notice_can_be_followed_by_a_new_one():
    existing = AgreementFactory(starts_on=D(2020, 1, 1), ends_on=None)
    later = AgreementFactory.build(
        municipality=existing.municipality, police_area=existing.police_area, starts_on=D(2030, 1, 1), ends_on=None
    )

    later.full_clean()


@pytest.mark.parametrize(("start", "end"), [(D(2020, 1, 1), None), (D(2019, 1, 1), D(2020, 6, 30))])
def test_agreement_covering_the_start_of_one_valid_until_further_notice_is_refused(start, end):
    existing = AgreementFactory(starts_on=D(2020, 1, 1), ends_on=None)
    clash = AgreementFactory.build(municipality=existing.municipality, police_area=existing.police_area, starts_on=start, ends_on=end)

    with pytest.raises(ValidationError) as error:
        clash.full_clean()

    assert "starts_on" in error.value.message_dict


def test_agreement_starting_the_day_after_the_previous_ends_is_accepted():
    existing = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31))
    successor = AgreementFactory.build(
        municipality=existing.municipality, police_area=existing.police_area, starts_on=D(2026, 1, 1), ends_on=None
    )

    successor.full_clean()


def test_agreements_of_different_municipalities_may_share_dates():
    AgreementFactory(starts_on=D(2023, 1, 1), ends_on=D(2025, 12, 31))
    other = AgreementFactory.build(municipality=MunicipalityFactory(), starts_on=D(2023, 1, 1), ends_on=D(2025, 12, 31))
    other.police_area = other.municipality.police_area

    other.full_clean()


@postgresql_only
def test_database_itself_refuses_overlapping_agreements_on_postgresql():
    existing = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31))

    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips clean(): only the database stands in the way.
        Agreement.objects.bulk_create(
            [
                Agreement(
                    municipality=existing.municipality,
                    police_area=existing.police_area,
                    title="Dubblett",
                    starts_on=D(2025, 1, 1),
                    ends_on=D(2026, 12, 31),
                )
            ]
        )
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("code", ["665", "06650", "06a5", "", " 665"])
def test_municipality_code_that_is_not_four_digits_is_refused_in_swedish(code):
    municipality = MunicipalityFactory.build(code=code, police_area=PoliceAreaFactory())

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()

    assert "code" in error.value.message_dict
    if code:
        assert error.value.message_dict["code"][0] == "Kommunkoden ska vara exakt fyra siffror, till exempel 0665."


def test_database_refuses_a_municipality_code_that_is_not_four_digits():
    municipality = MunicipalityFactory(code="0665")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.filter(pk=municipality.pk).update(code="66A5")
    municipality.refresh_from_db()
    assert municipality.code == "0665"


def test_duplicate_municipality_code_is_refused_with_a_swedish_message():
    MunicipalityFactory(code="0665")
    duplicate = MunicipalityFactory.build(code="0665", police_area=PoliceAreaFactory())

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict["code"] == ["Det finns redan en kommun med den här kommunkoden."]


def test_duplicate_slug_is_refused_with_a_swedish_message():
    MunicipalityFactory(slug="vaggeryd")
    duplicate = MunicipalityFactory.build(slug="vaggeryd", police_area=PoliceAreaFactory())

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict["slug"] == ["En annan kommun använder redan den här webbadressen."]


def test_database_refuses_a_duplicate_slug():
    MunicipalityFactory(slug="vaggeryd")
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalityFactory(slug="vaggeryd")
    assert Municipality.objects.filter(slug="vaggeryd").count() == 1


def test_slug_used_by_the_site_itself_is_refused():
    municipality = MunicipalityFactory.build(slug="admin", police_area=PoliceAreaFactory())

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()

    assert "används av webbplatsen" in error.value.message_dict["slug"][0]


@postgresql_only
def test_database_accepts_a_successor_of_an_agreement_valid_until_further_notice_but_not_a_twin():
    existing = AgreementFactory(starts_on=D(2020, 1, 1), ends_on=None)
    Agreement.objects.bulk_create(
        [Agreement(municipality=existing.municipality, police_area=existing.police_area, title="Efterföljare", starts_on=D(2030, 1, 1))]
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.bulk_create(
            [Agreement(municipality=existing.municipality, police_area=existing.police_area, title="Tvilling", starts_on=D(2020, 1, 1))]
        )
    assert Agreement.objects.count() == 2
