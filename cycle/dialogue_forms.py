"""The coordinator's forms for citizen dialogues and their themes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.forms import DateInput, FieldsetsMixin, TextLimitsMixin
from cycle.models import Dialogue, DialogueTheme
from cycle.services import linkable_problems, linkable_promises


class DialogueForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    fieldsets = [(_("The dialogue"), ["kind", "title", "held_on", "place", "participants", "illustrative"])]

    class Meta:
        model = Dialogue
        fields = ["kind", "title", "held_on", "place", "participants", "illustrative"]
        widgets = {"held_on": DateInput(), "kind": forms.RadioSelect}
        error_messages = {
            "participants": {"min_value": _("Write a whole number, 0 or more."), "invalid": _("Write a whole number, 0 or more.")},
        }


class LinkChoiceField(forms.ModelMultipleChoiceField):
    """A choice among the municipality's own records; anything else is refused in Swedish."""

    def __init__(self, *args, invalid, **kwargs):
        super().__init__(*args, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)
        self.error_messages = {**self.error_messages, "invalid_choice": invalid, "invalid_pk_value": invalid}


class ThemeForm(TextLimitsMixin, FieldsetsMixin, forms.ModelForm):
    """A theme with what was said, and what it led to: the municipality's prioritised problems and
    promises only (the choices hold nothing else, so another municipality's is refused)."""

    fieldsets = [
        (_("What was said"), ["theme", "what_was_said"]),
        (_("What it led to"), ["problems", "promises"]),
    ]

    class Meta:
        model = DialogueTheme
        fields = ["theme", "what_was_said"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what_was_said"].widget.attrs.setdefault("rows", 5)
        self.fields["problems"] = LinkChoiceField(
            linkable_problems(municipality),
            label=_("Prioritised problems"),
            help_text=_("The problems of the municipality's lägesbild that this input is part of."),
            invalid=_("Choose among the municipality's own prioritised problems."),
        )
        self.fields["problems"].label_from_instance = lambda problem: f"{problem.situation_picture.title}: {problem.title}"
        self.fields["promises"] = LinkChoiceField(
            linkable_promises(municipality),
            label=_("Promises"),
            help_text=_("The citizen promises this input led to."),
            invalid=_("Choose among the municipality's own promises."),
        )
        self.fields["promises"].label_from_instance = lambda promise: promise.title
        if self.instance.pk and not self.is_bound:
            self.initial["problems"] = list(self.instance.problems.values_list("pk", flat=True))
            self.initial["promises"] = list(self.instance.promises.values_list("pk", flat=True))

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["theme", "what_was_said", "problems", "promises"]}
