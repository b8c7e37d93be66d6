"""What residents read about promises that ended, were extended, are renewed every year or were
published elsewhere first: in any later year, the page says what is true."""

import csv
import io
import json

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, PromiseFactory
from tests.lifecycle.programmes import D, extend, yearly_set

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content.decode())


def _section_text(document, section_id):
    found = document.xpath(f'//*[@id="{section_id}"]')
    return found[0].text_content() if found else ""


def test_promises_that_ended_in_2019_are_earlier_not_current_in_2026_though_the_agreement_is_extended(client, yearly_series, seen_in_2026):
    document = _page(client, yearly_series.municipality.get_absolute_url())

    current, earlier = _section_text(document, "aktuella-loften"), _section_text(document, "tidigare-loften")
    assert "Löfte 1 för 2019" not in current
    assert all(f"Löfte 1 för {year}" in earlier for year in (2016, 2017, 2018, 2019))
    assert "Inget medborgarlöfte gäller i dag. Det senaste upphörde att gälla 31 december 2019" in current
    assert "fortsätter att gälla medan överenskommelsen är förlängd" not in document.text_content()
    assert not document.xpath('//*[@id="glance-heading"]'), "old statuses must not be shown as today's"


def test_an_open_ended_agreement_whose_only_promise_ended_never_says_nothing_was_published(client, here, seen_in_2026):
    agreement = here.agreements.get()
    agreement.starts_on = D(2018, 1, 1)
    agreement.save()
    yearly_set(agreement, 2019)

    document = _page(client, here.get_absolute_url())

    assert "Inget medborgarlöfte har publicerats ännu" not in document.text_content()
    assert "Det senaste upphörde att gälla 31 december 2019" in _section_text(document, "aktuella-loften")
    assert "Löfte 1 för 2019" in _section_text(document, "tidigare-loften")


def test_a_municipality_with_nothing_published_says_so(client, here, seen_in_2026):
    document = _page(client, here.get_absolute_url())

    assert "Inget medborgarlöfte har publicerats ännu." in _section_text(document, "aktuella-loften")
    assert not document.xpath('//*[@id="tidigare-loften"]')


def test_current_promises_are_in_aktuella_loften_and_ended_ones_in_tidigare_loften(client, here, seen_in_2026):
    agreement = here.agreements.get()
    agreement.starts_on = D(2021, 1, 1)
    agreement.save()
    yearly_set(agreement, 2025)
    yearly_set(agreement, 2026)

    document = _page(client, here.get_absolute_url())

    assert "Löfte 1 för 2026" in _section_text(document, "aktuella-loften")
    assert "Löfte 1 för 2025" not in _section_text(document, "aktuella-loften")
    assert "Löfte 1 för 2025" in _section_text(document, "tidigare-loften")
    assert "Löfte 1 för 2026" not in _section_text(document, "tidigare-loften")


def test_six_yearly_sets_of_six_are_grouped_by_year_newest_first_with_a_year_archive(client, here, seen_in_2026):
    agreement = here.agreements.get()
    agreement.starts_on = D(2021, 1, 1)
    agreement.save()
    for year in range(2021, 2027):
        yearly_set(agreement, year, count=6)

    document = _page(client, here.get_absolute_url())

    groups = [summary.text_content().strip() for summary in document.xpath('//*[@id="tidigare-loften"]//summary')]
    assert groups == [f"{year}: 6 löften" for year in (2025, 2024, 2023, 2022, 2021)]
    assert "(2018–2018)" not in document.text_content()
    assert len(document.xpath('//*[@id="aktuella-loften"]//article')) == 6
    archive = _page(client, reverse("public:municipality_year", kwargs={"slug": here.slug, "year": 2023}))
    titles = [a.text_content() for a in archive.xpath("//article//h3/a")]
    assert titles == [f"Löfte {n} för 2023" for n in range(1, 7)]


def test_a_year_with_nothing_promised_or_reported_has_no_archive_page(client, yearly_series):
    slug = yearly_series.municipality.slug

    assert client.get(reverse("public:municipality_year", kwargs={"slug": slug, "year": 2022})).status_code == 404
    assert client.get(reverse("public:municipality_year", kwargs={"slug": slug, "year": 99999})).status_code == 404
    assert client.get(reverse("public:municipality_year", kwargs={"slug": "finns-inte", "year": 2019})).status_code == 404


