"""Swedish whatever the browser asks; English by the reader's explicit choice, remembered; in English
the Swedish content is marked `lang="sv"`, and a published report's labels follow the reader while
its snapshot and PDF stay Swedish (issue 15, item 5)."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import translation

from agreements.models import Municipality
from followup.models import Indicator, Measurement
from followup.periods import ReportingPeriod
from followup.rendering import render_pdf
from followup.snapshot_labels import localised
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory, SignatoryFactory
from tests.followup.conftest import published_report  # noqa: F401 - fixtures

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Languages(HTMLParser):
    """Each text's language in the page's body: that of its nearest element with a `lang` attribute."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in VOID:
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and self.in_body:
            self.texts.append((" ".join(data.split()), next((lang for lang in reversed(self.stack) if lang), None)))


def language_of(html: str, text: str) -> str:
    """The language a screen reader reads `text` in (the first text node containing it)."""
    parser = _Languages()
    parser.feed(html)
    found = [lang for data, lang in parser.texts if text in data]
    assert found, f"{text!r} is not on the page"
    return found[0]


def choose_english(client):
    return client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.fixture
def promise(here):
    area = FocusAreaFactory(municipality=here, name="Trygghet i centrum")
    promise = PromiseFactory(
        agreement=here.agreements.get(),
        title="Tryggare torg",
        commitment="Vi ska göra torget tryggare.",
        valid_from=datetime.date(2020, 1, 1),
        focus_areas=[area],
    )
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandringar på torget", place="Torget", status="ongoing")
    return promise


@pytest.fixture
def programme(here):
    """A programme followed up every tertial and every year, with one promise and two activities."""
    agreement = here.agreements.get()
    agreement.cadence = "both"
    agreement.starts_on = datetime.date(2022, 1, 1)
    agreement.save()
    SignatoryFactory(agreement=agreement, name="Gert Jonsson", title="Kommunstyrelsens ordförande", organisation="Kommunen")
    area = FocusAreaFactory(municipality=here, name="Trygghet")
    promise = PromiseFactory(agreement=agreement, title="Tryggare centrum", valid_from=datetime.date(2022, 1, 1), focus_areas=[area])
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandringar i centrum", status="ongoing")
    ActivityFactory(promise=promise, focus_area=area, description="Trafikinsatser vid skolan", status="planned")
    return agreement


@pytest.fixture
def period(request):
    """An annual report, so that "Helår" and the indicators' groups are on it; a tertial where asked."""
    return getattr(request, "param", ReportingPeriod(2024))


@pytest.fixture
def annual_report(here, published_report):
    return published_report


@pytest.fixture
def indicator(here):
    indicator = Indicator.objects.create(municipality=here, name="Trygg utomhus", unit="procent", source="NTU")
    for group, value in (("all", 70), ("women", 60), ("men", 80)):
        Measurement.objects.create(indicator=indicator, year=2024, group=group, value=value)
    return indicator


# The language --------------------------------------------------------------------------------


def test_a_browser_asking_for_english_gets_the_swedish_site(client, here, promise):
    response = client.get(promise.get_absolute_url(), headers={"accept-language": "en-GB,en;q=0.9"})

    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"
    assert "Accept-Language" not in response.get("Vary", "")


def test_the_readers_choice_gets_english_and_is_remembered(client, here, promise):
    chosen = choose_english(client)

    assert chosen.status_code == 302
    assert chosen.cookies["django_language"].value == "en"
    assert int(chosen.cookies["django_language"]["max-age"]) >= 365 * 24 * 3600
    for url in (here.get_absolute_url(), promise.get_absolute_url(), "/"):
        response = client.get(url, headers={"accept-language": "sv"})
        assert '<html lang="en">' in response.content.decode()
        assert response["Content-Language"] == "en"
        assert "Cookie" in response["Vary"]


def test_choosing_swedish_again_gets_swedish(client, here):
    choose_english(client)
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})

    assert '<html lang="sv">' in client.get(here.get_absolute_url()).content.decode()


