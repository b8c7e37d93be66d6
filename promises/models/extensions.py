"""Extension of a promise by decision: it applies, unchanged, until a later date."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import Reviewable
from approvals.scope import ScopePaths
from promises.models.promises import Promise


class PromiseExtension(Reviewable):
    """A decision that a promise applies, unchanged, until a later date.

    The promise keeps its original period; each extension is its own record, approved like
    content, and the public page shows them all ("Förlängt till … genom beslut i …").
    """

    promise = models.ForeignKey(Promise, verbose_name=_("promise"), on_delete=models.CASCADE, related_name="extensions")
    extended_until = models.DateField(_("extended until"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_('The body that decided, for example "kommunstyrelsen" or "lokalpolisområdet".')
    )
    reference = models.CharField(_("reference (diarienummer)"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="promise__agreement__municipality", police_area="promise__agreement__police_area")
    kind_label = _("extension of a promise")
    summary_template = "promises/manage/extension_summary.html"
    manage_template = "promises/manage/extension_manage.html"

    class Meta:
        ordering = ["promise", "extended_until", "pk"]
        verbose_name = _("extension of a promise")
        verbose_name_plural = _("extensions of promises")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decided_by=""),
                name="promise_extension_names_the_body",
                violation_error_message=_("Say which body decided the extension."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(promise)s: extended until %(date)s") % {"promise": self.promise, "date": self.extended_until.isoformat()}

    def get_manage_url(self) -> str:
        return reverse("promises:manage_extension", kwargs={"pk": self.pk})

    def get_absolute_url(self) -> str:
        return self.promise.get_absolute_url()

    def clean(self):
        errors = {}
        if not self.decided_by.strip():
            errors["decided_by"] = _("Say which body decided the extension.")
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("The decision date cannot be in the future.")
        if self.promise_id and self.extended_until:
            promise = self.promise
            if promise.valid_until is None:
                errors["extended_until"] = _("The promise applies until further notice and needs no extension.")
            else:
                earlier = [e for e in promise.published_extensions() if e.pk != self.pk]
                current_end = max([promise.valid_until, *(e.extended_until for e in earlier)])
                if self.extended_until <= current_end:
                    errors["extended_until"] = _(
                        "An extension must end after the promise's current end, %(date)s; it cannot shorten it."
                    ) % {"date": current_end.isoformat()}
        if errors:
            raise ValidationError(errors)
