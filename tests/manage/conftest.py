import pytest


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client
