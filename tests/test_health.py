"""`/health/` tells load balancers and monitoring whether the site can reach its database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.utils import OperationalError

from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    return monkeypatch


def test_health_answers_200_with_the_databases_state(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_health_answers_503_when_the_database_cannot_be_reached(client, database_down):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


def test_health_is_never_cached(client):
    response = client.get("/health/")

    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_health_recovers_on_the_next_probe_once_the_database_is_back(client, database_down):
    assert client.get("/health/").status_code == 503
    database_down.undo()

    assert client.get("/health/").json() == {"database": "ok"}


def test_health_refuses_a_post(client):
    assert client.post("/health/").status_code == 405


def test_a_municipality_cannot_take_the_health_address():
    municipality = MunicipalityFactory.build(slug="health")

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()

    assert "används av webbplatsen" in error.value.message_dict["slug"][0]
