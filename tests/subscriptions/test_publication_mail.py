"""A publication reaches each confirmed subscriber once, after commit, with the page (and PDF) links
and a working unsubscribe link, also as List-Unsubscribe for the mail program's own button."""

import io
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command

from approvals.models import ReviewState
from promises.services import promise_approve, promise_publish, promise_start_revision, promise_submit, promise_update
from subscriptions.models import Announcement, Delivery, Subscription
from tests.factories import PromiseFactory
from tests.subscriptions.conftest import link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks, coordinator):
    """Publish a promise as its coordinator; returns the messages sent after commit."""

    def run(promise):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            promise_publish(promise=promise, by=coordinator)
        return list(mail.outbox)

    return run


def test_subscribe_confirm_then_a_publication_sends_one_message_with_working_unsubscribe(client, confirmed, publish, here, approved):
    confirmed("anna@exempel.se", here.slug)

    (message,) = publish(approved)

    assert message.to == ["anna@exempel.se"]
    assert message.subject == f"Nytt medborgarlöfte i {here.name}: Tryggare centrum"
    assert f"http://testserver{approved.get_absolute_url()}" in message.body
    unsubscribe = link_in(message, "avsluta")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The link asks first (a link checker opening it must not unsubscribe anyone) ...
    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Sluta skicka e-post till anna@exempel.se" in page.content.decode()
    assert Subscription.objects.exists()
    # ... and the button, like the mail program's one-click POST, ends it.
    done = client.post(unsubscribe)
    assert done.status_code == 200 and "Prenumerationen är avslutad" in done.content.decode()
    assert not Subscription.objects.exists()


def test_a_one_click_post_from_the_mail_program_unsubscribes_without_a_csrf_token(confirmed, publish, here, approved):
    from django.test import Client

    confirmed("anna@exempel.se", here.slug)
    (message,) = publish(approved)

    response = Client(enforce_csrf_checks=True).post(
        link_in(message, "avsluta"), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_using_the_unsubscribe_link_again_is_harmless(client, confirmed, publish, here, approved):
    confirmed("anna@exempel.se", here.slug)
    link = link_in(publish(approved)[0], "avsluta")
    client.post(link)

    again = client.get(link)

    assert again.status_code == 200 and "Prenumerationen är avslutad" in again.content.decode()


def test_an_unsubscribed_address_gets_nothing_more(client, confirmed, publish, here, approved):
    confirmed("anna@exempel.se", here.slug)
    client.post(link_in(publish(approved)[0], "avsluta"))

    assert publish(PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.APPROVED)) == []


def test_an_unconfirmed_address_gets_nothing(subscribe, publish, here, approved):
    subscribe("obekraftad@exempel.se", here.slug)

    assert publish(approved) == []
    assert not Announcement.objects.exists()


def test_subscribers_of_another_municipality_get_nothing_and_the_whole_country_gets_it(confirmed, publish, here, there, approved):
    confirmed("dar@exempel.se", there.slug)
    confirmed("landet@exempel.se")

    messages = publish(approved)

    assert [message.to for message in messages] == [["landet@exempel.se"]]
    assert "nyheter från hela landet" in messages[0].body


def test_nothing_is_sent_before_the_publication_commits(confirmed, coordinator, here, approved, django_capture_on_commit_callbacks):
    confirmed("anna@exempel.se", here.slug)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        promise_publish(promise=approved, by=coordinator)
        assert mail.outbox == []

    assert callbacks  # sent only by the callbacks that run after commit


def test_a_publication_is_sent_once_even_if_the_command_runs_after_the_request(confirmed, publish, here, approved):
    confirmed("anna@exempel.se", here.slug)
    assert len(publish(approved)) == 1
    mail.outbox.clear()

    call_command("send_subscription_mail", stdout=io.StringIO())

    assert mail.outbox == []
    assert Delivery.objects.count() == 1


def test_a_revised_promise_is_announced_as_changed_at_the_promises_own_address(confirmed, publish, here, approved, coordinator, chief):
    promise_publish(promise=approved, by=coordinator)
    confirmed("anna@exempel.se", here.slug)
    revision = promise_start_revision(promise=approved, by=coordinator)
    promise_update(promise=revision, by=coordinator, title="Tryggare centrum och station")
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)

    (message,) = publish(revision)

    assert message.subject == f"Ändrat medborgarlöfte i {here.name}: Tryggare centrum och station"
    assert f"http://testserver{approved.get_absolute_url()}" in message.body


