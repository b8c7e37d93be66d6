"""The coordinator's forms for the åtgärdsplan and its measures."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms import DateInput, FieldsetsMixin, TextLimitsMixin
from cycle.models import ActionPlan, Measure
from cycle.plan_services import pictures_of
from cycle.services import linkable_problems, linkable_promises

PLAN_ENDS_BEFORE_START = _("The plan cannot end before it starts.")


class ProblemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, problem) -> str:
        return f"{problem.priority}. {problem.title} ({problem.situation_picture.title})"


class PromiseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, promise) -> str:
        return f"{promise.title} ({promise.valid_from:%Y})" if promise.valid_from else promise.title


class ActionPlanForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    fieldsets = [
        (_("The plan"), ["title", "situation_picture"]),
        (_("Decision"), ["decided_on", "decided_by", "reference"]),
        (_("Period"), ["valid_from", "valid_until"]),
    ]

    class Meta:
        model = ActionPlan
        fields = ["title", "situation_picture", "decided_on", "decided_by", "reference", "valid_from", "valid_until"]
        widgets = {"decided_on": DateInput(), "valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's checks (a decided plan names its body) need to know whose plan this is.
        self.instance.municipality = municipality
        field = self.fields["situation_picture"]
        field.queryset = pictures_of(municipality)
        field.empty_label = _("(none yet)")
        field.error_messages["invalid_choice"] = _("Choose one of the municipality's lägesbilder.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("valid_from"), cleaned.get("valid_until")
        if starts and ends and ends < starts:
            self.add_error("valid_until", PLAN_ENDS_BEFORE_START)
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MeasureForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    problems = ProblemChoiceField(
        label=_("Problems addressed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The prioritised problems of the municipality's lägesbild that the measure addresses."),
        error_messages={"invalid_choice": _("Choose among the municipality's prioritised problems.")},
    )
    promise = PromiseChoiceField(
        label=_("Citizen promise"),
        queryset=None,
        required=False,
        empty_label=_("(not a citizen promise)"),
        help_text=_("If the measure is one of the citizen promises: a measure taken jointly with the police."),
        error_messages={"invalid_choice": _("Choose one of the municipality's citizen promises.")},
    )

    class Meta:
        model = Measure
        fields = ["title", "description", "responsible", "problems", "promise"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = linkable_problems(municipality)
        self.fields["promise"].queryset = linkable_promises(municipality)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
