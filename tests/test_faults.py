"""Faults answer well: two coordinators starting the same report at once get a message, not a 500;
the database down gives a 503 that says so, and the site recovers without a restart."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from approvals.models import ReviewState
from followup.models import FollowUpReport
from followup.services import ReportError, report_create_draft
from tests.followup.conftest import period, programme  # noqa: F401 (fixtures)

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs two connections to PostgreSQL")


def _competitor_inserted_after_validation(monkeypatch, programme, period):  # noqa: F811
    """Make the other coordinator's draft appear just after ours was validated and before it is
    inserted: the window that the earlier checks cannot close."""
    original = FollowUpReport.full_clean

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.pk is None:
            FollowUpReport.objects.bulk_create(
                [
                    FollowUpReport(
                        agreement=programme, period_year=period.year, period_tertial=period.tertial, workflow_state=ReviewState.DRAFT
                    )
                ]
            )

    monkeypatch.setattr(FollowUpReport, "full_clean", full_clean)


@pytest.mark.django_db
def test_a_report_started_by_someone_else_at_the_same_moment_gives_the_message_not_a_500(monkeypatch, programme, period, coordinator):  # noqa: F811
    _competitor_inserted_after_validation(monkeypatch, programme, period)

    with pytest.raises(ReportError, match="En uppföljning för Tertial 2 2024 håller redan på att tas fram"):
        report_create_draft(agreement=programme, period=period, by=coordinator)

    # The service's transaction is undone whole, the simulated competitor's row with it.
    assert not FollowUpReport.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_on_postgresql_give_one_draft_and_one_message(monkeypatch, programme, period, coordinator):  # noqa: F811
    both_validated = threading.Barrier(2, timeout=10)
    original = FollowUpReport.full_clean

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if self.pk is None:
            both_validated.wait()  # both have passed every check before either inserts

    monkeypatch.setattr(FollowUpReport, "full_clean", full_clean)
    outcomes = []

    def start():
        try:
            report_create_draft(agreement=programme, period=period, by=coordinator)
            outcomes.append("created")
        except ReportError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["En uppföljning för Tertial 2 2024 håller redan på att tas fram.", "created"]
    assert FollowUpReport.objects.filter(agreement=programme).count() == 1


# The database down: a Swedish 503 with Retry-After, and back to normal once it returns.


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    return monkeypatch


@pytest.fixture
def reader():
    # Errors come back as responses, as a visitor would see them, instead of being raised in the test.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_a_public_page_answers_a_swedish_503_with_retry_after_while_the_database_is_down(reader, here, database_down):
    response = reader.get(f"/{here.slug}/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "Tillfälligt otillgänglig" in page


@pytest.mark.django_db
def test_the_503_page_is_in_the_readers_language(reader, here, database_down):
    reader.cookies["django_language"] = "en"
    response = reader.get(f"/{here.slug}/")

    assert response.status_code == 503
    assert "Temporarily unavailable" in response.content.decode()


@pytest.mark.django_db
def test_a_signed_in_users_page_answers_503_too(reader, here, coordinator, database_down):
    database_down.undo()
    reader.force_login(coordinator)
    database_down.setattr(
        connections["default"], "cursor", lambda *a, **k: (_ for _ in ()).throw(InterfaceError("connection already closed"))
    )

    response = reader.get("/hantera/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_pages_answer_again_as_soon_as_the_database_is_back(reader, here, database_down):
    assert reader.get(f"/{here.slug}/").status_code == 503
    database_down.undo()

    assert reader.get(f"/{here.slug}/").status_code == 200


@pytest.mark.django_db
def test_other_errors_stay_500(reader, here, monkeypatch):
    monkeypatch.setattr(connections["default"], "cursor", lambda *a, **k: (_ for _ in ()).throw(ValueError("a bug")))

    assert reader.get(f"/{here.slug}/").status_code == 500


def test_persistent_connections_are_checked_before_reuse():
    # Without the check each worker fails one request on its dead connection after a database restart.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
