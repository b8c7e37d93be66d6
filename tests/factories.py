"""factory_boy factories: each test builds only what it needs."""

import datetime

import factory
from django.contrib.auth import get_user_model

from agreements.models import Agreement, Chief, Coordinator, FollowUpCadence, Municipality, PoliceArea, Signatory
from approvals.models import ReviewState
from promises.models import Activity, ActivityStatus, FocusArea, Promise, PromiseExtension, PromiseSignatory, ResponsibleParty


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("rätt-lösenord-123")


def coordinator_of(*municipalities, **fields):
    """A user who is coordinator (samordnare) for the given municipalities."""
    user = UserFactory(**fields)
    for municipality in municipalities:
        Coordinator.objects.create(user=user, municipality=municipality)
    return user


def chief_of(*police_areas, **fields):
    """A staff user who is chief (lokalpolisområdeschef) of the given police areas."""
    user = UserFactory(is_staff=True, **fields)
    for area in police_areas:
        Chief.objects.create(user=user, police_area=area)
    return user


class PoliceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceArea

    name = factory.Sequence(lambda n: f"LPO Område {n}")
    region = "Region Öst"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    short_name = factory.Sequence(lambda n: f"Kommun{n}")
    name = factory.LazyAttribute(lambda m: f"{m.short_name}s kommun")
    code = factory.Sequence(lambda n: f"{1000 + n:04d}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    county = "Jönköpings län"
    police_area = factory.SubFactory(PoliceAreaFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    municipality = factory.SubFactory(MunicipalityFactory)
    police_area = factory.LazyAttribute(lambda a: a.municipality.police_area)
    title = factory.Sequence(lambda n: f"Samverkansöverenskommelse {n}")
    starts_on = datetime.date(2023, 3, 3)
    ends_on = datetime.date(2025, 12, 31)
    extends_automatically = False
    cadence = FollowUpCadence.YEARLY
    workflow_state = ReviewState.PUBLISHED


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    name = "Gert Jonsson"
    title = "Kommunstyrelsens ordförande"
    party = "municipality"
    organisation = "Vaggeryds kommun"


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    slug = factory.Sequence(lambda n: f"fokusomrade-{n}")


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise
        skip_postgeneration_save = True

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Löfte {n}")
    commitment = "Kommunen och polisen lovar att arbeta för ökad trygghet."
    valid_from = factory.LazyAttribute(lambda p: p.agreement.starts_on)
    workflow_state = ReviewState.PUBLISHED

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    promise = factory.SubFactory(PromiseFactory)
    focus_area = factory.SubFactory(FocusAreaFactory)
    description = factory.Sequence(lambda n: f"Genomföra trygghetsvandring {n}")
    responsible = ResponsibleParty.JOINTLY
    status = ActivityStatus.PLANNED


class PromiseSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseSignatory

    promise = factory.SubFactory(PromiseFactory)
    name = "Anna Berg"
    title = "Kommundirektör"
    party = "municipality"
    organisation = "Vaggeryds kommun"


class PromiseExtensionFactory(factory.django.DjangoModelFactory):
    """A draft decision extending a published promise that ends on 31 December 2025."""

    class Meta:
        model = PromiseExtension

    promise = factory.SubFactory(PromiseFactory, valid_until=datetime.date(2025, 12, 31))
    extended_until = datetime.date(2026, 12, 31)
    decided_on = datetime.date(2025, 11, 20)
    decided_by = "Kommunstyrelsen"
    reference = "KS 2025/123"
    workflow_state = ReviewState.DRAFT


def chief_without_staff_of(*police_areas, **fields):
    """A user given only the chief role for the given police areas: no "Staff status" ticked."""
    user = UserFactory(**fields)
    for area in police_areas:
        Chief.objects.create(user=user, police_area=area)
    return user


def fill_in_report(report, *, summary="Perioden i korthet: arbetet gick enligt planen.", what_was_done="Det som gjordes under perioden."):
    """Give a draft report what it needs before it can be submitted, where it has nothing yet: a
    summary, and what was done in every ongoing or done activity. Returns the report, reloaded."""
    from followup.models import ActivityUpdate, FollowUpReport

    FollowUpReport.objects.filter(pk=report.pk, summary="").update(summary=summary)
    ActivityUpdate.objects.filter(section__report=report, status__in=["ongoing", "done"], what_was_done="").update(
        what_was_done=what_was_done
    )
    report.refresh_from_db()
    return report
