"""Programmes shaped like the real ones that are not in the seeds: yearly sets under one long
agreement, a promise extended by decision, a barnlöfte, promises signed each year."""

import datetime

from approvals.models import ReviewState
from promises.models import PromiseExtension, PromiseSignatory
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, MunicipalityFactory, PromiseFactory

D = datetime.date
TODAY = D(2026, 11, 25)


def yearly_set(agreement, year, *, count=1, area=None, **fields):
    """`count` published promises for one calendar year, each with one activity."""
    area = area or FocusAreaFactory(municipality=agreement.municipality, name=f"Trygghet {year}")
    promises = []
    for number in range(1, count + 1):
        promise = PromiseFactory(
            agreement=agreement,
            title=f"Löfte {number} för {year}",
            valid_from=D(year, 1, 1),
            valid_until=D(year, 12, 31),
            order=number,
            focus_areas=[area],
            **fields,
        )
        ActivityFactory(promise=promise, focus_area=area, description=f"Aktivitet {number} {year}", status="done")
        promises.append(promise)
    return promises


def extend(promise, until, *, on, by="kommunstyrelsen", reference="KS 2019/12", state=ReviewState.PUBLISHED):
    return PromiseExtension.objects.create(
        promise=promise, extended_until=until, decided_on=on, decided_by=by, reference=reference, workflow_state=state
    )


def lived_programme(slug="arsby"):
    """A municipality that renews its promises every year: 2021–2026 sets of two under an agreement
    from 2020 extended since 2022, each year's barnlöfte, 2024's first promise extended by decision
    into 2025, and 2025's set signed by the kommundirektör and the police area chief."""
    municipality = MunicipalityFactory(short_name="Årsby", name="Årsby kommun", slug=slug)
    agreement = AgreementFactory(municipality=municipality, starts_on=D(2020, 1, 1), ends_on=D(2022, 12, 31), extends_automatically=True)
    sets = {year: yearly_set(agreement, year, count=2) for year in range(2021, 2027)}
    for promises in sets.values():
        promises[1].audience = "children"
        promises[1].save()
    extend(sets[2024][0], D(2025, 12, 31), on=D(2024, 11, 5), reference="KS 2024/88")
    for name, title, party in [("Eva Exempel", "Kommundirektör", "municipality"), ("Per Polis", "Lokalpolisområdeschef", "police")]:
        PromiseSignatory.objects.create(
            promise=sets[2025][0], name=name, title=title, party=party, organisation=party, signed_on=D(2025, 1, 10)
        )
    return municipality, sets
