"""A published report is a frozen record: the database refuses changes to it on PostgreSQL, every
path refuses earlier with a message, pages read its statuses from the snapshot, and anyone can check
a downloaded PDF against the checksum on its page."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from approvals.models import ReviewState
from followup.models import ActivityUpdate, FollowUpReport, ReportSection
from followup.services import unfrozen
from promises.models import FocusArea
from tests.factories import FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only")


def _refused_by_the_database(change):
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        change()
    return str(refused.value)


@on_postgresql
def test_the_database_refuses_an_update_of_a_published_report(published_report):
    message = _refused_by_the_database(lambda: FollowUpReport.objects.filter(pk=published_report.pk).update(summary="Ändrad i efterhand"))

    assert "published" in message
    published_report.refresh_from_db()
    assert published_report.summary != "Ändrad i efterhand"


@on_postgresql
def test_the_database_refuses_to_delete_a_published_report_or_change_its_sections_and_updates(published_report):
    update = ActivityUpdate.objects.filter(section__report=published_report).first()

    _refused_by_the_database(lambda: FollowUpReport.objects.filter(pk=published_report.pk).delete())
    _refused_by_the_database(lambda: ActivityUpdate.objects.filter(pk=update.pk).update(status="cancelled"))
    _refused_by_the_database(lambda: ActivityUpdate.objects.filter(pk=update.pk).delete())
    _refused_by_the_database(lambda: ReportSection.objects.filter(report=published_report).update(text="Ändrad"))
    _refused_by_the_database(
        lambda: ActivityUpdate.objects.create(section=update.section, activity=update.activity, status="done", order=99)
    )

    update.refresh_from_db()
    assert update.status != "cancelled"


@on_postgresql
def test_the_database_lets_a_draft_report_change_and_a_submitting_user_be_removed(published_report, programme, coordinator):
    draft = FollowUpReport.objects.create(agreement=programme, period_year=2024, period_tertial=3)
    FollowUpReport.objects.filter(pk=draft.pk).update(summary="Utkast ändras fritt")
    assert published_report.submitted_by == coordinator

    get_user_model().objects.filter(pk=coordinator.pk).delete()

    published_report.refresh_from_db()
    assert published_report.submitted_by is None


@on_postgresql
def test_the_demo_reset_may_change_published_reports_inside_unfrozen_only(published_report):
    with unfrozen():
        FollowUpReport.objects.filter(pk=published_report.pk).update(summary="Återställd demo")

    published_report.refresh_from_db()
    assert published_report.summary == "Återställd demo"
    _refused_by_the_database(lambda: FollowUpReport.objects.filter(pk=published_report.pk).delete())
    with unfrozen():
        ActivityUpdate.objects.filter(section__report=published_report).delete()
        ReportSection.objects.filter(report=published_report).delete()
        FollowUpReport.objects.filter(pk=published_report.pk).delete()
    assert not FollowUpReport.objects.filter(pk=published_report.pk).exists()


def test_publishing_stores_the_snapshot_and_pdf_past_the_trigger(published_report):
    # The publishing step writes the snapshot and PDF after the state; on PostgreSQL the trigger lets it.
    assert published_report.snapshot and published_report.pdf and published_report.published_at


def test_admin_cannot_change_an_activity_update_of_a_published_report_not_even_an_administrator(client, admin_user, published_report):
    update = ActivityUpdate.objects.filter(section__report=published_report).first()
    before = update.status
    client.force_login(admin_user)
    url = reverse("admin:followup_activityupdate_change", args=[update.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "section": update.section_id,
            "activity": update.activity_id,
            "status": "cancelled",
            "what_was_done": "",
            "next_step": "",
            "order": "1",
        },
    )

    assert 'name="_save"' not in page
    assert "inte ens av en administratör" in page
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.status == before


def test_admin_cannot_delete_an_activity_update_of_a_published_report(client, admin_user, published_report):
    update = ActivityUpdate.objects.filter(section__report=published_report).first()
    client.force_login(admin_user)

    response = client.post(reverse("admin:followup_activityupdate_delete", args=[update.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert ActivityUpdate.objects.filter(pk=update.pk).exists()


def test_coordinator_may_still_change_an_update_of_a_draft_report_in_the_admin(client, programme, period, coordinator):
    from followup.services import report_create_draft

    report = report_create_draft(agreement=programme, period=period, by=coordinator)
    update = ActivityUpdate.objects.filter(section__report=report).first()
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:followup_activityupdate_change", args=[update.pk]),
        {
            "section": update.section_id,
            "activity": update.activity_id,
            "status": "cancelled",
            "what_was_done": "Inställd",
            "achieved": "",
            "next_step": "",
            "order": "1",
        },
    )

    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == "cancelled"


# Focus areas named by a published promise stay.


def test_a_focus_area_used_by_a_published_promise_cannot_be_deleted_in_the_admin(client, admin_user, here):
    area = FocusAreaFactory(municipality=here, name="Lokalt område")
    PromiseFactory(agreement=here.agreements.get(), title="Publicerat", focus_areas=[area])
    client.force_login(admin_user)

    response = client.post(reverse("admin:promises_focusarea_delete", args=[area.pk]), {"post": "yes"}, follow=True)

    assert "kan inte tas bort" in response.content.decode()
    assert FocusArea.objects.filter(pk=area.pk).exists()


def test_a_focus_area_used_by_a_published_promise_cannot_be_deleted_by_any_path(here):
    area = FocusAreaFactory(municipality=here, name="Lokalt område")
    promise = PromiseFactory(agreement=here.agreements.get(), title="Publicerat", focus_areas=[area])

    with pytest.raises(ProtectedError) as refused:
        FocusArea.objects.filter(pk=area.pk).delete()
    with pytest.raises(ProtectedError):
        area.delete()

    assert "Publicerat" in str(refused.value.args[0])
    assert list(promise.focus_areas.all()) == [area]


def test_a_focus_area_used_only_by_drafts_can_be_deleted(here):
    area = FocusAreaFactory(municipality=here, name="Lokalt område")
    PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])

    area.delete()

    assert not FocusArea.objects.filter(pk=area.pk).exists()


# Pages read a published report's statuses from its snapshot.


def test_promise_page_shows_the_snapshots_status_even_after_an_update_row_was_altered(client, published_report):
    frozen = published_report.snapshot["sections"][0]["activities"][0]
    update = ActivityUpdate.objects.filter(section__report=published_report).order_by("section__order", "order", "pk").first()
    promise = update.activity.promise
    if connection.vendor == "postgresql":
        pytest.skip("the database refuses the alteration itself (see the trigger tests)")
    altered = "cancelled" if frozen["status"] != "cancelled" else "done"
    ActivityUpdate.objects.filter(pk=update.pk).update(status=altered)

    page = client.get(promise.get_absolute_url()).content.decode()

    history = page.split("I uppföljningarna")[1].split("</ol>")[0]
    assert f'badge--{frozen["status"]}">{frozen["status_label"]}' in history
    assert f"badge--{altered}" not in history


def test_the_report_history_is_read_in_a_constant_number_of_queries(published_report, django_assert_num_queries):
    from promises.models import Activity
    from public.promise_views import report_history

    activities = list(Activity.objects.filter(updates__section__report=published_report))
    with django_assert_num_queries(1):
        history = report_history(activities)

    assert set(history) == {activity.pk for activity in activities}


# The checksum on the page.


def test_public_report_page_shows_the_sha256_of_the_stored_pdf(client, published_report):
    page = client.get(published_report.get_absolute_url()).content.decode()
    pdf = client.get(published_report.get_pdf_url()).content

    shown = page.split("kontrollera en nedladdad kopia:")[1].split("</code>")[0].replace("<br>", "")
    assert shown.replace("<code>", "").replace("<wbr>", "").strip() == hashlib.sha256(pdf).hexdigest()
    assert hashlib.sha256(bytes(published_report.pdf)).hexdigest() == hashlib.sha256(pdf).hexdigest()


def test_each_activity_reads_its_own_entry_of_the_snapshot_past_an_empty_section(published_report, here):
    if connection.vendor == "postgresql":
        pytest.skip("the database refuses rewriting a published report (see the trigger tests)")
    from public.promise_views import report_history

    # A section with no activities comes first, and each entry gets a status of its own.
    other = PromiseFactory(agreement=published_report.agreement, title="Löfte utan aktiviteter i perioden")
    ReportSection.objects.create(report=published_report, promise=other, order=0)
    snapshot = published_report.snapshot
    snapshot["sections"].insert(0, {"promise_title": other.title, "activities": []})
    for entry, status in zip(snapshot["sections"][1]["activities"], ["postponed", "done"]):
        entry["status"] = status
    FollowUpReport.objects.filter(pk=published_report.pk).update(snapshot=snapshot)
    updates = list(ActivityUpdate.objects.filter(section__report=published_report).order_by("order", "pk"))

    history = report_history([update.activity for update in updates])

    assert [history[update.activity_id][0][1] for update in updates] == ["postponed", "done"]
