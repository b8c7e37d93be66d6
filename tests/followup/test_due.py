"""Which reports are due, shown to coordinators and e-mailed as reminders, never twice a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from followup.due import reports_due
from followup.periods import ReportingPeriod
from tests.factories import AgreementFactory, PromiseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_tertial_reports_are_due_thirty_days_after_each_tertial(programme):
    due = reports_due(programme, today=D(2022, 12, 31), lookahead_days=0)

    assert [(d.period, d.deadline) for d in due] == [
        (ReportingPeriod(2022, 1), D(2022, 5, 30)),
        (ReportingPeriod(2022, 2), D(2022, 9, 30)),
        (ReportingPeriod(2022, 3), D(2023, 1, 30)),
    ]
    assert [d.is_overdue(D(2022, 12, 31)) for d in due] == [True, True, False]


def test_an_extended_yearly_agreement_keeps_having_annual_reports_due():
    vindeln = AgreementFactory(starts_on=D(2023, 3, 3), ends_on=D(2025, 12, 31), extends_automatically=True, cadence="yearly")
    PromiseFactory(agreement=vindeln, valid_until=D(2025, 12, 31), runs_with_agreement=True)

    due = reports_due(vindeln, today=D(2027, 3, 1), lookahead_days=0)

    assert [d.period for d in due] == [ReportingPeriod(2023), ReportingPeriod(2024), ReportingPeriod(2025), ReportingPeriod(2026)]


def test_reports_are_due_only_from_the_day_they_are_kept_in_the_service(programme):
    programme.reports_from = D(2024, 1, 1)
    programme.save()

    due = reports_due(programme, today=D(2024, 6, 1), lookahead_days=0)

    assert [d.period for d in due] == [ReportingPeriod(2024, 1)]


def test_a_published_report_is_no_longer_overdue(published_report):
    due = {d.period: d for d in reports_due(published_report.agreement, today=D(2030, 1, 1), lookahead_days=0)}

    assert not due[ReportingPeriod(2024, 2)].is_overdue(D(2030, 1, 1))
    assert due[ReportingPeriod(2024, 1)].is_overdue(D(2030, 1, 1))


def test_reminders_go_to_the_coordinators_and_are_never_sent_twice_the_same_day(programme, coordinator):
    programme.reports_from = D(2024, 1, 1)
    programme.save()

    call_command("remind_due_reports", "--date", "2024-09-20", "--days", "14", stdout=open("/dev/null", "w"))
    call_command("remind_due_reports", "--date", "2024-09-20", "--days", "14", stdout=open("/dev/null", "w"))

    name = programme.municipality.name
    assert sorted(message.subject for message in mail.outbox) == [
        f"Försenad: uppföljningen för Tertial 1 2024, {name}",
        f"Snart dags: uppföljningen för Tertial 2 2024, {name}",
    ]
    assert all(message.to == [coordinator.email] for message in mail.outbox)


def test_the_next_day_the_reminder_comes_again(programme, coordinator):
    programme.reports_from = D(2024, 5, 1)
    programme.save()

    call_command("remind_due_reports", "--date", "2024-09-20", stdout=open("/dev/null", "w"))
    call_command("remind_due_reports", "--date", "2024-09-21", stdout=open("/dev/null", "w"))

    assert len(mail.outbox) == 2


def test_no_reminder_for_a_report_that_is_not_yet_near_its_deadline(programme, coordinator):
    programme.reports_from = D(2024, 5, 1)
    programme.save()

    call_command("remind_due_reports", "--date", "2024-09-01", "--days", "14", stdout=open("/dev/null", "w"))

    assert mail.outbox == []


def test_reminder_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date"):
        call_command("remind_due_reports", "--date", "i morgon")
