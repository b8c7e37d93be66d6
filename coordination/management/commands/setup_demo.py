"""Load the demo programmes and create the demo users. Used by `make demo` only."""

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from coordination import demo

# Shown in the README; good for a demo on one's own machine and nothing else.
DEMO_PASSWORD = "medborgarlofte-demo"
DEMO_FIXTURES = ["focus_areas", "seeds"]


class Command(BaseCommand):
    help = "Loads the demo fixtures and creates the demo users (only with DEBUG on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo creates users with a published password and runs only with DEBUG=true.")
        with transaction.atomic():
            call_command("loaddata", *DEMO_FIXTURES, verbosity=options["verbosity"])
            # Fixtures are loaded raw, which writes no history; give every record its first entry.
            call_command("populate_history", auto=True, verbosity=0)
            demo.create_users(password=DEMO_PASSWORD)
            demo.create_example_awaiting_approval()
            demo.create_demo_indicators()
            demo.create_demo_contacts()
            demo.create_demo_cycle()
            demo.create_demo_reports()
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Users share the password {DEMO_PASSWORD!r}."))
