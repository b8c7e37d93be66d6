"""The dialogues' pages and the promise page's trail are valid HTML (vnu); axe-core reads them in
tests/browser/test_dialogue_in_browser.py."""

import pytest
from django.urls import reverse

from tests.test_html_validity import vnu, vnu_errors  # noqa: F401 - a fixture

DEMO_PASSWORD = "demo"


def _demo_pages():
    """The dialogue pages of the demo's Vindeln, and its promise page whose trail the demo fills."""
    from cycle.models import Dialogue
    from promises.models import Promise

    dialogue = Dialogue.objects.get(municipality__slug="vindeln")
    promise = Promise.objects.published().get(agreement__municipality__slug="vindeln", title="Otrygga platser")
    theme = dialogue.themes.get()
    return {
        "dialogues": f"{reverse('cycle:dialogues')}?kommun=vindeln",
        "dialogue": dialogue.get_manage_url(),
        "dialogue-new": f"{reverse('cycle:dialogue_new')}?kommun=vindeln",
        "dialogue-edit": reverse("cycle:dialogue_edit", args=[dialogue.pk]),
        "theme-new": reverse("cycle:theme_new", args=[dialogue.pk]),
        "theme-edit": reverse("cycle:theme_edit", args=[theme.pk]),
        "import": f"{reverse('cycle:dialogue_import')}?kommun=vindeln",
        "promise": promise.get_absolute_url(),
    }


@pytest.fixture
def demo_cycle(db):
    from django.core.management import call_command

    from coordination import demo

    call_command("loaddata", "focus_areas", "seeds", verbosity=0)
    demo.create_users(password=DEMO_PASSWORD)
    demo.create_demo_cycle()


def test_the_dialogue_pages_and_the_trail_are_valid_html(client, demo_cycle, tmp_path, vnu):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="samordnare.vindeln"))
    files = []
    for name, url in _demo_pages().items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    assert vnu_errors(vnu, files) == []
