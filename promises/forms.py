"""The coordinator's forms for promises, activities and focus areas."""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms import SignatoryForm
from approvals.forms import DateInput, EditForm, FieldsetsMixin
from approvals.models import ReviewState
from approvals.text_limits import text_limit
from promises.models import Activity, ActivityStatus, FocusArea, Promise, PromiseExtension, PromiseSignatory


def focus_area_label(area: FocusArea) -> str:
    """A focus area as the coordinator chooses it: the municipality's own ones are marked."""
    if area.is_national:
        return str(_("%(name)s (national)") % {"name": area.name})
    return str(_("%(name)s (your municipality's)") % {"name": area.name})


class PromiseForm(EditForm):
    fieldsets = [
        (_("The promise"), ["agreement", "title", "commitment", "focus_areas"]),
        (_("Aimed at"), ["audience", "audience_detail"]),
        (_("Why"), ["effect", "background", "sources"]),
        (_("Period"), ["valid_from", "valid_until", "runs_with_agreement", "order"]),
        (_("Signing"), ["signed_on"]),
        (_("Earlier publication"), ["originally_published_on", "originally_published_where"]),
    ]

    class Meta:
        model = Promise
        fields = [
            "agreement",
            "title",
            "commitment",
            "focus_areas",
            "audience",
            "audience_detail",
            "effect",
            "background",
            "sources",
            "valid_from",
            "valid_until",
            "runs_with_agreement",
            "order",
            "signed_on",
            "originally_published_on",
            "originally_published_where",
        ]
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "signed_on": DateInput(),
            "originally_published_on": DateInput(),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = FocusArea.objects.available_to(municipality).order_by(
            F("municipality").asc(nulls_last=True), "name"
        )
        self.fields["focus_areas"].label_from_instance = focus_area_label
        self.fields["focus_areas"].required = True
        self.fields["focus_areas"].error_messages["required"] = _("Choose at least one focus area.")
        self.fields["focus_areas"].help_text = _("Your municipality's own focus areas and the national catalogue.")


class FocusAreaForm(FieldsetsMixin, forms.Form):
    name = forms.CharField(label=_("Name of the new focus area"), max_length=150)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=text_limit(FocusArea, "description")
    )


class ActivityForm(EditForm):
    fieldsets = [
        (_("What is done"), ["description", "promise", "focus_area"]),
        (_("Who, where and when"), ["responsible", "partner_name", "place", "timing", "planned_from", "planned_until"]),
        (_("Target"), ["target", "target_per_year"]),
    ]

    class Meta:
        model = Activity
        fields = [
            "description",
            "promise",
            "focus_area",
            "responsible",
            "partner_name",
            "place",
            "timing",
            "planned_from",
            "planned_until",
            "target",
            "target_per_year",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "responsible": forms.RadioSelect,
            "planned_from": DateInput(),
            "planned_until": DateInput(),
        }

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = promise.agreement.municipality
        # An activity can move between the municipality's draft promises, never elsewhere.
        self.fields["promise"].queryset = Promise.objects.of_municipality(municipality).filter(workflow_state=ReviewState.DRAFT)
        self.fields["promise"].initial = promise.pk
        self.fields["promise"].help_text = _("The promise the activity belongs to.")
        self.fields["focus_area"].queryset = FocusArea.objects.available_to(municipality).order_by(
            F("municipality").asc(nulls_last=True), "name"
        )
        self.fields["focus_area"].label_from_instance = focus_area_label
        self.fields["focus_area"].help_text = _("One of the promise's focus areas.")
        self.fields["responsible"].choices = [choice for choice in self.fields["responsible"].choices if choice[0]]


class StatusForm(EditForm):
    """An activity's progress: status, since when, and a short note."""

    fieldsets = [(None, ["status", "status_date", "status_note"])]

    class Meta:
        model = Activity
        fields = ["status", "status_date", "status_note"]
        widgets = {"status": forms.RadioSelect, "status_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_date"].required = True
        self.fields["status_date"].error_messages["required"] = _("Give the date the status applies from.")
        if not self.is_bound:
            self.initial["status_date"] = timezone.localdate()

    def clean_status_date(self):
        day = self.cleaned_data["status_date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status not in ActivityStatus.values:
            raise forms.ValidationError(_("Choose one of the statuses."))
        return status


class CarryOverForm(FieldsetsMixin, forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label=_("Unfinished activities of earlier promises"),
        queryset=Activity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity to carry over.")},
    )

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = (
            Activity.objects.filter(
                promise__agreement__municipality=promise.agreement.municipality,
                promise__valid_from__lte=promise.valid_from,
                promise__revision_of__isnull=True,
            )
            .exclude(promise=promise)
            .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED])
            .exclude(carried_over_to__promise=promise)
            .select_related("promise")
        )
        self.fields["activities"].label_from_instance = lambda activity: (
            f"{activity.description} ({activity.promise.title}, {activity.get_status_display().lower()})"
        )


class PromiseSignatoryForm(SignatoryForm):
    """The agreement's signatory form, for a promise that is signed on its own."""

    class Meta(SignatoryForm.Meta):
        model = PromiseSignatory


class PromiseExtensionForm(EditForm):
    """A decision that a published promise applies until a later date."""

    fieldsets = [(_("The decision"), ["extended_until", "decided_on", "decided_by", "reference", "note"])]

    class Meta:
        model = PromiseExtension
        fields = ["extended_until", "decided_on", "decided_by", "reference", "note"]
        widgets = {"extended_until": DateInput(), "decided_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        # A missing body in the model's words, which its clean() repeats; `_post_clean` shows it once.
        error_messages = {"decided_by": {"required": _("Say which body decided the extension.")}}

    def _post_clean(self):
        super()._post_clean()
        # Django adds the model's clean() errors even to a field the form already refused.
        for errors in self._errors.values():
            seen, kept = set(), []
            for index, error in enumerate(errors.data):
                if errors[index] not in seen:
                    seen.add(errors[index])
                    kept.append(error)
            errors.data[:] = kept
