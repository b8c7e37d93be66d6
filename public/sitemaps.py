"""sitemap.xml: every public page, so that search engines find the published programme.

`/sitemap.xml` is an index of sections (`/sitemap-<section>.xml`), and each section is paged
(`?p=2`) at `PAGE_SIZE` addresses, so that no request lists the whole country: the index counts
each section once, and a page reads one slice.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from agreements.models import Agreement, Municipality
from followup.models import FollowUpReport
from promises.models import FocusArea, Promise

# Search engines accept 50,000 addresses a file; a smaller page keeps every request small.
PAGE_SIZE = 2000


class StaticPages(Sitemap):
    def items(self):
        return ["public:municipality_list", "public:focus_area_list", "public:open_data", "public:accessibility"]

    def location(self, item):
        return reverse(item)


# Each list reads only the columns its addresses are made of: a national sitemap lists thousands
# of promises and reports, whose texts, snapshots and PDFs it has no use for.


class Municipalities(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return Municipality.objects.filter(pk__in=Agreement.objects.published().values("municipality")).only("slug").order_by("slug")


class Promises(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return (
            Promise.objects.published()
            .select_related("agreement__municipality")
            .only("agreement", "agreement__municipality", "agreement__municipality__slug")
            .order_by("pk")
        )


class Reports(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return (
            FollowUpReport.objects.published()
            .select_related("agreement__municipality")
            .only(
                "period_year",
                "period_tertial",
                "version_number",
                "published_at",
                "agreement",
                "agreement__municipality",
                "agreement__municipality__slug",
            )
            .order_by("pk")
        )

    def location(self, report):
        return report.get_version_url()

    def lastmod(self, report):
        return report.published_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, where Django's default would read every report.
        return FollowUpReport.objects.published().aggregate(latest=Max("published_at"))["latest"]


class FocusAreas(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return FocusArea.objects.national().only("slug").order_by("slug")

    def location(self, area):
        return reverse("public:focus_area", kwargs={"slug": area.slug})


SITEMAPS = {"pages": StaticPages, "municipalities": Municipalities, "promises": Promises, "reports": Reports, "focus-areas": FocusAreas}
