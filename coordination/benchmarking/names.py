"""Generated, real-looking Swedish names and texts for the national benchmark's data set.

Nothing here is a real municipality or a real promise: names are put together from common
Swedish place-name parts, texts from phrases a programme typically uses. Every choice goes
through the `random.Random` passed in, so a seed gives the same data set every time.
"""

from __future__ import annotations

import random

# The 21 counties with their SCB codes and their real number of municipalities (290 in all), and
# the police region each belongs to.
COUNTIES = [
    ("01", "Stockholms län", 26, "Region Stockholm"),
    ("03", "Uppsala län", 8, "Region Öst"),
    ("04", "Södermanlands län", 9, "Region Öst"),
    ("05", "Östergötlands län", 13, "Region Öst"),
    ("06", "Jönköpings län", 13, "Region Öst"),
    ("07", "Kronobergs län", 8, "Region Syd"),
    ("08", "Kalmar län", 12, "Region Syd"),
    ("09", "Gotlands län", 1, "Region Stockholm"),
    ("10", "Blekinge län", 5, "Region Syd"),
    ("12", "Skåne län", 33, "Region Syd"),
    ("13", "Hallands län", 6, "Region Väst"),
    ("14", "Västra Götalands län", 49, "Region Väst"),
    ("17", "Värmlands län", 16, "Region Bergslagen"),
    ("18", "Örebro län", 12, "Region Bergslagen"),
    ("19", "Västmanlands län", 10, "Region Bergslagen"),
    ("20", "Dalarnas län", 15, "Region Bergslagen"),
    ("21", "Gävleborgs län", 10, "Region Mitt"),
    ("22", "Västernorrlands län", 7, "Region Mitt"),
    ("23", "Jämtlands län", 8, "Region Mitt"),
    ("24", "Västerbottens län", 15, "Region Nord"),
    ("25", "Norrbottens län", 14, "Region Nord"),
]

_FIRST = [
    "Al",
    "Ask",
    "Berg",
    "Björk",
    "Bro",
    "Dal",
    "Ek",
    "Ed",
    "Fager",
    "Falk",
    "Fors",
    "Gran",
    "Hag",
    "Hammar",
    "Hed",
    "Holm",
    "Hög",
    "Kull",
    "Lax",
    "Lind",
    "Ljung",
    "Lo",
    "Malm",
    "Mo",
    "Norr",
    "Ny",
    "Rönn",
    "Sand",
    "Sjö",
    "Skog",
    "Sten",
    "Stor",
    "Sund",
    "Syd",
    "Söder",
    "Tall",
    "Tor",
    "Ulls",
    "Val",
    "Vall",
    "Väster",
    "Ås",
    "Älv",
    "Ös",
    "Öster",
    "Ramm",
    "Kvarn",
    "Bäck",
    "Ängel",
    "Hjort",
]
_LAST = [
    "by",
    "sjö",
    "vik",
    "köping",
    "hamn",
    "dal",
    "berga",
    "torp",
    "holm",
    "ås",
    "näs",
    "fors",
    "åker",
    "stad",
    "sund",
    "ryd",
    "hult",
    "mark",
    "vara",
    "bo",
    "lunda",
    "tuna",
    "inge",
    "löv",
    "hed",
    "strand",
]
_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def slug_of(name: str) -> str:
    return name.lower().translate(_ASCII).replace(" ", "-")


def municipality_names(rng: random.Random, count: int, *, taken: set[str]) -> list[str]:
    """`count` distinct short names such as "Lindköping", none of whose slugs is in `taken`."""
    names: list[str] = []
    seen = set(taken)
    while len(names) < count:
        name = rng.choice(_FIRST) + rng.choice(_LAST)
        if name[-1] == name[-2] == name[-3] or slug_of(name) in seen:
            continue
        seen.add(slug_of(name))
        names.append(name)
    return names


def long_name(short: str) -> str:
    """The municipality's official name: "Lindköpings kommun" (no extra s after s, x or z)."""
    return f"{short} kommun" if short[-1] in "sxz" else f"{short}s kommun"


