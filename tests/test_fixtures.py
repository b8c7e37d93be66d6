"""The demo fixtures (fixtures/focus_areas.json, fixtures/seeds.json) match the two seed programmes.

Vindeln: shared/seeds/000_6a660e82bcb4c159.txt (OCR text; the fixtures must be correct Swedish).
Vaggeryd: shared/seeds/002_cf3e9b195946027d.txt.
"""

import datetime

import pytest
from django.core.management import call_command

from agreements.models import Agreement, Municipality, PoliceArea, Signatory
from promises.models import Activity, FocusArea, Promise

VINDELN_FOCUS_AREAS = [
    "Droger",
    "Trafik",
    "Kapabla väktare på landsbygden",
    "Ekonomisk brottslighet",
    "Otrygga platser",
]

VAGGERYD_FOCUS_AREAS = {
    "Ökad trygghet för kommuninvånarna",
    "Narkotikabrottslighet",
    "Förbättrad trafiksäkerhet",
}

VAGGERYD_ACTIVITIES = [
    "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd.",
    "Fortsätta arbetet med arbetsmetodiken Effektiv samordning för trygghet (EST).",
    "Utefter den gemensamma lägesbilden genomföra trygghetsrundor på aktuella platser (hot spots) i kommunen.",
    "Genomföra trafikinsatser på platser där trafikproblem identifierats.",
]

# Characters and sequences the OCR of the Vindeln scan produced in place of å, ä and ö.
OCR_ARTEFACTS = ["é", "&", "@", "6ka", "6ver"]


@pytest.fixture
def seeded(db):
    call_command("loaddata", "focus_areas", "seeds", verbosity=0)


@pytest.fixture
def vindeln(seeded):
    return Municipality.objects.get(slug="vindeln")


@pytest.fixture
def vaggeryd(seeded):
    return Municipality.objects.get(slug="vaggeryd")


@pytest.fixture
def vaggeryd_current_promise(vaggeryd):
    return Promise.objects.get(agreement__municipality=vaggeryd, title="Medborgarlöfte Vaggeryd 2021")


def all_texts():
    """Every text value in every model the fixtures load, with where it came from."""
    for model in (PoliceArea, Municipality, Agreement, Signatory, FocusArea, Promise, Activity):
        for obj in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.attname)
                if isinstance(value, str):
                    yield f"{model.__name__} {obj.pk} {field.name}", value


@pytest.mark.django_db
def test_national_catalogue_has_eight_to_ten_areas_with_ascii_slugs_and_descriptions(seeded):
    national = FocusArea.objects.national()
    assert 8 <= national.count() <= 10
    for area in national:
        assert area.slug.isascii()
        assert area.description.strip()
        assert area.national_area_id is None


@pytest.mark.django_db
def test_municipalities_have_scb_codes_counties_and_police_areas(vindeln, vaggeryd):
    assert (vindeln.name, vindeln.code, vindeln.county) == ("Vindelns kommun", "2404", "Västerbottens län")
    assert (vindeln.police_area.name, vindeln.police_area.region) == ("LPO Umeå", "Region Nord")
    assert (vaggeryd.name, vaggeryd.code, vaggeryd.county) == ("Vaggeryds kommun", "0665", "Jönköpings län")
    assert (vaggeryd.police_area.name, vaggeryd.police_area.region) == ("LPO Värnamo", "Region Öst")


@pytest.mark.django_db
def test_vindeln_has_one_agreement_2023_to_2025_extending_automatically_with_yearly_follow_up(vindeln):
    [agreement] = vindeln.agreements.all()
    assert agreement.title == (
        "Samverkansöverenskommelse i brottsförebyggande och trygghetsskapande arbete mellan Polismyndigheten och Vindelns kommun 2023–2025"
    )
    assert agreement.starts_on == datetime.date(2023, 3, 3)
    assert agreement.ends_on == datetime.date(2025, 12, 31)
    assert agreement.extends_automatically is True
    assert agreement.cadence == "yearly"
    assert agreement.signed_on is None
    assert agreement.police_area == vindeln.police_area
    assert agreement.state_on(datetime.date(2026, 6, 1)) == "extended"


@pytest.mark.django_db
def test_vindeln_agreement_texts_are_the_seed_sections_in_correct_swedish(vindeln):
    agreement = vindeln.agreements.get()
    assert agreement.purpose.startswith("För att nå framgång i det brottsbekämpande uppdraget")
    assert "Syftet med överenskommelsen mellan Polismyndigheten och Vindelns kommun är att stärka" in agreement.purpose
    assert agreement.collaboration_model.startswith("Utgångspunkten för en framgångsrik samverkan är en gemensam lägesbild.")
    assert "Medborgarnas åsikter inhämtas genom enkäter och medborgardialoger." in agreement.collaboration_model
    assert agreement.follow_up.startswith("Uppföljning av arbetet sker kontinuerligt i olika samverkansforum.")
    assert agreement.partner_list() == ["Länsstyrelsen Västerbotten", "Umeå universitet"]
    assert "LPO Umeå" in agreement.remarks


