"""Atom feeds of what was published: follow-up reports and promises, site-wide and per municipality."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agreements.models import Municipality
from approvals.models import Action, Transition
from followup.models import FollowUpReport
from promises.models import Promise

LIMIT = 30


@dataclass(frozen=True)
class Entry:
    title: str
    description: str
    link: str
    published: datetime
    municipality: str


def latest_entries(municipality: Municipality | None = None) -> list[Entry]:
    """The newest published reports and promises, newest first: each kind ordered and limited in
    the database, so that a feed reads at most LIMIT of each however much has been published."""
    reports = FollowUpReport.objects.published()
    promises = Promise.objects.published()
    if municipality is not None:
        reports = reports.of_municipality(municipality)
        promises = promises.of_municipality(municipality)
    # The newest first, and only then their summaries out of the snapshots: otherwise the database
    # would read every report's snapshot to sort them.
    newest_reports = reports.order_by("-published_at", "-pk").values("pk")[:LIMIT]
    reports = (
        FollowUpReport.objects.filter(pk__in=newest_reports)
        .listed()
        .with_frozen_summary()
        .select_related("agreement__municipality")
        .order_by("-published_at", "-pk")
    )
    entries = [
        Entry(
            title=_("Follow-up %(period)s: %(name)s") % {"period": report.period.label, "name": report.agreement.municipality.name},
            description=(report.frozen_summary or "")[:500],
            link=report.get_version_url(),
            published=report.published_at,
            municipality=report.agreement.municipality.name,
        )
        for report in reports
    ]
    # Promises published through the workflow have a date: the latest publication step, which a
    # published revision moves.
    published_at = dict(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(Promise), object_id__in=promises.values("pk"), action=Action.PUBLISH
        )
        .values("object_id")
        .annotate(latest=Max("at"))
        .order_by("-latest", "-object_id")
        .values_list("object_id", "latest")[:LIMIT]
    )
    newest = Promise.objects.filter(pk__in=list(published_at)).select_related("agreement__municipality").order_by()
    entries += [
        Entry(
            title=_("Citizen promise: %(title)s (%(name)s)") % {"title": promise.title, "name": promise.agreement.municipality.name},
            description=promise.commitment[:500],
            link=promise.get_absolute_url(),
            published=published_at[promise.pk],
            municipality=promise.agreement.municipality.name,
        )
        for promise in newest
    ]
    return sorted(entries, key=lambda entry: entry.published, reverse=True)[:LIMIT]


class PlainTextAtom1Feed(Atom1Feed):
    """Atom with each entry's summary as `type="text"`: coordinators write plain text, and Django's
    default `type="html"` would have feed readers run whatever markup that text contains."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class SiteFeed(Feed):
    """`/flode/`: everything newly published, across the country."""

    feed_type = PlainTextAtom1Feed

    def title(self):
        return _("Medborgarlöften: newly published")

    def subtitle(self):
        return _("Follow-up reports and citizen promises as they are published.")

    def link(self):
        return reverse("public:municipality_list")

    def items(self):
        return latest_entries()

    def item_title(self, item: Entry):
        return item.title

    def item_description(self, item: Entry):
        return item.description

    def item_link(self, item: Entry):
        return item.link

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.published

    def item_author_name(self, item: Entry):
        return item.municipality


class MunicipalityFeed(SiteFeed):
    """`/<kommun>/flode/`: what one municipality has published."""

    def get_object(self, request, slug):
        return get_object_or_404(Municipality, slug=slug)

    def title(self, municipality):
        return _("Medborgarlöften %(name)s: newly published") % {"name": municipality.name}

    def link(self, municipality):
        return municipality.get_absolute_url()

    def items(self, municipality):
        return latest_entries(municipality)
