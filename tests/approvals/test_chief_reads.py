"""The chief reads everything that awaits them before deciding: each kind of item in full, a report's
page and PDF preview, and what a revision or a correction changes; nobody out of scope finds any of it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.services import agreement_submit
from approvals.models import ReviewState
from approvals.views import awaiting_item_url
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.rendering import build_snapshot
from followup.services import report_start_correction, report_submit
from promises.extension_services import promise_extension_submit
from promises.services import (
    activity_change_status,
    activity_create,
    activity_delete,
    activity_update,
    promise_start_revision,
    promise_submit,
    promise_update,
)
from tests.factories import ActivityFactory, AgreementFactory, FocusAreaFactory, PromiseExtensionFactory, PromiseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(here):
    return FocusAreaFactory(name="Trygghet i centrum", municipality=here)


@pytest.fixture
def published(here, area):
    """A published promise with three activities."""
    promise = PromiseFactory(
        agreement=here.agreements.get(), title="Trygg stad", commitment="Vi lovar fler trygghetsvandringar.", focus_areas=[area]
    )
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandring i centrum", target="2 om året", order=1)
    ActivityFactory(promise=promise, focus_area=area, description="Föräldravandring", order=2)
    ActivityFactory(promise=promise, focus_area=area, description="Kameror vid stationen", order=3)
    return promise


@pytest.fixture
def revision(published, coordinator, area):
    """A submitted revision: a new commitment; one activity changed, one removed, one added."""
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment="Vi lovar trygghetsvandringar varje månad.")
    walks, parents, cameras = revision.activities.order_by("order")
    activity_update(activity=walks, by=coordinator, target="12 om året")
    activity_change_status(activity=walks, by=coordinator, status="ongoing", on=datetime.date(2024, 5, 1))
    activity_delete(activity=cameras, by=coordinator)
    activity_create(promise=revision, by=coordinator, focus_area=area, description="Belysning i parken", responsible="municipality")
    promise_submit(promise=revision, by=coordinator)
    return revision


def _report(agreement, *, promise, activity, state=ReviewState.DRAFT, **fields):
    report = FollowUpReport.objects.create(agreement=agreement, period_year=2024, workflow_state=state, **fields)
    section = ReportSection.objects.create(report=report, promise=promise, text="Arbetet gick bra.")
    ActivityUpdate.objects.create(section=section, activity=activity, status="ongoing", what_was_done="Två vandringar.")
    return report


@pytest.fixture
def report(here, published, coordinator):
    """A submitted yearly report."""
    report = _report(here.agreements.get(), promise=published, activity=published.activities.first(), summary="Ett bra år.")
    report_submit(report=report, by=coordinator)
    return report


@pytest.fixture
def correction(here, published, coordinator):
    """Version 2 of a published report, submitted: the summary, the section's text and one activity's
    status and what was done changed."""
    first = _report(
        here.agreements.get(),
        promise=published,
        activity=published.activities.first(),
        summary="Ett bra år.",
        state=ReviewState.PUBLISHED,
        published_at=timezone.now(),
    )
    first.snapshot = build_snapshot(first)
    first.pdf = b"%PDF-1.7 stand-in"
    first.save()
    correction = report_start_correction(report=first, by=coordinator)
    FollowUpReport.objects.filter(pk=correction.pk).update(
        summary="Ett bättre år än vi först skrev.", changes_note="Rättade antalet vandringar."
    )
    ReportSection.objects.filter(report=correction).update(text="Arbetet gick mycket bra.")
    ActivityUpdate.objects.filter(section__report=correction).update(status="done", what_was_done="Fyra vandringar.")
    correction.refresh_from_db()
    report_submit(report=correction, by=coordinator)
    return correction


@pytest.fixture
def items(here, coordinator, published, revision, report):
    """One submitted item of each kind in the chief's police area."""
    agreement = here.agreements.get()
    promise = PromiseFactory(agreement=agreement, title="Tryggare skolvägar", workflow_state=ReviewState.DRAFT)
    promise_submit(promise=promise, by=coordinator)
    new_agreement = AgreementFactory(
        municipality=here,
        title="Ny överenskommelse 2027",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2030, 12, 31),
        workflow_state=ReviewState.DRAFT,
        purpose="Att minska brottsligheten i centrum.",
    )
    agreement_submit(agreement=new_agreement, by=coordinator)
    extension = PromiseExtensionFactory(
        promise=PromiseFactory(agreement=agreement, title="Trygg sommar", valid_until=datetime.date(2025, 12, 31))
    )
    promise_extension_submit(extension=extension, by=coordinator)
    return {"promise": promise, "agreement": new_agreement, "extension": extension, "report": report, "revision": revision}