# Per national focus area (by slug): local names a municipality gives it, promise titles, what is done.
TOPICS = {
    "narkotika": (
        ["Droger", "Narkotika", "Minskad narkotikahandel", "Drogfri ungdomstid"],
        ["Minskad narkotikaförsäljning", "Färre unga som använder droger", "Drogfria skolmiljöer", "Trygg fritid utan droger"],
        [
            "Riktade kontroller mot narkotikaförsäljning kring {place}",
            "Föräldramöten om droger i årskurs 8 tillsammans med skolan",
            "Samtal med unga som misstänks använda narkotika (SSPF)",
            "Utbildning för personal på fritidsgårdar om tecken på droganvändning",
        ],
    ),
    "trafiksakerhet": (
        ["Trafik", "Trafiksäkerhet", "Förbättrad trafiksäkerhet", "Säkra skolvägar"],
        ["Lägre hastigheter i tätorten", "Säkrare skolvägar", "Färre trafikolyckor på landsvägen", "Trygg trafik vid skolorna"],
        [
            "Hastighetskontroller på {place}",
            "Trafikräkning och mätning av hastigheter vid skolorna",
            "Gemensam genomgång av skolvägarna med föräldraföreningen",
            "Nykterhetskontroller vid infarterna till tätorten",
        ],
    ),
    "otrygga-platser": (
        ["Otrygga platser", "Tryggare centrum", "Trygga mötesplatser"],
        ["Tryggare centrum", "Tryggare resecentrum", "Trygga parker och lekplatser", "Ljusare gång- och cykelvägar"],
        [
            "Trygghetsvandringar i {place} tillsammans med fastighetsägare och föreningar",
            "Översyn av belysningen längs gång- och cykelvägar",
            "Polisens närvaro vid {place} på fredags- och lördagskvällar",
            "Medborgardialog om otrygga platser i {place}",
        ],
    ),
    "ekonomisk-brottslighet": (
        ["Ekonomisk brottslighet", "Välfärdsbrott", "Oseriösa företag"],
        ["Färre bedrägerier mot äldre", "Stopp för välfärdsbrott", "Rättvis konkurrens för företagen"],
        [
            "Informationsträffar om bedrägerier för pensionärsföreningarna",
            "Gemensamma kontroller av serveringstillstånd",
            "Samverkan mot felaktiga utbetalningar med Försäkringskassan",
            "Utbildning för handläggare om kriminell infiltration",
        ],
    ),
    "vald-i-nara-relationer": (
        ["Våld i nära relationer", "Kapabla väktare", "Mäns våld mot kvinnor"],
        ["Ingen ska behöva leva med våld hemma", "Fler som vågar söka hjälp", "Stöd till barn som upplever våld"],
        [
            "Kampanj om stöd till våldsutsatta i kommunens kanaler",
            "Utbildning för förskolans personal om våld i nära relationer",
            "Gemensamma hembesök efter larm om våld",
            "Samtalsgrupper för män som vill sluta använda våld",
        ],
    ),
    "trygghet-i-offentlig-miljo": (
        ["Trygghet i offentlig miljö", "Trygghet", "Trygg och säker kommun"],
        ["Trygghet i offentlig miljö", "En tryggare kvällstid", "Trygg sommar", "Tryggt under evenemang"],
        [
            "Nattvandringar tillsammans med föreningarna på helgerna",
            "Gemensam lägesbild inför sommarens evenemang",
            "Polisens och kommunens fältarbete vid {place}",
            "Trygghetsmätning i samband med medborgardialogen",
        ],
    ),
    "ungdomsbrottslighet": (
        ["Ungdomsbrottslighet", "Unga i riskmiljöer", "Barn och unga"],
        ["Färre unga som begår brott", "Fler vuxna ute bland unga", "Trygga skolor"],
        [
            "Sociala insatsgrupper för unga i riskzonen",
            "Fältassistenter och polis i {place} på kvällstid",
            "Föräldrautbildning om unga och brott",
            "Samverkan mellan skola, socialtjänst och polis (SSPF)",
        ],
    ),
    "ordningsstorningar": (
        ["Ordningsstörningar", "Ordning och reda", "Nedskräpning och störningar"],
        ["Lugnare helgkvällar", "Färre störningar vid {place}", "Ordning kring krogar och evenemang"],
        [
            "Tillsyn av serveringsställen tillsammans med polisen",
            "Ansvarsfull alkoholservering: utbildning för krogpersonal",
            "Ordningsvakter vid {place} på helgerna",
            "Gemensam genomgång av anmälningar om störningar",
        ],
    ),
    "skadegorelse": (
        ["Skadegörelse", "Klotter och skadegörelse", "Rena och hela miljöer"],
        ["Mindre skadegörelse", "Snabb sanering av klotter", "Hela och rena busshållplatser"],
        [
            "Sanering av klotter inom 24 timmar",
            "Kameraövervakning vid {place} efter beslut",
            "Skolprojekt om skadegörelse i årskurs 6",
            "Anmälan och uppföljning av all skadegörelse på kommunens fastigheter",
        ],
    ),
    "inbrott": (
        ["Inbrott", "Grannsamverkan", "Färre inbrott"],
        ["Färre bostadsinbrott", "Grannsamverkan i alla bostadsområden", "Färre inbrott i fritidshus"],
        [
            "Informationsträffar om grannsamverkan i {place}",
            "Märkning av båtmotorer och verktyg",
            "Gemensam kartläggning av inbrott i fritidshusområden",
            "Brevutskick med inbrottsförebyggande råd inför semestern",
        ],
    ),
}

