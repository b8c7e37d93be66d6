"""The role alone gives the access: a police area chief approves without "Staff status", loses the
access with the role, and a user with no role stays out of the admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from agreements.models import Chief
from approvals.admin_site import may_enter_admin
from approvals.models import ReviewState
from promises.services import promise_submit
from tests.approvals.test_permission_matrix import _outcome, matrix, world  # noqa: F401 (world is a fixture)
from tests.factories import PromiseFactory, UserFactory, chief_without_staff_of

pytestmark = pytest.mark.django_db

PASSWORD = "rätt-lösenord-123"  # tests.factories.UserFactory's


@pytest.fixture
def new_chief(here):
    """A chief made the way the issue found it: the role given, "Staff status" not ticked."""
    return chief_without_staff_of(here.police_area, username="ny.chef")


@pytest.fixture
def submitted(draft, coordinator):
    promise_submit(promise=draft, by=coordinator)
    return draft


@pytest.fixture
def submitted_elsewhere(there, other_coordinator):
    promise = PromiseFactory(agreement=there.agreements.get(), title="Annans löfte", workflow_state=ReviewState.DRAFT)
    promise_submit(promise=promise, by=other_coordinator)
    return promise


def _sign_in(client, username, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": PASSWORD}, follow=True)


def test_a_chief_without_staff_status_signs_in_and_lands_on_the_approval_list(client, new_chief, submitted):
    response = _sign_in(client, "ny.chef")

    assert response.redirect_chain[-1] == (reverse("approvals:awaiting"), 302)
    assert response.status_code == 200
    assert "Tryggare centrum" in response.content.decode()


def test_a_chief_without_staff_status_signs_in_on_the_admins_own_sign_in_page(client, new_chief):
    response = _sign_in(client, "ny.chef", url=reverse("admin:login"))

    assert response.redirect_chain[-1] == (reverse("approvals:awaiting"), 302)
    assert response.status_code == 200


def test_a_chief_without_staff_status_approves_an_item_of_their_area_on_the_approval_page(client, new_chief, submitted):
    client.force_login(new_chief)

    response = client.post(reverse("approvals:awaiting"), {"item": submitted.model_key, "action": "approve"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.workflow_state == ReviewState.APPROVED
    assert submitted.transitions().last().by == new_chief


def test_a_chief_without_staff_status_cannot_reach_another_areas_item(client, new_chief, submitted_elsewhere):
    client.force_login(new_chief)

    listed = client.get(reverse("approvals:awaiting")).content.decode()
    client.post(reverse("approvals:awaiting"), {"item": submitted_elsewhere.model_key, "action": "approve"})
    history = client.get(reverse("admin:promises_promise_history", args=[submitted_elsewhere.pk]))
    bulk = client.get(reverse("approvals:awaiting_bulk"), {"item": submitted_elsewhere.model_key})

    assert "Annans löfte" not in listed
    submitted_elsewhere.refresh_from_db()
    assert submitted_elsewhere.workflow_state == ReviewState.SUBMITTED
    assert history.status_code == 404
    assert bulk.status_code == 404


@pytest.mark.parametrize("role", ["chief_here", "chief_other"])
def test_every_admin_page_answers_a_chief_without_staff_status_as_it_answers_a_staff_chief(client, world, role):
    chief = world["users"][role]
    chief.is_staff = False
    chief.save()
    client.force_login(chief)
    failures = []
    for name, method, path, data, expected in matrix(world):
        if not (name.startswith("admin:") or name.startswith("approvals:awaiting") or name == "approvals:start"):
            continue
        outcome = _outcome(getattr(client, method)(path, data or {}))
        if outcome != expected[role]:
            failures.append(f"{name} {method.upper()} {path}: expected {expected[role]}, got {outcome}")

    assert not failures, "\n".join(failures)


def test_removing_the_chief_role_takes_the_access_away(client, new_chief, submitted):
    client.force_login(new_chief)
    assert client.get(reverse("admin:index")).status_code == 200

    Chief.objects.filter(user=new_chief).delete()

    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
    assert client.get(reverse("approvals:awaiting")).url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:promises_promise_changelist")).url.startswith(reverse("admin:login"))
    assert "Ditt konto har ingen roll ännu" in client.get(reverse("approvals:start")).content.decode()


def test_a_user_without_a_role_cannot_enter_the_admin(client, here):
    UserFactory(username="ingen.roll")

    response = _sign_in(client, "ingen.roll", url=reverse("admin:login"))

    assert response.redirect_chain == []  # the admin's sign-in form refuses
    assert "_auth_user_id" not in client.session
    client.force_login(UserFactory(username="inloggad.utan.roll"))
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))
    assert client.get(reverse("approvals:awaiting")).url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:promises_promise_changelist")).url.startswith(reverse("admin:login"))
    assert "Ditt konto har ingen roll ännu" in client.get(reverse("approvals:start")).content.decode()


def test_an_inactive_chief_cannot_enter_the_admin(here):
    chief = chief_without_staff_of(here.police_area, is_active=False)

    assert may_enter_admin(chief) is False


def test_a_coordinator_does_not_enter_the_admin(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))


def test_staff_without_a_role_is_sent_to_the_admin_after_sign_in(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("approvals:start"))

    assert response.url == reverse("admin:index")


def test_the_admin_site_admits_by_the_same_check_everywhere(here):
    request = RequestFactory().get("/admin/")
    request.user = chief_without_staff_of(here.police_area)

    assert admin.site.has_permission(request) is True
    assert admin.site.login_form.__name__ == "AdminSignInForm"
