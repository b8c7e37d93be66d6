"""Load the demo programmes and create the demo users. Used by `make demo` only."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from agreements.models import Municipality, PoliceArea
from approvals.models import Transition
from promises.models import FocusArea, Promise
from promises.services import promise_submit

# Shown in the README; good for a demo on one's own machine and nothing else.
DEMO_PASSWORD = "medborgarlofte-demo"
DEMO_FIXTURES = ["focus_areas", "seeds"]
EXAMPLE_TITLE = "Exempel: tryggare skolvägar (påhittat demoexempel)"


class Command(BaseCommand):
    help = "Loads the demo fixtures and creates the demo users (only with DEBUG on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo creates users with a published password and runs only with DEBUG=true.")
        with transaction.atomic():
            call_command("loaddata", *DEMO_FIXTURES, verbosity=options["verbosity"])
            # Fixtures are loaded raw, which writes no history; give every record its first entry.
            call_command("populate_history", auto=True, verbosity=0)
            self._users()
            self._example_awaiting_approval()
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Users share the password {DEMO_PASSWORD!r}."))

    def _users(self):
        self._user("admin", is_staff=True, is_superuser=True, first_name="Demo", last_name="Administratör")
        vindeln = Municipality.objects.get(slug="vindeln")
        vaggeryd = Municipality.objects.get(slug="vaggeryd")
        self._user("samordnare.vindeln", first_name="Samordnare", last_name="Vindeln").coordinated_municipalities.set([vindeln])
        self._user("samordnare.vaggeryd", first_name="Samordnare", last_name="Vaggeryd").coordinated_municipalities.set([vaggeryd])
        self._user("chef.umea", is_staff=True, first_name="Chef", last_name="LPO Umeå").chief_of_areas.set(
            [PoliceArea.objects.get(name="LPO Umeå")]
        )
        self._user("chef.varnamo", is_staff=True, first_name="Chef", last_name="LPO Värnamo").chief_of_areas.set(
            [PoliceArea.objects.get(name="LPO Värnamo")]
        )

    def _user(self, username, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        user, _ = get_user_model().objects.update_or_create(
            username=username, defaults={**fields, "email": f"{username}@demo.invalid", "is_active": True}
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _example_awaiting_approval(self):
        """A clearly invented Vaggeryd draft, submitted, so that chef.varnamo has something to approve."""
        for old in Promise.objects.filter(title=EXAMPLE_TITLE):
            Transition.objects.for_item(old).delete()
            old.delete()
        vaggeryd = Municipality.objects.get(slug="vaggeryd")
        example = Promise.objects.create(
            agreement=vaggeryd.agreements.get(),
            title=EXAMPLE_TITLE,
            commitment=(
                "Det här löftet är ett påhittat exempel i demodata. Det finns inte i Vaggeryds källdokument "
                "och visar bara hur ett utkast skickas till lokalpolisområdeschefen för godkännande."
            ),
            valid_from=datetime.date(2027, 1, 1),
            order=2,
        )
        example.focus_areas.set([FocusArea.objects.get(municipality=vaggeryd, name="Förbättrad trafiksäkerhet")])
        promise_submit(promise=example, by=get_user_model().objects.get(username="samordnare.vaggeryd"))
