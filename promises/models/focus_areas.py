"""Focus areas: the national catalogue and each municipality's own, which promises work within."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models import Municipality
from approvals.models import ReviewState
from approvals.scope import ScopePaths


class FocusAreaQuerySet(models.QuerySet):
    def national(self) -> FocusAreaQuerySet:
        return self.filter(municipality__isnull=True)

    def available_to(self, municipality: Municipality) -> FocusAreaQuerySet:
        """The national catalogue plus the municipality's own local focus areas."""
        return self.filter(Q(municipality__isnull=True) | Q(municipality=municipality))

    def delete(self):
        # Imported here: the promises' module imports this one.
        from promises.models.promises import Promise

        # Refused before anything is written (see FocusArea.check_deletable).
        for area in self.filter(promises__in=Promise.objects.exclude(workflow_state=ReviewState.DRAFT)).distinct():
            area.check_deletable()
        return super().delete()


class FocusArea(models.Model):
    """A focus area (fokusområde): national, from the shared catalogue, or local to one municipality."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("web address"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focus_areas",
        help_text=_("Empty for a focus area in the national catalogue."),
    )
    national_area = models.ForeignKey(
        "self",
        verbose_name=_("national focus area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="local_areas",
        limit_choices_to={"municipality__isnull": True},
        help_text=_("For a local focus area: the national one it belongs under, for the national overview."),
    )
    history = HistoricalRecords()

    objects = FocusAreaQuerySet.as_manager()

    scope_paths = ScopePaths(municipality="municipality", police_area="municipality__police_area")

    class Meta:
        ordering = ["name"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            # National slugs are public URLs (/fokusomraden/<slug>/); local ones only need to be
            # unique within their municipality.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(municipality__isnull=True),
                name="national_focus_area_slug_unique",
                violation_error_message=_("A national focus area with this web address already exists."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="local_focus_area_slug_unique",
                violation_error_message=_("The municipality already has a focus area with this web address."),
            ),
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | Q(national_area__isnull=True),
                name="national_focus_area_has_no_parent",
                violation_error_message=_("Only a local focus area can belong under a national one."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.municipality_id is None

    def clean(self):
        if self.municipality_id is None and self.national_area_id is not None:
            raise ValidationError({"national_area": _("Only a local focus area can belong under a national one.")})

    def frozen_promises(self) -> models.QuerySet:
        """The promises naming this focus area whose content may no longer change (submitted,
        approved or published): deleting the area would silently strip it from them."""
        return self.promises.exclude(workflow_state=ReviewState.DRAFT)

    def delete(self, *args, **kwargs):
        self.check_deletable()  # before the deletion's transaction, which the signal below would spoil
        return super().delete(*args, **kwargs)

    def check_deletable(self) -> None:
        """Raise ProtectedError, with a message for the user, while a promise past draft names this area."""
        frozen = list(self.frozen_promises())
        if frozen:
            raise models.ProtectedError(
                _(
                    "The focus area “%(area)s” cannot be deleted: it is used by promises that are no longer drafts (%(promises)s), and their content does not change."
                )
                % {"area": self.name, "promises": "; ".join(promise.title for promise in frozen)},
                frozen,
            )


@receiver(pre_delete, sender=FocusArea, dispatch_uid="focus_area_not_deleted_under_published_promises")
def _refuse_deleting_focus_area_in_use(sender, instance: FocusArea, **kwargs) -> None:
    # Also here: a municipality's cascade calls neither FocusArea.delete() nor the queryset's.
    instance.check_deletable()
