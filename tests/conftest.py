import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _swedish():
    """Tests read the site as its default audience does: in Swedish."""
    with translation.override("sv"):
        yield


@pytest.fixture
def seeds(db):
    """Both real programmes, loaded from the demo fixtures."""
    from django.core.management import call_command

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
