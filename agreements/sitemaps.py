"""sitemap.xml: every public page, so that search engines find the published programme."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from agreements.models import Agreement, Municipality
from followup.models import FollowUpReport
from promises.models import FocusArea, Promise


class StaticPages(Sitemap):
    def items(self):
        return ["agreements:municipality_list", "promises:focus_area_list", "promises:open_data", "agreements:accessibility"]

    def location(self, item):
        return reverse(item)


class Municipalities(Sitemap):
    def items(self):
        return Municipality.objects.filter(pk__in=Agreement.objects.published().values("municipality")).order_by("slug")


class Promises(Sitemap):
    def items(self):
        return Promise.objects.published().select_related("agreement__municipality").order_by("pk")


class Reports(Sitemap):
    def items(self):
        return FollowUpReport.objects.published().select_related("agreement__municipality").order_by("pk")

    def location(self, report):
        return report.get_version_url()

    def lastmod(self, report):
        return report.published_at


class FocusAreas(Sitemap):
    def items(self):
        return FocusArea.objects.national().order_by("slug")

    def location(self, area):
        return reverse("promises:focus_area", kwargs={"slug": area.slug})


SITEMAPS = {"pages": StaticPages, "municipalities": Municipalities, "promises": Promises, "reports": Reports, "focus-areas": FocusAreas}