PLACES = ["centrum", "resecentrum", "torget", "stationen", "badplatsen", "idrottsplatsen", "skolan", "hamnen", "parken", "köpcentret"]
PARTNERS = ["Länsstyrelsen", "Räddningstjänsten", "Nattvandrarna", "Bostadsbolaget", "Fritidsgården", "Brottsofferjouren", "Trafikverket"]
COMMITMENT_OPENINGS = [
    "Vi lovar att arbeta för {goal} genom att",
    "Kommunen och polisen lovar gemensamt att verka för {goal} och ska därför",
    "Vi lovar invånarna i {town} att prioritera {goal} och kommer att",
]
COMMITMENT_MEANS = [
    "öka närvaron på de platser där invånarna känner sig otrygga",
    "följa upp varje insats tillsammans med föreningar och skolor",
    "redovisa resultaten öppet varje år",
    "lyssna på de synpunkter som kom fram i medborgardialogen",
    "samordna kommunens och polisens resurser på kvällar och helger",
]
BACKGROUNDS = [
    "I medborgardialogen hösten {year} lyfte många invånare {topic} som ett av de största problemen.",
    "Polisens trygghetsundersökning visar att andelen som oroar sig för {topic} har ökat de senaste åren.",
    "Den gemensamma lägesbilden pekar på {topic} som ett område där kommunen och polisen behöver samverka.",
    "Anmälningsstatistiken för {year} och kommunens egen kartläggning visar att {topic} fortsatt är ett problem.",
]
EFFECTS = [
    "Fler invånare ska känna sig trygga i {town}.",
    "Antalet anmälda brott ska minska jämfört med {year}.",
    "Invånarna ska uppleva att kommunen och polisen finns på plats och lyssnar.",
    "Färre ska utsättas för brott, och de som utsätts ska veta var de får stöd.",
]
DONE_TEXTS = [
    "Insatsen genomfördes enligt plan tillsammans med de samverkande parterna.",
    "Arbetet pågick under hela perioden; några tillfällen fick flyttas på grund av personalbrist.",
    "Insatsen har följts upp på samverkansgruppens möten och resultatet redovisades för kommunstyrelsen.",
    "Deltagandet var större än förväntat och insatsen fortsätter nästa period.",
]
NEXT_STEPS = [
    "Fortsätter enligt plan under nästa period.",
    "Utvärderas tillsammans med föreningarna inför nästa års löften.",
    "Planeras om efter synpunkter från medborgardialogen.",
    "Ingen fortsättning planeras; målet är nått.",
]
SUMMARIES = [
    "Arbetet med medborgarlöftena har under {period} i huvudsak gått enligt plan.",
    "Samverkan mellan kommunen och polisen har fungerat väl under {period}.",
    "Några aktiviteter fick skjutas upp under {period}, men de flesta genomfördes.",
    "Invånarnas synpunkter från medborgardialogen har styrt arbetet under {period}.",
]


def sentences(rng: random.Random, pool: list[str], count: int, **values) -> str:
    return " ".join(sentence.format(**values) for sentence in rng.sample(pool, min(count, len(pool))))


def commitment(rng: random.Random, *, goal: str, town: str) -> str:
    opening = rng.choice(COMMITMENT_OPENINGS).format(goal=goal.lower(), town=town)
    means = rng.sample(COMMITMENT_MEANS, 2)
    return f"{opening} {means[0]} och {means[1]}."


def place(rng: random.Random, town: str) -> str:
    return f"{town} {rng.choice(PLACES)}"
