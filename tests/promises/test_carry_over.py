"""Carry-over: a new promise takes over an unfinished activity of an earlier one, keeping the link."""

import datetime

import pytest

from approvals.models import ReviewState
from promises.models import Activity, ActivityStatus
from promises.services import PromiseError, activity_carry_over
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, PromiseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def walks():
    area = FocusAreaFactory(name="Ökad trygghet för kommuninvånarna")
    earlier = PromiseFactory(valid_from=D(2020, 1, 1), valid_until=D(2021, 9, 30), focus_areas=[area])
    return ActivityFactory(
        promise=earlier,
        focus_area=area,
        description="Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd.",
        place="Skillingaryd och Vaggeryd",
        status=ActivityStatus.POSTPONED,
    )


@pytest.fixture
def new_promise(walks):
    return PromiseFactory(
        agreement=walks.promise.agreement, valid_from=D(2021, 10, 1), workflow_state=ReviewState.DRAFT, focus_areas=[walks.focus_area]
    )


def test_carried_over_activity_is_linked_to_the_one_it_continues(walks, new_promise, django_user_model):
    coordinator = django_user_model.objects.create_user("samordnare")

    carried = activity_carry_over(activity=walks, to_promise=new_promise, by=coordinator)

    assert carried.promise == new_promise
    assert carried.carried_over_from == walks
    assert carried.description == walks.description
    assert carried.place == "Skillingaryd och Vaggeryd"
    assert carried.status == ActivityStatus.PLANNED
    assert list(walks.carried_over_to.all()) == [carried]
    assert carried.history.first().history_user == coordinator


def test_carrying_over_leaves_the_earlier_activity_as_it_was(walks, new_promise):
    activity_carry_over(activity=walks, to_promise=new_promise, by=None)

    walks.refresh_from_db()
    assert walks.status == ActivityStatus.POSTPONED
    assert walks.promise != new_promise


@pytest.mark.parametrize(("status", "word"), [(ActivityStatus.DONE, "genomförd"), (ActivityStatus.CANCELLED, "inställd")])
def test_finished_activity_cannot_be_carried_over(walks, new_promise, status, word):
    walks.status = status
    walks.save()

    with pytest.raises(PromiseError) as error:
        activity_carry_over(activity=walks, to_promise=new_promise, by=None)

    assert word in str(error.value)
    assert "kan inte föras över" in str(error.value)
    assert not new_promise.activities.exists()


def test_activity_cannot_be_carried_over_twice_into_the_same_promise(walks, new_promise):
    activity_carry_over(activity=walks, to_promise=new_promise, by=None)

    with pytest.raises(PromiseError, match="redan förts över"):
        activity_carry_over(activity=walks, to_promise=new_promise, by=None)
    assert new_promise.activities.count() == 1


def test_activity_cannot_be_carried_over_into_another_municipalitys_promise(walks):
    elsewhere = PromiseFactory(agreement=AgreementFactory(), valid_from=D(2023, 3, 3), workflow_state=ReviewState.DRAFT)

    with pytest.raises(PromiseError, match="samma kommun"):
        activity_carry_over(activity=walks, to_promise=elsewhere, by=None)
    assert not elsewhere.activities.exists()


def test_activity_cannot_be_carried_over_into_an_earlier_promise(walks):
    older = PromiseFactory(agreement=walks.promise.agreement, valid_from=D(2019, 1, 1), workflow_state=ReviewState.DRAFT)

    with pytest.raises(PromiseError, match="tidigare löfte"):
        activity_carry_over(activity=walks, to_promise=older, by=None)


def test_activity_cannot_be_carried_over_into_a_published_promise(walks, new_promise):
    new_promise.workflow_state = ReviewState.PUBLISHED
    new_promise.save()

    with pytest.raises(PromiseError, match="utkast"):
        activity_carry_over(activity=walks, to_promise=new_promise, by=None)
    assert not new_promise.activities.exists()


def test_carrying_over_adds_the_activitys_focus_area_to_the_new_promise(walks):
    bare = PromiseFactory(agreement=walks.promise.agreement, valid_from=D(2021, 10, 1), workflow_state=ReviewState.DRAFT)

    activity_carry_over(activity=walks, to_promise=bare, by=None)

    assert list(bare.focus_areas.all()) == [walks.focus_area]
    assert Activity.objects.filter(promise=bare).count() == 1
