"""The coordinator gives the municipality its emblem for the reports' cover at /hantera/emblem/:
a PNG or JPEG with its text alternative, replaced or removed at any time."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from agreements.models import Municipality

pytestmark = pytest.mark.django_db


def _png(size=(60, 70), padding=0) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue() + b"\0" * padding


def _url(municipality) -> str:
    return f"{reverse('agreements:emblem_edit')}?kommun={municipality.slug}"


def _upload(client, municipality, name="vapen.png", content=None, alt="Härs kommunvapen", **more):
    data = {"emblem_alt": alt, **more}
    if name:
        data["emblem"] = SimpleUploadedFile(name, _png() if content is None else content)
    return client.post(_url(municipality), data)


def test_a_coordinator_uploads_the_emblem_with_its_text_alternative_and_sees_it(client, here, coordinator):
    client.force_login(coordinator)

    response = _upload(client, here)

    assert response.status_code == 302
    here.refresh_from_db()
    assert here.emblem.name.startswith("emblems/") and here.emblem_alt == "Härs kommunvapen"
    page = html.fromstring(client.get(_url(here)).content.decode())
    preview = page.xpath('//figure[@class="emblem-preview"]/img')[0]
    assert preview.get("alt") == "Härs kommunvapen"
    image = client.get(preview.get("src"))
    assert image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content) == _png()


def test_the_dashboard_leads_to_the_emblem_page(client, here, coordinator):
    client.force_login(coordinator)

    page = html.fromstring(client.get(f"{reverse('coordination:dashboard')}?kommun={here.slug}").content.decode())

    assert page.xpath(f'//a[@href="{_url(here)}" and normalize-space()="Lägg till emblemet"]')


@pytest.mark.parametrize(
    ("name", "content", "alt", "field", "message"),
    [
        ("vapen.png", None, "", "emblem_alt", "Säg vad emblemet visar"),
        ("vapen.png", _png(padding=301 * 1024), "Vapen", "emblem", "högst 300 kB"),
        ("vapen.gif", None, "Vapen", "emblem", "gif"),
        ("vapen.png", b"not an image", "Vapen", "emblem", "bild"),
    ],
)
def test_an_emblem_without_text_alternative_too_large_or_not_an_image_is_refused_and_the_old_one_kept(
    client, here, coordinator, name, content, alt, field, message
):
    client.force_login(coordinator)
    _upload(client, here, alt="Det gamla vapnet")
    before = Municipality.objects.get(pk=here.pk)

    response = _upload(client, here, name=name, content=content, alt=alt)

    assert response.status_code == 200
    error = html.fromstring(response.content.decode()).get_element_by_id(f"id_{field}-error").text_content()
    assert message in error
    after = Municipality.objects.get(pk=here.pk)
    assert (after.emblem.name, after.emblem_alt) == (before.emblem.name, "Det gamla vapnet")


def test_removing_the_emblem_leaves_the_cover_with_the_parties_in_text(client, here, coordinator):
    client.force_login(coordinator)
    _upload(client, here)

    response = _upload(client, here, name=None, alt="Härs kommunvapen", remove="on")

    assert response.status_code == 302
    here.refresh_from_db()
    assert not here.emblem and here.emblem_alt == ""
    assert client.get(f"{reverse('agreements:emblem_image')}?kommun={here.slug}").status_code == 404


def test_another_municipalitys_coordinator_cannot_change_or_see_the_emblem(client, here, there, other_coordinator, coordinator):
    client.force_login(coordinator)
    _upload(client, here)
    client.force_login(other_coordinator)

    assert _upload(client, here, alt="Fel vapen").status_code == 404
    assert client.get(f"{reverse('agreements:emblem_image')}?kommun={here.slug}").status_code == 404
    here.refresh_from_db()
    assert here.emblem_alt == "Härs kommunvapen"
