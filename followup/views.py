"""Public follow-up reports: the current version of a period's report, earlier versions at their
own addresses, each as a web page and as the PDF stored when it was published."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

from agreements.models import Municipality
from agreements.public_cache import MAX_STORED_BYTES, stamped_key
from followup.models import FollowUpReport
from followup.periods import ReportingPeriod
from followup.rendering import render_html


def _published_versions(slug: str, year: int, tertial: int | None):
    """The period's published versions, newest first, without their PDFs and snapshots."""
    municipality = get_object_or_404(Municipality, slug=slug)
    try:
        period = ReportingPeriod(year, tertial)
    except ValueError as error:
        raise Http404(str(error)) from error
    versions = list(
        FollowUpReport.objects.published()
        .of_municipality(municipality)
        .for_period(period)
        .listed()
        .select_related("agreement__municipality")
        .order_by("-version_number")
    )
    if not versions:
        raise Http404(_("No report has been published for this period."))
    return versions


def report(request, slug, year, tertial=None, version=None):
    """One period's published report (the current version unless `version` is given)."""
    versions = _published_versions(slug, year, tertial)
    current = versions[0]
    shown = current if version is None else next((v for v in versions if v.version_number == version), None)
    if shown is None:
        raise Http404(_("There is no such version of the report."))
    # The page shows one version's frozen content; the list of versions links to the others.
    snapshot = FollowUpReport.objects.filter(pk=shown.pk).values_list("snapshot", flat=True).get()
    context = {
        "current": current,
        "shown": shown,
        "versions": versions,
        "is_current": shown.pk == current.pk,
        "pdf_url": shown.get_version_url(pdf=True) if version else shown.get_pdf_url(),
    }
    return HttpResponse(render_html(snapshot, request=request, context=context))


# A version's PDF never changes; the period's address moves to a correction when one is published.
VERSION_PDF_MAX_AGE = 365 * 24 * 3600
CURRENT_PDF_MAX_AGE = 300


def report_pdf(request, slug, year, tertial=None, version=None):
    """The PDF stored when the version was published. Its checksum is its strong ETag: a conditional
    request that still matches is answered 304 without the bytes being read. What an address answers
    with (version, checksum, bytes) is kept in the cache under the publication stamp, so a repeated
    download reads neither the database nor the bytes from it; a correction moves the stamp, and
    the period's address then answers with the new version."""
    key = stamped_key(request, "pdf")
    stored = cache.get(key) if key else None
    if stored is None:
        stored = _published_pdf(request, slug, year, tertial, version)
        if isinstance(stored, HttpResponse):  # 304: the reader has these bytes
            return _pdf_headers(stored, etag=stored["ETag"], current=version is None)
        if key and len(stored["pdf"]) <= MAX_STORED_BYTES:
            cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
    etag = quote_etag(stored["sha"]) if stored["sha"] else None
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(stored["pdf"], content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{stored["filename"]}"'
    return _pdf_headers(response, etag=etag, current=version is None)


def _published_pdf(request, slug, year, tertial, version):
    """The version's checksum, file name and bytes from the database; a 304 response instead when
    the reader's copy still matches, found without reading the bytes."""
    try:
        period = ReportingPeriod(year, tertial)
    except ValueError as error:
        raise Http404(str(error)) from error
    versions = FollowUpReport.objects.published().filter(agreement__municipality__slug=slug).for_period(period)
    if version is not None:
        versions = versions.filter(version_number=version)
    found = versions.order_by("-version_number").values("pk", "version_number", "pdf_sha256").first()
    if found is None:
        raise Http404(
            _("There is no such version of the report.") if version is not None else _("No report has been published for this period.")
        )
    if found["pdf_sha256"]:
        not_modified = get_conditional_response(request, etag=quote_etag(found["pdf_sha256"]))
        if not_modified is not None:
            not_modified["ETag"] = quote_etag(found["pdf_sha256"])
            return not_modified
    pdf = FollowUpReport.objects.filter(pk=found["pk"]).values_list("pdf", flat=True).get()
    return {
        "sha": found["pdf_sha256"],
        "filename": f"uppfoljning-{slug}-{period.slug}-v{found['version_number']}.pdf",
        "pdf": bytes(pdf),
    }


def _pdf_headers(response, *, etag, current: bool):
    if etag:
        response["ETag"] = etag
    if current:
        patch_cache_control(response, public=True, max_age=CURRENT_PDF_MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=VERSION_PDF_MAX_AGE, immutable=True)
    return response
