"""What a promise's revision changes against the published promise it will replace."""

from __future__ import annotations

from django.utils.translation import gettext as _

from approvals import changes
from approvals.changes import Changes, PartChange
from promises.models import Promise
from promises.services import ACTIVITY_CONTENT_FIELDS, PROMISE_CONTENT_FIELDS

# The order of promises and of activities is where they are listed, not what they say.
PROMISE_FIELDS = [name for name in PROMISE_CONTENT_FIELDS if name != "order"]
ACTIVITY_FIELDS = [name for name in ACTIVITY_CONTENT_FIELDS if name != "order"]
# An added activity is named by its description and shown with the rest of its values.
ADDED_ACTIVITY_FIELDS = [name for name in ACTIVITY_FIELDS if name != "description"]


def revision_changes(revision: Promise) -> Changes:
    """The revision against the published promise: each changed field before → after (focus areas and
    signatories included), and the activities it adds, removes and changes, field by field."""
    published = revision.revision_of
    fields = changes.field_changes(published, revision, PROMISE_FIELDS)
    fields += changes.list_change(changes.label(Promise, "focus_areas"), _focus_areas(published), _focus_areas(revision))
    fields += changes.list_change(_("Signed by"), _signatories(published), _signatories(revision))
    return Changes(
        against=_("Compared with the published promise."),
        against_url=published.get_absolute_url(),
        fields=fields,
        parts_heading=_("Activities"),
        parts=_activity_changes(published, revision),
    )


def _focus_areas(promise: Promise) -> list[str]:
    return sorted(area.name for area in promise.focus_areas.all())


def _signatories(promise: Promise) -> list[str]:
    return [
        ", ".join(filter(None, [s.name, s.title, s.organisation, changes.display(s, "signed_on") if s.signed_on else ""]))
        for s in promise.signatories.all()
    ]


def _activity_changes(published: Promise, revision: Promise) -> list[PartChange]:
    """Added and changed activities in the revision's order, then the removed ones in the published order.

    A revision's copy of an activity points to the published one it will update (`revision_of`);
    a copy without one is new, and a published activity no copy points to will be removed.
    """
    originals = {a.pk: a for a in published.activities.select_related("focus_area", "carried_over_from")}
    kept = set()
    parts = []
    for copy in revision.activities.select_related("focus_area", "carried_over_from"):
        original = originals.get(copy.revision_of_id)
        if original is None:
            parts.append(PartChange(name=copy.description, change="added", fields=changes.field_values(copy, ADDED_ACTIVITY_FIELDS)))
            continue
        kept.add(original.pk)
        changed = changes.field_changes(original, copy, ACTIVITY_FIELDS)
        if changed:
            parts.append(PartChange(name=original.description, change="changed", fields=changed))
    parts += [PartChange(name=a.description, change="removed") for pk, a in originals.items() if pk not in kept]
    return parts


changes.register(model=Promise, is_revision=lambda promise: promise.revision_of_id is not None, compute=revision_changes)
