"""Whom residents ask: each party's contact for questions, kept by the coordinator at any time and
shown under "Frågor om medborgarlöftena?" on the municipality's and the promises' pages."""

import datetime

import pytest
from django.urls import reverse
from lxml import html

from agreements.contacts import PartyContact
from approvals.models import ReviewState
from tests.factories import PromiseFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "municipality_mailbox": "trygghet@har.se",
    "municipality_phone": "0370-67 80 00",
    "municipality_web_page": "https://har.se/trygghet",
    "police_mailbox": "",
    "police_phone": "",
    "police_web_page": "",
}


def _contacts_section(client, path):
    page = html.fromstring(client.get(path).content.decode())
    heading = page.get_element_by_id("contacts-heading")
    return " ".join(heading.getparent().text_content().split()), heading.getparent()


def _save(client, agreement, data):
    return client.post(reverse("agreements:contacts_edit", args=[agreement.pk]), data)


def test_the_coordinators_contacts_are_shown_to_residents_on_the_municipality_and_promise_pages(client, here, coordinator):
    agreement = here.agreements.get()
    promise = PromiseFactory(agreement=agreement, workflow_state=ReviewState.PUBLISHED)
    client.force_login(coordinator)

    response = _save(client, agreement, FILLED)

    assert response.status_code == 302
    client.logout()
    for path in (here.get_absolute_url(), promise.get_absolute_url()):
        text, section = _contacts_section(client, path)
        assert "Frågor om medborgarlöftena?" in text
        assert "trygghet@har.se" in text and "0370-67 80 00" in text
        assert section.xpath('.//a[@href="mailto:trygghet@har.se"]') and section.xpath('.//a[@href="tel:0370678000"]')
        # The police kept no contact of their own: their national number stands in.
        assert "Polismyndigheten, LPO Här" in text and "114 14" in text


def test_without_any_contact_residents_are_still_told_how_to_reach_the_police(client, here):
    text, _ = _contacts_section(client, here.get_absolute_url())

    assert "114 14" in text and "polisen.se" in text
    assert here.name not in text.split("Frågor om medborgarlöftena?")[1].split("Polismyndigheten")[0]


def test_contacts_can_be_kept_up_to_date_on_a_published_agreement_without_approval(client, here, coordinator):
    agreement = here.agreements.get()
    assert agreement.workflow_state == ReviewState.PUBLISHED
    client.force_login(coordinator)

    _save(client, agreement, {**FILLED, "police_mailbox": "registrator.har@polisen.se"})
    _save(client, agreement, {**FILLED, "municipality_mailbox": "kommun@har.se", "police_mailbox": "registrator.har@polisen.se"})

    kept = {contact.party: contact.mailbox for contact in agreement.contacts.all()}
    assert kept == {"municipality": "kommun@har.se", "police": "registrator.har@polisen.se"}
    assert PartyContact.history.filter(party="municipality").first().history_user == coordinator


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("municipality_phone", "ring oss", "siffror, mellanslag och bindestreck"),
        ("municipality_phone", "12 34", "5 till 15 siffror"),
        ("municipality_mailbox", "trygghet@", "giltig e-postadress"),
        ("municipality_web_page", "har punkt se", "giltig URL"),
    ],
)
def test_a_wrong_phone_mailbox_or_web_page_is_refused_at_its_field_and_nothing_is_changed(client, here, coordinator, field, value, message):
    agreement = here.agreements.get()
    client.force_login(coordinator)
    _save(client, agreement, FILLED)

    response = _save(client, agreement, {**FILLED, field: value, "police_phone": "010-563 00 00"})

    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    error = page.get_element_by_id(f"id_{field}-error").text_content()
    assert message in error
    assert list(agreement.contacts.values_list("party", "mailbox", "phone")) == [("municipality", "trygghet@har.se", "0370-67 80 00")]


def test_emptying_a_partys_fields_removes_its_contact(client, here, coordinator):
    agreement = here.agreements.get()
    client.force_login(coordinator)
    _save(client, agreement, {**FILLED, "police_phone": "010-563 00 00"})

    _save(
        client,
        agreement,
        {**FILLED, "municipality_mailbox": "", "municipality_phone": "", "municipality_web_page": "", "police_phone": "010-563 00 00"},
    )

    assert list(agreement.contacts.values_list("party", flat=True)) == ["police"]


def test_another_municipalitys_coordinator_cannot_see_or_change_the_contacts(client, here, other_coordinator):
    agreement = here.agreements.get()
    client.force_login(other_coordinator)

    assert client.get(reverse("agreements:contacts_edit", args=[agreement.pk])).status_code == 404
    assert _save(client, agreement, FILLED).status_code == 404
    assert not agreement.contacts.exists()


def test_the_municipality_page_says_when_the_next_follow_up_is_due(client, here, settings):
    agreement = here.agreements.get()
    agreement.cadence = "tertial"
    agreement.starts_on = datetime.date(2022, 1, 1)
    agreement.save()
    PromiseFactory(agreement=agreement, valid_from=datetime.date(2022, 1, 1), workflow_state=ReviewState.PUBLISHED)

    page = html.fromstring(client.get(here.get_absolute_url()).content.decode())

    facts = {
        " ".join(dt.text_content().split()): " ".join(dd.text_content().split())
        for dt, dd in zip(page.xpath("//dl[@class='facts']//dt"), page.xpath("//dl[@class='facts']//dd"))
    }
    assert "Nästa uppföljning" in facts
    assert "Tertial" in facts["Nästa uppföljning"] and "ska publiceras senast" in facts["Nästa uppföljning"]
