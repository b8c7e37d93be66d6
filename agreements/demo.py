"""The demo's users and its one invented example, shared by `setup_demo` and the browser tests."""

import datetime

from django.contrib.auth import get_user_model

from agreements.models import Municipality, PoliceArea
from approvals.models import Transition
from promises.models import FocusArea, Promise
from promises.services import promise_submit

EXAMPLE_TITLE = "Exempel: tryggare skolvägar (påhittat demoexempel)"


def create_users(*, password: str) -> None:
    """The demo users of every role, all with `password`."""
    _user(password, "admin", is_staff=True, is_superuser=True, first_name="Demo", last_name="Administratör")
    vindeln = Municipality.objects.get(slug="vindeln")
    vaggeryd = Municipality.objects.get(slug="vaggeryd")
    _user(password, "samordnare.vindeln", first_name="Samordnare", last_name="Vindeln").coordinated_municipalities.set([vindeln])
    _user(password, "samordnare.vaggeryd", first_name="Samordnare", last_name="Vaggeryd").coordinated_municipalities.set([vaggeryd])
    _user(password, "chef.umea", is_staff=True, first_name="Chef", last_name="LPO Umeå").chief_of_areas.set(
        [PoliceArea.objects.get(name="LPO Umeå")]
    )
    _user(password, "chef.varnamo", is_staff=True, first_name="Chef", last_name="LPO Värnamo").chief_of_areas.set(
        [PoliceArea.objects.get(name="LPO Värnamo")]
    )


def _user(password, username, **fields):
    fields.setdefault("is_staff", False)
    fields.setdefault("is_superuser", False)
    user, _ = get_user_model().objects.update_or_create(
        username=username, defaults={**fields, "email": f"{username}@demo.invalid", "is_active": True}
    )
    user.set_password(password)
    user.save()
    return user


def create_example_awaiting_approval() -> Promise:
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
    return example
