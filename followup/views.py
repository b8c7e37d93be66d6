"""Public follow-up reports: the current version of a period's report, earlier versions at their
own addresses, each as a web page and as the PDF stored when it was published."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from agreements.models import Municipality
from followup.models import FollowUpReport
from followup.periods import ReportingPeriod
from followup.rendering import render_html


def _published_versions(slug: str, year: int, tertial: int | None):
    municipality = get_object_or_404(Municipality, slug=slug)
    try:
        period = ReportingPeriod(year, tertial)
    except ValueError as error:
        raise Http404(str(error)) from error
    versions = list(
        FollowUpReport.objects.published().of_municipality(municipality).for_period(period).order_by("-version_number")
    )
    if not versions:
        raise Http404(_("No report has been published for this period."))
    return versions


def report(request, slug, year, tertial=None, version=None, pdf=False):
    """One period's published report (the current version unless `version` is given)."""
    versions = _published_versions(slug, year, tertial)
    current = versions[0]
    shown = current if version is None else next((v for v in versions if v.version_number == version), None)
    if shown is None:
        raise Http404(_("There is no such version of the report."))
    if pdf:
        response = HttpResponse(bytes(shown.pdf), content_type="application/pdf")
        filename = f"uppfoljning-{slug}-{shown.period.slug}-v{shown.version_number}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    context = {
        "current": current,
        "shown": shown,
        "versions": versions,
        "is_current": shown.pk == current.pk,
        "pdf_url": shown.get_version_url(pdf=True) if version else shown.get_pdf_url(),
    }
    return HttpResponse(render_html(shown.snapshot, request=request, context=context))
