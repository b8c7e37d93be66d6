"""A coordinator records a decision extending a published promise: the form, and every input or
situation it refuses with a Swedish message while writing nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from approvals.models import ReviewState
from promises.extension_services import promise_extension_create, promise_extension_submit
from promises.models import PromiseExtension
from promises.services import PromiseError, promise_start_revision
from tests.factories import PromiseExtensionFactory, PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(here):
    return PromiseFactory(agreement=here.agreements.get(), title="Trygg stad", valid_until=datetime.date(2025, 12, 31))


def _extension_data(**overrides):
    data = {
        "extended_until": "2027-12-31",
        "decided_on": "2025-11-20",
        "decided_by": "Kommunstyrelsen",
        "reference": "KS 2025/123",
        "note": "Löftet gäller oförändrat ett år till.",
    }
    data.update(overrides)
    return data


def _swedish(msgid: str, **values) -> str:
    """A model's message as the page shows it: in Swedish, which is not its English msgid."""
    shown = gettext(msgid)
    assert shown != msgid, f"no Swedish translation of {msgid!r}"
    return shown % values if values else shown


def test_a_published_promises_page_offers_to_extend_it_by_decision(signed_in, published):
    page = signed_in.get(published.get_manage_url()).content.decode()

    assert "Förläng genom beslut" in page
    assert reverse("promises:extension_new", args=[published.pk]) in page


def test_a_drafts_page_offers_no_extension(signed_in, draft):
    page = signed_in.get(draft.get_manage_url()).content.decode()

    assert reverse("promises:extension_new", args=[draft.pk]) not in page


