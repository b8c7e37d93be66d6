"""The coordinator's forms for a lägesbild, its sources and problems, and its public summary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms import DateInput, EditForm, FieldsetsMixin, TextLimitsMixin
from cycle.models import Problem, PublicSummary, SituationPicture, Source
from cycle.services import linkable_promises


class SituationForm(EditForm):
    fieldsets = [
        (_("The situation picture"), ["title", "as_of", "drawn_up_by"]),
        (_("The parts the law names"), ["crime_and_consequences", "other_information", "analysis"]),
    ]

    class Meta:
        model = SituationPicture
        fields = ["title", "as_of", "drawn_up_by", "crime_and_consequences", "other_information", "analysis"]
        widgets = {"as_of": DateInput(), "drawn_up_by": forms.RadioSelect}


class SourceForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Source
        fields = ["kind", "title", "year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 1900
        self.fields["year"].widget.attrs["min"] = "1900"
        self.fields["year"].validators.append(_year_validator)


def _year_validator(value):
    if value is not None and not 1900 <= value <= 2100:
        raise forms.ValidationError(_("Give the year with four digits, for example 2025."), code="year")


class ProblemForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    """A prioritised problem and which of the municipality's promises address it."""

    fieldsets = [
        (_("The problem"), ["title", "priority", "description", "likely_causes"]),
        (None, ["promises"]),
    ]

    class Meta:
        model = Problem
        fields = ["title", "priority", "description", "likely_causes", "promises"]
        widgets = {"promises": forms.CheckboxSelectMultiple}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        priority = self.fields["priority"]
        priority.min_value = 1
        priority.widget.attrs["min"] = "1"
        priority.validators.append(_priority_validator)
        promises = self.fields["promises"]
        promises.queryset = linkable_promises(municipality)
        promises.error_messages["invalid_choice"] = _("Choose among the municipality's own promises.")
        promises.error_messages["invalid_pk_value"] = _("Choose among the municipality's own promises.")
        for name in ("description", "likely_causes"):
            self.fields[name].widget.attrs["rows"] = 4

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "promises"}


def _priority_validator(value):
    if value is not None and value < 1:
        raise forms.ValidationError(_("The priority is 1 or more; 1 is the most urgent."), code="priority")


class SummaryForm(EditForm):
    class Meta:
        model = PublicSummary
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
