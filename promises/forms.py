"""The coordinator's forms for promises, activities and focus areas."""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.forms import DateInput, EditForm, FieldsetsMixin
from approvals.models import ReviewState
from promises.models import Activity, ActivityStatus, FocusArea, Promise


def focus_area_label(area: FocusArea) -> str:
    """A focus area as the coordinator chooses it: the municipality's own ones are marked."""
    if area.is_national:
        return str(_("%(name)s (national)") % {"name": area.name})
    return str(_("%(name)s (your municipality's)") % {"name": area.name})


class PromiseForm(EditForm):
    fieldsets = [
        (_("The promise"), ["agreement", "title", "commitment", "focus_areas"]),
        (_("Why"), ["effect", "background", "sources"]),
        (_("Period"), ["valid_from", "valid_until", "order"]),
    ]

    class Meta:
        model = Promise
        fields = ["agreement", "title", "commitment", "focus_areas", "effect", "background", "sources", "valid_from", "valid_until", "order"]
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "valid_from": DateInput(),
            "valid_until": DateInput(),
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
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ActivityForm(EditForm):
    fieldsets = [
        (_("What is done"), ["description", "promise", "focus_area"]),
        (_("Who, where and when"), ["responsible", "partner_name", "place", "timing"]),
        (_("Target"), ["target", "target_per_year"]),
    ]

    class Meta:
        model = Activity
        fields = ["description", "promise", "focus_area", "responsible", "partner_name", "place", "timing", "target", "target_per_year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "responsible": forms.RadioSelect}

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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("responsible") == "partner" and not (cleaned.get("partner_name") or "").strip():
            self.add_error("partner_name", _("Name the partner that is responsible."))
        return cleaned


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
        self.fields["activities"].label_from_instance = lambda activity: f"{activity.description} ({activity.promise.title}, {activity.get_status_display().lower()})"
