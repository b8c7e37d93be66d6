"""A checked file is imported once: its one-time token is taken under a lock with the writing, so a
second or simultaneous confirmation writes nothing and says so, and an old token has expired."""

import datetime
import io
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from approvals.models import ReviewState
from promises.importing import activities as activity_import
from promises.importing import reading, writing
from promises.models import Activity, PendingImport, Promise
from tests.factories import (
    ActivityFactory,
    FocusAreaFactory,
    PromiseFactory,
    coordinator_of,
)

pytestmark = pytest.mark.django_db
HEADINGS = "Aktivitet-ID;Löfte-ID;Beskrivning;Fokusområde;Ansvarig;Samverkanspart;Plats;Status"


@pytest.fixture
def setup(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    draft = PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area])
    return {"municipality": here, "draft": draft, "user": coordinator_of(here)}


def _upload(setup, *descriptions, name="aktiviteter.csv"):
    rows = [f";{setup['draft'].pk};{description};Ökad trygghet;gemensamt;;;planerad" for description in descriptions]
    upload = io.BytesIO(("\r\n".join([HEADINGS, *rows]) + "\r\n").encode())
    upload.name = name
    return upload


def _check(client, setup, *descriptions) -> str:
    """Upload a file of new activities; the token the preview's confirmation carries."""
    page = client.post(reverse("promises:import"), {"kommun": setup["municipality"].slug, "file": _upload(setup, *descriptions)})
    assert page.status_code == 200
    token = page.context["token"]
    assert f'name="token" value="{token}"' in page.content.decode()
    return token


def _confirm(client, setup, token=None):
    data = {"token": token} if token else {}
    return client.post(f"{reverse('promises:import_confirm')}?kommun={setup['municipality'].slug}", data)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_confirming_the_same_token_twice_writes_once(client, setup):
    client.force_login(setup["user"])
    token = _check(client, setup, "Trygghetsvandring", "Medborgardialog", "Trafikinsats")

    first = _confirm(client, setup, token)
    second = _confirm(client, setup, token)

    assert Activity.objects.count() == 3
    assert first.status_code == second.status_code == 302
    assert _messages(second)[-1] == "Filen aktiviteter.csv är redan importerad; den importerades inte igen."
    used = PendingImport.objects.get(token=token)
    assert used.used_at is not None and bytes(used.data) == b""  # the file is not kept once imported


def test_confirming_without_a_token_takes_the_sessions_and_still_writes_once(client, setup):
    client.force_login(setup["user"])
    _check(client, setup, "Trygghetsvandring", "Medborgardialog", "Trafikinsats")

    _confirm(client, setup)
    second = _confirm(client, setup)

    assert Activity.objects.count() == 3
    assert "redan importerad" in _messages(second)[-1]


def test_each_preview_confirms_its_own_file(client, setup):
    client.force_login(setup["user"])
    first = _check(client, setup, "Trygghetsvandring")
    _check(client, setup, "Medborgardialog")  # a second tab, checked later

    _confirm(client, setup, first)

    assert list(Activity.objects.values_list("description", flat=True)) == ["Trygghetsvandring"]


def test_an_expired_token_is_refused(client, setup, settings):
    settings.IMPORT_TOKEN_MAX_AGE = datetime.timedelta(minutes=60)
    client.force_login(setup["user"])
    token = _check(client, setup, "Trygghetsvandring")
    PendingImport.objects.filter(token=token).update(created_at=timezone.now() - datetime.timedelta(minutes=61))

    response = _confirm(client, setup, token)

    assert not Activity.objects.exists()
    assert (
        _messages(response)[-1]
        == "Den kontrollerade filen väntade mer än 60 minuter och har gått ut; inget importerades. Ladda upp den igen."
    )


def test_another_users_or_municipalitys_token_is_refused(client, setup, there):
    client.force_login(setup["user"])
    token = _check(client, setup, "Trygghetsvandring")
    client.force_login(coordinator_of(setup["municipality"], username="en.annan"))

    response = _confirm(client, setup, token)

    assert not Activity.objects.exists()
    assert _messages(response)[-1] == "Det finns ingen kontrollerad fil att importera; ladda upp den igen."
    with pytest.raises(reading.ImportFileError):
        writing.pending_import_confirm(
            token=token,
            municipality=there,
            kind="activities",
            user=setup["user"],
            run=lambda *args, **kwargs: pytest.fail("the file was imported"),
        )


def test_a_file_that_no_longer_checks_out_leaves_its_token_unused(setup):
    waiting = writing.pending_import_create(
        municipality=setup["municipality"],
        kind="activities",
        user=setup["user"],
        name="a.csv",
        data=_upload(setup, "Trygghetsvandring").getvalue(),
    )
    Promise.objects.filter(pk=setup["draft"].pk).update(workflow_state=ReviewState.PUBLISHED)

    plan = writing.pending_import_confirm(
        token=waiting.token,
        municipality=setup["municipality"],
        kind="activities",
        user=setup["user"],
        run=lambda name, data: activity_import.run_import(municipality=setup["municipality"], name=name, data=data, by=setup["user"]),
    )

    assert not plan.is_valid and not Activity.objects.exists()
    assert PendingImport.objects.get().used_at is None


