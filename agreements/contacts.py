"""Whom residents ask about an agreement's promises: one contact per party (a function mailbox, a
phone number, a web page), shown under "Frågor om medborgarlöftena?" on the public pages and
frozen into each report when it is published.

A contact is administrative, not a commitment: the coordinator keeps it up to date at any time,
also on a published agreement, without the chief's approval (a mailbox that changes must not wait
for a new version of the agreement). Its history keeps who changed what.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.scope import ScopePaths

# The police's national number, which always answers for the police when no area contact is kept.
POLICE_PHONE = "114 14"
POLICE_WEB_PAGE = "https://polisen.se"

# Digits, spaces, hyphens, a leading + and parentheses, with 5 to 15 digits: "0370-67 80 00",
# "+46 10 563 00 00", "114 14".
phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]*$",
    _("Write the phone number with digits, spaces and hyphens only, for example 0370-67 80 00."),
)


def validate_phone_digits(value: str) -> None:
    digits = sum(character.isdigit() for character in value)
    if not 5 <= digits <= 15:
        raise ValidationError(_("A phone number has 5 to 15 digits; this has %(count)s."), params={"count": digits})


class ContactParty(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    POLICE = "police", _("The police")


class PartyContact(models.Model):
    """How residents reach one party of an agreement with questions about its promises."""

    agreement = models.ForeignKey("agreements.Agreement", verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="contacts")
    party = models.CharField(_("party"), max_length=20, choices=ContactParty.choices)
    mailbox = models.EmailField(
        _("e-mail"), blank=True, help_text=_("A function mailbox that outlives staff changes, for example trygghet@vaggeryd.se.")
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[phone_validator, validate_phone_digits],
        help_text=_("For example 0370-67 80 00."),
    )
    web_page = models.URLField(_("web page"), blank=True, help_text=_("An address beginning with https://."))
    history = HistoricalRecords()

    scope_paths = ScopePaths(municipality="agreement__municipality", police_area="agreement__police_area")

    class Meta:
        ordering = ["agreement", "party"]
        verbose_name = _("contact for questions")
        verbose_name_plural = _("contacts for questions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_contact_per_party"),
            models.CheckConstraint(
                condition=~Q(mailbox="", phone="", web_page=""),
                name="contact_has_a_way_to_reach",
                violation_error_message=_("Give at least an e-mail address, a phone number or a web page."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.mailbox or self.phone or self.web_page}"

    def as_dict(self, *, organisation: str) -> dict:
        """What the public pages show and a report freezes."""
        return {"party": self.party, "organisation": organisation, "mailbox": self.mailbox, "phone": self.phone, "web_page": self.web_page}


def contacts_of(agreement, contacts=None) -> list[dict]:
    """Both parties' contacts in order, municipality first, each named by its organisation (the
    municipality's name; the police area's name). The
    police always have one: where the area keeps none, the national number and polisen.se.
    `contacts` may be passed (a prefetch); otherwise they are read."""
    if agreement is None:
        return []
    kept = {contact.party: contact for contact in (agreement.contacts.all() if contacts is None else contacts)}
    police = agreement.police_area.name  # the page puts "Polismyndigheten" before it, in the reader's language
    shown = []
    if municipality := kept.get(ContactParty.MUNICIPALITY):
        shown.append(municipality.as_dict(organisation=agreement.municipality.name))
    if police_contact := kept.get(ContactParty.POLICE):
        shown.append(police_contact.as_dict(organisation=police))
    else:
        shown.append(
            {"party": ContactParty.POLICE.value, "organisation": police, "mailbox": "", "phone": POLICE_PHONE, "web_page": POLICE_WEB_PAGE}
        )
    return shown
