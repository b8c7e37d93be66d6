"""Writing a checked file, the same way for every import: only by someone allowed to, only if every
row is good, in bulk in one transaction, and only once (a checked file waits under a one-time token
for its confirmation)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agreements.models import Municipality
from approvals.models import Versioned
from promises.importing.checking import ImportPlan
from promises.importing.reading import ImportFileError
from promises.models import PendingImport


def require_importer(*, municipality: Municipality, by) -> None:
    """ImportFileError unless `by` may import for the municipality (its coordinators may)."""
    if not by.has_perm("promises.add_focusarea", municipality):
        raise ImportFileError(_("You may not import for this municipality; only its coordinators can."))


def write_rows(*, model, new: list, changed: list, fields: list[str], by) -> None:
    """Insert the new records and update `fields` of the changed ones (a version further on, if the
    model has versions), in bulk with their history: a large file costs a handful of queries, not
    one per row."""
    if new:
        bulk_create_with_history(new, model, batch_size=500, default_user=by)
    if changed:
        if issubclass(model, Versioned):
            for record in changed:
                record.version += 1
            fields = [*fields, "version"]
        bulk_update_with_history(changed, model, fields, batch_size=500, default_user=by)


# Confirming ------------------------------------------------------------------------------------


class ImportAlreadyConfirmed(ImportFileError):
    """The checked file was imported already; confirming it again writes nothing."""


def pending_import_create(
    *, municipality: Municipality, kind: str, user, name: str, data: bytes, options: dict | None = None, object_id: int | None = None
) -> PendingImport:
    """Keep a checked file for its confirmation under a new one-time token. Files that waited past
    IMPORT_TOKEN_MAX_AGE lose their bytes; after a day their rows go too."""
    now = timezone.now()
    expired = now - settings.IMPORT_TOKEN_MAX_AGE
    PendingImport.objects.filter(created_at__lt=expired - datetime.timedelta(days=1)).delete()
    PendingImport.objects.filter(created_at__lt=expired).exclude(data=b"").update(data=b"")
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32),
        municipality=municipality,
        kind=kind,
        object_id=object_id,
        user=user,
        file_name=name[:255],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        options=options or {},
        created_at=now,
    )


@transaction.atomic
def pending_import_confirm(*, token: str, municipality: Municipality, kind: str, user, run, object_id: int | None = None) -> ImportPlan:
    """Import the file kept under `token` once: the token is taken under a row lock in the same
    transaction as the writing, so a second or simultaneous confirmation finds it used and writes
    nothing (ImportAlreadyConfirmed). `run(name, data, **options)` checks the file again and writes
    it; a plan that no longer checks out leaves the token unused."""
    pending = (
        (
            PendingImport.objects.select_for_update()
            .filter(token=token, municipality=municipality, kind=kind, object_id=object_id, user=user)
            .first()
        )
        if token
        else None
    )
    if pending is None:
        raise ImportFileError(_("There is no checked file to import; upload it again."))
    if pending.used_at is not None:
        raise ImportAlreadyConfirmed(_("The file %(name)s was already imported; it was not imported again.") % {"name": pending.file_name})
    if pending.is_expired():
        raise ImportFileError(
            _("The checked file waited more than %(minutes)s minutes and has expired; nothing was imported. Upload it again.")
            % {"minutes": int(settings.IMPORT_TOKEN_MAX_AGE.total_seconds() // 60)}
        )
    data = bytes(pending.data)
    if hashlib.sha256(data).hexdigest() != pending.sha256:
        raise ImportFileError(_("There is no checked file to import; upload it again."))
    plan = run(pending.file_name, data, **pending.options)
    if plan.is_valid:
        pending.used_at = timezone.now()
        pending.data = b""
        pending.save(update_fields=["used_at", "data"])
    return plan
