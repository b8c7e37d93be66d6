"""A promise's validity is its own: it starts and ends by its dates and the decisions extending
it, goes on with its agreement only when it says so, and never outlives its agreement."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from approvals.models import ReviewState
from promises.models import Audience, PromiseExtension, PromiseState, period_text
from tests.factories import ActivityFactory, AgreementFactory, PromiseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def extended_agreement():
    """An agreement that ran 2016–2019 and has been extended until further notice since."""
    return AgreementFactory(starts_on=D(2016, 1, 1), ends_on=D(2019, 12, 31), extends_automatically=True)


def _fresh(promise):
    """The promise as a page would load it, with nothing computed yet."""
    return type(promise).objects.get(pk=promise.pk)


def test_a_yearly_promise_that_ended_in_2019_has_ended_in_2026_although_its_agreement_is_extended(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2019, 1, 1), valid_until=D(2019, 12, 31))

    assert _fresh(promise).state_on(D(2026, 11, 25)) == PromiseState.ENDED
    assert _fresh(promise).state_on(D(2019, 12, 31)) == PromiseState.CURRENT
    assert _fresh(promise).last_day() == D(2019, 12, 31)


def test_a_promise_that_runs_with_its_agreement_applies_while_the_agreement_is_extended(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2016, 1, 1), valid_until=D(2019, 12, 31), runs_with_agreement=True)

    assert _fresh(promise).state_on(D(2026, 11, 25)) == PromiseState.CURRENT
    assert _fresh(promise).last_day() is None


def test_a_promise_that_runs_with_its_agreement_ends_the_day_before_the_next_agreement_starts(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2016, 1, 1), valid_until=D(2019, 12, 31), runs_with_agreement=True)
    AgreementFactory(municipality=extended_agreement.municipality, starts_on=D(2026, 3, 1), ends_on=None)

    assert _fresh(promise).last_day() == D(2026, 2, 28)
    assert _fresh(promise).state_on(D(2026, 11, 25)) == PromiseState.ENDED


def test_a_promise_never_outlives_an_agreement_that_expired():
    agreement = AgreementFactory(starts_on=D(2020, 1, 1), ends_on=D(2021, 12, 31), extends_automatically=False)
    promise = PromiseFactory(agreement=agreement, valid_from=D(2020, 1, 1), valid_until=None)

    assert _fresh(promise).last_day() == D(2021, 12, 31)


def test_a_promise_does_not_apply_before_it_starts(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2027, 1, 1), valid_until=D(2027, 12, 31))

    assert _fresh(promise).state_on(D(2026, 11, 25)) == PromiseState.UPCOMING


def test_a_published_extension_moves_the_end_and_keeps_the_original_period(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2018, 1, 1), valid_until=D(2018, 12, 31))
    PromiseExtension.objects.create(
        promise=promise,
        extended_until=D(2019, 12, 31),
        decided_on=D(2019, 2, 12),
        decided_by="kommunstyrelsen",
        reference="KS 2019/12",
        workflow_state=ReviewState.PUBLISHED,
    )

    promise = _fresh(promise)
    assert promise.stated_end() == D(2019, 12, 31)
    assert promise.valid_until == D(2018, 12, 31)
    assert promise.applies_during(D(2019, 1, 1), D(2019, 12, 31))
    assert promise.original_period_text() == "2018"
    assert promise.period_text() == "2018–2019"


def test_an_extension_not_yet_published_does_not_count(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2018, 1, 1), valid_until=D(2018, 12, 31))
    PromiseExtension.objects.create(
        promise=promise,
        extended_until=D(2019, 12, 31),
        decided_on=D(2019, 2, 12),
        decided_by="kommunstyrelsen",
        workflow_state=ReviewState.SUBMITTED,
    )

    assert _fresh(promise).last_day() == D(2018, 12, 31)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"extended_until": D(2018, 6, 30)}, "extended_until", "kan inte förkorta det"),
        ({"extended_until": D(2018, 12, 31)}, "extended_until", "kan inte förkorta det"),
        ({"decided_on": D(2999, 1, 1)}, "decided_on", "kan inte ligga i framtiden"),
        ({"decided_by": "   "}, "decided_by", "Ange vilket organ som beslutade"),
    ],
)
def test_an_extension_that_shortens_is_dated_in_the_future_or_names_no_body_is_refused(extended_agreement, fields, field, message):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2018, 1, 1), valid_until=D(2018, 12, 31))
    extension = PromiseExtension(
        promise=promise, **{"extended_until": D(2019, 12, 31), "decided_on": D(2019, 2, 12), "decided_by": "kommunstyrelsen", **fields}
    )

    with pytest.raises(ValidationError) as error:
        extension.full_clean()

    assert message in " ".join(error.value.message_dict[field])


def test_a_second_extension_must_go_past_the_first(extended_agreement):
    promise = PromiseFactory(agreement=extended_agreement, valid_from=D(2018, 1, 1), valid_until=D(2018, 12, 31))
    PromiseExtension.objects.create(
        promise=promise,
        extended_until=D(2019, 12, 31),
        decided_on=D(2019, 2, 12),
        decided_by="kommunstyrelsen",
        workflow_state=ReviewState.PUBLISHED,
    )
    second = PromiseExtension(promise=_fresh(promise), extended_until=D(2019, 6, 30), decided_on=D(2019, 3, 1), decided_by="polisen")

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "2019-12-31" in error.value.message_dict["extended_until"][0]


def test_an_activity_without_a_planned_time_is_planned_for_the_whole_promise():
    activity = ActivityFactory()

    assert activity.planned_during(D(2018, 1, 1), D(2018, 12, 31))


def test_an_activity_planned_for_2019_is_not_planned_during_2018():
    activity = ActivityFactory(planned_from=D(2019, 1, 1), planned_until=D(2019, 12, 31))

    assert not activity.planned_during(D(2018, 1, 1), D(2018, 12, 31))
    assert activity.planned_during(D(2019, 5, 1), D(2019, 8, 31))


def test_an_activity_planned_to_end_before_it_starts_is_refused():
    activity = ActivityFactory.build(promise=PromiseFactory(), planned_from=D(2019, 6, 1), planned_until=D(2019, 1, 1))
    activity.focus_area.save()

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert "Det planerade slutet kan inte vara före" in error.value.message_dict["planned_until"][0]


def test_a_promise_to_a_neighbourhood_must_name_it():
    promise = PromiseFactory.build(agreement=AgreementFactory(), audience=Audience.NEIGHBOURHOOD, audience_detail="")

    with pytest.raises(ValidationError) as error:
        promise.full_clean()

    assert "audience_detail" in error.value.message_dict


def test_an_original_publication_in_the_future_is_refused():
    promise = PromiseFactory.build(agreement=AgreementFactory(), originally_published_on=D(2999, 1, 1))

    with pytest.raises(ValidationError) as error:
        promise.full_clean()

    assert "originally_published_on" in error.value.message_dict


def test_a_period_is_written_as_its_year_when_it_is_one_calendar_year():
    assert period_text(D(2019, 1, 1), D(2019, 12, 31)) == "2019"
    assert period_text(D(2016, 1, 1), D(2019, 12, 31)) == "2016–2019"
    assert period_text(D(2023, 3, 3), D(2025, 12, 31)) == "3 mars 2023 – 31 december 2025"
    assert "tills vidare" in period_text(D(2020, 1, 1), None)


def test_vindelns_promises_apply_while_its_agreement_is_extended_because_they_say_so(seeds):
    vindeln = Agreement.objects.get(municipality__slug="vindeln")

    assert all(promise.runs_with_agreement for promise in vindeln.promises.all())
    assert all(_fresh(promise).state_on(D(2026, 11, 25)) == PromiseState.CURRENT for promise in vindeln.promises.all())
