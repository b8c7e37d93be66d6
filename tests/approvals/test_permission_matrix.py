"""Every URL the project serves × every role gives the expected outcome.

The table is checked against the URL configuration: a new URL without a row here fails
`test_every_url_has_a_row_in_the_matrix`. Admin URLs are generated from the admin's registry, so a
newly registered model is covered the moment it appears.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from approvals.models import ReviewState
from followup.models import FollowUpReport, Indicator
from tests.cycle.dialogue_fixtures import dialogue_rows, dialogue_world
from tests.cycle.plan_fixtures import plan_world
from tests.cycle.situation_fixtures import situation_rows, situation_world
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    PromiseExtensionFactory,
    PromiseFactory,
    PromiseSignatoryFactory,
    SignatoryFactory,
    UserFactory,
    chief_of,
    coordinator_of,
)

SCOPED_APPS = {"agreements", "promises", "followup", "cycle"}
ROLES = ["anonymous", "coordinator_here", "coordinator_other", "chief_here", "chief_other", "administrator"]
OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND = "200", "login", "redirect", "403", "404"


def _row(anonymous, coordinator_here, coordinator_other, chief_here, chief_other, administrator):
    return dict(zip(ROLES, [anonymous, coordinator_here, coordinator_other, chief_here, chief_other, administrator]))


PUBLIC = _row(OK, OK, OK, OK, OK, OK)
COORDINATOR_PAGE = _row(LOGIN, OK, OK, FORBIDDEN, FORBIDDEN, OK)
COORDINATOR_ITEM = _row(LOGIN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN, OK)
COORDINATOR_STEP = _row(LOGIN, REDIRECT, NOT_FOUND, FORBIDDEN, FORBIDDEN, REDIRECT)
SIGNED_IN = _row(LOGIN, OK, OK, OK, OK, OK)
CHIEFS_ADMIN = _row(LOGIN, LOGIN, LOGIN, OK, OK, OK)
ADMIN_OWN_AREA = _row(LOGIN, LOGIN, LOGIN, OK, REDIRECT, OK)  # the admin redirects "does not exist" to its index
ADMIN_OWN_HISTORY = _row(LOGIN, LOGIN, LOGIN, OK, NOT_FOUND, OK)
ADMIN_ONLY = _row(LOGIN, LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK)
INTERNAL_READ = _row(LOGIN, OK, NOT_FOUND, OK, NOT_FOUND, OK)  # the cycle's internal pages: the area's chiefs read them too


@pytest.fixture
def world(db):
    """Two municipalities in two police areas, with content in every workflow state, and the users."""
    here = MunicipalityFactory(slug="har", police_area=PoliceAreaFactory())
    there = MunicipalityFactory(slug="dar", police_area=PoliceAreaFactory())
    agreement = AgreementFactory(municipality=here, ends_on=None)
    AgreementFactory(municipality=there, ends_on=None)
    here.emblem.save("vapen.png", ContentFile(_png()), save=False)  # for its preview page
    here.emblem_alt = "Vapen"
    here.save()
    national = FocusAreaFactory(name="Trygghet", slug="trygghet")
    area = FocusAreaFactory(municipality=here, national_area=national)
    published = PromiseFactory(agreement=agreement, focus_areas=[area])
    draft = PromiseFactory(agreement=agreement, workflow_state=ReviewState.DRAFT)
    activity = ActivityFactory(promise=published, focus_area=area)
    signatory = SignatoryFactory(agreement=agreement)
    promise_signatory = PromiseSignatoryFactory(promise=published)
    # A draft extension of a second published promise, so that the first may still get one.
    extension = PromiseExtensionFactory(promise=PromiseFactory(agreement=agreement, valid_until=datetime.date(2025, 12, 31)))
    report = _published_report(agreement, published, activity)
    draft_report = FollowUpReport.objects.create(
        agreement=agreement, period_year=2024, period_tertial=None, workflow_state=ReviewState.DRAFT
    )
    indicator = Indicator.objects.create(municipality=here, name="Trygghet", unit="procent", source="Enkät")
    situation = situation_world(here)  # sit: a lägesbild of `here` with a source, a problem and a summary draft
    dialogue = dialogue_world(here)  # dia: a dialogue of `here` with one theme
    plan = plan_world(here, situation)  # plan: an åtgärdsplan of `here` with one measure
    users = {
        "anonymous": None,
        "coordinator_here": coordinator_of(here),
        "coordinator_other": coordinator_of(there),
        "chief_here": chief_of(here.police_area),
        "chief_other": chief_of(there.police_area),
        "administrator": UserFactory(is_staff=True, is_superuser=True),
    }
    objects = {
        "municipality": here,
        "policearea": here.police_area,
        "agreement": agreement,
        "signatory": signatory,
        "promise": published,
        "activity": activity,
        "focusarea": area,
        "user": users["coordinator_here"],
        "promisesignatory": promise_signatory,
        "promiseextension": extension,
        "group": Group.objects.create(name="Läsare"),
        "followupreport": report,
        "activityupdate": report.sections.get().updates.get(),
        "indicator": indicator,
        "situationpicture": situation["picture"],
        "source": situation["source"],
        "problem": situation["problem"],
        "publicsummary": situation["summary"],
        "actionplan": plan["plan"],
        "measure": plan["measure"],
        "dialogue": dialogue["dialogue"],
        "dialoguetheme": dialogue["theme"],
    }
    return {
        "here": here,
        "published": published,
        "draft": draft,
        "agreement": agreement,
        "users": users,
        "objects": objects,
        "report": report,
        "draft_report": draft_report,
        "national": national,
        "situation": situation,
        "dialogue": dialogue,
        "plan": plan,
    }


def _published_report(agreement, promise, activity):
    """A published yearly report, made without WeasyPrint to keep this test quick."""
    from followup.models import ActivityUpdate, ReportSection
    from followup.rendering import build_snapshot

    report = FollowUpReport.objects.create(
        agreement=agreement, period_year=2023, workflow_state=ReviewState.PUBLISHED, published_at=timezone.now()
    )
    section = ReportSection.objects.create(report=report, promise=promise)
    ActivityUpdate.objects.create(section=section, activity=activity, status="done")
    report.snapshot = build_snapshot(report)
    report.pdf = b"%PDF-1.7 stand-in"
    report.save()
    return report


def matrix(world):
    """(URL name, method, path, POST data, expected outcome per role)."""
    here, draft, agreement, report = world["here"], world["draft"], world["agreement"], world["report"]
    national = world["national"]
    activity, signatory = world["objects"]["activity"], world["objects"]["signatory"]
    promise_signatory, extension = world["objects"]["promisesignatory"], world["objects"]["promiseextension"]
    rows = [
        ("public:municipality_list", "get", "/", None, PUBLIC),
        ("public:about", "get", "/om/", None, PUBLIC),
        ("health", "get", reverse("health"), None, PUBLIC),
        ("public:municipality", "get", here.get_absolute_url(), None, PUBLIC),
        ("public:municipality", "get", "/finns-inte/", None, _row(*[NOT_FOUND] * 6)),
        ("public:promise", "get", world["published"].get_absolute_url(), None, PUBLIC),
        ("public:promise", "get", f"/{here.slug}/loften/{draft.pk}/", None, _row(*[NOT_FOUND] * 6)),
        ("login", "get", reverse("login"), None, _row(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
        ("logout", "post", reverse("logout"), {}, _row(*[REDIRECT] * 6)),
        ("password_change", "get", reverse("password_change"), None, SIGNED_IN),
        ("password_change_done", "get", reverse("password_change_done"), None, SIGNED_IN),
        # The second factor (off in the test settings, and nobody here has one): the set-up page for
        # everyone signed in; the code page, the codes page and the steps send them on.
        ("second_factor", "get", reverse("second_factor"), None, SIGNED_IN),
        ("second_factor_verify", "get", reverse("second_factor_verify"), None, _row(LOGIN, *[REDIRECT] * 5)),
        ("second_factor_recovery_codes", "get", reverse("second_factor_recovery_codes"), None, _row(LOGIN, *[REDIRECT] * 5)),
        ("second_factor_new_codes", "post", reverse("second_factor_new_codes"), {}, _row(LOGIN, *[REDIRECT] * 5)),
        ("second_factor_turn_off", "post", reverse("second_factor_turn_off"), {}, _row(LOGIN, *[REDIRECT] * 5)),
        ("set_language", "post", reverse("set_language"), {"language": "sv", "next": "/"}, _row(*[REDIRECT] * 6)),
        ("approvals:start", "get", reverse("approvals:start"), None, _row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
        ("coordination:dashboard", "get", reverse("coordination:dashboard"), None, COORDINATOR_PAGE),
        ("approvals:awaiting", "get", reverse("approvals:awaiting"), None, _row(LOGIN, LOGIN, LOGIN, OK, OK, OK)),
        # Several items at once: the list to confirm, and a step the state refuses (the list again
        # with the reason, nothing changes). Another municipality's or police area's item is not found.
        ("approvals:bulk_steps", "get", f"{reverse('approvals:bulk_steps')}?action=submit&item={draft.model_key}", None, COORDINATOR_ITEM),
        ("approvals:bulk_steps", "post", reverse("approvals:bulk_steps"), {"action": "publish", "item": draft.model_key}, COORDINATOR_ITEM),
        (
            "approvals:awaiting_bulk",
            "get",
            f"{reverse('approvals:awaiting_bulk')}?item={draft.model_key}",
            None,
            _row(LOGIN, LOGIN, LOGIN, OK, NOT_FOUND, OK),
        ),
        (
            "approvals:awaiting_bulk",
            "post",
            reverse("approvals:awaiting_bulk"),
            {"item": draft.model_key},
            _row(LOGIN, LOGIN, LOGIN, OK, NOT_FOUND, OK),
        ),
        # One item as the chief reads it before deciding; its coordinator is sent to their own page for it.
        (
            "approvals:awaiting_item",
            "get",
            reverse("approvals:awaiting_item", args=["promises.promise", draft.pk]),
            None,
            _row(LOGIN, REDIRECT, NOT_FOUND, OK, NOT_FOUND, OK),
        ),
        ("promises:manage_promise", "get", draft.get_manage_url(), None, COORDINATOR_ITEM),
        # A step that is refused for its state: the outcome is the check, and nothing changes.
        ("promises:promise_step", "post", reverse("promises:promise_step", args=[draft.pk]), {"action": "withdraw"}, COORDINATOR_STEP),
        ("agreements:manage_agreement", "get", agreement.get_manage_url(), None, COORDINATOR_ITEM),
        (
            "agreements:agreement_step",
            "post",
            reverse("agreements:agreement_step", args=[agreement.pk]),
            {"action": "withdraw"},
            COORDINATOR_STEP,
        ),
        ("admin:index", "get", reverse("admin:index"), None, CHIEFS_ADMIN),
        # The coordinator's editing pages. Forms are only shown (GET); steps that POST are ones the
        # state refuses (published content), so the outcome is the check and nothing changes.
        ("promises:promise_new", "get", f"{reverse('promises:promise_new')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("promises:promise_edit", "get", reverse("promises:promise_edit", args=[draft.pk]), None, COORDINATOR_ITEM),
        ("promises:focus_area_new", "get", reverse("promises:focus_area_new", args=[draft.pk]), None, COORDINATOR_ITEM),
        ("promises:activity_new", "get", reverse("promises:activity_new", args=[draft.pk]), None, COORDINATOR_ITEM),
        ("promises:carry_over", "get", reverse("promises:carry_over", args=[draft.pk]), None, COORDINATOR_ITEM),
        # The activity belongs to a published promise: its content cannot be edited, so the form
        # pages send the coordinator back with the reason; its status can always be reported.
        ("promises:activity_edit", "get", reverse("promises:activity_edit", args=[activity.pk]), None, COORDINATOR_STEP),
        ("promises:activity_status", "get", reverse("promises:activity_status", args=[activity.pk]), None, COORDINATOR_ITEM),
        ("promises:activity_delete", "get", reverse("promises:activity_delete", args=[activity.pk]), None, COORDINATOR_STEP),
        ("promises:activity_move", "post", reverse("promises:activity_move", args=[activity.pk]), {"direction": "up"}, COORDINATOR_STEP),
        ("agreements:agreement_new", "get", f"{reverse('agreements:agreement_new')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("agreements:agreement_edit", "get", reverse("agreements:agreement_edit", args=[agreement.pk]), None, COORDINATOR_STEP),
        ("agreements:signatory_new", "get", reverse("agreements:signatory_new", args=[agreement.pk]), None, COORDINATOR_STEP),
        ("agreements:contacts_edit", "get", reverse("agreements:contacts_edit", args=[agreement.pk]), None, COORDINATOR_ITEM),
        ("agreements:emblem_edit", "get", f"{reverse('agreements:emblem_edit')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("agreements:emblem_image", "get", f"{reverse('agreements:emblem_image')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("agreements:signatory_remove", "post", reverse("agreements:signatory_remove", args=[signatory.pk]), {}, COORDINATOR_STEP),
        *situation_rows(here, world["situation"], internal_read=INTERNAL_READ, item=COORDINATOR_ITEM, step=COORDINATOR_STEP),
        *dialogue_rows(
            here, world["dialogue"], internal_read=INTERNAL_READ, item=COORDINATOR_ITEM, step=COORDINATOR_STEP, page=COORDINATOR_PAGE
        ),
        *_plan_rows(here, world["plan"]),
        # A promise's own signatories, on a draft; the one here belongs to a published promise, so
        # removing it is refused for its state.
        ("promises:promise_signatory_new", "get", reverse("promises:promise_signatory_new", args=[draft.pk]), None, COORDINATOR_ITEM),
        (
            "promises:promise_signatory_remove",
            "post",
            reverse("promises:promise_signatory_remove", args=[promise_signatory.pk]),
            {},
            COORDINATOR_STEP,
        ),
        # Extension by decision: the form on a published promise, then the extension's own pages.
        ("promises:extension_new", "get", reverse("promises:extension_new", args=[world["published"].pk]), None, COORDINATOR_ITEM),
        ("promises:manage_extension", "get", extension.get_manage_url(), None, COORDINATOR_ITEM),
        ("promises:extension_edit", "get", reverse("promises:extension_edit", args=[extension.pk]), None, COORDINATOR_ITEM),
        (
            "promises:extension_step",
            "post",
            reverse("promises:extension_step", args=[extension.pk]),
            {"action": "withdraw"},
            COORDINATOR_STEP,
        ),
        # Spreadsheets: import with a preview, exports of the municipality's own activities.
        ("promises:import", "get", f"{reverse('promises:import')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("promises:import_confirm", "post", f"{reverse('promises:import_confirm')}?kommun={here.slug}", {}, COORDINATOR_STEP),
        ("promises:import_template", "get", reverse("promises:import_template"), None, COORDINATOR_PAGE),
        ("promises:import_promises_template", "get", reverse("promises:import_promises_template"), None, COORDINATOR_PAGE),
        ("promises:import_promises", "get", f"{reverse('promises:import_promises')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        (
            "promises:import_promises_confirm",
            "post",
            f"{reverse('promises:import_promises_confirm')}?kommun={here.slug}",
            {},
            COORDINATOR_STEP,
        ),
        (
            "promises:export_promises",
            "get",
            f"{reverse('promises:export_promises', args=['xlsx'])}?kommun={here.slug}",
            None,
            COORDINATOR_ITEM,
        ),
        ("promises:export_csv", "get", f"{reverse('promises:export_csv')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("promises:export_xlsx", "get", f"{reverse('promises:export_xlsx')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        # The rest of the public site.
        ("public:site_feed", "get", reverse("public:site_feed"), None, PUBLIC),
        ("public:municipality_feed", "get", reverse("public:municipality_feed", args=[here.slug]), None, PUBLIC),
        (
            "public:municipality_year",
            "get",
            reverse("public:municipality_year", args=[here.slug, world["published"].valid_from.year]),
            None,
            PUBLIC,
        ),
        # A year with nothing published in it has no archive page, for anyone.
        ("public:municipality_year", "get", reverse("public:municipality_year", args=[here.slug, 1999]), None, _row(*[NOT_FOUND] * 6)),
        ("public:municipality_feed", "get", "/finns-inte/flode/", None, _row(*[NOT_FOUND] * 6)),
        ("public:accessibility", "get", reverse("public:accessibility"), None, PUBLIC),
        ("public:glossary", "get", reverse("public:glossary"), None, PUBLIC),
        ("public:robots", "get", reverse("public:robots"), None, PUBLIC),
        ("sitemap", "get", reverse("sitemap"), None, PUBLIC),
        ("sitemap_section", "get", reverse("sitemap_section", args=["promises"]), None, PUBLIC),
        ("sitemap_section", "get", "/sitemap-finns-inte.xml", None, _row(*[NOT_FOUND] * 6)),
        ("public:focus_area_list", "get", reverse("public:focus_area_list"), None, PUBLIC),
        ("public:focus_area", "get", reverse("public:focus_area", args=[national.slug]), None, PUBLIC),
        ("public:focus_area", "get", reverse("public:focus_area", args=["finns-inte"]), None, _row(*[NOT_FOUND] * 6)),
        ("public:open_data", "get", reverse("public:open_data"), None, PUBLIC),
        ("public:open_data_promises_csv", "get", reverse("public:open_data_promises_csv"), None, PUBLIC),
        ("public:open_data_promises_json", "get", reverse("public:open_data_promises_json"), None, PUBLIC),
        ("public:open_data_activities_csv", "get", reverse("public:open_data_activities_csv"), None, PUBLIC),
        ("public:open_data_activities_json", "get", reverse("public:open_data_activities_json"), None, PUBLIC),
        ("public:open_data_reports_json", "get", reverse("public:open_data_reports_json"), None, PUBLIC),
        ("public:open_data_municipality_reports", "get", reverse("public:open_data_municipality_reports", args=[here.slug]), None, PUBLIC),
        # Only municipalities with published reports have a file ("dar" has none).
        (
            "public:open_data_municipality_reports",
            "get",
            reverse("public:open_data_municipality_reports", args=["dar"]),
            None,
            _row(*[NOT_FOUND] * 6),
        ),
        # The embeds for other sites (public/embeds.py).
        ("public:embed", "get", reverse("public:embed", args=[here.slug]), None, PUBLIC),
        ("public:embed", "get", reverse("public:embed", args=["finns-inte"]), None, _row(*[NOT_FOUND] * 6)),
        ("public:embed_json", "get", reverse("public:embed_json", args=[here.slug]), None, PUBLIC),
        ("public:embed_json", "get", reverse("public:embed_json", args=["finns-inte"]), None, _row(*[NOT_FOUND] * 6)),
        ("public:embed_schema", "get", reverse("public:embed_schema"), None, PUBLIC),
        ("public:open_data_catalogue", "get", reverse("public:open_data_catalogue"), None, PUBLIC),
        # Follow-up reports: the public addresses of a published one, and the coordinator's pages.
        ("followup:report", "get", report.get_absolute_url(), None, PUBLIC),
        ("followup:report_pdf", "get", report.get_pdf_url(), None, PUBLIC),
        ("followup:report_version", "get", report.get_version_url(), None, PUBLIC),
        ("followup:report_version_pdf", "get", report.get_version_url(pdf=True), None, PUBLIC),
        ("followup:report_tertial", "get", f"/{here.slug}/uppfoljning/2023/tertial-1/", None, _row(*[NOT_FOUND] * 6)),
        ("followup:report_tertial_pdf", "get", f"/{here.slug}/uppfoljning/2023/tertial-1.pdf", None, _row(*[NOT_FOUND] * 6)),
        ("followup:report_tertial_version", "get", f"/{here.slug}/uppfoljning/2023/tertial-1/version-1/", None, _row(*[NOT_FOUND] * 6)),
        (
            "followup:report_tertial_version_pdf",
            "get",
            f"/{here.slug}/uppfoljning/2023/tertial-1/version-1.pdf",
            None,
            _row(*[NOT_FOUND] * 6),
        ),
        ("followup:report", "get", world["draft_report"].get_absolute_url(), None, _row(*[NOT_FOUND] * 6)),
        ("followup:report_new", "get", f"{reverse('followup:report_new')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("followup:manage_report", "get", world["draft_report"].get_manage_url(), None, COORDINATOR_ITEM),
        ("followup:report_edit", "get", reverse("followup:report_edit", args=[world["draft_report"].pk]), None, COORDINATOR_ITEM),
        # The chiefs of the report's police area read the preview too, before they approve.
        (
            "followup:report_preview",
            "get",
            reverse("followup:report_preview", args=[world["draft_report"].pk]),
            None,
            _row(LOGIN, OK, NOT_FOUND, OK, NOT_FOUND, OK),
        ),
        ("followup:indicators", "get", f"{reverse('followup:indicators')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("followup:indicator", "get", reverse("followup:indicator", args=[world["objects"]["indicator"].pk]), None, COORDINATOR_ITEM),
        ("followup:report_import", "get", reverse("followup:report_import", args=[world["draft_report"].pk]), None, COORDINATOR_ITEM),
        (
            "followup:report_export",
            "get",
            reverse("followup:report_export", args=[world["draft_report"].pk, "xlsx"]),
            None,
            COORDINATOR_ITEM,
        ),
        (
            "followup:report_step",
            "post",
            reverse("followup:report_step", args=[world["draft_report"].pk]),
            {"action": "withdraw"},
            COORDINATOR_STEP,
        ),
        # Submitting a report asks to confirm first: the page shows what will be sent.
        ("followup:report_submit", "get", reverse("followup:report_submit", args=[world["draft_report"].pk]), None, COORDINATOR_ITEM),
        # E-mail subscriptions, open to all without an account. A link to a subscription that has
        # ended says so; an altered link, or a municipality that does not exist, is not found.
        ("subscriptions:subscribe_country", "get", reverse("subscriptions:subscribe_country"), None, PUBLIC),
        ("subscriptions:subscribe", "get", reverse("subscriptions:subscribe", args=[here.slug]), None, PUBLIC),
        ("subscriptions:subscribe", "get", "/finns-inte/prenumerera/", None, _row(*[NOT_FOUND] * 6)),
        ("subscriptions:confirm", "get", reverse("subscriptions:confirm", args=["1:fel:fel"]), None, _row(*[NOT_FOUND] * 6)),
        ("subscriptions:unsubscribe", "get", reverse("subscriptions:unsubscribe", args=[_ended_subscription_token()]), None, PUBLIC),
        ("subscriptions:unsubscribe", "get", reverse("subscriptions:unsubscribe", args=["1:fel"]), None, _row(*[NOT_FOUND] * 6)),
    ]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        # Our domain is in the chiefs' view, scoped to their police area; users, groups and the
        # sign-in records (django-axes) are the administrator's alone.
        scoped = model._meta.app_label in SCOPED_APPS
        rows.append((f"{name}_changelist", "get", reverse(f"{name}_changelist"), None, CHIEFS_ADMIN if scoped else ADMIN_ONLY))
        obj = world["objects"].get(model._meta.model_name)
        if obj is not None:
            for page, own_area in (("change", ADMIN_OWN_AREA), ("history", ADMIN_OWN_HISTORY)):
                path = reverse(f"{name}_{page}", args=[obj.pk])
                rows.append((f"{name}_{page}", "get", path, None, own_area if scoped else ADMIN_ONLY))
    return rows


def _plan_rows(here, plan):
    """The åtgärdsplan's pages: read like the lägesbild's, written by the municipality's coordinators;
    removing the measure comes last (it removes it)."""
    record, measure = plan["plan"], plan["measure"]
    return [
        ("cycle:action_plans", "get", f"{reverse('cycle:action_plans')}?kommun={here.slug}", None, INTERNAL_READ),
        ("cycle:action_plan", "get", record.get_manage_url(), None, INTERNAL_READ),
        ("cycle:action_plan_new", "get", f"{reverse('cycle:action_plan_new')}?kommun={here.slug}", None, COORDINATOR_ITEM),
        ("cycle:action_plan_edit", "get", reverse("cycle:action_plan_edit", args=[record.pk]), None, COORDINATOR_ITEM),
        ("cycle:measure_new", "get", reverse("cycle:measure_new", args=[record.pk]), None, COORDINATOR_ITEM),
        ("cycle:measure_edit", "get", reverse("cycle:measure_edit", args=[measure.pk]), None, COORDINATOR_ITEM),
        ("cycle:measure_delete", "post", reverse("cycle:measure_delete", args=[measure.pk]), {}, COORDINATOR_STEP),
    ]


def _ended_subscription_token() -> str:
    """A genuine unsubscribe link for a subscription that no longer exists."""
    from subscriptions.models import Subscription
    from subscriptions.services import unsubscribe_token

    return unsubscribe_token(Subscription(pk=10**9))


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_row_in_the_matrix(world):
    covered = {row[0] for row in matrix(world)}
    served = {name for name in _names(get_resolver().url_patterns) if not name.startswith("admin:")}

    assert served - covered == set(), "add a row to the permission matrix for each new URL"


def test_every_domain_model_in_the_admin_has_its_change_page_in_the_matrix(world):
    covered = {row[0] for row in matrix(world)}
    for model in admin.site._registry:
        if model._meta.app_label in SCOPED_APPS | {"auth"}:
            assert f"admin:{model._meta.app_label}_{model._meta.model_name}_change" in covered


def _outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if location.startswith((reverse("login"), reverse("admin:login"))) else REDIRECT
    return str(response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_each_url_gives_each_role_the_expected_outcome(client, world, role):
    user = world["users"][role]
    failures = []
    for name, method, path, data, expected in matrix(world):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(path, data or {})
        if _outcome(response) != expected[role]:
            failures.append(f"{name} {method.upper()} {path}: expected {expected[role]}, got {_outcome(response)}")

    assert not failures, "\n".join(failures)


def test_refused_steps_in_the_matrix_changed_nothing(client, world):
    for name, method, path, data, _expected in matrix(world):
        if method != "post" or name in ("logout", "set_language"):
            continue
        for role in ROLES:
            client.logout()
            if world["users"][role]:
                client.force_login(world["users"][role])
            client.post(path, data)

    world["draft"].refresh_from_db()
    assert world["draft"].workflow_state == ReviewState.DRAFT
    assert not world["draft"].transitions().exists()
    assert world["objects"]["agreement"].signatories.count() == 1
    assert world["published"].signatories.count() == 1
    extension = world["objects"]["promiseextension"]
    extension.refresh_from_db()
    assert extension.workflow_state == ReviewState.DRAFT and not extension.transitions().exists()
    assert world["published"].activities.get().order == world["objects"]["activity"].order


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (11, 79, 138)).save(buffer, format="PNG")
    return buffer.getvalue()