def test_the_promise_page_shows_the_decision_that_extended_it_and_both_periods(client, here, seen_in_2026):
    agreement = here.agreements.get()
    agreement.starts_on = D(2018, 1, 1)
    agreement.save()
    promise = yearly_set(agreement, 2018)[0]
    extend(promise, D(2019, 12, 31), on=D(2019, 2, 12), reference="KS 2019/12")

    text = _page(client, promise.get_absolute_url()).text_content()

    assert "Ursprungligen: 2018." in text
    assert "Förlängt till 31 december 2019 genom beslut i kommunstyrelsen 12 februari 2019, dnr KS 2019/12." in text
    assert "Gällde 2018–2019" in text


def test_a_barnlofte_is_presented_as_one_on_the_pages_the_filter_and_in_open_data(client, yearly_series, seen_in_2026):
    barnlofte = yearly_series.promises.get(audience="children")
    other = MunicipalityFactory(slug="annan")

    page = _page(client, barnlofte.get_absolute_url()).text_content()
    listing = _page(client, "/?audience=children").text_content()
    rows = list(csv.DictReader(io.StringIO(client.get("/oppna-data/loften.csv").getvalue().decode("utf-8-sig"))))

    assert "Barnlöfte från" in page
    assert yearly_series.municipality.name in listing and other.name not in listing
    assert {row["titel"]: row["barnlofte"] for row in rows}[barnlofte.title] == "ja"
    assert {row["titel"]: row["malgrupp"] for row in rows}[barnlofte.title] == "barn"
    assert "barnlöfte" in _section_text(_page(client, yearly_series.municipality.get_absolute_url()), "tidigare-loften")


def test_a_promise_entered_afterwards_says_where_and_when_it_was_first_published(client, here):
    from approvals.models import Action, Transition

    promise = PromiseFactory(
        agreement=here.agreements.get(), originally_published_on=D(2018, 2, 15), originally_published_where="polisen.se"
    )
    Transition.objects.create(item=promise, action=Action.PUBLISH, from_state="approved", to_state="published")

    text = _page(client, promise.get_absolute_url()).text_content()
    data = json.loads(client.get("/oppna-data/loften.json").getvalue())

    assert "Publicerad 15 februari 2018 på polisen.se; införd här" in text
    assert data["rader"][0]["ursprungligen_publicerat"] == "2018-02-15"
    assert data["rader"][0]["ursprungligen_publicerat_var"] == "polisen.se"


def test_open_data_gives_each_promises_extension_and_last_day(client, here, seen_in_2026):
    agreement = here.agreements.get()
    agreement.starts_on = D(2018, 1, 1)
    agreement.save()
    promise = yearly_set(agreement, 2018)[0]
    extend(promise, D(2019, 12, 31), on=D(2019, 2, 12))

    row = json.loads(client.get("/oppna-data/loften.json").getvalue())["rader"][0]

    assert (row["giltigt_till"], row["forlangt_till"], row["sista_dag"]) == ("2018-12-31", "2019-12-31", "2019-12-31")
    assert row["forlangningsbeslut"] == "2019-02-12 kommunstyrelsen KS 2019/12"


def test_the_front_page_counts_only_the_activities_of_promises_that_apply_today(client, yearly_series, seen_in_2026):
    counts = " ".join(_page(client, "/").xpath('//p[@class="card__counts"]')[0].text_content().split())

    assert counts == "Aktiviteter: inga i löften som gäller i dag"


def test_open_data_names_who_is_responsible_in_the_same_words_in_every_language(client, here):
    from tests.factories import ActivityFactory, FocusAreaFactory

    area = FocusAreaFactory(municipality=here)
    promise = PromiseFactory(agreement=here.agreements.get(), focus_areas=[area])
    ActivityFactory(promise=promise, focus_area=area, responsible="police")
    ActivityFactory(promise=promise, focus_area=area, responsible="partner", partner_name="Länsstyrelsen")

    swedish = [row["ansvarig"] for row in json.loads(client.get("/oppna-data/aktiviteter.json").getvalue())["rader"]]
    client.cookies["django_language"] = "en"
    english = [row["ansvarig"] for row in json.loads(client.get("/oppna-data/aktiviteter.json").getvalue())["rader"]]

    assert swedish == english == ["polisen", "Länsstyrelsen"]
