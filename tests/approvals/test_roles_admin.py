"""The admin shows a user's roles plainly, and a chief's admin leads with what awaits them."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from agreements.models import Chief
from approvals.models import ReviewState
from promises.services import promise_submit
from tests.factories import (
    MunicipalityFactory,
    PoliceAreaFactory,
    PromiseFactory,
    UserFactory,
    chief_without_staff_of,
    coordinator_of,
)

pytestmark = pytest.mark.django_db


def _roles(user) -> str:
    return admin.site.get_model_admin(get_user_model()).roles(user)


def test_the_roles_column_names_each_role_in_words(db):
    vaggeryd = MunicipalityFactory(name="Vaggeryds kommun", short_name="Vaggeryd")
    user = coordinator_of(vaggeryd)
    Chief.objects.create(user=user, police_area=PoliceAreaFactory(name="LPO Värnamo"))

    assert _roles(user) == "Samordnare för Vaggeryds kommun; Lokalpolisområdeschef för LPO Värnamo"


def test_the_roles_column_says_administrator_and_no_role(db):
    assert _roles(UserFactory(is_superuser=True)) == "Administratör"
    assert _roles(UserFactory(is_staff=True)) == "Ingen roll"


def test_the_user_list_shows_the_roles_in_a_constant_number_of_queries(client, admin_user, django_assert_max_num_queries):
    area = PoliceAreaFactory(name="LPO Värnamo")
    client.force_login(admin_user)
    client.get(reverse("admin:auth_user_changelist"))  # sessions, content types and the like cached

    def make_users(count):
        for _ in range(count):
            user = coordinator_of(MunicipalityFactory(police_area=area))
            Chief.objects.create(user=user, police_area=area)

    make_users(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("admin:auth_user_changelist"))
    make_users(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("admin:auth_user_changelist")).content.decode()

    assert page.count("Lokalpolisområdeschef för LPO Värnamo") == 42


def test_the_users_page_shows_the_roles_first_and_what_they_give(client, admin_user, here):
    user = chief_without_staff_of(here.police_area)
    client.force_login(admin_user)

    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()

    assert "Rollen ensam ger den åtkomst som hör till den" in page
    explanation, chiefs, coordinators = (
        page.index(marker) for marker in ('id="roles-explained"', 'id="chief_set-group"', 'id="coordinator_set-group"')
    )
    personal_info = page.index("Personlig information")
    assert explanation < coordinators < chiefs < personal_info
    assert "Släpper in användaren i administrationen utan någon roll." in page


@pytest.fixture
def chief(here):
    """The chief as the issue found them: the role given, no "Staff status"."""
    return chief_without_staff_of(here.police_area, username="ny.chef")


def _submit(municipality, title):
    promise = PromiseFactory(agreement=municipality.agreements.get(), title=title, workflow_state=ReviewState.DRAFT)
    promise_submit(promise=promise, by=coordinator_of(municipality))
    return promise


def test_a_chiefs_admin_index_leads_with_the_count_of_what_awaits_them(client, chief, here, there):
    _submit(here, "Första")
    _submit(here, "Andra")
    _submit(there, "Annans")
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    assert "2 ärenden väntar på ditt godkännande" in page
    awaiting, area, rest = (page.index(marker) for marker in ('id="awaiting-approval"', 'id="police-area"', 'id="other-records"'))
    assert awaiting < area < rest
    assert reverse("approvals:awaiting") in page[awaiting:area]


def test_a_chiefs_admin_index_lists_their_police_areas_records_in_the_order_they_need_them(client, chief, here):
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    area = page[page.index('id="police-area"') : page.index('id="other-records"')]
    assert "LPO Här" in area
    links = [
        reverse("admin:agreements_municipality_changelist"),
        reverse("admin:agreements_agreement_changelist"),
        reverse("admin:promises_promise_changelist"),
        reverse("admin:promises_promiseextension_changelist"),
        reverse("admin:followup_followupreport_changelist"),
    ]
    assert [area.index(link) for link in links] == sorted(area.index(link) for link in links)
    # The tables a chief seldom needs are folded away below, and those they cannot use are not shown.
    assert reverse("admin:promises_activity_changelist") in page[page.index('id="other-records"') :]
    assert reverse("admin:auth_user_changelist") not in page
    assert reverse("admin:auth_group_changelist") not in page


def test_a_chief_with_nothing_awaiting_is_told_so(client, chief):
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    assert "Ingenting väntar på ditt godkännande just nu." in page


def test_an_administrators_admin_index_has_the_count_and_every_table(client, admin_user, here, there):
    _submit(here, "Första")
    _submit(there, "Annans")
    client.force_login(admin_user)

    page = client.get(reverse("admin:index")).content.decode()

    assert "2 ärenden väntar på ditt godkännande" in page
    assert 'id="police-area"' not in page
    assert reverse("admin:auth_user_changelist") in page


def test_a_chiefs_admin_index_counts_their_records_as_their_lists_show_them(client, chief, here, there):
    _submit(here, "Första")
    _submit(there, "Annans")
    client.force_login(chief)

    page = client.get(reverse("admin:index")).content.decode()

    promises = page[page.index('class="model-promise"') :]
    assert promises[: promises.index("</tr>")].split("<td>")[1].startswith("1<")


def test_a_chiefs_admin_index_makes_as_many_queries_with_many_items_as_with_few(client, chief, here, django_assert_max_num_queries):
    client.force_login(chief)
    _submit(here, "Första")
    client.get(reverse("admin:index"))  # sessions, content types and the like cached
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("admin:index"))
    for number in range(30):
        _submit(here, f"Löfte {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("admin:index")).content.decode()

    assert "31" in page[page.index('id="awaiting-approval"') : page.index('id="police-area"')]
