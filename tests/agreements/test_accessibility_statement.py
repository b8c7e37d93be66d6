"""The accessibility statement at /tillganglighet/ has every part of Digg's model statement."""

import pytest
from lxml import html

pytestmark = pytest.mark.django_db


def _statement(client):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def _section_text(document, section_id):
    """The text from the heading with `section_id` up to the next heading of the same level or higher."""
    heading = document.get_element_by_id(section_id)
    level = int(heading.tag[1])
    parts = []
    for sibling in heading.itersiblings():
        if sibling.tag in {f"h{n}" for n in range(1, level + 1)}:
            break
        parts.append(sibling.text_content())
    return " ".join(" ".join(parts).split())


def test_statement_states_partial_compliance_under_the_law(client):
    document = _statement(client)

    compliance = _section_text(document, "teknisk-information")
    assert "delvis förenlig" in compliance
    assert "2018:1937" in compliance
    assert "WCAG 2.1" in compliance


def test_statement_lists_the_known_shortcomings_honestly(client):
    document = _statement(client)

    shortcomings = [
        " ".join(item.text_content().split())
        for item in document.xpath('//h3[@id="brister"]/following-sibling::ul[@class="shortcomings"]/li')
    ]
    assert len(shortcomings) >= 3
    assert any("administrat" in item.lower() and "1.4.1" in item and "2.5.8" in item for item in shortcomings)
    assert any("PDF" in item and "1.3.1" in item for item in shortcomings)
    assert any("skärmläsare" in item for item in shortcomings), "no manual screen-reader check has been made: the statement must say so"


def test_statement_says_how_and_when_the_service_was_assessed(client):
    document = _statement(client)

    method = _section_text(document, "hur-vi-testat")
    for tool in ("axe-core", "Nu HTML Checker", "320"):
        assert tool in method
    dates = {
        " ".join(dt.text_content().split()): " ".join(dd.text_content().split())
        for dt, dd in zip(
            document.xpath('//dl[contains(@class, "statement-dates")]//dt'), document.xpath('//dl[contains(@class, "statement-dates")]//dd')
        )
    }
    assert dates == {"Senaste bedömning": "25 november 2026", "Redogörelsen granskades senast": "25 november 2026"}


def test_the_feedback_address_comes_from_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@vaggeryd.example"

    document = _statement(client)

    links = document.xpath('//h2[@id="rapportera"]/following-sibling::p[@class="contact-email"]/a')
    assert [(link.get("href"), link.text_content()) for link in links] == [
        ("mailto:tillganglighet@vaggeryd.example", "tillganglighet@vaggeryd.example")
    ]


def test_statement_links_to_diggs_form_for_reporting_shortcomings(client):
    document = _statement(client)

    assert "Digg" in _section_text(document, "tillsyn")
    assert document.xpath('//h2[@id="tillsyn"]/following-sibling::p/a[@href="https://www.digg.se/tdosanmalan"]')


def test_statement_tells_how_to_get_content_in_another_form(client):
    document = _statement(client)

    assert "kommun" in _section_text(document, "alternativ")


def test_a_contact_address_that_is_not_an_email_address_stops_start_up():
    from tests.test_settings_deploy import PRODUCTION_ENV, _manage

    result = _manage("check", **{**PRODUCTION_ENV, "ACCESSIBILITY_CONTACT_EMAIL": "skriv till oss"})

    assert result.returncode != 0
    assert "ACCESSIBILITY_CONTACT_EMAIL must be an e-mail address" in result.stderr