@pytest.mark.django_db
def test_vindeln_has_five_published_promises_in_seed_order(vindeln):
    promises = list(Promise.objects.of_municipality(vindeln).order_by("order"))
    assert [promise.title for promise in promises] == VINDELN_FOCUS_AREAS
    assert [promise.order for promise in promises] == [1, 2, 3, 4, 5]
    for promise in promises:
        assert promise.workflow_state == "published"
        assert promise.valid_from == datetime.date(2023, 3, 3)
        assert promise.valid_until == datetime.date(2025, 12, 31)
        assert promise.source_list() == ["Trygghetsundersökning våren 2022", "Polisens lägesbild", "Kommunens lägesbild"]
        assert "Under våren 2022 fick ni möjlighet att svara på en trygghetsundersökning" in promise.background
        assert "följs gemensamt upp av kommunen och polisen årsvis" in promise.background
        assert promise.effect == ""
        assert not promise.activities.exists()


@pytest.mark.django_db
def test_each_vindeln_promise_has_exactly_its_own_local_focus_area_under_the_right_national_one(vindeln):
    expected_national = {
        "Droger": "narkotika",
        "Trafik": "trafiksakerhet",
        "Kapabla väktare på landsbygden": "vald-i-nara-relationer",
        "Ekonomisk brottslighet": "ekonomisk-brottslighet",
        "Otrygga platser": "otrygga-platser",
    }
    for promise in Promise.objects.of_municipality(vindeln):
        [area] = promise.focus_areas.all()
        assert area.name == promise.title
        assert area.municipality == vindeln
        assert area.national_area.is_national
        assert area.national_area.slug == expected_national[area.name]


@pytest.mark.django_db
def test_vindeln_commitments_are_the_seed_paragraphs_in_correct_swedish(vindeln):
    commitments = {promise.title: promise.commitment for promise in Promise.objects.of_municipality(vindeln)}
    assert commitments["Droger"].startswith("Droger är vanligt förekommande i dagens samhälle")
    assert "förebygga och begränsa tillgängligheten" in commitments["Droger"]
    assert commitments["Trafik"].startswith("Nollvisionen är det långsiktiga målet")
    assert "Länsstyrelsen" in commitments["Kapabla väktare på landsbygden"]
    assert "forskare från Umeå universitet" in commitments["Kapabla väktare på landsbygden"]
    assert commitments["Ekonomisk brottslighet"].startswith("Bedrägerier är en brottstyp")
    assert "trygghetsenkät i Vindelns kommun" in commitments["Otrygga platser"]
    # Each is the whole paragraph: it ends with the seed's last sentence for that area.
    assert commitments["Droger"].endswith("Ett extra fokus ska ligga på tidig upptäckt hos unga personer.")
    assert commitments["Trafik"].endswith("arbeta aktivt för att trafikmiljön ska vara trygg och säker för alla som vistas där.")
    assert commitments["Kapabla väktare på landsbygden"].startswith("Att förebygga och upptäcka våld i nära relationer")
    assert commitments["Ekonomisk brottslighet"].endswith("minska känslan av skam och rädsla för utsatthet.")
    assert commitments["Otrygga platser"].endswith("förhindra att nya platser som kan upplevas otrygga etableras.")


@pytest.mark.django_db
def test_no_fixture_text_contains_ocr_artefacts(seeded):
    for where, text in all_texts():
        for artefact in OCR_ARTEFACTS:
            assert artefact not in text, f"{where} contains {artefact!r}"


@pytest.mark.django_db
def test_vindeln_texts_use_correct_swedish_letters(vindeln):
    agreement = vindeln.agreements.get()
    texts = [agreement.title, agreement.purpose, agreement.collaboration_model, agreement.follow_up]
    texts += [p.commitment + p.background for p in Promise.objects.of_municipality(vindeln)]
    joined = "\n".join(texts)
    assert "förebyggande" in joined
    assert "överenskommelse" in joined
    for garbled in ["férebyggande", "Samverkanséverenskommelse", "&r ", " ar ", "lagesbild", "medborgarloften", "Overenskommelsen"]:
        assert garbled not in joined


