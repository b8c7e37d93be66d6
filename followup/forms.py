"""The coordinator's forms for follow-up reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms import DateInput, EditForm, FieldsetsMixin, TextLimitsMixin
from followup.models import ActivityUpdate, FollowUpReport, Indicator, ReportSection


class NewReportForm(FieldsetsMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), help_text=_("The periods the agreement has due that have no report yet."))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = choices
        self.fields["period"].error_messages["invalid_choice"] = _("Choose one of the periods that are due.")


class ReportForm(EditForm):
    class Meta:
        model = FollowUpReport
        fields = ["summary", "changes_note", "originally_published_on", "originally_published_where"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 8}),
            "changes_note": forms.Textarea(attrs={"rows": 3}),
            "originally_published_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.version_number == 1:
            del self.fields["changes_note"]
        else:
            self.fields["changes_note"].required = True
            self.fields["changes_note"].error_messages["required"] = _("Say what changed since the previous version.")


class SectionForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class UpdateForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = ActivityUpdate
        fields = ["status", "what_was_done", "achieved", "next_step"]
        widgets = {"what_was_done": forms.Textarea(attrs={"rows": 3}), "next_step": forms.Textarea(attrs={"rows": 2})}


SectionFormSet = forms.modelformset_factory(ReportSection, form=SectionForm, extra=0)
UpdateFormSet = forms.modelformset_factory(ActivityUpdate, form=UpdateForm, extra=0)


class IndicatorForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "source", "description", "by_gender", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MeasurementForm(FieldsetsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    everyone = forms.DecimalField(label=_("Everyone"), required=False, min_value=0, max_digits=9, decimal_places=2, localize=True)
    women = forms.DecimalField(label=_("Women"), required=False, min_value=0, max_digits=9, decimal_places=2, localize=True)
    men = forms.DecimalField(label=_("Men"), required=False, min_value=0, max_digits=9, decimal_places=2, localize=True)

    def __init__(self, *args, by_gender: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_gender:
            del self.fields["women"], self.fields["men"]