@pytest.mark.parametrize("cookie", ["de", "", "en<script>", "x" * 300])
def test_a_language_cookie_naming_no_language_of_the_site_gets_swedish(client, here, cookie):
    client.cookies["django_language"] = cookie

    response = client.get(here.get_absolute_url())

    assert '<html lang="sv">' in response.content.decode()
    assert response["Content-Language"] == "sv"


def test_choosing_a_language_the_site_does_not_have_gets_swedish(client, here):
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})  # Django has German, the site does not

    assert '<html lang="sv">' in client.get(here.get_absolute_url()).content.decode()


def test_working_pages_follow_the_choice_not_the_browser(client, coordinator):
    client.force_login(coordinator)

    assert '<html lang="sv">' in client.get("/hantera/", headers={"accept-language": "en"}, follow=True).content.decode()
    assert 'lang="sv"' in client.get("/admin/login/", headers={"accept-language": "en"}).content.decode()[:300]
    choose_english(client)
    assert '<html lang="en">' in client.get("/hantera/", follow=True).content.decode()


def test_the_cache_never_serves_one_language_for_the_other(client, here, promise):
    url = promise.get_absolute_url()
    client.get(url)  # stored in Swedish
    english_reader = client.__class__()
    choose_english(english_reader)
    english = english_reader.get(url)
    english_again = english_reader.get(url)
    swedish_again = client.get(url, headers={"accept-language": "en"})

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="en">' in english_again.content.decode()
    assert '<html lang="sv">' in swedish_again.content.decode()


# Swedish content marked -------------------------------------------------------------------------


def test_the_english_promise_page_marks_the_promises_swedish_texts(client, here, promise):
    choose_english(client)

    html = client.get(promise.get_absolute_url()).content.decode()

    for text in ("Tryggare torg", "Vi ska göra torget tryggare.", "Trygghetsvandringar på torget", "Torget", "Trygghet i centrum"):
        assert language_of(html, text) == "sv", text
    for label in ("Focus areas", "We do this by", "Where"):
        assert language_of(html, label) == "en", label


def test_the_english_municipality_page_marks_the_promises_swedish_texts(client, here, promise):
    choose_english(client)

    html = client.get(here.get_absolute_url()).content.decode()

    assert language_of(html, "Vi ska göra torget tryggare.") == "sv"
    assert language_of(html, "Trygghetsvandringar på torget") == "sv"
    assert language_of(html, "Cooperation agreement") == "en"


def test_the_swedish_page_marks_nothing_as_swedish_twice(client, here, promise):
    html = client.get(promise.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]

    assert "lang=" not in main
    assert language_of(html, "Vi ska göra torget tryggare.") == "sv"


def test_the_english_report_page_marks_the_reports_texts(client, annual_report):
    choose_english(client)

    html = client.get(annual_report.get_absolute_url()).content.decode()

    assert language_of(html, "Perioden i korthet: arbetet gick enligt planen.") == "sv"  # the summary
    assert language_of(html, "Trygghetsvandringar i centrum") == "sv"  # an activity
    assert language_of(html, "Det som gjordes under perioden.") == "sv"  # what was done
    assert language_of(html, "Tryggare centrum") == "sv"  # the promise's title
    assert language_of(html, "Status per focus area") == "en"


# Labels from codes ---------------------------------------------------------------------------------


def test_a_published_reports_labels_are_english_on_the_english_page(client, here, indicator, annual_report):
    choose_english(client)

    html = client.get(annual_report.get_absolute_url()).content.decode()

    for english in ("Full year 2024", "Ongoing", "Planned", "Everyone", "Women", "Men"):
        assert english in html, english
    for swedish in ("Helår", "Pågående", "Planerad", "Kvinnor"):
        assert swedish not in html, swedish


def test_the_snapshot_and_the_pdf_stay_swedish(client, here, indicator, annual_report, monkeypatch):
    import weasyprint

    choose_english(client)
    client.get(annual_report.get_absolute_url())
    annual_report.refresh_from_db()
    snapshot = annual_report.snapshot
    rendered = []

    class Capture:
        def __init__(self, string, **kwargs):
            rendered.append(string)

        def write_pdf(self, **kwargs):
            return b"%PDF"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    with translation.override("en"):
        render_pdf(snapshot)

    assert snapshot["period"]["label"] == "Helår 2024"
    assert snapshot["sections"][0]["activities"][0]["status_label"] == "Pågående"
    assert "Helår 2024" in rendered[0] and "Pågående" in rendered[0] and "Kvinnor" in rendered[0]
    assert 'lang="sv"' not in rendered[0].split("<body>", 1)[1]  # the whole PDF is Swedish already
    pdf = client.get(annual_report.get_pdf_url())
    assert pdf.getvalue() == bytes(annual_report.pdf)


