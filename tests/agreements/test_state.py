"""An agreement's state on any date is computed from its dates, its extension and its successor."""

import datetime

import pytest

from agreements.models import Agreement, AgreementState
from tests.factories import AgreementFactory, MunicipalityFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    return AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), extends_automatically=False)


def test_agreement_is_upcoming_the_day_before_it_starts(agreement):
    assert agreement.state_on(D(2023, 3, 2)) == AgreementState.UPCOMING


def test_agreement_is_in_force_on_its_first_day(agreement):
    assert agreement.state_on(D(2023, 3, 3)) == AgreementState.IN_FORCE


def test_agreement_is_in_force_on_its_last_day(agreement):
    assert agreement.state_on(D(2025, 12, 31)) == AgreementState.IN_FORCE


def test_agreement_without_extension_has_expired_the_day_after_its_end(agreement):
    assert agreement.state_on(D(2026, 1, 1)) == AgreementState.EXPIRED


def test_extended_agreement_is_in_force_until_further_notice_after_its_end_date(agreement):
    agreement.extends_automatically = True
    agreement.save()
    assert agreement.state_on(D(2026, 1, 1)) == AgreementState.EXTENDED
    assert agreement.state_on(D(2030, 6, 1)) == AgreementState.EXTENDED


def test_extended_agreement_is_superseded_once_its_successor_has_started(agreement):
    agreement.extends_automatically = True
    agreement.save()
    AgreementFactory(municipality=agreement.municipality, starts_on=D(2026, 5, 1), ends_on=D(2028, 12, 31))

    assert agreement.state_on(D(2026, 4, 30)) == AgreementState.EXTENDED
    assert agreement.state_on(D(2026, 5, 1)) == AgreementState.SUPERSEDED


def test_expired_agreement_becomes_superseded_when_a_successor_starts(agreement):
    AgreementFactory(municipality=agreement.municipality, starts_on=D(2026, 3, 1), ends_on=None)

    assert agreement.state_on(D(2026, 2, 1)) == AgreementState.EXPIRED
    assert agreement.state_on(D(2026, 3, 1)) == AgreementState.SUPERSEDED


def test_another_municipalitys_agreement_does_not_supersede(agreement):
    agreement.extends_automatically = True
    agreement.save()
    AgreementFactory(starts_on=D(2026, 1, 1), ends_on=None)

    assert agreement.state_on(D(2026, 6, 1)) == AgreementState.EXTENDED


def test_open_ended_agreement_stays_in_force(agreement):
    agreement.ends_on = None
    agreement.save()
    assert agreement.state_on(D(2040, 1, 1)) == AgreementState.IN_FORCE


def test_agreement_valid_until_further_notice_is_superseded_when_the_next_one_starts(agreement):
    agreement.ends_on = None
    agreement.save()
    successor = AgreementFactory(municipality=agreement.municipality, starts_on=D(2027, 1, 1), ends_on=None)

    assert agreement.state_on(D(2026, 12, 31)) == AgreementState.IN_FORCE
    assert agreement.state_on(D(2027, 1, 1)) == AgreementState.SUPERSEDED
    assert list(Agreement.objects.in_force_on(D(2027, 1, 1))) == [successor]
    assert agreement.effective_end() == D(2026, 12, 31)


def test_state_labels_are_swedish(agreement):
    agreement.extends_automatically = True
    assert agreement.state_label(D(2024, 1, 1)) == "Gäller"
    assert agreement.state_label(D(2026, 1, 1)) == "Förlängd tills vidare"
    agreement.extends_automatically = False
    assert agreement.state_label(D(2026, 1, 1)) == "Upphörd"
    assert agreement.state_label(D(2023, 1, 1)) == "Kommande"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 3, 2), False),
        (D(2023, 3, 3), True),
        (D(2025, 12, 31), True),
        (D(2026, 1, 1), True),  # extended until further notice
        (D(2026, 5, 1), False),  # superseded by the successor ...
    ],
)
def test_in_force_on_query_agrees_with_the_state_at_each_boundary(agreement, day, expected):
    agreement.extends_automatically = True
    agreement.save()
    successor = AgreementFactory(municipality=agreement.municipality, starts_on=D(2026, 5, 1), ends_on=None)

    in_force = set(Agreement.objects.in_force_on(day))

    assert (agreement in in_force) is expected
    assert (agreement.state_on(day) in (AgreementState.IN_FORCE, AgreementState.EXTENDED)) is expected
    assert (successor in in_force) is (day >= successor.starts_on)  # ... which is then the one in force


def test_in_force_on_query_leaves_out_an_expired_agreement(agreement):
    assert list(Agreement.objects.in_force_on(D(2026, 1, 1))) == []


def test_current_agreement_of_a_municipality_is_the_one_in_force():
    municipality = MunicipalityFactory()
    old = AgreementFactory(municipality=municipality, starts_on=D(2019, 1, 1), ends_on=D(2022, 12, 31))
    new = AgreementFactory(municipality=municipality, starts_on=D(2023, 1, 1), ends_on=D(2025, 12, 31), extends_automatically=True)

    assert municipality.current_agreement(D(2021, 6, 1)) == (old, AgreementState.IN_FORCE)
    assert municipality.current_agreement(D(2026, 6, 1)) == (new, AgreementState.EXTENDED)
    assert Agreement.objects.filter(municipality=municipality).applying_on(D(2026, 6, 1)) == new


def test_current_agreement_before_any_has_started_is_the_upcoming_one():
    upcoming = AgreementFactory(starts_on=D(2030, 1, 1), ends_on=None)

    assert upcoming.municipality.current_agreement(D(2026, 1, 1)) == (upcoming, AgreementState.UPCOMING)


def test_municipality_without_agreement_has_no_current_agreement():
    assert MunicipalityFactory().current_agreement(D(2026, 1, 1)) == (None, None)


def test_effective_end_of_extended_agreement_is_the_day_before_its_successor(agreement):
    agreement.extends_automatically = True
    agreement.save()
    assert agreement.effective_end() is None
    AgreementFactory(municipality=agreement.municipality, starts_on=D(2026, 9, 1), ends_on=None)
    assert agreement.effective_end() == D(2026, 8, 31)
