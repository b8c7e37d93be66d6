"""`/oppna-data/katalog.rdf`: the open data described as a DCAT-AP-SE catalogue in RDF/XML, the form
dataportal.se harvests.

One data set per kind of file (promises, activities, the index of report files) and one per
municipality with a published follow-up report, each with its CSV and/or JSON files as
distributions. Titles, descriptions and keywords are given in Swedish and in English whatever the
reader's language, so that the portal can show either. Every address is absolute and built from the
request, so the catalogue names the host it was fetched from. The municipalities' data sets cost one
query, however many there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from followup.models import FollowUpReport

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(EU + "data-theme/")
FREQUENCY = Namespace(EU + "frequency/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = Namespace(EU + "language/")
AVAILABILITY = Namespace(EU + "planned-availability/")
IANA_MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
# DCAT-AP-SE requires this exact URI for the catalogue's licence; the files are CC0 too.
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
# Sweden in GeoNames, the gazetteer DCAT-AP-SE recommends for dcterms:spatial.
SWEDEN = URIRef("http://sws.geonames.org/2661886")
# Metadata languages: each text is written in both.
LANGUAGES = ("sv", "en")
# Justice, legal system and public safety; Government and public sector.
THEMES = (DATA_THEME.JUST, DATA_THEME.GOVE)
KEYWORDS = (_("citizen promise"), _("safety"), _("crime prevention"), _("police"), _("municipality"))
REPORT_KEYWORDS = (*KEYWORDS, _("follow-up"))
CONTENT_TYPE = "application/rdf+xml; charset=utf-8"


@dataclass(frozen=True)
class FileFormat:
    """A file format as DCAT-AP names it (EU file type) and as IANA does (media type)."""

    label: str
    file_type: URIRef
    media_type: URIRef
    description: str


CSV = FileFormat(
    "CSV",
    FILE_TYPE.CSV,
    IANA_MEDIA_TYPE["text/csv"],
    _("CSV in UTF-8 with a byte-order mark and commas between columns; it opens in Excel."),
)
JSON = FileFormat(
    "JSON", FILE_TYPE.JSON, IANA_MEDIA_TYPE["application/json"], _("JSON with the licence, the columns and their meaning, and the rows.")
)

# The national data sets: (fragment, title, description, anchor on /oppna-data/, files).
NATIONAL_DATASETS = (
    (
        "loften",
        _("Citizen promises"),
        _(
            "Every published citizen promise of the municipalities and the police: the commitment, its effect and "
            "background, its focus areas, period, extensions and audience. One row per promise."
        ),
        "promises",
        (("loften-csv", CSV, "public:open_data_promises_csv"), ("loften-json", JSON, "public:open_data_promises_json")),
    ),
    (
        "aktiviteter",
        _("Activities of the citizen promises"),
        _(
            "Every activity of a published citizen promise: what is done, by whom, where and when, its target and its "
            "status now. One row per activity."
        ),
        "activities",
        (("aktiviteter-csv", CSV, "public:open_data_activities_csv"), ("aktiviteter-json", JSON, "public:open_data_activities_json")),
    ),
    (
        "rapporter",
        _("Follow-up reports: the municipalities' files"),
        _(
            "The municipalities that have published follow-up reports, each with the address of its file of reports, "
            "how many reports the file holds and when the municipality last published one."
        ),
        "reports",
        (("rapporter-json", JSON, "public:open_data_reports_json"),),
    ),
)
MUNICIPALITY_TITLE = _("Follow-up reports of %(municipality)s")
MUNICIPALITY_DESCRIPTION = _(
    "Every follow-up report %(municipality)s has published, every version, with everything the report says as it "
    "was published: the summary, each promise's activities with their status and what was done."
)


def _texts(text, **values) -> list[Literal]:
    """`text` in each metadata language, as language-tagged literals."""
    literals = []
    for language in LANGUAGES:
        with translation.override(language):
            literals.append(Literal(str(text) % values if values else str(text), lang=language))
    return literals


def reporting_municipalities() -> list[dict]:
    """Each municipality with a published follow-up report, by name, with when it first and last
    published one: one query, however many municipalities there are."""
    return list(
        FollowUpReport.objects.published()
        .order_by()
        .values("agreement__municipality")
        .annotate(first=Min("published_at"), last=Max("published_at"))
        .values("agreement__municipality__name", "agreement__municipality__code", "agreement__municipality__slug", "first", "last")
        .order_by("agreement__municipality__name")
    )


class CatalogueBuilder:
    """Builds the catalogue's graph; `base_url` is the site's address without a trailing slash."""

    def __init__(self, *, base_url: str):
        self.base_url = base_url
        self.here = base_url + reverse("public:open_data_catalogue")
        self.graph = Graph()
        for prefix, namespace in (
            ("dcat", DCAT),
            ("dcterms", DCTERMS),
            ("foaf", FOAF),
            ("vcard", VCARD),
            ("skos", SKOS),
            ("dcatap", DCATAP),
        ):
            self.graph.bind(prefix, namespace)
        self.catalogue = self.node("katalog")
        self.publisher = self.node("utgivare")
        self.contact = self.node("kontakt")

    def node(self, fragment: str) -> URIRef:
        """A resource of the catalogue: its address is the catalogue's, so looking it up finds its description."""
        return URIRef(f"{self.here}#{fragment}")

    def url(self, name: str, **kwargs) -> URIRef:
        return URIRef(self.base_url + reverse(name, kwargs=kwargs or None))

    def add_texts(self, subject, predicate, text, **values) -> None:
        for literal in _texts(text, **values):
            self.graph.add((subject, predicate, literal))

    def build(self, municipalities: list[dict]) -> Graph:
        g, catalogue = self.graph, self.catalogue
        g.add((catalogue, RDF.type, DCAT.Catalog))
        self.add_texts(catalogue, DCTERMS.title, _("Citizen promises: open data"))
        self.add_texts(
            catalogue,
            DCTERMS.description,
            _(
                "The citizen promises (medborgarlöften) of Swedish municipalities and the police as open data: the "
                "promises, their activities and the follow-up reports, exactly as published."
            ),
        )
        g.add((catalogue, DCTERMS.publisher, self.publisher))
        g.add((catalogue, DCTERMS.license, CC0))
        g.add((catalogue, FOAF.homepage, self.url("public:open_data")))
        g.add((catalogue, DCTERMS.spatial, SWEDEN))
        g.add((catalogue, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
        for language in (LANGUAGE.SWE, LANGUAGE.ENG):
            g.add((catalogue, DCTERMS.language, language))

        g.add((self.publisher, RDF.type, FOAF.Agent))
        g.add((self.publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))
        g.add((self.publisher, FOAF.homepage, URIRef(settings.OPEN_DATA_PUBLISHER_URL)))
        g.add((self.publisher, DCTERMS.type, ADMS_PUBLISHER_TYPE[settings.OPEN_DATA_PUBLISHER_TYPE]))

        g.add((self.contact, RDF.type, VCARD.Organization))
        g.add((self.contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))
        g.add((self.contact, VCARD.hasEmail, URIRef("mailto:" + settings.OPEN_DATA_CONTACT_EMAIL)))

        open_data = self.url("public:open_data")
        for fragment, title, description, anchor, files in NATIONAL_DATASETS:
            dataset = self.dataset(
                fragment,
                title=title,
                description=description,
                keywords=KEYWORDS,
                landing_page=URIRef(f"{open_data}#{anchor}"),
                frequency=FREQUENCY.UPDATE_CONT,
            )
            for file_fragment, file_format, url_name in files:
                self.distribution(dataset, file_fragment, title=title, file_format=file_format, url=self.url(url_name))

        for row in municipalities:
            name, slug = row["agreement__municipality__name"], row["agreement__municipality__slug"]
            dataset = self.dataset(
                f"rapporter-{slug}",
                title=MUNICIPALITY_TITLE,
                description=MUNICIPALITY_DESCRIPTION,
                values={"municipality": name},
                keywords=REPORT_KEYWORDS,
                landing_page=self.url("public:municipality", slug=slug),
                frequency=FREQUENCY.IRREG,
            )
            self.municipality_place(dataset, name=name, code=row["agreement__municipality__code"])
            if row["first"]:
                g.add((dataset, DCTERMS.issued, Literal(row["first"], datatype=XSD.dateTime)))
            if row["last"]:
                g.add((dataset, DCTERMS.modified, Literal(row["last"], datatype=XSD.dateTime)))
            self.distribution(
                dataset,
                f"rapporter-{slug}-json",
                title=MUNICIPALITY_TITLE,
                values={"municipality": name},
                file_format=JSON,
                url=self.url("public:open_data_municipality_reports", slug=slug),
            )
        return g

    def dataset(self, fragment, *, title, description, keywords, landing_page, frequency, values=None) -> URIRef:
        g, dataset, values = self.graph, self.node(fragment), values or {}
        g.add((self.catalogue, DCAT.dataset, dataset))
        g.add((dataset, RDF.type, DCAT.Dataset))
        self.add_texts(dataset, DCTERMS.title, title, **values)
        self.add_texts(dataset, DCTERMS.description, description, **values)
        for keyword in keywords:
            self.add_texts(dataset, DCAT.keyword, keyword)
        g.add((dataset, DCTERMS.publisher, self.publisher))
        g.add((dataset, DCAT.contactPoint, self.contact))
        for theme in THEMES:
            g.add((dataset, DCAT.theme, theme))
        g.add((dataset, DCTERMS.accrualPeriodicity, frequency))
        g.add((dataset, DCTERMS.spatial, SWEDEN))
        # The data are in Swedish whatever the reader's language (names, commitments, statuses).
        g.add((dataset, DCTERMS.language, LANGUAGE.SWE))
        g.add((dataset, DCAT.landingPage, landing_page))
        return dataset

    def municipality_place(self, dataset, *, name: str, code: str) -> None:
        """The municipality as a place: its name and SCB's four-digit code (no URI of ours names it)."""
        place = BNode()
        self.graph.add((dataset, DCTERMS.spatial, place))
        self.graph.add((place, RDF.type, DCTERMS.Location))
        self.graph.add((place, SKOS.prefLabel, Literal(name, lang="sv")))
        self.graph.add((place, DCTERMS.identifier, Literal(code)))

    def distribution(self, dataset, fragment, *, title, file_format: FileFormat, url: URIRef, values=None) -> None:
        g, distribution = self.graph, self.node(fragment)
        g.add((dataset, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        for literal in _texts(title, **(values or {})):
            g.add((distribution, DCTERMS.title, Literal(f"{literal} ({file_format.label})", lang=literal.language)))
        self.add_texts(distribution, DCTERMS.description, file_format.description)
        g.add((distribution, DCAT.accessURL, url))
        g.add((distribution, DCAT.downloadURL, url))
        g.add((distribution, DCTERMS.format, file_format.file_type))
        g.add((distribution, DCAT.mediaType, file_format.media_type))
        g.add((distribution, DCTERMS.license, CC0))
        g.add((distribution, DCATAP.availability, AVAILABILITY.STABLE))


def catalogue(request):
    """`/oppna-data/katalog.rdf`: the DCAT-AP-SE catalogue, for dataportal.se and other harvesters."""
    base_url = request.build_absolute_uri("/")[:-1]
    graph = CatalogueBuilder(base_url=base_url).build(reporting_municipalities())
    return HttpResponse(graph.serialize(format="pretty-xml", encoding="utf-8"), content_type=CONTENT_TYPE)
