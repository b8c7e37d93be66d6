"""A promise that is signed on its own (a yearly set) has its own signatories: added and removed on
a draft only, carried into a revision and written back when the revision is published."""

import datetime

import pytest
from django.urls import reverse

from approvals.models import ReviewState
from promises.models import PromiseSignatory
from promises.services import (
    PromiseError,
    promise_approve,
    promise_publish,
    promise_signatory_add,
    promise_signatory_remove,
    promise_start_revision,
    promise_submit,
)
from tests.factories import PromiseFactory, PromiseSignatoryFactory

pytestmark = pytest.mark.django_db


def _signatory_data(**overrides):
    data = {
        "name": "Anna Berg",
        "title": "Kommundirektör",
        "party": "municipality",
        "organisation": "Vaggeryds kommun",
        "signed_on": "2025-12-10",
    }
    data.update(overrides)
    return data


@pytest.fixture
def published(here):
    return PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", valid_until=datetime.date(2025, 12, 31))


def test_coordinator_adds_a_signatory_to_a_draft_promise_last_in_order(signed_in, draft, coordinator):
    PromiseSignatoryFactory(promise=draft, name="Först", order=1)

    response = signed_in.post(reverse("promises:promise_signatory_new", args=[draft.pk]), _signatory_data())

    assert response.status_code == 302 and response["Location"] == draft.get_manage_url()
    added = draft.signatories.get(name="Anna Berg")
    assert (added.title, added.signed_on, added.order) == ("Kommundirektör", datetime.date(2025, 12, 10), 2)
    assert added.history.first().history_user == coordinator


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "Detta fält måste fyllas i."),
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        ({"party": "grannen"}, "party", "Välj ett giltigt alternativ."),
        ({"signed_on": "i våras"}, "signed_on", "Fyll i ett giltigt datum."),
    ],
)
def test_bad_signatory_input_is_refused_next_to_its_field_and_nothing_is_written(signed_in, draft, overrides, field, message):
    response = signed_in.post(reverse("promises:promise_signatory_new", args=[draft.pk]), _signatory_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not PromiseSignatory.objects.exists()


def test_a_published_promise_gets_no_signatory_through_the_form(signed_in, published):
    response = signed_in.post(reverse("promises:promise_signatory_new", args=[published.pk]), _signatory_data(), follow=True)

    assert "kan inte ändras direkt" in response.content.decode()
    assert not published.signatories.exists()


def test_the_service_refuses_a_signatory_on_a_published_promise(published, coordinator):
    with pytest.raises(PromiseError) as error:
        promise_signatory_add(promise=published, by=coordinator, **_signatory_data(signed_on=None))

    assert "påbörja en revidering" in str(error.value)
    assert not published.signatories.exists()


def test_coordinator_removes_a_signatory_from_a_draft(signed_in, draft):
    signatory = PromiseSignatoryFactory(promise=draft)

    response = signed_in.post(reverse("promises:promise_signatory_remove", args=[signatory.pk]))

    assert response["Location"] == draft.get_manage_url()
    assert not draft.signatories.exists()


def test_a_signatory_of_a_published_promise_stays(signed_in, published, coordinator):
    signatory = PromiseSignatoryFactory(promise=published)

    page = signed_in.post(reverse("promises:promise_signatory_remove", args=[signatory.pk]), follow=True).content.decode()

    assert "kan inte ändras direkt" in page
    assert published.signatories.get() == signatory
    with pytest.raises(PromiseError):
        promise_signatory_remove(signatory=signatory, by=coordinator)


def test_another_municipalitys_coordinator_can_neither_add_nor_remove(client, other_coordinator, draft):
    signatory = PromiseSignatoryFactory(promise=draft)
    client.force_login(other_coordinator)

    assert client.post(reverse("promises:promise_signatory_new", args=[draft.pk]), _signatory_data()).status_code == 404
    assert client.post(reverse("promises:promise_signatory_remove", args=[signatory.pk])).status_code == 404
    assert list(draft.signatories.all()) == [signatory]
    with pytest.raises(PromiseError):
        promise_signatory_add(promise=draft, by=other_coordinator, **_signatory_data(signed_on=None))


def test_the_manage_page_lists_a_drafts_signatories_with_add_and_remove(signed_in, draft):
    signatory = PromiseSignatoryFactory(promise=draft, name="Anna Berg", title="Kommundirektör")

    page = signed_in.get(draft.get_manage_url()).content.decode()

    assert "Anna Berg" in page and "Kommundirektör" in page
    assert reverse("promises:promise_signatory_new", args=[draft.pk]) in page
    assert reverse("promises:promise_signatory_remove", args=[signatory.pk]) in page


def test_a_published_promises_signatories_are_listed_without_remove(signed_in, published):
    signatory = PromiseSignatoryFactory(promise=published, name="Anna Berg")

    page = signed_in.get(published.get_manage_url()).content.decode()

    assert "Anna Berg" in page
    assert reverse("promises:promise_signatory_remove", args=[signatory.pk]) not in page


def test_the_chief_sees_who_signed_the_promise_on_the_awaiting_page(client, draft, coordinator, chief):
    PromiseSignatoryFactory(promise=draft, name="Anna Berg", title="Kommundirektör")
    promise_submit(promise=draft, by=coordinator)
    client.force_login(chief)

    page = client.get(reverse("approvals:awaiting")).content.decode()

    assert "Undertecknad av" in page and "Anna Berg, Kommundirektör" in page


def test_starting_a_revision_copies_the_signatories(published, coordinator):
    PromiseSignatoryFactory(promise=published, name="Anna Berg", order=1)
    PromiseSignatoryFactory(promise=published, name="Bo Ek", party="police", organisation="Polismyndigheten", order=2)

    revision = promise_start_revision(promise=published, by=coordinator)

    assert [(s.name, s.party, s.order) for s in revision.signatories.all()] == [("Anna Berg", "municipality", 1), ("Bo Ek", "police", 2)]
    assert published.signatories.count() == 2  # copies, not moved


def test_publishing_a_revision_replaces_the_promises_signatories_with_the_revisions(published, coordinator, chief):
    PromiseSignatoryFactory(promise=published, name="Anna Berg", title="Kommunstyrelsens ordförande")
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_signatory_remove(signatory=revision.signatories.get(), by=coordinator)
    promise_signatory_add(
        promise=revision,
        by=coordinator,
        name="Carl Dahl",
        title="Kommundirektör",
        party="municipality",
        organisation="Vaggeryds kommun",
        signed_on=datetime.date(2026, 1, 15),
    )
    assert [s.name for s in published.signatories.all()] == ["Anna Berg"]  # public until the revision is

    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    promise_publish(promise=revision, by=coordinator)

    published.refresh_from_db()
    assert published.workflow_state == ReviewState.PUBLISHED
    assert [(s.name, s.title, s.signed_on) for s in published.signatories.all()] == [
        ("Carl Dahl", "Kommundirektör", datetime.date(2026, 1, 15))
    ]
    assert PromiseSignatory.objects.count() == 1  # the revision's own copies went with it