def test_coordinator_records_an_extension_as_a_draft_and_the_promise_keeps_its_period(signed_in, published, coordinator):
    response = signed_in.post(reverse("promises:extension_new", args=[published.pk]), _extension_data())

    extension = PromiseExtension.objects.get()
    assert response.status_code == 302 and response["Location"] == extension.get_manage_url()
    assert extension.workflow_state == ReviewState.DRAFT
    assert (extension.extended_until, extension.decided_on, extension.decided_by, extension.reference) == (
        datetime.date(2027, 12, 31),
        datetime.date(2025, 11, 20),
        "Kommunstyrelsen",
        "KS 2025/123",
    )
    assert extension.history.first().history_user == coordinator
    published.refresh_from_db()
    assert published.valid_until == datetime.date(2025, 12, 31)
    assert published.stated_end() == datetime.date(2025, 12, 31)  # not before it is published


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"extended_until": "2025-12-31"},
            "extended_until",
            ("An extension must end after the promise's current end, %(date)s; it cannot shorten it.", {"date": "2025-12-31"}),
        ),
        (
            {"extended_until": "2025-06-30"},
            "extended_until",
            ("An extension must end after the promise's current end, %(date)s; it cannot shorten it.", {"date": "2025-12-31"}),
        ),
        ({"decided_on": "2999-01-01"}, "decided_on", ("The decision date cannot be in the future.", {})),
        ({"decided_by": "   "}, "decided_by", ("Say which body decided the extension.", {})),
        ({"decided_by": ""}, "decided_by", ("Say which body decided the extension.", {})),
        ({"extended_until": ""}, "extended_until", "Detta fält måste fyllas i."),
        ({"decided_on": "i höstas"}, "decided_on", "Fyll i ett giltigt datum."),
        ({"reference": "x" * 101}, "reference", "Säkerställ att detta värde har som mest 100 tecken (den har 101)."),
    ],
)
def test_bad_extension_input_is_refused_next_to_its_field_and_nothing_is_written(signed_in, published, overrides, field, message):
    if isinstance(message, tuple):
        message = _swedish(message[0], **message[1])

    response = signed_in.post(reverse("promises:extension_new", args=[published.pk]), _extension_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'id="error-summary"' in response.content.decode()
    assert not PromiseExtension.objects.exists()


def test_an_extension_cannot_end_before_an_earlier_published_extension(signed_in, published):
    PromiseExtensionFactory(promise=published, extended_until=datetime.date(2026, 12, 31), workflow_state=ReviewState.PUBLISHED)

    response = signed_in.post(reverse("promises:extension_new", args=[published.pk]), _extension_data(extended_until="2026-06-30"))

    message = "An extension must end after the promise's current end, %(date)s; it cannot shorten it."
    assert response.context["form"].errors["extended_until"] == [_swedish(message, date="2026-12-31")]
    assert PromiseExtension.objects.count() == 1


def test_a_promise_until_further_notice_needs_no_extension(signed_in, here):
    open_ended = PromiseFactory(agreement=here.agreements.get(), valid_until=None)

    response = signed_in.post(reverse("promises:extension_new", args=[open_ended.pk]), _extension_data())

    assert response.context["form"].errors["extended_until"] == [
        _swedish("The promise applies until further notice and needs no extension.")
    ]
    assert not PromiseExtension.objects.exists()


def test_a_draft_promise_cannot_be_extended(signed_in, draft, coordinator):
    url = reverse("promises:extension_new", args=[draft.pk])

    response = signed_in.post(url, _extension_data(), follow=True)

    assert response.redirect_chain[-1][0] == draft.get_manage_url()
    assert "Bara ett publicerat löfte kan förlängas genom beslut; det här är ”Utkast”." in response.content.decode()
    assert signed_in.get(url)["Location"] == draft.get_manage_url()
    with pytest.raises(PromiseError):
        promise_extension_create(
            promise=draft,
            by=coordinator,
            extended_until=datetime.date(2027, 12, 31),
            decided_on=datetime.date(2025, 11, 20),
            decided_by="Kommunstyrelsen",
        )
    assert not PromiseExtension.objects.exists()


def test_a_revision_cannot_be_extended(published, coordinator):
    revision = promise_start_revision(promise=published, by=coordinator)
    revision.workflow_state = ReviewState.PUBLISHED  # even were it published, it is not the public promise

    with pytest.raises(PromiseError) as error:
        promise_extension_create(
            promise=revision,
            by=coordinator,
            extended_until=datetime.date(2027, 12, 31),
            decided_on=datetime.date(2025, 11, 20),
            decided_by="Kommunstyrelsen",
        )

    assert str(error.value) == "En revidering kan inte förlängas; förläng det publicerade löftet."
    assert not PromiseExtension.objects.exists()


def test_a_promise_that_runs_with_its_agreement_is_not_extended_on_its_own(signed_in, published):
    published.runs_with_agreement = True
    published.save()

    page = signed_in.post(reverse("promises:extension_new", args=[published.pk]), _extension_data(), follow=True).content.decode()

    assert "det förlängs med överenskommelsen" in page
    assert not PromiseExtension.objects.exists()


def test_another_municipalitys_promise_cannot_be_extended(client, other_coordinator, published):
    client.force_login(other_coordinator)
    url = reverse("promises:extension_new", args=[published.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, _extension_data()).status_code == 404
    with pytest.raises(PromiseError) as error:
        promise_extension_create(
            promise=published,
            by=other_coordinator,
            extended_until=datetime.date(2027, 12, 31),
            decided_on=datetime.date(2025, 11, 20),
            decided_by="Kommunstyrelsen",
        )
    assert str(error.value) == "Du får inte förlänga det här löftet; det kan bara kommunens samordnare."
    assert not PromiseExtension.objects.exists()


def test_another_municipalitys_coordinator_gets_404_on_the_extensions_pages(client, other_coordinator, published):
    extension = PromiseExtensionFactory(promise=published)
    client.force_login(other_coordinator)

    assert client.get(extension.get_manage_url()).status_code == 404
    assert client.get(reverse("promises:extension_edit", args=[extension.pk])).status_code == 404
    assert client.post(reverse("promises:extension_step", args=[extension.pk]), {"action": "submit"}).status_code == 404
    extension.refresh_from_db()
    assert extension.workflow_state == ReviewState.DRAFT


@pytest.mark.parametrize("state", [ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.APPROVED])
def test_a_second_extension_is_refused_while_one_is_unpublished(signed_in, published, coordinator, state):
    PromiseExtensionFactory(promise=published, workflow_state=state)

    page = signed_in.post(reverse("promises:extension_new", args=[published.pk]), _extension_data(), follow=True).content.decode()

    assert "En förlängning av löftet pågår redan" in page
    with pytest.raises(PromiseError):
        promise_extension_create(
            promise=published,
            by=coordinator,
            extended_until=datetime.date(2028, 12, 31),
            decided_on=datetime.date(2025, 11, 20),
            decided_by="Kommunstyrelsen",
        )
    assert PromiseExtension.objects.count() == 1


def test_a_further_extension_may_follow_a_published_one(published, coordinator):
    PromiseExtensionFactory(promise=published, extended_until=datetime.date(2026, 12, 31), workflow_state=ReviewState.PUBLISHED)

    later = promise_extension_create(
        promise=published,
        by=coordinator,
        extended_until=datetime.date(2027, 12, 31),
        decided_on=datetime.date(2026, 11, 1),
        decided_by=" Kommunstyrelsen ",
    )

    assert (later.workflow_state, later.decided_by) == (ReviewState.DRAFT, "Kommunstyrelsen")


def test_coordinator_edits_a_draft_extension(signed_in, published):
    extension = PromiseExtensionFactory(promise=published)

    signed_in.post(
        reverse("promises:extension_edit", args=[extension.pk]),
        _extension_data(extended_until="2028-06-30", reference="KS 2025/200", version=extension.version),
    )

    extension.refresh_from_db()
    assert (extension.extended_until, extension.reference, extension.version) == (datetime.date(2028, 6, 30), "KS 2025/200", 2)


def test_bad_input_on_the_edit_page_is_refused_and_the_extension_stays(signed_in, published):
    extension = PromiseExtensionFactory(promise=published)

    response = signed_in.post(
        reverse("promises:extension_edit", args=[extension.pk]), _extension_data(decided_on="2999-01-01", version=extension.version)
    )

    assert response.context["form"].errors["decided_on"] == [_swedish("The decision date cannot be in the future.")]
    extension.refresh_from_db()
    assert extension.decided_on == datetime.date(2025, 11, 20)


def test_a_submitted_extension_is_not_edited_in_place(signed_in, published, coordinator):
    extension = PromiseExtensionFactory(promise=published)
    promise_extension_submit(extension=extension, by=coordinator)

    response = signed_in.post(
        reverse("promises:extension_edit", args=[extension.pk]), _extension_data(reference="Ändrad", version=extension.version), follow=True
    )

    assert "kan inte ändras direkt" in response.content.decode()
    extension.refresh_from_db()
    assert extension.reference == "KS 2025/123"


def test_the_promises_page_lists_its_extensions_with_their_state_and_pages(signed_in, published):
    done = PromiseExtensionFactory(promise=published, extended_until=datetime.date(2026, 12, 31), workflow_state=ReviewState.PUBLISHED)
    pending = PromiseExtensionFactory(promise=published, extended_until=datetime.date(2027, 12, 31), decided_by="Lokalpolisområdet")

    page = signed_in.get(published.get_manage_url()).content.decode()

    assert "Förlängningar genom beslut" in page
    assert f'href="{done.get_manage_url()}"' in page and f'href="{pending.get_manage_url()}"' in page
    assert "Förlängt till 31 december 2026" in page and "Förlängt till 31 december 2027" in page
    assert "badge--wf-published" in page and "badge--wf-draft" in page
    assert "beslutat av Lokalpolisområdet den 20 november 2025" in page


def test_the_extensions_own_page_shows_the_decision_and_offers_to_submit_it(signed_in, published):
    extension = PromiseExtensionFactory(promise=published, note="Enligt beslut i KS.")

    page = signed_in.get(extension.get_manage_url()).content.decode()

    assert "Trygg stad" in page and "31 december 2026" in page and "Kommunstyrelsen" in page and "KS 2025/123" in page
    assert "Enligt beslut i KS." in page
    assert reverse("promises:extension_edit", args=[extension.pk]) in page
    assert 'value="submit"' in page