def test_the_swedish_page_shows_the_snapshot_as_stored(client, annual_report):
    html = client.get(annual_report.get_absolute_url()).content.decode()

    assert "Helår 2024" in html and "Pågående" in html


def _old_snapshot():
    return {
        "period": {"label": "Tertial 2 2023"},  # no year or tertial: an older schema
        "agreement": {"state": "Gäller"},
        "sections": [
            {
                "activities": [
                    {"status_label": "Pågående", "responsible": "Polisen"},  # no status code
                    {"status": "paused", "status_label": "Pausad", "responsible": "Föreningen Trygga vuxna"},  # an unknown code
                ]
            }
        ],
        "focus_area_summary": [{"counts": [{"status": "done", "label": "Genomförd", "count": 1}]}],
        "indicators": [{"groups": [{"key": "all", "label": "Alla"}, {"label": "Unga"}]}],
    }


def test_labels_without_a_code_are_shown_as_stored_unless_recognised():
    stored = _old_snapshot()

    with translation.override("en"):
        shown = localised(stored)

    assert shown["period"]["label"] == "Tertial 2 2023"
    assert shown["agreement"]["state"] == "In force"
    assert [a["status_label"] for a in shown["sections"][0]["activities"]] == ["Pågående", "Pausad"]
    assert [a["responsible"] for a in shown["sections"][0]["activities"]] == ["The police", "Föreningen Trygga vuxna"]
    assert shown["focus_area_summary"][0]["counts"][0]["label"] == "Done"
    assert [g["label"] for g in shown["indicators"][0]["groups"]] == ["Everyone", "Unga"]
    assert stored == _old_snapshot()  # the stored snapshot is never changed


def test_in_swedish_the_snapshot_is_not_copied_or_changed():
    stored = _old_snapshot()

    with translation.override("sv"):
        assert localised(stored) is stored


# Tertial explained ---------------------------------------------------------------------------------


def test_the_glossary_explains_tertial_in_english(client):
    choose_english(client)

    html = client.get("/ordlista/").content.decode()

    assert 'id="tertial"' in html
    assert "four months" in html and "January–April, tertial 2 May–August and tertial 3 September–December" in html


def test_the_glossary_explains_tertial_in_swedish(client):
    html = client.get("/ordlista/").content.decode()

    assert '<html lang="sv">' in html
    assert "fyra månader" in html and "januari–april, tertial 2 maj–augusti och tertial 3 september–december" in html


@pytest.mark.parametrize("period", [ReportingPeriod(2024, 2)], indirect=True)
def test_the_report_and_municipality_pages_link_tertial_to_the_glossary(client, here, published_report):
    choose_english(client)
    report_page = client.get(published_report.get_absolute_url()).content.decode()
    municipality_page = client.get(here.get_absolute_url()).content.decode()

    assert "Tertial 2 2024 covers May–August 2024." in report_page
    assert '/ordlista/#tertial"' in report_page
    assert '/ordlista/#tertial"' in municipality_page


@pytest.mark.django_db
def test_ordlista_cannot_be_a_municipalitys_address():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="ordlista"):
        Municipality(name="Ordlista", code="9999", slug="ordlista", county="Län").clean()


def test_the_periods_months_and_the_next_follow_up_follow_the_reader():
    stored = {
        "period": {"year": 2022, "tertial": 1, "label": "Tertial 1 2022", "months": "januari–april"},
        "next_follow_up": {"year": 2022, "tertial": None, "label": "Helår 2022", "months": "januari–december"},
    }

    with translation.override("en"):
        shown = localised(stored)

    assert shown["period"]["months"] == "January–April"
    assert (shown["next_follow_up"]["label"], shown["next_follow_up"]["months"]) == ("Full year 2022", "January–December")
