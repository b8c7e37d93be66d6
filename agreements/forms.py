"""The coordinator's forms for agreements and their signatories."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
            "title", "other_partners", "starts_on", "ends_on", "extends_automatically", "signed_on", "cadence", "reports_from",
            "purpose", "collaboration_model", "follow_up", "remarks",
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
