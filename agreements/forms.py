"""The coordinator's forms for agreements and their signatories."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreements.contacts import ContactParty, PartyContact
from agreements.models import Agreement, Signatory
from approvals.forms import DateInput, EditForm, FieldsetsMixin


class AgreementForm(EditForm):
    fieldsets = [
        (_("The agreement"), ["title", "other_partners"]),
        (_("Period"), ["starts_on", "ends_on", "extends_automatically", "signed_on", "cadence", "reports_from"]),
        (_("Text"), ["purpose", "collaboration_model", "follow_up", "remarks"]),
    ]

    class Meta:
        model = Agreement
        fields = [
            "title",
            "other_partners",
            "starts_on",
            "ends_on",
            "extends_automatically",
            "signed_on",
            "cadence",
            "reports_from",
            "purpose",
            "collaboration_model",
            "follow_up",
            "remarks",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "signed_on": DateInput(),
            "reports_from": DateInput(),
            "cadence": forms.RadioSelect,
            "other_partners": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation of overlapping dates needs to know whose agreement this is.
        self.instance.municipality = municipality
        self.instance.police_area = municipality.police_area


class SignatoryForm(FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "title", "party", "organisation", "signed_on"]
        widgets = {"signed_on": DateInput()}


def _contact_field(name: str):
    extra = {"assume_scheme": "https"} if name == "web_page" else {}
    field = PartyContact._meta.get_field(name).formfield(required=False, **extra)
    field.widget.attrs["autocomplete"] = "off"
    return field


class ContactsForm(FieldsetsMixin, forms.Form):
    """Both parties' contacts for questions on one page: a party left empty has none kept."""

    FIELDS = ["mailbox", "phone", "web_page"]

    def __init__(self, *args, agreement, **kwargs):
        kept = {contact.party: contact for contact in agreement.contacts.all()}
        initial = {f"{party}_{name}": getattr(kept[party], name) for party in kept for name in self.FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.fieldsets = []
        for party, organisation in [
            (ContactParty.MUNICIPALITY, agreement.municipality.name),
            (ContactParty.POLICE, "%s, %s" % (_("Polismyndigheten"), agreement.police_area.name)),
        ]:
            for name in self.FIELDS:
                self.fields[f"{party}_{name}"] = _contact_field(name)
            self.fieldsets.append((organisation, [f"{party}_{name}" for name in self.FIELDS]))

    def contacts(self) -> dict[str, dict]:
        return {party: {name: self.cleaned_data[f"{party}_{name}"] for name in self.FIELDS} for party in ContactParty.values}

    def clean(self):
        """Each party's contact checked as the model checks it (phone digits, address forms), the
        message shown at that party's field."""
        cleaned = super().clean()
        for party in ContactParty.values:
            values = {name: (cleaned.get(f"{party}_{name}") or "").strip() for name in self.FIELDS}
            if not any(values.values()):
                continue
            try:
                PartyContact(party=party, **values).clean_fields(exclude=["agreement"])
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(f"{party}_{name}", message)
        return cleaned


class EmblemForm(forms.Form):
    """The municipality's emblem for its reports' cover, its text alternative, or its removal."""

    emblem = forms.ImageField(
        label=_("Emblem"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 300 kB. Reports published from now on carry it; those already published keep theirs."),
    )
    emblem_alt = forms.CharField(
        label=_("What the emblem shows"),
        required=False,
        max_length=200,
        help_text=_('Read aloud to those who cannot see it, for example "Vaggeryds kommunvapen".'),
    )
    remove = forms.BooleanField(label=_("Remove the emblem"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, initial={"emblem_alt": municipality.emblem_alt}, **kwargs)
        self.municipality = municipality
        if not municipality.emblem:
            del self.fields["remove"]

    def grouped(self):
        return [(None, list(self))]
