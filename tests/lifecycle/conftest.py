"""Fixtures for programmes shaped like the real ones that are not in the seeds."""

import pytest
from django.utils import timezone

from tests.lifecycle.programmes import TODAY, D, yearly_set


@pytest.fixture
def seen_in_2026(monkeypatch):
    """Pages and services read today's date as 25 November 2026."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


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
