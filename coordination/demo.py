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


DEMO_NOTE = (
    "Obs! Det här är demonstrationsdata. Källdokumenten innehåller inga utfall, så texterna, statusarna "
    "och siffrorna i den här uppföljningen är påhittade för att visa hur en uppföljning ser ut."
)


def create_demo_indicators() -> None:
    """A safety-survey indicator per municipality, with invented values by gender (said plainly)."""
    from followup.models import Indicator, Measurement

    values = {
        "vindeln": {2021: (79, 72, 86), 2022: (80, 73, 87), 2023: (82, 76, 88), 2024: (84, 78, 89)},
        "vaggeryd": {2020: (74, 66, 82), 2021: (75, 68, 83), 2022: (77, 70, 84), 2023: (78, 72, 85)},
    }
    for slug, years in values.items():
        municipality = Municipality.objects.get(slug=slug)
        Indicator.objects.filter(municipality=municipality).delete()
        indicator = Indicator.objects.create(
            municipality=municipality,
            name="Andel som känner sig trygga utomhus en sen kväll i sitt bostadsområde",
            unit="procent",
            source="Polisens trygghetsundersökning (påhittade demonstrationsvärden)",
            description="Värdena är påhittade för demonstrationen; källdokumenten innehåller inga mätvärden.",
            by_gender=True,
        )
        for year, (everyone, women, men) in years.items():
            for group, value in (("all", everyone), ("women", women), ("men", men)):
                Measurement.objects.create(indicator=indicator, year=year, group=group, value=value)


# The municipalities' own web sites, which exist; the seeds name no contact, so no mailbox or phone
# number is invented (fixtures/README.md). The police are given by their national number.
DEMO_CONTACT_PAGES = {"vaggeryd": "https://www.vaggeryd.se", "vindeln": "https://www.vindeln.se"}


def create_demo_contacts() -> None:
    """Each municipality's web site as its contact for questions, before the reports freeze it."""
    from agreements.services import contacts_set

    User = get_user_model()
    for slug, web_page in DEMO_CONTACT_PAGES.items():
        coordinator = User.objects.get(username=f"samordnare.{slug}")
        for agreement in Municipality.objects.get(slug=slug).agreements.all():
            contacts_set(agreement=agreement, by=coordinator, contacts={"municipality": {"mailbox": "", "phone": "", "web_page": web_page}})


def create_demo_reports() -> None:
    """Vaggeryd's tertial reports for 2022 and Vindeln's annual reports for 2023 and 2024, published
    through the real workflow (so each has its frozen snapshot and PDF)."""
    from followup.models import FollowUpReport
    from followup.periods import ReportingPeriod
    from followup.services import report_approve, report_create_draft, report_publish, report_submit, report_update, unfrozen

    User = get_user_model()
    with unfrozen():  # the demo's own earlier reports, which the database otherwise keeps frozen
        FollowUpReport.objects.all().delete()
    plans = [
        ("vaggeryd", "samordnare.vaggeryd", "chef.varnamo", [ReportingPeriod(2022, n) for n in (1, 2, 3)]),
        ("vindeln", "samordnare.vindeln", "chef.umea", [ReportingPeriod(2023), ReportingPeriod(2024)]),
    ]
    # Kept consistent with the activities' statuses today (from the seed): the walks are still planned.
    progress = {1: ("planned", "ongoing"), 2: ("planned", "ongoing"), 3: ("planned", "ongoing")}
    for slug, coordinator_name, chief_name, periods in plans:
        coordinator = User.objects.get(username=coordinator_name)
        chief = User.objects.get(username=chief_name)
        agreement = Municipality.objects.get(slug=slug).agreements.get(workflow_state="published")
        for period in periods:
            report = report_create_draft(agreement=agreement, period=period, by=coordinator)
            step = period.tertial or (1 if period.year == 2023 else 3)
            updates = {}
            for update in report.sections.first().updates.all() if report.sections.exists() else []:
                updates[update.pk] = {
                    "status": progress[step][0] if "trygghetsvandringar" in update.activity.description else progress[step][1],
                    "what_was_done": f"Demonstrationstext: arbetet under {period.label.lower()} beskrivs här av samordnaren.",
                    "achieved": None,
                    "next_step": "Demonstrationstext: nästa steg planeras tillsammans med polisen.",
                }
            report_update(
                report=report,
                by=coordinator,
                expected_version=report.version,
                summary=f"{DEMO_NOTE}\n\nSammanfattning av {period.label.lower()}: kommunen och polisen har fortsatt arbetet med medborgarlöftena enligt planen.",
                sections={
                    section.pk: "Demonstrationstext om hur arbetet med löftet gick under perioden." for section in report.sections.all()
                },
                updates=updates,
            )
            report_submit(report=report, by=coordinator)
            report_approve(report=report, by=chief)
            report_publish(report=report, by=coordinator)


