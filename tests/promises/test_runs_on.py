"""Whether a promise applies on a day follows from its dates and its agreement's extension."""

import datetime

import pytest

from agreements.models import AgreementState
from tests.factories import AgreementFactory, PromiseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def promise():
    agreement = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), extends_automatically=True)
    return PromiseFactory(agreement=agreement, valid_from=D(2023, 3, 3), valid_until=D(2025, 12, 31))


def test_promise_does_not_apply_before_it_starts(promise):
    assert not promise.runs_on(D(2023, 3, 2), agreement_state=AgreementState.UPCOMING)


def test_promise_applies_on_its_last_day(promise):
    assert promise.runs_on(D(2025, 12, 31), agreement_state=AgreementState.IN_FORCE)


def test_promise_that_ran_to_the_agreements_end_continues_while_the_agreement_is_extended(promise):
    assert promise.runs_on(D(2026, 6, 1), agreement_state=AgreementState.EXTENDED)


def test_promise_ends_once_the_agreement_is_superseded(promise):
    assert not promise.runs_on(D(2026, 6, 1), agreement_state=AgreementState.SUPERSEDED)


def test_promise_that_ended_before_its_agreement_does_not_continue(promise):
    promise.valid_until = D(2024, 12, 31)
    assert not promise.runs_on(D(2026, 6, 1), agreement_state=AgreementState.EXTENDED)
