"""Programmes shaped like the real ones that are not in the seeds: yearly sets under one long
agreement, a promise extended by decision, an open-ended agreement whose only promise ended."""

import datetime

import pytest
from django.utils import timezone

from approvals.models import ReviewState
from promises.models import PromiseExtension
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, PromiseFactory

D = datetime.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def seen_in_2026(monkeypatch):
    """Pages and services read today's date as 25 November 2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def yearly_set(agreement, year, *, count=1, area=None, **fields):
    """`count` published promises for one calendar year, each with one activity."""
    area = area or FocusAreaFactory(municipality=agreement.municipality, name=f"Trygghet {year}")
    promises = []
    for number in range(1, count + 1):
        promise = PromiseFactory(
            agreement=agreement, title=f"Löfte {number} för {year}", valid_from=D(year, 1, 1), valid_until=D(year, 12, 31),
            order=number, focus_areas=[area], **fields,
        )
        ActivityFactory(promise=promise, focus_area=area, description=f"Aktivitet {number} {year}", status="done")
        promises.append(promise)
    return promises


@pytest.fixture
def yearly_series(here):
    """2016–2019 yearly sets under an agreement that ran to 2019 and is extended since; 2017's is a
    barnlöfte; none after 2019."""
    agreement = here.agreements.get()
    agreement.starts_on, agreement.ends_on, agreement.extends_automatically = D(2016, 1, 1), D(2019, 12, 31), True
    agreement.save()
    for year in (2016, 2017, 2018, 2019):
        yearly_set(agreement, year, audience="children" if year == 2017 else "everyone")
    return agreement


def extend(promise, until, *, on, by="kommunstyrelsen", reference="KS 2019/12", state=ReviewState.PUBLISHED):
    return PromiseExtension.objects.create(
        promise=promise, extended_until=until, decided_on=on, decided_by=by, reference=reference, workflow_state=state
    )
