"""The approval workflow shared by agreements, promises and follow-up reports, and its record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history import register


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submitted for approval")
    WITHDRAW = "withdraw", _("Withdrawn")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned with a comment")
    PUBLISH = "publish", _("Published")
    START_REVISION = "start_revision", _("Revision started")


class Versioned(models.Model):
    """A record edited by people who may be editing it at the same time.

    Every saved edit raises `version`; a form carries the version it was filled in from, and
    `approvals.editing.save_edit` refuses the save if someone else saved in between.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Reviewable(Versioned):
    """A record that goes draft → submitted → approved → published, and may be returned to draft.

    Subclasses say whose it is with `scope_paths` (see `approvals.scope`). The state changes only
    through `approvals.services.run_transition`, which checks who may do it.
    """

    workflow_state = FSMField(_("workflow state"), default=ReviewState.DRAFT, choices=ReviewState.choices, protected=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    @transition(field=workflow_state, source=ReviewState.DRAFT, target=ReviewState.SUBMITTED)
    def submit(self):
        """Send the draft to the police area chief for approval."""

    @transition(field=workflow_state, source=ReviewState.SUBMITTED, target=ReviewState.DRAFT)
    def withdraw(self):
        """The coordinator takes a submitted item back to draft."""

    @transition(field=workflow_state, source=ReviewState.SUBMITTED, target=ReviewState.APPROVED)
    def approve(self):
        """The chief approves a submitted item."""

    @transition(field=workflow_state, source=ReviewState.SUBMITTED, target=ReviewState.DRAFT)
    def return_to_draft(self):
        """The chief returns a submitted item to draft, with a comment."""

    @transition(field=workflow_state, source=ReviewState.APPROVED, target=ReviewState.PUBLISHED)
    def publish(self):
        """The coordinator publishes an approved item."""

    @property
    def is_editable(self) -> bool:
        """Only drafts are edited; approved and published content never changes in place."""
        return self.workflow_state == ReviewState.DRAFT

    def transitions(self):
        """The item's workflow record, oldest first."""
        return Transition.objects.for_item(self).select_related("by")

    @property
    def model_key(self) -> str:
        """Names the item among all reviewable kinds, e.g. "promises.promise:7"."""
        return f"{self._meta.label_lower}:{self.pk}"

    def get_admin_url(self) -> str:
        return reverse(f"admin:{self._meta.app_label}_{self._meta.model_name}_change", args=[self.pk])


class TransitionQuerySet(models.QuerySet):
    def for_item(self, item) -> TransitionQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class Transition(models.Model):
    """One step in an item's workflow: who, when, from which state to which, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=ReviewState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ReviewState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+")
    # The actor's name as it was when the step was taken: "who approved this" outlives the user.
    by_name = models.CharField(_("by (name)"), max_length=300, blank=True, editable=False)
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        # The record of one item is read on every item page and in the admin.
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        # Stored in UTC; people read the time where they are (settings.TIME_ZONE, Europe/Stockholm).
        return f"{self.get_action_display()} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"


# Users and their roles are records too: who made whom an administrator is in the history.
# Passwords (even hashed) and sign-in times are left out of it.
register(get_user_model(), app=__package__, excluded_fields=["password", "last_login"])
