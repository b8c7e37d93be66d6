"""E-mail coordinators about follow-up reports that are due soon or overdue; safe to run daily."""

import datetime

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from followup.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mails each municipality's coordinators about reports due within --days days or overdue. "
        "Never sends the same reminder twice for the same report on the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.REPORT_REMINDER_DAYS, help="How many days ahead to remind.")
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, days, date, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be a date like 2026-05-01: {error}") from error
        sent = send_due_reminders(today=today, days=days)
        for report, addresses in sent:
            self.stdout.write(f"{report}: {', '.join(addresses)}")
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