# What the seeds say the promises rest on. Vindeln: a safety survey (trygghetsundersökning) that the
# police and the municipality ran in spring 2022, with the police's and the municipality's lägesbilder.
# Vaggeryd: staff dialogues (medarbetardialoger), residents' tips and statistics and information from
# the police's intelligence service. The seeds give no lägesbild's content and no date of a dialogue.
NOT_IN_THE_SEEDS = "Källdokumenten anger vad lägesbilden bygger på men inte dess innehåll; därför är den här delen tom i demonstrationen."


def create_demo_cycle() -> None:
    """Each municipality's lägesbild with the sources the seeds name, and the dialogues behind it.
    Nothing the seeds do not say is recorded as fact: the lägesbild's parts say their content is not
    in the seeds, and each dialogue whose date is assumed is marked illustrative."""
    from cycle.models import ActionPlan, Dialogue, DialogueKind, DialogueTheme, SituationPicture, Source, SourceKind

    User = get_user_model()
    # `make demo` runs again: the demo's earlier cycle records go first, as its reports do.
    demo_municipalities = Municipality.objects.filter(slug__in=["vindeln", "vaggeryd"])
    ActionPlan.objects.filter(municipality__in=demo_municipalities).delete()
    SituationPicture.objects.filter(municipality__in=demo_municipalities).delete()
    Dialogue.objects.filter(municipality__in=demo_municipalities).delete()
    date_note = "Datumet är ett antagande för demonstrationen; källdokumentet anger inget datum."
    for slug, picture, sources, dialogues in (
        (
            "vindeln",
            ("Lägesbild inför medborgarlöften 2023–2025", datetime.date(2022, 6, 30)),
            [
                (SourceKind.MUNICIPAL_SURVEY, "Trygghetsundersökning våren 2022", 2022, "Genomförd av polisen och kommunen tillsammans."),
                (SourceKind.POLICE_PICTURE, "Polisens lägesbild", None, ""),
                (SourceKind.MUNICIPALITY_PICTURE, "Kommunens lägesbild", None, ""),
            ],
            [
                (
                    DialogueKind.SURVEY,
                    "Trygghetsundersökning våren 2022",
                    datetime.date(2022, 5, 1),
                    [
                        (
                            "Otrygga platser",
                            "Medborgarna har identifierat platser i kommunen som av olika anledningar och vid olika tider "
                            "på dygnet upplevs som otrygga.",
                        )
                    ],
                )
            ],
        ),
        (
            "vaggeryd",
            ("Lägesbild över Vaggeryds kommun", datetime.date(2021, 10, 1)),
            [
                (SourceKind.DIALOGUE, "Medarbetardialoger", None, ""),
                (SourceKind.OTHER, "Tips från kommunens invånare", None, ""),
                (SourceKind.POLICE_PICTURE, "Statistik och information från polisens underrättelsetjänst", None, ""),
            ],
            [
                (DialogueKind.STAFF, "Medarbetardialoger", datetime.date(2021, 6, 1), []),
                (DialogueKind.TIPS, "Tips från kommunens invånare", datetime.date(2021, 6, 1), []),
            ],
        ),
    ):
        municipality = Municipality.objects.get(slug=slug)
        coordinator = User.objects.get(username=f"samordnare.{slug}")
        title, as_of = picture
        situation = SituationPicture(
            municipality=municipality,
            title=title,
            as_of=as_of,
            crime_and_consequences=NOT_IN_THE_SEEDS,
            other_information=f"{NOT_IN_THE_SEEDS} {date_note}",
            analysis=NOT_IN_THE_SEEDS,
        )
        situation._history_user = coordinator
        situation.save()
        for kind, source_title, year, note in sources:
            Source.objects.create(situation_picture=situation, kind=kind, title=source_title, year=year, note=note)
        for kind, dialogue_title, held_on, themes in dialogues:
            # The seeds name the dialogue but not its date: the date is assumed, so it is illustrative.
            dialogue = Dialogue.objects.create(
                municipality=municipality, kind=kind, title=dialogue_title, held_on=held_on, illustrative=True
            )
            for order, (theme, said) in enumerate(themes, start=1):
                record = DialogueTheme.objects.create(dialogue=dialogue, theme=theme, what_was_said=said, order=order)
                # The seed says the promise on unsafe places answers what the survey found.
                record.promises.set(Promise.objects.filter(agreement__municipality=municipality, title__iexact=theme))
