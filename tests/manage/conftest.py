import pytest

from tests.approvals.conftest import (  # noqa: F401  (the same cast of municipalities and users)
    chief,
    coordinator,
    draft,
    here,
    other_chief,
    other_coordinator,
    there,
)


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client
