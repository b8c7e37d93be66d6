""" "Status at a glance" on a municipality's page: one bar per focus area over all its activities,
divided by status, with a legend and the numbers in text; only "done" is a solid fill."""

from types import SimpleNamespace

import pytest
from lxml import html

from public.views import status_by_focus_area, status_legend
from tests.factories import ActivityFactory
from tests.test_public_site import _programme


def _activity(area, status):
    return SimpleNamespace(focus_area=SimpleNamespace(name=area), status=status)


def test_each_focus_area_is_one_bar_over_all_its_activities_divided_by_status():
    summary = status_by_focus_area(
        [_activity("Trafik", "done"), _activity("Trafik", "ongoing"), _activity("Trafik", "ongoing"), _activity("Droger", "planned")]
    )

    traffic = next(area for area in summary if area["name"] == "Trafik")
    assert traffic["total"] == 3
    assert [(part["status"], part["count"], part["offset"], part["percent"]) for part in traffic["parts"]] == [
        ("ongoing", 2, 0, 66.7),
        ("done", 1, 66.7, 33.3),
    ]
    assert sum(part["percent"] for part in traffic["parts"]) == pytest.approx(100)


def test_only_done_is_drawn_without_a_texture():
    textures = {key["status"]: key["texture"] for key in status_legend()}

    assert textures["done"] == ""
    assert all(textures[status] for status in ("ongoing", "postponed", "cancelled"))
    assert set(textures) == {"planned", "ongoing", "done", "postponed", "cancelled"}


def test_no_activities_give_no_bars():
    assert status_by_focus_area([]) == []


@pytest.mark.django_db
def test_one_ongoing_activity_fills_its_bar_with_a_texture_and_the_legend_and_text_say_ongoing(client):
    municipality, _ = _programme("Vaggeryd", status="ongoing")

    document = html.fromstring(client.get(municipality.get_absolute_url()).content.decode())

    section = document.xpath('//section[@aria-labelledby="glance-heading"]')[0]
    legend = [" ".join(key.text_content().split()) for key in section.xpath('.//li[@class="glance__key"]')]
    assert legend == ["Planerad", "Pågående", "Genomförd", "Framflyttad", "Inställd"]
    [row] = section.xpath('.//li[@class="glance__row"]')
    assert " ".join(row.xpath('.//p[@class="glance__text"]')[0].text_content().split()) == "1 pågående (1 aktivitet)"
    bar = row.xpath('.//*[local-name()="svg"]')[0]
    [segment] = bar.xpath('./*[local-name()="rect"]')
    assert (segment.get("class"), segment.get("x"), segment.get("width")) == ("glance__part glance__part--ongoing", "0.0", "100.0")
    [texture] = bar.xpath('./*[local-name()="path"]')
    assert texture.get("fill") == "url(#glance-stripes)"
    assert section.xpath('.//*[local-name()="pattern"][@id="glance-stripes"]'), "the texture the bar uses is defined on the page"


@pytest.mark.django_db
def test_a_done_activity_is_a_solid_segment_beside_the_textured_ongoing_one(client):
    municipality, promise = _programme("Vaggeryd", status="ongoing")
    ActivityFactory(promise=promise, focus_area=promise.focus_areas.get(), status="done")

    document = html.fromstring(client.get(municipality.get_absolute_url()).content.decode())

    bar = document.xpath('//li[@class="glance__row"]//*[local-name()="svg"]')[0]
    segments = [(rect.get("class").split("--")[1], rect.get("x"), rect.get("width")) for rect in bar.xpath('./*[local-name()="rect"]')]
    assert segments == [("ongoing", "0.0", "50.0"), ("done", "50.0", "50.0")]
    assert [path.get("fill") for path in bar.xpath('./*[local-name()="path"]')] == ["url(#glance-stripes)"]
