"""/oppna-data/katalog.rdf describes the open data as DCAT-AP-SE, as dataportal.se harvests it: every
property the profile makes mandatory or recommends, in Swedish and English, with the real host's
addresses, and one data set per municipality with published reports, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from approvals.models import ReviewState
from followup.models import FollowUpReport
from public.catalogue import VCARD
from tests.factories import AgreementFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = "/oppna-data/katalog.rdf"
HOST = "data.example.se"
EU = "http://publications.europa.eu/resource/authority/"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
# A plain namespace: rdflib's own DCAT warns when pytest inspects the module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def _municipality(name, slug, code, *, reports=0, state=ReviewState.PUBLISHED):
    municipality = MunicipalityFactory(short_name=name, name=f"{name}s kommun", slug=slug, code=code)
    agreement = AgreementFactory(municipality=municipality, ends_on=None)
    now = timezone.now()
    FollowUpReport.objects.bulk_create(
        FollowUpReport(
            agreement=agreement,
            period_year=2020 + n,
            workflow_state=state,
            published_at=now - datetime.timedelta(days=400 * (reports - n)) if state == ReviewState.PUBLISHED else None,
            snapshot={"summary": "Sammanfattning"} if state == ReviewState.PUBLISHED else None,
        )
        for n in range(reports)
    )
    return municipality


def _catalogue(client) -> Graph:
    response = client.get(URL, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    return Graph().parse(data=response.content, format="xml")


def _datasets(graph):
    return set(graph.objects(_only(graph.subjects(RDF.type, DCAT.Catalog)), DCAT.dataset))


def _only(values):
    values = list(values)
    assert len(values) == 1, values
    return values[0]


def _languages(graph, subject, predicate):
    return {literal.language for literal in graph.objects(subject, predicate) if isinstance(literal, Literal) and str(literal)}


def _title(graph, subject, language):
    return _only(str(t) for t in graph.objects(subject, DCTERMS.title) if t.language == language)


@pytest.fixture
def settings_for_the_portal(settings):
    settings.OPEN_DATA_PUBLISHER_NAME = "Samverkan Trygghet"
    settings.OPEN_DATA_PUBLISHER_URL = "https://samverkan.example.se/"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@samverkan.example.se"
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    return settings


def test_the_catalogue_has_every_mandatory_and_recommended_property_of_a_catalog(client, settings_for_the_portal):
    graph = _catalogue(client)
    catalogue = _only(graph.subjects(RDF.type, DCAT.Catalog))

    assert _languages(graph, catalogue, DCTERMS.title) == {"sv", "en"}
    assert _languages(graph, catalogue, DCTERMS.description) == {"sv", "en"}
    assert _title(graph, catalogue, "sv") == "Medborgarlöften: öppna data"
    # DCAT-AP-SE asks for exactly this licence on the catalogue.
    assert _only(graph.objects(catalogue, DCTERMS.license)) == CC0
    assert _only(graph.objects(catalogue, FOAF.homepage)) == URIRef(f"http://{HOST}/oppna-data/")
    assert set(graph.objects(catalogue, DCTERMS.language)) == {URIRef(EU + "language/SWE"), URIRef(EU + "language/ENG")}
    assert _only(graph.objects(catalogue, DCAT.themeTaxonomy)) == URIRef(EU + "data-theme")
    assert _only(graph.objects(catalogue, DCTERMS.spatial)) == URIRef("http://sws.geonames.org/2661886")
    publisher = _only(graph.objects(catalogue, DCTERMS.publisher))
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert _only(graph.objects(publisher, FOAF.name)) == Literal("Samverkan Trygghet")
    assert _only(graph.objects(publisher, DCTERMS.type)) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    # Promises, activities and the index of report files, even before any report is published.
    assert len(_datasets(graph)) == 3


def test_each_data_set_and_distribution_has_every_mandatory_and_recommended_property(client, settings_for_the_portal):
    _municipality("Vaggeryd", "vaggeryd", "0665", reports=2)
    graph = _catalogue(client)

    datasets = _datasets(graph)
    assert len(datasets) == 4
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        assert _languages(graph, dataset, DCTERMS.title) == {"sv", "en"}, dataset
        assert _languages(graph, dataset, DCTERMS.description) == {"sv", "en"}, dataset
        assert _languages(graph, dataset, DCAT.keyword) == {"sv", "en"}, dataset
        assert set(graph.objects(dataset, DCAT.theme)) == {URIRef(EU + "data-theme/JUST"), URIRef(EU + "data-theme/GOVE")}
        assert str(_only(graph.objects(dataset, DCTERMS.accrualPeriodicity))).startswith(EU + "frequency/")
        assert list(graph.objects(dataset, DCTERMS.spatial)), dataset
        assert str(_only(graph.objects(dataset, DCAT.landingPage))).startswith(f"http://{HOST}/")
        publisher = _only(graph.objects(dataset, DCTERMS.publisher))
        assert _only(graph.objects(publisher, FOAF.name)) == Literal("Samverkan Trygghet")
        contact = _only(graph.objects(dataset, DCAT.contactPoint))
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert _only(graph.objects(contact, VCARD.fn)) == Literal("Samverkan Trygghet")
        assert _only(graph.objects(contact, VCARD.hasEmail)) == URIRef("mailto:oppnadata@samverkan.example.se")
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            url = _only(graph.objects(distribution, DCAT.accessURL))
            assert str(url).startswith(f"http://{HOST}/oppna-data/")
            assert _only(graph.objects(distribution, DCAT.downloadURL)) == url
            assert _only(graph.objects(distribution, DCTERMS.license)) == CC0
            assert _languages(graph, distribution, DCTERMS.title) == {"sv", "en"}
            assert _languages(graph, distribution, DCTERMS.description) == {"sv", "en"}
            file_type = str(_only(graph.objects(distribution, DCTERMS.format)))
            media_type = str(_only(graph.objects(distribution, DCAT.mediaType)))
            extension = str(url).rsplit(".", 1)[1]
            assert file_type == EU + "file-type/" + extension.upper()
            assert (
                media_type
                == {
                    "csv": "https://www.iana.org/assignments/media-types/text/csv",
                    "json": "https://www.iana.org/assignments/media-types/application/json",
                }[extension]
            )


def test_every_file_of_the_open_data_is_a_distribution_that_answers(client, settings_for_the_portal):
    _municipality("Vaggeryd", "vaggeryd", "0665", reports=1)
    graph = _catalogue(client)

    urls = {str(url).removeprefix(f"http://{HOST}") for url in graph.objects(None, DCAT.downloadURL)}

    assert urls == {
        "/oppna-data/loften.csv",
        "/oppna-data/loften.json",
        "/oppna-data/aktiviteter.csv",
        "/oppna-data/aktiviteter.json",
        "/oppna-data/rapporter.json",
        "/oppna-data/rapporter/vaggeryd.json",
    }
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_municipality_with_published_reports_has_its_own_data_set(client, settings_for_the_portal):
    vaggeryd = _municipality("Vaggeryd", "vaggeryd", "0665", reports=2)
    graph = _catalogue(client)

    distribution = _only(graph.subjects(DCAT.downloadURL, URIRef(f"http://{HOST}/oppna-data/rapporter/vaggeryd.json")))
    dataset = _only(graph.subjects(DCAT.distribution, distribution))
    assert _title(graph, dataset, "sv") == "Uppföljningsrapporter från Vaggeryds kommun"
    assert _title(graph, dataset, "en") == "Follow-up reports of Vaggeryds kommun"
    assert _only(graph.objects(dataset, DCAT.landingPage)) == URIRef(f"http://{HOST}{vaggeryd.get_absolute_url()}")
    places = [place for place in graph.objects(dataset, DCTERMS.spatial) if (place, RDF.type, DCTERMS.Location) in graph]
    assert [str(_only(graph.objects(place, DCTERMS.identifier))) for place in places] == ["0665"]
    last = FollowUpReport.objects.published().latest("published_at").published_at
    assert _only(graph.objects(dataset, DCTERMS.modified)).toPython() == last


def test_a_municipality_without_a_published_report_has_no_data_set(client, settings_for_the_portal):
    _municipality("Vaggeryd", "vaggeryd", "0665", reports=1)
    _municipality("Hemliga", "hemliga", "0001", reports=1, state=ReviewState.APPROVED)
    _municipality("Tomma", "tomma", "0002")

    graph = _catalogue(client)

    addresses = {str(url) for url in graph.objects(None, DCAT.downloadURL)}
    assert f"http://{HOST}/oppna-data/rapporter/vaggeryd.json" in addresses
    assert not [address for address in addresses if "hemliga" in address or "tomma" in address]
    assert "Hemliga" not in graph.serialize(format="xml")
    # Nor is there a data set to find by guessing an address.
    assert not list(graph.triples((URIRef(f"http://{HOST}/oppna-data/katalog.rdf#rapporter-finns-inte"), None, None)))


def test_the_catalogue_costs_the_same_queries_for_thirty_municipalities_as_for_one(client, settings_for_the_portal):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            graph = _catalogue(client)
        return len(captured), len(_datasets(graph))

    _municipality("Vaggeryd", "vaggeryd", "0665", reports=1)
    few, one = queries()
    for n in range(30):
        _municipality(f"Kommun{n}", f"kommun-{n}", f"{1000 + n}", reports=3)
    many, thirty_one = queries()

    assert (one, thirty_one) == (4, 34)
    assert many == few <= 3


def test_the_catalogue_is_served_from_the_public_cache_to_the_next_reader(client, settings_for_the_portal):
    _municipality("Vaggeryd", "vaggeryd", "0665", reports=1)
    first = client.get(URL, HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as captured:
        second = client.get(URL, HTTP_HOST=HOST)

    assert second.content == first.content
    assert not [query for query in captured if "followup" in query["sql"]]
    assert first.has_header("ETag")


def test_the_open_data_page_links_to_the_catalogue(client):
    page = client.get("/oppna-data/").content.decode()

    assert 'href="/oppna-data/katalog.rdf"' in page
    assert '<link rel="alternate" type="application/rdf+xml"' in page
    assert "Filerna beskrivs för dataportal.se och andra dataportaler i en katalog" in page


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("OPEN_DATA_CONTACT_EMAIL", "skriv till oss", "OPEN_DATA_CONTACT_EMAIL must be an e-mail address"),
        ("OPEN_DATA_PUBLISHER_TYPE", "Kommun", "OPEN_DATA_PUBLISHER_TYPE must be one of"),
        ("OPEN_DATA_PUBLISHER_URL", "samverkan.example.se", "OPEN_DATA_PUBLISHER_URL must be an http(s) address"),
    ],
)
def test_a_wrong_publisher_setting_stops_start_up_naming_the_variable(variable, value, message):
    from tests.test_settings_deploy import PRODUCTION_ENV, _manage

    result = _manage("check", **{**PRODUCTION_ENV, variable: value})

    assert result.returncode != 0
    assert message in result.stderr
