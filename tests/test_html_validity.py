"""Every public page is valid HTML according to the Nu HTML Checker (vnu.jar)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.lifecycle.programmes import lived_programme
from tests.test_public_site import _programme, _report

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    if VNU.exists() and shutil.which("java"):
        return VNU
    if os.environ.get("REQUIRE_VALIDATOR"):
        pytest.fail("HTML validation is required but vnu.jar or Java is missing (`make test` installs vnu-jar with npm).")
    pytest.skip("vnu.jar or Java is missing.")


def vnu_errors(vnu, files) -> list[str]:
    """The Nu HTML Checker's errors in the written pages `files`, each as "file:line: message";
    empty when every page is valid. One Java run for all of them."""
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, vnu, tmp_path, seeds):
    from promises.models import FocusArea, Promise

    safety = FocusArea.objects.get(slug="trygghet-i-offentlig-miljo")
    municipality, promise = _programme("Testby", national=safety)
    _report(promise, 2023)
    vaggeryd_promise = Promise.objects.get(title="Medborgarlöfte Vaggeryd 2021")
    lived, sets = lived_programme()
    pages = {
        "home": "/",
        "home-filtered": "/?q=vagg&county=J%C3%B6nk%C3%B6pings+l%C3%A4n&focus_area=narkotika",
        "vaggeryd": "/vaggeryd/",
        "vindeln": "/vindeln/",
        "promise": vaggeryd_promise.get_absolute_url(),
        "earlier-promise": Promise.objects.get(title="Medborgarlöfte 2020–2021").get_absolute_url(),
        "report": f"/{municipality.slug}/uppfoljning/2023/",
        "focus-areas": "/fokusomraden/",
        "focus-area": "/fokusomraden/trygghet-i-offentlig-miljo/",
        "open-data": "/oppna-data/",
        "accessibility": "/tillganglighet/",
        "about": "/om/",
        "glossary": "/ordlista/",
        "not-found": "/finns-inte/",
        "sign-in": "/konto/logga-in/",
        "yearly-sets": lived.get_absolute_url(),
        "year-archive": f"/{lived.slug}/ar/2024/",
        "extended-promise": sets[2024][0].get_absolute_url(),
        "barnlofte": sets[2025][1].get_absolute_url(),
        "signed-promise": sets[2025][0].get_absolute_url(),
        "home-barnlofte": "/?audience=children",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    errors = vnu_errors(vnu, files)
    assert errors == []