def test_old_checked_files_are_cleared_when_a_new_one_is_checked(setup, settings):
    settings.IMPORT_TOKEN_MAX_AGE = datetime.timedelta(minutes=60)
    now = timezone.now()
    kept = {"municipality": setup["municipality"], "kind": "activities", "user": setup["user"], "name": "a.csv", "data": b"data"}
    expired = writing.pending_import_create(**kept)
    ancient = writing.pending_import_create(**kept)
    PendingImport.objects.filter(pk=expired.pk).update(created_at=now - datetime.timedelta(hours=2))
    PendingImport.objects.filter(pk=ancient.pk).update(created_at=now - datetime.timedelta(days=2))

    fresh = writing.pending_import_create(**kept)

    assert set(PendingImport.objects.values_list("pk", flat=True)) == {expired.pk, fresh.pk}
    assert bytes(PendingImport.objects.get(pk=expired.pk).data) == b"" and bytes(PendingImport.objects.get(pk=fresh.pk).data) == b"data"


def test_a_promise_file_confirmed_twice_writes_once(client, setup):
    client.force_login(setup["user"])
    agreement = setup["municipality"].agreements.get()
    area = FocusAreaFactory(municipality=setup["municipality"], name="Trafik")
    upload = io.BytesIO(
        (
            "Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från\r\n"
            f"{agreement.pk};Tryggare trafik;Vi gör trafiken tryggare;{area.name};2024-01-01\r\n"
        ).encode()
    )
    upload.name = "loften.csv"
    page = client.post(reverse("promises:import_promises"), {"kommun": setup["municipality"].slug, "file": upload})
    url = f"{reverse('promises:import_promises_confirm')}?kommun={setup['municipality'].slug}"

    client.post(url, {"token": page.context["token"]})
    second = client.post(url, {"token": page.context["token"]})

    assert Promise.objects.filter(title="Tryggare trafik").count() == 1
    assert "redan importerad" in _messages(second)[-1]


def test_a_report_file_confirmed_twice_writes_once(client, setup):
    from followup.periods import ReportingPeriod
    from followup.services import report_create_draft

    agreement = setup["municipality"].agreements.get()
    agreement.cadence, agreement.starts_on = "tertial", datetime.date(2022, 1, 1)
    agreement.save()
    promise = PromiseFactory(
        agreement=agreement,
        valid_from=datetime.date(2022, 1, 1),
        focus_areas=[FocusAreaFactory(municipality=setup["municipality"], name="Trygghet")],
    )
    ActivityFactory(promise=promise, focus_area=promise.focus_areas.get(), description="Trygghetsvandringar", status="planned")
    report = report_create_draft(agreement=agreement, period=ReportingPeriod(2022, 1), by=setup["user"])
    update = report.sections.get().updates.get()
    client.force_login(setup["user"])
    url = reverse("followup:report_import", args=[report.pk])
    upload = io.BytesIO(f"Uppdatering-ID;Status;Vad som gjordes\r\n{update.pk};genomförd;Två vandringar\r\n".encode())
    upload.name = "uppfoljning.csv"
    token = client.post(url, {"file": upload}).context["token"]

    client.post(url, {"confirm": "1", "token": token})
    update.refresh_from_db()
    update.what_was_done = "Ändrat efter importen"
    update.save()
    second = client.post(url, {"confirm": "1", "token": token})

    update.refresh_from_db()
    assert update.what_was_done == "Ändrat efter importen"  # the second confirmation wrote nothing
    assert "redan importerad" in _messages(second)[-1]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks; PostgreSQL is the production database")
def test_two_simultaneous_confirmations_write_once(here):
    area = FocusAreaFactory(municipality=here, name="Ökad trygghet")
    setup = {
        "municipality": here,
        "draft": PromiseFactory(agreement=here.agreements.get(), workflow_state=ReviewState.DRAFT, focus_areas=[area]),
        "user": coordinator_of(here),
    }
    data = _upload(setup, "Trygghetsvandring", "Medborgardialog", "Trafikinsats").getvalue()
    token = writing.pending_import_create(municipality=here, kind="activities", user=setup["user"], name="a.csv", data=data).token
    start = threading.Barrier(2)
    outcomes = []

    def confirm():
        try:
            start.wait()
            writing.pending_import_confirm(
                token=token,
                municipality=here,
                kind="activities",
                user=setup["user"],
                run=lambda name, data: activity_import.run_import(municipality=here, name=name, data=data, by=setup["user"]),
            )
            outcomes.append("imported")
        except writing.ImportAlreadyConfirmed:
            outcomes.append("already imported")
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already imported", "imported"]
    assert Activity.objects.count() == 3
