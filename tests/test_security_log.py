"""Security events are written as structured lines naming who and from where, and the workflow
record keeps the actor's name after the user is removed (issue 13, item 10)."""

import json
import logging

import pytest
from django.urls import reverse

from approvals.models import Transition
from promises.services import promise_approve, promise_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"


def _events(caplog, name):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "security" and json.loads(r.getMessage())["event"] == name]


def test_a_failed_sign_in_is_logged_with_the_username_and_client_address(client, caplog, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="chef.umea")

    with caplog.at_level(logging.INFO, logger="security"):
        client.post(
            reverse("login"),
            {"username": "chef.umea", "password": "fel"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )

    [event] = _events(caplog, "login_failed")
    assert event["username"] == "chef.umea"
    assert event["client"] == ATTACKER
    assert "fel" not in json.dumps(event)


def test_a_sign_in_with_an_unknown_username_is_logged_too(client, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(reverse("login"), {"username": "finns.inte", "password": "fel"}, REMOTE_ADDR="198.51.100.7")

    [event] = _events(caplog, "login_failed")
    assert (event["username"], event["client"]) == ("finns.inte", "198.51.100.7")


def test_a_lockout_is_logged_with_the_username_and_client_address(client, caplog, settings):
    UserFactory(username="kalle")

    with caplog.at_level(logging.INFO, logger="security"):
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            client.post(reverse("login"), {"username": "kalle", "password": "fel"}, REMOTE_ADDR=ATTACKER)

    events = _events(caplog, "login_locked_out")
    assert events
    assert all((event["username"], event["client"]) == ("kalle", ATTACKER) for event in events)


def test_a_successful_sign_in_is_logged_at_info(client, caplog, coordinator):
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(reverse("login"), {"username": "samordnare.har", "password": "rätt-lösenord-123"})

    [event] = _events(caplog, "login")
    assert event["username"] == "samordnare.har"


def test_a_line_is_one_line_even_when_the_username_holds_a_newline(client, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(reverse("login"), {"username": 'x\n{"event": "login"}', "password": "fel"})

    lines = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert lines and all("\n" not in line for line in lines)
    assert not _events(caplog, "login")


def test_a_permission_denial_is_logged_with_the_user(client, caplog, chief):
    client.force_login(chief)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get("/hantera/")

    assert response.status_code == 403
    [event] = _events(caplog, "permission_denied")
    assert (event["user"], event["path"], event["status"]) == ("chef.har", "/hantera/", 403)


def test_a_refused_forged_post_is_logged(caplog, coordinator, draft):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(reverse("promises:promise_step", args=[draft.pk]), {"action": "submit"})

    assert response.status_code == 403
    [event] = _events(caplog, "permission_denied")
    assert event["user"] == "samordnare.har"


def test_a_not_found_on_a_working_page_is_logged_with_the_user(client, caplog, other_coordinator, draft):
    client.force_login(other_coordinator)

    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get(reverse("promises:manage_promise", args=[draft.pk]))

    assert response.status_code == 404
    [event] = _events(caplog, "not_found")
    assert event["user"] == "samordnare.dar"
    assert event["path"] == f"/hantera/loften/{draft.pk}/"


def test_a_not_found_on_a_public_page_is_not_a_security_event(client, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        assert client.get("/finns-inte-alls/").status_code == 404

    assert not _events(caplog, "not_found")


def test_the_workflow_record_keeps_the_actors_name_after_the_user_is_removed(draft, coordinator, chief):
    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)

    chief.delete()

    step = Transition.objects.for_item(draft).get(action="approve")
    assert step.by is None
    assert step.by_name == "Che Fen"


def test_the_item_page_names_a_removed_actor(client, draft, coordinator, chief, here):
    from tests.factories import coordinator_of

    promise_submit(promise=draft, by=coordinator)
    promise_approve(promise=draft, by=chief)
    chief.delete()
    client.force_login(coordinator_of(here, username="samordnare.ny"))

    page = client.get(reverse("promises:manage_promise", args=[draft.pk])).content.decode()

    assert "Che Fen" in page
    assert "Sam Ordnare" in page


def test_a_user_without_a_full_name_is_recorded_by_username(draft, here, chief):
    from tests.factories import coordinator_of

    nameless = coordinator_of(here, username="samordnare.utan.namn", first_name="", last_name="")

    step = promise_submit(promise=draft, by=nameless)

    assert step.by_name == "samordnare.utan.namn"
