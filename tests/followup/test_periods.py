"""Reporting periods: tertials and years, their labels, and which ones an agreement has due."""

import datetime

import pytest

from agreements.models import FollowUpCadence
from followup.periods import ReportingPeriod, periods_due
from tests.factories import AgreementFactory

D = datetime.date
T = ReportingPeriod


@pytest.mark.parametrize(
    ("day", "tertial"),
    [(D(2024, 1, 1), 1), (D(2024, 4, 30), 1), (D(2024, 5, 1), 2), (D(2024, 8, 31), 2), (D(2024, 9, 1), 3), (D(2024, 12, 31), 3)],
)
def test_a_date_falls_in_the_right_tertial(day, tertial):
    assert T.tertial_of(day) == T(2024, tertial)


def test_tertials_cover_january_to_april_may_to_august_and_september_to_december():
    assert (T(2024, 1).start, T(2024, 1).end) == (D(2024, 1, 1), D(2024, 4, 30))
    assert (T(2024, 2).start, T(2024, 2).end) == (D(2024, 5, 1), D(2024, 8, 31))
    assert (T(2024, 3).start, T(2024, 3).end) == (D(2024, 9, 1), D(2024, 12, 31))
    assert (T(2024).start, T(2024).end) == (D(2024, 1, 1), D(2024, 12, 31))


def test_period_labels_are_swedish():
    assert T(2024, 2).label == "Tertial 2 2024"
    assert T(2024).label == "Helår 2024"


def test_period_slug_round_trips():
    for period in (T(2024), T(2022, 3)):
        assert T.from_slug(period.slug) == period
    with pytest.raises(ValueError):
        T.from_slug("2024-tertial-4")


def test_a_tertial_must_be_one_two_or_three():
    with pytest.raises(ValueError):
        T(2024, 4)


def test_periods_sort_by_their_end_with_the_year_after_its_last_tertial():
    assert sorted([T(2024), T(2024, 3), T(2023), T(2024, 1)]) == [T(2023), T(2024, 1), T(2024, 3), T(2024)]


@pytest.mark.django_db
def test_yearly_agreement_has_one_period_due_per_year_of_its_validity():
    vindeln = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), cadence=FollowUpCadence.YEARLY)

    assert periods_due(vindeln, start=D(2020, 1, 1), end=D(2027, 12, 31)) == [T(2023), T(2024), T(2025)]


@pytest.mark.django_db
def test_extended_agreement_keeps_having_periods_due_after_its_end_date():
    vindeln = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), extends_automatically=True, cadence=FollowUpCadence.YEARLY)

    assert periods_due(vindeln, start=D(2025, 1, 1), end=D(2027, 12, 31)) == [T(2025), T(2026), T(2027)]


@pytest.mark.django_db
def test_extended_agreement_stops_having_periods_due_once_its_successor_starts():
    old = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), extends_automatically=True, cadence=FollowUpCadence.TERTIAL)
    AgreementFactory(municipality=old.municipality, starts_on=D(2026, 5, 1), ends_on=None)

    assert periods_due(old, start=D(2025, 9, 1), end=D(2026, 12, 31)) == [T(2025, 3), T(2026, 1)]


@pytest.mark.django_db
def test_tertial_agreement_has_three_periods_due_a_year_including_the_one_it_starts_in():
    vaggeryd = AgreementFactory(starts_on=D(2021, 10, 1), ends_on=None, cadence=FollowUpCadence.TERTIAL)

    assert periods_due(vaggeryd, start=D(2021, 1, 1), end=D(2022, 12, 31)) == [T(2021, 3), T(2022, 1), T(2022, 2), T(2022, 3)]


@pytest.mark.django_db
def test_agreement_with_both_cadences_has_tertials_and_the_year_due():
    agreement = AgreementFactory(starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31), cadence=FollowUpCadence.BOTH)

    assert periods_due(agreement, start=D(2024, 1, 1), end=D(2024, 12, 31)) == [T(2024, 1), T(2024, 2), T(2024, 3), T(2024)]


@pytest.mark.django_db
def test_a_period_is_due_only_once_it_ends_within_the_window():
    agreement = AgreementFactory(starts_on=D(2024, 1, 1), ends_on=None, cadence=FollowUpCadence.TERTIAL)

    assert periods_due(agreement, start=D(2024, 5, 1), end=D(2024, 8, 30)) == []
    assert periods_due(agreement, start=D(2024, 5, 1), end=D(2024, 8, 31)) == [T(2024, 2)]
