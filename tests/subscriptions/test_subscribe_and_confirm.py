"""Residents subscribe without an account: double opt-in, links that expire or are used up, a rate
limit on the form, and only the address and its timestamps kept."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from subscriptions.models import Subscription
from tests.subscriptions.conftest import link_in

pytestmark = pytest.mark.django_db


def test_the_form_sends_a_swedish_confirmation_link_and_keeps_the_address_unconfirmed(subscribe, here):
    response = subscribe("Anna@Exempel.SE", here.slug)

    assert response.status_code == 200
    assert "Titta i din inkorg" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["Anna@exempel.se"]
    assert message.subject == "Bekräfta din prenumeration på Medborgarlöften"
    assert "nyheter från" in message.body and here.name in message.body
    assert "/prenumerera/bekrafta/" in message.body
    subscription = Subscription.objects.get()
    assert subscription.municipality == here and subscription.confirmed_at is None


def test_clicking_the_link_confirms_the_subscription(client, subscribe, here):
    subscribe("anna@exempel.se", here.slug)

    response = client.get(link_in(mail.outbox[0], "bekrafta"))

    assert response.status_code == 200
    assert "Din prenumeration har startat" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_a_used_confirmation_link_is_refused_with_a_page_that_says_so(client, subscribe, here):
    subscribe("anna@exempel.se", here.slug)
    link = link_in(mail.outbox[0], "bekrafta")
    client.get(link)
    confirmed_at = Subscription.objects.get().confirmed_at

    response = client.get(link)

    assert response.status_code == 409
    assert "Prenumerationen är redan bekräftad" in response.content.decode()
    assert Subscription.objects.get().confirmed_at == confirmed_at


def test_an_expired_confirmation_link_is_refused_and_confirms_nothing(client, subscribe, here, settings):
    subscribe("anna@exempel.se", here.slug)
    link = link_in(mail.outbox[0], "bekrafta")
    settings.SUBSCRIPTION_CONFIRM_MAX_AGE = datetime.timedelta(seconds=-1)

    response = client.get(link)

    assert response.status_code == 410
    page = response.content.decode()
    assert "Bekräftelselänken har gått ut" in page
    assert f"/{here.slug}/prenumerera/" in page  # where to ask for a new one
    assert Subscription.objects.get().confirmed_at is None


def test_an_altered_link_is_refused(client, subscribe, here):
    subscribe("anna@exempel.se", here.slug)
    link = link_in(mail.outbox[0], "bekrafta")

    response = client.get(link.replace("/bekrafta/", "/bekrafta/9").rstrip("/") + "x/")

    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_an_unsubscribe_link_does_not_confirm(client, subscribe, here):
    from subscriptions.services import unsubscribe_token

    subscribe("anna@exempel.se", here.slug)

    response = client.get(f"/prenumerera/bekrafta/{unsubscribe_token(Subscription.objects.get())}/")

    assert response.status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_asking_again_sends_a_new_link_but_keeps_one_row(subscribe, here):
    subscribe("anna@exempel.se", here.slug)
    subscribe("ANNA@exempel.se", here.slug)

    assert len(mail.outbox) == 2
    assert Subscription.objects.count() == 1


def test_a_confirmed_address_asking_again_gets_no_e_mail_and_the_same_page(confirmed, subscribe, here):
    confirmed("anna@exempel.se", here.slug)

    response = subscribe("anna@exempel.se", here.slug)

    assert response.status_code == 200 and "Titta i din inkorg" in response.content.decode()
    assert mail.outbox == []


def test_the_whole_country_and_a_municipality_are_separate_subscriptions(subscribe, here):
    subscribe("anna@exempel.se")
    subscribe("anna@exempel.se", here.slug)

    assert sorted(str(s.municipality) for s in Subscription.objects.all()) == sorted(["None", str(here)])


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Skriv din e-postadress."), ("inte-en-adress", "Skriv en hel e-postadress, till exempel namn@exempel.se.")],
)
def test_a_bad_address_is_refused_with_a_swedish_message_and_nothing_stored(subscribe, here, email, message):
    response = subscribe(email, here.slug)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_an_unknown_municipality_has_no_subscription_page(client):
    assert client.get("/finns-inte/prenumerera/").status_code == 404


def test_the_form_is_refused_after_too_many_requests_from_one_address(subscribe, here, settings):
    settings.SUBSCRIPTION_RATE_LIMIT = 2
    subscribe("a@exempel.se", here.slug)
    subscribe("b@exempel.se", here.slug)

    response = subscribe("c@exempel.se", here.slug)

    assert response.status_code == 429
    assert "Formuläret har skickats för många gånger" in response.content.decode()
    assert Subscription.objects.count() == 2 and len(mail.outbox) == 2


def test_the_rate_limit_counts_the_client_behind_our_proxy_not_the_proxy(subscribe, here, settings):
    settings.SUBSCRIPTION_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    first = subscribe("a@exempel.se", here.slug, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    other_client = subscribe("b@exempel.se", here.slug, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    same_client_again = subscribe("c@exempel.se", here.slug, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)

    assert (first.status_code, other_client.status_code, same_client_again.status_code) == (200, 200, 429)


def test_only_the_address_scope_and_timestamps_are_stored():
    fields = {field.name for field in Subscription._meta.concrete_fields}

    assert fields == {"id", "email", "municipality", "created_at", "confirmed_at"}


def test_the_form_page_says_how_the_address_is_handled_and_is_never_cached(client, here):
    response = client.get(f"/{here.slug}/prenumerera/")

    page = response.content.decode()
    assert "Så hanterar vi din adress" in page
    assert "Om du inte bekräftar inom 3 dagar raderas din adress." in page
    assert "no-store" in response["Cache-Control"]


def test_the_municipality_page_links_to_its_subscription_page(client, here):
    assert f'href="/{here.slug}/prenumerera/"' in client.get(here.get_absolute_url()).content.decode()


def test_the_command_forgets_addresses_never_confirmed(subscribe, confirmed, here):
    confirmed("kvar@exempel.se", here.slug)
    subscribe("glomd@exempel.se", here.slug)
    Subscription.objects.filter(email="glomd@exempel.se").update(created_at=timezone.now() - datetime.timedelta(days=4))

    call_command("send_subscription_mail", stdout=io.StringIO())

    assert list(Subscription.objects.values_list("email", flat=True)) == ["kvar@exempel.se"]


def test_a_form_sent_without_any_field_is_refused_like_an_empty_address(client, here):
    response = client.post(f"/{here.slug}/prenumerera/")

    assert "Skriv din e-postadress." in response.content.decode()
    assert not Subscription.objects.exists()
