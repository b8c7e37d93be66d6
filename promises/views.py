"""Public pages about promises."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from promises.models import Activity, Promise


def promise_detail(request, slug, pk):
    """`/<kommun>/loften/<id>/`: one published promise with its activities; anything else is a 404."""
    promise = get_object_or_404(
        Promise.objects.published().select_related("agreement__municipality").prefetch_related("focus_areas"),
        pk=pk,
        agreement__municipality__slug=slug,
    )
    activities = (
        Activity.objects.filter(promise=promise)
        .select_related("focus_area", "carried_over_from__promise")
        .prefetch_related("carried_over_to__promise")
    )
    today = timezone.localdate()
    context = {
        "promise": promise,
        "municipality": promise.agreement.municipality,
        "activities": activities,
        "today": today,
        "runs_today": promise.runs_on(today, agreement_state=promise.agreement.state_on(today)),
    }
    return render(request, "promises/promise_detail.html", context)
