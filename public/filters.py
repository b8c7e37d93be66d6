"""Search and filters on the list of municipalities."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Municipality
from approvals.models import ReviewState
from promises.models import Audience, FocusArea


class MunicipalityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name"), widget=forms.TextInput(attrs={"type": "search"}))
    county = django_filters.ChoiceFilter(label=_("County"), empty_label=_("All counties"))
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        queryset=FocusArea.objects.national().order_by("name"),
        to_field_name="slug",
        method="with_focus_area",
        empty_label=_("All focus areas"),
    )

    audience = django_filters.ChoiceFilter(
        label=_("Promises aimed at"),
        choices=[choice for choice in Audience.choices if choice[0] != Audience.EVERYONE],
        method="with_audience",
        empty_label=_("Anyone"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "county", "focus_area", "audience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Municipality.objects.order_by("county").values_list("county", flat=True).distinct()
        self.filters["county"].extra["choices"] = [(county, county) for county in counties]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code=value))

    def with_audience(self, queryset, name, audience):
        """Municipalities with a published promise aimed at the group, e.g. a barnlöfte to children."""
        promises = Q(
            agreements__promises__workflow_state=ReviewState.PUBLISHED,
            agreements__promises__revision_of__isnull=True,
            agreements__promises__audience=audience,
        )
        return queryset.filter(pk__in=Municipality.objects.filter(promises).values("pk"))

    def with_focus_area(self, queryset, name, area):
        """Municipalities with a published promise in the national focus area or a local one under it."""
        promises = Q(agreements__promises__workflow_state=ReviewState.PUBLISHED, agreements__promises__revision_of__isnull=True)
        in_area = Q(agreements__promises__focus_areas=area) | Q(agreements__promises__focus_areas__national_area=area)
        return queryset.filter(pk__in=Municipality.objects.filter(promises & in_area).values("pk"))
