"""Checked spreadsheets waiting for their confirmation (see promises.importing.writing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Municipality


class PendingImportKind(models.TextChoices):
    ACTIVITIES = "activities", _("activities")
    PROMISES = "promises", _("promises")
    REPORT_UPDATES = "report_updates", _("a report's activity updates")
    DIALOGUES = "dialogues", _("dialogues")


class PendingImport(models.Model):
    """A checked spreadsheet waiting for its confirmation. Its token is taken once, under a row lock,
    so that a second or simultaneous confirmation of the same file writes nothing."""

    token = models.CharField(max_length=64, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PendingImportKind.choices)
    # The record the file goes into when the kind has one (a follow-up report); promises cannot
    # point at followup, which sits above them.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()  # emptied once the file is imported
    sha256 = models.CharField(max_length=64)
    options = models.JSONField(default=dict, blank=True)  # what was chosen on the page with the file
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checked import file")
        verbose_name_plural = _("checked import files")

    def __str__(self) -> str:
        return self.file_name

    def is_expired(self, now=None) -> bool:
        """Whether it waited longer than IMPORT_TOKEN_MAX_AGE for its confirmation."""
        return self.created_at + settings.IMPORT_TOKEN_MAX_AGE < (now or timezone.now())