def test_a_slow_or_broken_mail_server_leaves_the_publication_done_and_the_command_sends_later(
    confirmed, publish, here, approved, monkeypatch, settings
):
    confirmed("anna@exempel.se", here.slug)
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("timed out")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        assert publish(approved) == []

    approved.refresh_from_db()
    assert approved.workflow_state == ReviewState.PUBLISHED
    assert not Delivery.objects.exists()

    out = io.StringIO()
    call_command("send_subscription_mail", stdout=out)

    (message,) = mail.outbox
    assert message.to == ["anna@exempel.se"]
    assert "Sent 1 message(s)" in out.getvalue()


def test_a_request_sends_at_most_the_configured_number_and_the_command_the_rest(confirmed, publish, here, approved, settings):
    for number in range(3):
        confirmed(f"person{number}@exempel.se", here.slug)
    settings.SUBSCRIPTION_SEND_NOW_MAX = 2

    assert len(publish(approved)) == 2
    call_command("send_subscription_mail", stdout=io.StringIO())

    assert len(mail.outbox) == 3
    assert sorted(address for message in mail.outbox for address in message.to) == [f"person{n}@exempel.se" for n in range(3)]
    assert Announcement.objects.get().finished_at is not None


def test_sending_to_many_subscribers_reads_a_bounded_number_of_queries(
    confirmed, here, approved, coordinator, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    Subscription.objects.bulk_create(
        Subscription(email=f"person{number}@exempel.se", municipality=here if number % 2 else None, confirmed_at=timezone.now())
        for number in range(40)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        promise_publish(promise=approved, by=coordinator)
    mail.outbox.clear()

    # Per message: a savepoint, the delivery row, its release; the rest is fixed.
    with django_assert_max_num_queries(40 * 3 + 15):
        for callback in callbacks:
            callback()

    assert len(mail.outbox) == 40


@pytest.fixture
def report_ready(here, coordinator, chief):
    """A yearly follow-up report of the municipality, approved and ready to be published."""
    import datetime

    from followup.periods import ReportingPeriod
    from followup.services import report_approve, report_create_draft, report_submit
    from tests.factories import ActivityFactory, FocusAreaFactory, fill_in_report

    agreement = here.agreements.get()
    area = FocusAreaFactory(municipality=here, name="Trygghet")
    promise = PromiseFactory(agreement=agreement, title="Tryggare centrum", valid_from=datetime.date(2024, 1, 1), focus_areas=[area])
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandringar", status="done")
    report = fill_in_report(report_create_draft(agreement=agreement, period=ReportingPeriod(2024, None), by=coordinator))
    report_submit(report=report, by=coordinator)
    report_approve(report=report, by=chief)
    return report


def test_a_published_report_is_announced_with_its_page_and_pdf(
    confirmed, here, report_ready, coordinator, django_capture_on_commit_callbacks
):
    from followup.services import report_publish

    confirmed("anna@exempel.se", here.slug)
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report_ready, by=coordinator)

    (message,) = mail.outbox
    assert message.subject == f"Ny uppföljning från {here.name}: Helår 2024"
    assert f"http://testserver{report_ready.get_absolute_url()}" in message.body
    assert f"Som PDF: http://testserver{report_ready.get_pdf_url()}" in message.body


def test_a_corrected_report_is_announced_as_corrected_with_what_changed(
    confirmed, here, report_ready, coordinator, chief, django_capture_on_commit_callbacks
):
    from followup.services import report_approve, report_publish, report_start_correction, report_submit

    report_publish(report=report_ready, by=coordinator)
    confirmed("anna@exempel.se", here.slug)
    correction = report_start_correction(report=report_ready, by=coordinator)
    correction.changes_note = "Antalet trygghetsvandringar var fel."
    correction.save()
    report_submit(report=correction, by=coordinator)
    report_approve(report=correction, by=chief)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=correction, by=coordinator)

    (message,) = mail.outbox
    assert message.subject == f"Rättad uppföljning från {here.name}: Helår 2024"
    assert "(version 2)" in message.body and "Antalet trygghetsvandringar var fel." in message.body
    assert f"http://testserver{correction.get_pdf_url()}" in message.body


def test_a_report_whose_pdf_fails_is_not_published_and_announces_nothing(
    confirmed, here, report_ready, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from followup import services as followup_services
    from followup.rendering import PdfError

    confirmed("anna@exempel.se", here.slug)

    def fail(snapshot):
        raise PdfError("no fonts")

    monkeypatch.setattr(followup_services, "render_pdf", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(followup_services.ReportError):
        followup_services.report_publish(report=report_ready, by=coordinator)

    assert mail.outbox == [] and not Announcement.objects.exists()
