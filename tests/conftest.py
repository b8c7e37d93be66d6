import pytest
from django.utils import translation

from approvals.models import ReviewState
from tests.factories import (
    AgreementFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    PromiseFactory,
    chief_of,
    coordinator_of,
)


@pytest.fixture(autouse=True)
def _swedish():
    """Tests read the site as its default audience does: in Swedish."""
    with translation.override("sv"):
        yield


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """No test is served a page that another test cached: each starts from a new publication stamp."""
    from agreements.public_cache import move_stamp

    move_stamp()


@pytest.fixture
def seeds(db):
    """Both real programmes, loaded from the demo fixtures."""
    from django.core.management import call_command

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)


# A municipality here and one there, in two police areas, with their coordinators and chiefs.


@pytest.fixture
def here(db):
    """A municipality in its police area, with a published agreement."""
    municipality = MunicipalityFactory(police_area=PoliceAreaFactory(name="LPO Här"), slug="har")
    AgreementFactory(municipality=municipality, ends_on=None)
    return municipality


@pytest.fixture
def there(db):
    """Another municipality in another police area."""
    municipality = MunicipalityFactory(police_area=PoliceAreaFactory(name="LPO Där"), slug="dar")
    AgreementFactory(municipality=municipality, ends_on=None)
    return municipality


@pytest.fixture
def coordinator(here):
    return coordinator_of(here, username="samordnare.har", first_name="Sam", last_name="Ordnare")


@pytest.fixture
def chief(here):
    return chief_of(here.police_area, username="chef.har", first_name="Che", last_name="Fen")


@pytest.fixture
def other_coordinator(there):
    return coordinator_of(there, username="samordnare.dar")


@pytest.fixture
def other_chief(there):
    return chief_of(there.police_area, username="chef.dar")


@pytest.fixture
def draft(here):
    return PromiseFactory(agreement=here.agreements.get(), title="Tryggare centrum", workflow_state=ReviewState.DRAFT)
