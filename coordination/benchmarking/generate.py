"""The programmes of the national data set, written with bulk inserts: municipalities, police
areas, their people, ten years of agreements, focus areas, promises and activities.

Proportions follow the programmes the project knows: most municipalities give a yearly set of
one to six promises, a quarter give promises that run with their agreement; about four
activities per promise; agreements of two to four years, the last one open-ended, in force or
extended automatically. No history rows are written (the public pages never read them);
every publication has its workflow steps, which the feeds and promise pages do read.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from agreements.models import Agreement, Chief, Coordinator, FollowUpCadence, Municipality, PoliceArea, Signatory
from approvals.models import Action, ReviewState, Transition
from coordination.benchmarking import names
from followup.models import Indicator, Measurement
from promises.models import Activity, ActivityStatus, Audience, FocusArea, Promise, PromiseSignatory, ResponsibleParty

FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Eva", "Per", "Lena", "Mikael", "Emma", "Fredrik"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Lindberg"]
BATCH = 2000

# Status of an activity whose promise has ended, and of one whose promise applies today.
ENDED_STATUSES = ([ActivityStatus.DONE, ActivityStatus.CANCELLED, ActivityStatus.POSTPONED, ActivityStatus.ONGOING], [75, 8, 10, 7])
CURRENT_STATUSES = (list(ActivityStatus), [30, 40, 20, 7, 3])


@dataclass
class Programme:
    """One generated municipality and what was written for it, for the reports step."""

    municipality: Municipality
    coordinator: object
    chief: object
    agreements: list[Agreement] = field(default_factory=list)
    areas: list[FocusArea] = field(default_factory=list)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def municipalities(rng: random.Random, count: int) -> list[Programme]:
    """`count` municipalities spread over the counties as the real 290 are, one police area per
    three of them, each with a coordinator and the area's chief."""
    slots = [county for county in names.COUNTIES for _ in range(county[2])]
    chosen = [slots[i * len(slots) // count] for i in range(count)]
    taken = set(Municipality.objects.values_list("slug", flat=True))
    from agreements.models import RESERVED_SLUGS

    shorts = names.municipality_names(rng, count, taken=taken | set(RESERVED_SLUGS))
    existing_areas = set(PoliceArea.objects.values_list("name", flat=True))
    per_county: dict[str, int] = {}
    rows, areas = [], {}
    for short, (code, county, _, region) in zip(shorts, chosen):
        index = per_county.get(code, 0)
        per_county[code] = index + 1
        group = (code, index // 3)
        if group not in areas:
            name = f"LPO {short}"
            areas[group] = PoliceArea(name=name if name not in existing_areas else f"{name} {code}", region=region)
        rows.append((short, f"{code}{40 + index:02d}", county, areas[group]))
    PoliceArea.objects.bulk_create(areas.values())
    created = Municipality.objects.bulk_create(
        Municipality(name=names.long_name(short), short_name=short, code=code, slug=names.slug_of(short), county=county, police_area=area)
        for short, code, county, area in rows
    )
    User = get_user_model()
    unusable = make_password(None)
    chiefs = {
        area.pk: User(username=f"chef.{names.slug_of(area.name)}", first_name="Chef", last_name=area.name, is_staff=True, password=unusable)
        for area in areas.values()
    }
    coordinators = [
        User(username=f"samordnare.{m.slug}", first_name="Samordnare", last_name=m.short_name, password=unusable) for m in created
    ]
    User.objects.bulk_create([*chiefs.values(), *coordinators])
    Chief.objects.bulk_create(Chief(user=user, police_area_id=pk) for pk, user in chiefs.items())
    Coordinator.objects.bulk_create(Coordinator(user=user, municipality=m) for user, m in zip(coordinators, created))
    return [Programme(m, coordinator, chiefs[m.police_area_id]) for m, coordinator in zip(created, coordinators)]


def agreements(rng: random.Random, programmes: list[Programme], *, first_year: int, today: datetime.date) -> None:
    """Consecutive agreements of two to four years from `first_year`, never overlapping."""
    rows, signatories = [], []
    for programme in programmes:
        cadence = rng.choices([FollowUpCadence.YEARLY, FollowUpCadence.TERTIAL, FollowUpCadence.BOTH], [55, 25, 20])[0]
        year, starts = first_year, []
        while year <= today.year:
            starts.append(year)
            year += rng.choice([2, 3, 3, 4])
        last_kind = rng.choices(["open", "in_force", "extended"], [45, 30, 25])[0]
        municipality = programme.municipality
        for position, start_year in enumerate(starts):
            starts_on = datetime.date(start_year, rng.choice([1, 1, 2, 3]) if position == 0 else 1, 1)
            following = starts[position + 1] if position + 1 < len(starts) else None
            extends = False
            if following is not None:
                ends_on = datetime.date(following - 1, 12, 31)
            elif last_kind == "in_force":
                ends_on = datetime.date(today.year + 1, 12, 31)
            elif last_kind == "extended" and start_year < today.year:
                ends_on, extends = datetime.date(today.year - 1, 12, 31), True
            else:
                ends_on = None
            agreement = Agreement(
                municipality=municipality,
                police_area=municipality.police_area,
                workflow_state=ReviewState.PUBLISHED,
                title=f"Samverkansöverenskommelse mellan {municipality.name} och Polisen {start_year}–{ends_on.year if ends_on else ''}".strip(
                    "–"
                ),
                purpose=f"Att genom gemensamma insatser minska brottsligheten och öka tryggheten i {municipality.short_name}.",
                collaboration_model="En styrgrupp med kommundirektören och lokalpolisområdeschefen möts fyra gånger om året.",
                follow_up="Medborgarlöftena följs upp i samverkansgruppen och redovisas öppet.",
                other_partners=rng.choice(["", "", "Länsstyrelsen", "Räddningstjänsten\nLänsstyrelsen"]),
                starts_on=starts_on,
                ends_on=ends_on,
                extends_automatically=extends,
                cadence=cadence,
                signed_on=starts_on - datetime.timedelta(days=rng.randint(5, 40)),
            )
            rows.append(agreement)
            programme.agreements.append(agreement)
            for order, (title, party, organisation) in enumerate(
                [
                    ("Kommunstyrelsens ordförande", "municipality", municipality.name),
                    ("Lokalpolisområdeschef", "police", "Polismyndigheten"),
                ]
            ):
                signatories.append(
                    Signatory(
                        agreement=agreement,
                        name=person(rng),
                        title=title,
                        party=party,
                        organisation=organisation,
                        signed_on=agreement.signed_on,
                        order=order,
                    )
                )
    Agreement.objects.bulk_create(rows, batch_size=BATCH)
    Signatory.objects.bulk_create(signatories, batch_size=BATCH)


def focus_areas(rng: random.Random, programmes: list[Programme]) -> None:
    """Three to six local focus areas per municipality, each under a national one."""
    catalogue = {area.slug: area for area in FocusArea.objects.national() if area.slug in names.TOPICS}
    rows = []
    for programme in programmes:
        for slug in sorted(rng.sample(sorted(catalogue), rng.randint(3, 6))):
            name = rng.choice(names.TOPICS[slug][0])
            area = FocusArea(name=name, slug=names.slug_of(name), municipality=programme.municipality, national_area=catalogue[slug])
            area.topic = slug
            rows.append(area)
            programme.areas.append(area)
    FocusArea.objects.bulk_create(rows, batch_size=BATCH)


def _agreement_on(programme: Programme, day: datetime.date) -> Agreement:
    started = [a for a in programme.agreements if a.starts_on <= day]
    return started[-1] if started else programme.agreements[0]


def promises(rng: random.Random, programmes: list[Programme], *, first_year: int, today: datetime.date) -> None:
    """The promises, their focus areas and signatories, and their activities, oldest year first
    so that an activity can be carried over from the year before."""
    all_promises, links, signatories, activities_by_year = [], [], [], {}
    for programme in programmes:
        town = programme.municipality.short_name
        yearly = rng.random() < 0.75
        spans = []
        if yearly:
            for year in range(first_year, today.year + 1):
                agreement = _agreement_on(programme, datetime.date(year, 1, 1))
                start = max(datetime.date(year, 1, 1), agreement.starts_on)
                spans += [(agreement, start, datetime.date(year, 12, 31), False)] * rng.choices(range(1, 7), [12, 20, 26, 20, 13, 9])[0]
        else:
            for agreement in programme.agreements:
                runs = agreement.ends_on is None or agreement.extends_automatically or rng.random() < 0.5
                spans += [(agreement, agreement.starts_on, agreement.ends_on, runs)] * rng.randint(4, 7)
        unfinished: list[Activity] = []
        previous_year = None
        for order, (agreement, start, until, runs) in enumerate(spans, start=1):
            if start.year != previous_year:
                carried_pool, unfinished, previous_year = unfinished, [], start.year
            areas = rng.sample(programme.areas, 2 if rng.random() < 0.25 else 1)
            topic = names.TOPICS[areas[0].topic]
            spot = names.place(rng, town)
            title = rng.choice(topic[1]).format(place=spot)
            audience = rng.choices(list(Audience), [85, 7, 4, 2, 2, 0])[0]
            promise = Promise(
                agreement=agreement,
                title=title,
                workflow_state=ReviewState.PUBLISHED,
                commitment=names.commitment(rng, goal=title, town=town),
                effect=names.sentences(rng, names.EFFECTS, 2, town=town, year=start.year - 1),
                background=names.sentences(rng, names.BACKGROUNDS, 2, topic=areas[0].name.lower(), year=start.year - 1),
                sources="Polisens trygghetsundersökning\nMedborgardialog",
                valid_from=start,
                valid_until=until,
                runs_with_agreement=runs,
                audience=audience,
                audience_detail=spot if audience == Audience.NEIGHBOURHOOD else "",
                signed_on=datetime.date(start.year - 1, 12, rng.randint(1, 20)) if yearly else None,
                order=order,
            )
            all_promises.append(promise)
            links += [(promise, area) for area in areas]
            if yearly:
                for position, (role, party, organisation) in enumerate(
                    [
                        (rng.choice(["Kommunstyrelsens ordförande", "Kommundirektör"]), "municipality", programme.municipality.name),
                        ("Lokalpolisområdeschef", "police", "Polismyndigheten"),
                    ]
                ):
                    signatories.append(
                        PromiseSignatory(
                            promise=promise,
                            name=person(rng),
                            title=role,
                            party=party,
                            organisation=organisation,
                            signed_on=promise.signed_on,
                            order=position,
                        )
                    )
            ended = until is not None and until < today and not runs
            for position in range(1, rng.choices(range(1, 9), [7, 15, 21, 22, 15, 10, 6, 4])[0] + 1):
                area = rng.choice(areas)
                source = carried_pool.pop(rng.randrange(len(carried_pool))) if carried_pool and rng.random() < 0.15 else None
                statuses, weights = ENDED_STATUSES if ended else CURRENT_STATUSES
                status = rng.choices(statuses, weights)[0]
                responsible = rng.choices(list(ResponsibleParty), [30, 30, 30, 10])[0]
                target = rng.choice([None, 2, 4, 6, 12])
                activity = Activity(
                    promise=promise,
                    focus_area=area,
                    order=position,
                    status=status,
                    responsible=responsible,
                    description=source.description if source else rng.choice(names.TOPICS[area.topic][2]).format(place=spot),
                    partner_name=rng.choice(names.PARTNERS) if responsible == ResponsibleParty.PARTNER else "",
                    place=spot if rng.random() < 0.6 else "",
                    timing=rng.choice(["", "Vår och höst", "Varje månad", "Under sommaren"]),
                    target=f"{target} tillfällen per år" if target else "",
                    target_per_year=target,
                    status_date=min(today, start + datetime.timedelta(days=rng.randint(30, 300))),
                    carried_over_from=source,
                )
                if until is None or until.year > start.year:
                    if rng.random() < 0.3:  # planned for one year of a longer promise
                        year = rng.randint(start.year, min(today.year, (until or today).year))
                        activity.planned_from = max(start, datetime.date(year, 1, 1))
                        activity.planned_until = datetime.date(year, 12, 31) if until is None else min(until, datetime.date(year, 12, 31))
                activities_by_year.setdefault(start.year, []).append(activity)
                if status not in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
                    unfinished.append(activity)
    Promise.objects.bulk_create(all_promises, batch_size=BATCH)
    Promise.focus_areas.through.objects.bulk_create(
        [Promise.focus_areas.through(promise_id=p.pk, focusarea_id=a.pk) for p, a in links], batch_size=BATCH
    )
    PromiseSignatory.objects.bulk_create(signatories, batch_size=BATCH)
    for year in sorted(activities_by_year):
        Activity.objects.bulk_create(activities_by_year[year], batch_size=BATCH)


def indicators(rng: random.Random, programmes: list[Programme], *, first_year: int, today: datetime.date) -> None:
    """Half the municipalities follow the safety survey's share who feel safe, by gender, each year."""
    chosen = [p for p in programmes if rng.random() < 0.5]
    rows = Indicator.objects.bulk_create(
        Indicator(
            municipality=p.municipality,
            name="Andel som känner sig trygga utomhus en sen kväll i sitt bostadsområde",
            unit="procent",
            source="Polisens trygghetsundersökning (genererade värden)",
            by_gender=True,
        )
        for p in chosen
    )
    values = []
    for indicator in rows:
        level = rng.uniform(65, 85)
        for year in range(first_year, today.year):
            level = min(95, max(50, level + rng.uniform(-2, 3)))
            for group, offset in (("all", 0), ("women", -6), ("men", 6)):
                values.append(Measurement(indicator=indicator, year=year, group=group, value=round(level + offset, 1)))
    Measurement.objects.bulk_create(values, batch_size=BATCH)


def workflow_steps(items, *, who, when) -> None:
    """Submitted, approved and published, as the workflow records them: who(item) gives the
    coordinator and the chief, when(item) the day it was submitted."""
    rows = []
    for item in items:
        content_type = ContentType.objects.get_for_model(type(item))
        coordinator, chief = who(item)
        at = aware(when(item))
        for action, before, after, by, days in (
            (Action.SUBMIT, ReviewState.DRAFT, ReviewState.SUBMITTED, coordinator, 0),
            (Action.APPROVE, ReviewState.SUBMITTED, ReviewState.APPROVED, chief, 2),
            (Action.PUBLISH, ReviewState.APPROVED, ReviewState.PUBLISHED, coordinator, 3),
        ):
            rows.append(
                Transition(
                    content_type=content_type,
                    object_id=item.pk,
                    action=action,
                    from_state=before,
                    to_state=after,
                    by=by,
                    by_name=f"{by.first_name} {by.last_name}",
                    at=at + datetime.timedelta(days=days),
                )
            )
    Transition.objects.bulk_create(rows, batch_size=BATCH)
