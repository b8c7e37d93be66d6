"""A published promise changes only through a revision, which the public sees only once published."""

import pytest

from approvals.models import Action, ReviewState
from approvals.services import WorkflowError
from promises.models import Activity, Promise
from promises.services import (
    PromiseError,
    promise_approve,
    promise_publish,
    promise_start_revision,
    promise_submit,
    promise_update,
)
from tests.factories import ActivityFactory, FocusAreaFactory, PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(here):
    area = FocusAreaFactory(name="Trygghet")
    promise = PromiseFactory(
        agreement=here.agreements.get(), title="Trygg stad", commitment="Vi lovar fler trygghetsvandringar.", focus_areas=[area]
    )
    ActivityFactory(promise=promise, focus_area=area, description="Trygghetsvandring i centrum")
    ActivityFactory(promise=promise, focus_area=area, description="Föräldravandring")
    return promise


def _publish(revision, coordinator, chief):
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)
    promise_publish(promise=revision, by=coordinator)


def test_starting_a_revision_copies_the_promise_and_its_activities_as_a_draft(published, coordinator):
    revision = promise_start_revision(promise=published, by=coordinator)

    assert revision.workflow_state == ReviewState.DRAFT
    assert revision.revision_of == published
    assert revision.commitment == published.commitment
    assert list(revision.focus_areas.all()) == list(published.focus_areas.all())
    assert [a.description for a in revision.activities.all()] == ["Trygghetsvandring i centrum", "Föräldravandring"]
    assert published.transitions().last().action == Action.START_REVISION


def test_public_page_shows_the_old_text_until_the_revision_is_published_then_the_new(client, published, coordinator, chief):
    url = published.get_absolute_url()
    revision = promise_start_revision(promise=published, by=coordinator)
    promise_update(promise=revision, by=coordinator, commitment="Vi lovar trygghetsvandringar varje månad.")
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)

    page = client.get(url).content.decode()
    assert "Vi lovar fler trygghetsvandringar." in page
    assert "varje månad" not in page
    assert page.count("Trygg stad") >= 1 and "Utkast" not in page

    promise_publish(promise=revision, by=coordinator)

    page = client.get(url).content.decode()
    assert "Vi lovar trygghetsvandringar varje månad." in page
    assert "Vi lovar fler trygghetsvandringar." not in page
    texts = [record.commitment for record in Promise.objects.get(pk=published.pk).history.all()]
    assert "Vi lovar fler trygghetsvandringar." in texts
    assert "Vi lovar trygghetsvandringar varje månad." in texts


def test_published_revision_keeps_the_promises_address_and_record(published, coordinator, chief):
    revision = promise_start_revision(promise=published, by=coordinator)
    revision_pk = revision.pk

    _publish(revision, coordinator, chief)

    assert not Promise.objects.filter(pk=revision_pk).exists()
    published.refresh_from_db()
    assert published.workflow_state == ReviewState.PUBLISHED
    assert [step.action for step in published.transitions()] == [
        Action.START_REVISION,
        Action.SUBMIT,
        Action.APPROVE,
        Action.PUBLISH,
    ]


def test_revision_updates_added_and_removed_activities_on_publication(published, coordinator, chief):
    revision = promise_start_revision(promise=published, by=coordinator)
    kept, removed = revision.activities.all()
    kept.description = "Trygghetsvandring i centrum och vid stationen"
    kept.save()
    removed.delete()
    ActivityFactory(promise=revision, focus_area=kept.focus_area, description="Trafikinsats vid skolan")
    original_ids = set(published.activities.values_list("pk", flat=True))

    _publish(revision, coordinator, chief)

    descriptions = sorted(published.activities.values_list("description", flat=True))
    assert descriptions == ["Trafikinsats vid skolan", "Trygghetsvandring i centrum och vid stationen"]
    assert published.activities.filter(pk__in=original_ids).count() == 1  # the kept one keeps its identity


def test_only_one_revision_at_a_time(published, coordinator):
    promise_start_revision(promise=published, by=coordinator)

    with pytest.raises(PromiseError, match="redan en pågående revidering"):
        promise_start_revision(promise=published, by=coordinator)
    assert Promise.objects.filter(revision_of=published).count() == 1


def test_a_draft_cannot_be_revised(here, coordinator):
    draft = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT)

    with pytest.raises(WorkflowError, match="Bara något som är publicerat kan revideras"):
        promise_start_revision(promise=draft, by=coordinator)
    assert not Promise.objects.filter(revision_of=draft).exists()


def test_chief_cannot_start_a_revision(published, chief):
    with pytest.raises(WorkflowError, match="kommunens samordnare"):
        promise_start_revision(promise=published, by=chief)


def test_revision_cannot_remove_an_activity_that_was_carried_over(published, coordinator, chief, here):
    later = PromiseFactory(agreement=here.agreements.get(), valid_from=published.valid_from, workflow_state=ReviewState.DRAFT)
    walk = published.activities.first()
    Activity.objects.create(
        promise=later, focus_area=walk.focus_area, description=walk.description, responsible=walk.responsible, carried_over_from=walk
    )
    revision = promise_start_revision(promise=published, by=coordinator)
    revision.activities.get(revision_of=walk).delete()
    promise_submit(promise=revision, by=coordinator)
    promise_approve(promise=revision, by=chief)

    with pytest.raises(PromiseError, match="förts över"):
        promise_publish(promise=revision, by=coordinator)

    revision.refresh_from_db()
    assert revision.workflow_state == ReviewState.APPROVED
    assert published.activities.filter(pk=walk.pk).exists()


def test_revision_in_progress_is_never_public(client, published, coordinator):
    revision = promise_start_revision(promise=published, by=coordinator)

    assert client.get(f"/{published.agreement.municipality.slug}/loften/{revision.pk}/").status_code == 404
