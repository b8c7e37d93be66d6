"""The dialogues' part of the permission matrix (tests/approvals/test_permission_matrix.py)."""

import datetime

from django.urls import reverse


def dialogue_world(here):
    """A dialogue of `here` with one theme."""
    from cycle.models import Dialogue, DialogueTheme

    dialogue = Dialogue.objects.create(municipality=here, title="Trygghetsvandring", held_on=datetime.date(2026, 4, 1))
    return {"dialogue": dialogue, "theme": DialogueTheme.objects.create(dialogue=dialogue, theme="Belysning", what_was_said="Mörkt.")}


def dialogue_rows(here, dialogue, *, internal_read, item, step, page):
    """The dialogues' pages: read like the lägesbild's, written by the municipality's coordinators."""
    record, theme = dialogue["dialogue"], dialogue["theme"]
    query = f"?kommun={here.slug}"
    return [
        ("cycle:dialogues", "get", f"{reverse('cycle:dialogues')}{query}", None, internal_read),
        ("cycle:dialogue", "get", record.get_manage_url(), None, internal_read),
        ("cycle:dialogue_new", "get", f"{reverse('cycle:dialogue_new')}{query}", None, item),
        ("cycle:dialogue_edit", "get", reverse("cycle:dialogue_edit", args=[record.pk]), None, item),
        ("cycle:theme_new", "get", reverse("cycle:theme_new", args=[record.pk]), None, item),
        ("cycle:theme_edit", "get", reverse("cycle:theme_edit", args=[theme.pk]), None, item),
        ("cycle:dialogue_import", "get", f"{reverse('cycle:dialogue_import')}{query}", None, item),
        ("cycle:dialogue_import_confirm", "post", f"{reverse('cycle:dialogue_import_confirm')}{query}", {}, step),
        ("cycle:dialogue_import_template", "get", reverse("cycle:dialogue_import_template"), None, page),
        ("cycle:theme_remove", "post", reverse("cycle:theme_remove", args=[theme.pk]), {}, step),  # last: it removes the theme
    ]