@pytest.mark.django_db
def test_vaggeryd_agreement_is_open_ended_with_tertial_follow_up_and_two_signatories(vaggeryd):
    [agreement] = vaggeryd.agreements.all()
    assert agreement.title == "Samverkansöverenskommelse mellan Vaggeryds kommun och Polismyndigheten, lokalpolisområde Värnamo"
    assert agreement.starts_on == datetime.date(2020, 1, 1)
    assert agreement.ends_on is None
    assert agreement.extends_automatically is False
    assert agreement.cadence == "tertial"
    assert agreement.follow_up == "Uppföljning ska ske tertialvis och kan följas på polisens hemsida – polisen.se."
    assert agreement.signed_on is None
    assert "2021-10-" in agreement.remarks
    signatories = [(s.name, s.title, s.party, s.organisation, s.signed_on, s.order) for s in agreement.signatories.all()]
    assert signatories == [
        ("Gert Jonsson", "Kommunstyrelsens ordförande", "municipality", "Vaggeryds kommun", None, 1),
        ("Håkan Boberg", "Lokalpolisområdeschef", "police", "Polismyndigheten", None, 2),
    ]


@pytest.mark.django_db
def test_vaggeryd_current_promise_has_seed_commitment_effect_background_and_three_focus_areas(vaggeryd_current_promise):
    promise = vaggeryd_current_promise
    assert promise.commitment == "Vaggeryds kommun och polisen lovar att arbeta för en ökad trygghet bland kommunens invånare."
    assert promise.effect.startswith("Det övergripande målet är att öka tryggheten bland invånarna i Vaggeryds kommun.")
    assert promise.effect.endswith("känna sig tryggare i trafikmiljön.")
    paragraphs = promise.background.split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("Samverkan mellan polis och kommun är en nödvändighet")
    assert "existerande samverkansöverenskommelse" in paragraphs[1]
    assert "så ingår de även i detta löfte" in paragraphs[3]
    assert paragraphs[-1].startswith("Dessa områden kommer att prioriteras")
    assert promise.source_list() == [
        "Medarbetardialoger",
        "Tips från kommunens invånare",
        "Statistik och information från polisens underrättelsetjänst",
    ]
    assert {area.name for area in promise.focus_areas.all()} == VAGGERYD_FOCUS_AREAS
    assert all(area.municipality == vaggeryd_current_promise.municipality for area in promise.focus_areas.all())
    assert promise.valid_from == datetime.date(2021, 10, 1)
    assert promise.valid_until is None
    assert promise.workflow_state == "published"


@pytest.mark.django_db
def test_vaggeryd_has_the_four_seed_activities_in_order(vaggeryd_current_promise):
    activities = list(vaggeryd_current_promise.activities.order_by("order"))
    assert [a.description for a in activities] == VAGGERYD_ACTIVITIES
    assert "Effektiv samordning för trygghet" in activities[1].description
    assert [a.order for a in activities] == [1, 2, 3, 4]
    assert [a.responsible for a in activities] == ["jointly", "jointly", "police", "police"]
    assert [a.status for a in activities] == ["planned", "ongoing", "ongoing", "ongoing"]
    assert [a.focus_area.name for a in activities] == [
        "Ökad trygghet för kommuninvånarna",
        "Ökad trygghet för kommuninvånarna",
        "Narkotikabrottslighet",
        "Förbättrad trafiksäkerhet",
    ]
    for activity in activities:
        assert (activity.target, activity.target_per_year, activity.timing, activity.partner_name) == ("", None, "", "")


@pytest.mark.django_db
def test_vaggeryd_safety_walks_are_carried_over_from_the_earlier_promises_postponed_activity(vaggeryd, vaggeryd_current_promise):
    earlier = Promise.objects.get(agreement__municipality=vaggeryd, title="Medborgarlöfte 2020–2021")
    assert (earlier.valid_from, earlier.valid_until) == (datetime.date(2020, 1, 1), datetime.date(2021, 9, 30))
    assert earlier.workflow_state == "published"
    assert earlier.order == 0
    assert [area.name for area in earlier.focus_areas.all()] == ["Ökad trygghet för kommuninvånarna"]
    [postponed] = earlier.activities.all()
    assert postponed.status == "postponed"
    assert postponed.description == "Genomföra trygghetsvandringar i Skillingaryd och Vaggeryd."
    assert postponed.place == "Skillingaryd och Vaggeryd"

    walks = vaggeryd_current_promise.activities.get(order=1)
    assert walks.carried_over_from == postponed
    assert walks.description == postponed.description
    assert not postponed.is_finished


@pytest.mark.django_db
def test_every_agreement_promise_and_activity_passes_full_clean(seeded):
    objects = [
        *PoliceArea.objects.all(),
        *Municipality.objects.all(),
        *Agreement.objects.all(),
        *Signatory.objects.all(),
        *FocusArea.objects.all(),
        *Promise.objects.all(),
        *Activity.objects.all(),
    ]
    assert Agreement.objects.count() == 2
    assert Promise.objects.count() == 7
    assert Activity.objects.count() == 5
    for obj in objects:
        obj.full_clean()


@pytest.mark.django_db
def test_every_activity_focus_area_is_one_of_its_promises_focus_areas(seeded):
    for activity in Activity.objects.select_related("promise"):
        assert activity.promise.focus_areas.filter(pk=activity.focus_area_id).exists()