def _urls(items) -> dict[str, str]:
    report = items["report"]
    return {
        "promise": awaiting_item_url(items["promise"]),
        "agreement": awaiting_item_url(items["agreement"]),
        "extension": awaiting_item_url(items["extension"]),
        "revision": awaiting_item_url(items["revision"]),
        "report": awaiting_item_url(report),
        "report preview": reverse("followup:report_preview", args=[report.pk]),
        "report PDF preview": reverse("followup:report_preview", args=[report.pk]) + "?pdf=1",
    }


KINDS = ["promise", "agreement", "extension", "revision", "report", "report preview", "report PDF preview"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_chief_of_the_police_area_reads_each_kind_of_item(client, chief, items, kind):
    client.force_login(chief)

    response = client.get(_urls(items)[kind])

    assert response.status_code == 200
    if kind == "report PDF preview":
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("kind", KINDS)
def test_a_chief_of_another_police_area_finds_none_of_it(client, other_chief, items, kind):
    client.force_login(other_chief)

    assert client.get(_urls(items)[kind]).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_coordinator_of_another_municipality_finds_none_of_it(client, other_coordinator, items, kind):
    client.force_login(other_coordinator)

    assert client.get(_urls(items)[kind]).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_signed_in_user_with_no_role_finds_none_of_it(client, items, kind):
    client.force_login(UserFactory())

    assert client.get(_urls(items)[kind]).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_an_anonymous_reader_is_sent_to_sign_in(client, items, kind):
    url = _urls(items)[kind]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_items_coordinator_is_sent_to_their_own_page_for_it(client, coordinator, items):
    client.force_login(coordinator)

    response = client.get(awaiting_item_url(items["promise"]))

    assert response.status_code == 302
    assert response["Location"] == items["promise"].get_manage_url()


@pytest.mark.parametrize("kind", ["auth.user", "promises.activity", "promises.nothing", "nothing"])
def test_a_kind_that_is_not_reviewed_is_not_found(client, chief, items, kind):
    client.force_login(chief)

    assert client.get(reverse("approvals:awaiting_item", args=[kind, items["promise"].pk])).status_code == 404


def _links(html: str) -> list[str]:
    return sorted({href.replace("&amp;", "&") for href in re.findall(r'href="([^"#][^"]*)"', html)})


def test_every_link_on_the_approval_page_answers_200_for_the_chief(client, chief, items):
    client.force_login(chief)
    page = client.get(reverse("approvals:awaiting")).content.decode()

    links = _links(page)
    failures = [f"{link}: {client.get(link).status_code}" for link in links if link.startswith("/") and client.get(link).status_code != 200]

    assert not failures, failures
    for url in _urls(items).values():
        if "pdf" not in url:
            assert url in links or url.replace("?", "?") in page


def test_every_link_on_the_chiefs_item_pages_answers_200_for_the_chief(client, chief, items):
    client.force_login(chief)
    failures = []
    for kind in ("promise", "agreement", "extension", "revision", "report"):
        for link in _links(client.get(_urls(items)[kind]).content.decode()):
            if link.startswith("/") and (status := client.get(link).status_code) != 200:
                failures.append(f"{kind}: {link}: {status}")

    assert not failures, failures


def test_the_approval_page_links_to_no_admin_page_of_an_unpublished_item(client, chief, items):
    client.force_login(chief)

    page = client.get(reverse("approvals:awaiting")).content.decode()

    for item in items.values():
        assert item.get_admin_url() not in page


def test_the_chiefs_item_page_shows_the_whole_promise(client, chief, here, coordinator):
    promise = PromiseFactory(
        agreement=here.agreements.get(),
        title="Tryggare skolvägar",
        workflow_state=ReviewState.DRAFT,
        background=" ".join(["Bakgrund"] * 80) + " sista-ordet-i-bakgrunden",
        sources="Trygghetsundersökningen 2024",
    )
    ActivityFactory(promise=promise, description="Skolvägsvandring", place="Skillingaryd", target="3 om året")
    promise_submit(promise=promise, by=coordinator)
    client.force_login(chief)

    page = client.get(awaiting_item_url(promise)).content.decode()

    for text in ("sista-ordet-i-bakgrunden", "Trygghetsundersökningen 2024", "Skolvägsvandring", "Skillingaryd", "3 om året"):
        assert text in page
    assert 'name="action" value="approve"' in page


def test_the_chiefs_item_page_of_an_agreement_shows_its_purpose(client, chief, items):
    client.force_login(chief)

    page = client.get(awaiting_item_url(items["agreement"])).content.decode()

    assert "Att minska brottsligheten i centrum." in page


def test_a_revision_shows_each_changed_field_before_and_after(client, chief, revision):
    client.force_login(chief)

    page = client.get(awaiting_item_url(revision)).content.decode()
    changes = page[page.index('id="changes"') :]

    assert "Vi lovar fler trygghetsvandringar." in changes and "Vi lovar trygghetsvandringar varje månad." in changes
    assert changes.index("Vi lovar fler trygghetsvandringar.") < changes.index("Vi lovar trygghetsvandringar varje månad.")
    assert "Före" in changes


def test_a_revision_shows_the_activities_added_removed_and_changed(client, chief, revision):
    client.force_login(chief)

    page = client.get(awaiting_item_url(revision)).content.decode()
    changes = " ".join(page[page.index('id="changes"') : page.index("</section>", page.index('id="changes"'))].split())

    assert "Belysning i parken" in changes
    assert "Kameror vid stationen" in changes
    assert "Trygghetsvandring i centrum" in changes and "2 om året" in changes and "12 om året" in changes
    assert "Föräldravandring" not in changes  # unchanged, so not listed


def test_revision_changes_are_computed_in_one_place(revision, published):
    from approvals.changes import changes_for

    changes = changes_for(revision)

    assert [(c.before, c.after) for c in changes.fields] == [
        ("Vi lovar fler trygghetsvandringar.", "Vi lovar trygghetsvandringar varje månad.")
    ]
    by_name = {part.name: part for part in changes.parts}
    assert by_name["Belysning i parken"].change == "added"
    assert by_name["Kameror vid stationen"].change == "removed"
    walks = by_name["Trygghetsvandring i centrum"]
    assert walks.change == "changed"
    # Status is progress, reported on the live activity, and a revision does not write it back.
    assert {(c.before, c.after) for c in walks.fields} == {("2 om året", "12 om året")}
    assert changes_for(published) is None


def test_a_revision_that_changes_focus_areas_says_so(revision, here, coordinator):
    from approvals.changes import changes_for

    revision.refresh_from_db()
    revision.workflow_state = ReviewState.DRAFT
    revision.save()
    revision.focus_areas.add(FocusAreaFactory(name="Trafik", municipality=here))

    fields = {c.label: (c.before, c.after) for c in changes_for(revision).fields}

    assert fields["Fokusområden"] == ("Trygghet i centrum", "Trafik; Trygghet i centrum")


def test_a_correction_shows_what_changed_against_the_previous_version(client, chief, correction):
    client.force_login(chief)

    page = client.get(awaiting_item_url(correction)).content.decode()
    changes = " ".join(page[page.index('id="changes"') :].split())

    for text in (
        "Ett bra år.",
        "Ett bättre år än vi först skrev.",
        "Arbetet gick bra.",
        "Arbetet gick mycket bra.",
        "Två vandringar.",
        "Fyra vandringar.",
        "Pågående",
        "Genomförd",
        "version 1",
    ):
        assert text in changes, text


def test_a_correction_with_no_change_says_it_changes_nothing(client, chief, here, published, coordinator):
    first = _report(
        here.agreements.get(),
        promise=published,
        activity=published.activities.first(),
        summary="Ett bra år.",
        state=ReviewState.PUBLISHED,
        published_at=timezone.now(),
    )
    correction = report_start_correction(report=first, by=coordinator)
    FollowUpReport.objects.filter(pk=correction.pk).update(changes_note="Inget ändrat.")
    correction.refresh_from_db()
    report_submit(report=correction, by=coordinator)
    client.force_login(chief)

    page = client.get(awaiting_item_url(correction)).content.decode()

    assert "Den ändrar ingenting jämfört med den publicerade versionen." in page


def test_the_chief_reads_the_report_preview_read_only_with_the_way_back_to_the_approval_page(client, chief, report):
    client.force_login(chief)

    page = client.get(reverse("followup:report_preview", args=[report.pk])).content.decode()

    assert "Ett bra år." in page
    assert awaiting_item_url(report) in page
    assert reverse("followup:report_edit", args=[report.pk]) not in page
    assert reverse("coordination:dashboard") + '"' not in page


def test_the_coordinator_still_previews_their_own_report(client, coordinator, report):
    client.force_login(coordinator)

    page = client.get(reverse("followup:report_preview", args=[report.pk])).content.decode()

    assert "Ett bra år." in page
    assert report.get_manage_url() in page
