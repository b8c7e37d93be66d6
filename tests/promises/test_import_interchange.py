"""One Swedish interchange format in every UI language: statuses, responsible parties, audiences and
ja/nej are written and read as the same Swedish words, so a file exported in Swedish imports in
English and the other way round, and an error names only the words that are valid."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from approvals.models import ReviewState
from promises import spreadsheets
from promises.importing import activities as activity_import
from promises.importing import promises as promise_import
from promises.models import (
    Activity,
    ActivityStatus,
    Audience,
    Promise,
    ResponsibleParty,
)
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
    draft = PromiseFactory(
        agreement=here.agreements.get(),
        workflow_state=ReviewState.DRAFT,
        focus_areas=[area],
        audience=Audience.CHILDREN,
        runs_with_agreement=True,
    )
    ActivityFactory(
        promise=draft,
        focus_area=area,
        description="Trygghetsvandring",
        status=ActivityStatus.POSTPONED,
        responsible=ResponsibleParty.POLICE,
    )
    ActivityFactory(
        promise=draft,
        focus_area=area,
        description="Föräldravandring",
        status=ActivityStatus.CANCELLED,
        responsible=ResponsibleParty.PARTNER,
        partner_name="Länsstyrelsen",
    )
    return {"municipality": here, "area": area, "draft": draft, "user": coordinator_of(here)}


def _csv(*rows):
    return ("\r\n".join([HEADINGS, *rows]) + "\r\n").encode("utf-8")


def _run(setup, data, name="aktiviteter.csv"):
    return activity_import.run_import(municipality=setup["municipality"], name=name, data=data, by=setup["user"])


def _counts(plan):
    return len(plan.new), len(plan.changed), len(plan.unchanged)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_swedish_activity_export_imports_unchanged_in_english(setup, kind):
    with translation.override("sv"):
        exported = (
            activity_import.export_csv(setup["municipality"]) if kind == "csv" else activity_import.export_xlsx(setup["municipality"])
        )
    before = list(Activity.objects.order_by("pk").values())

    with translation.override("en"):
        plan = _run(setup, exported, name=f"export.{kind}")

    assert plan.errors == [] and _counts(plan) == (0, 0, 2)
    assert list(Activity.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_swedish_promise_export_imports_unchanged_in_english(setup, kind):
    with translation.override("sv"):
        exported = promise_import.export_promises(setup["municipality"], kind)
    before = list(Promise.objects.order_by("pk").values())

    with translation.override("en"):
        plan = promise_import.run_promise_import(municipality=setup["municipality"], name=f"loften.{kind}", data=exported, by=setup["user"])

    assert plan.errors == [] and _counts(plan) == (0, 0, 1)
    assert list(Promise.objects.order_by("pk").values()) == before


def test_an_english_export_imports_unchanged_in_swedish(setup):
    with translation.override("en"):
        activities = activity_import.export_csv(setup["municipality"])
        promises = promise_import.export_promises(setup["municipality"], "csv")

    with translation.override("sv"):
        assert _counts(_run(setup, activities)) == (0, 0, 2)
        assert _counts(
            promise_import.run_promise_import(municipality=setup["municipality"], name="l.csv", data=promises, by=setup["user"])
        ) == (0, 0, 1)


def test_exports_are_the_same_file_in_either_language(setup):
    with translation.override("sv"):
        swedish = activity_import.export_csv(setup["municipality"]), promise_import.export_promises(setup["municipality"], "csv")
    with translation.override("en"):
        english = activity_import.export_csv(setup["municipality"]), promise_import.export_promises(setup["municipality"], "csv")

    assert swedish == english
    activities, promises = (part.decode("utf-8-sig") for part in english)
    assert ";polisen;" in activities and ";framflyttad;" in activities and ";inställd;" in activities
    assert ";ja;barn;" in promises and promises.rstrip().endswith(";utkast")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("status", ActivityStatus.values)
def test_every_status_word_is_read_in_either_language(setup, language, status):
    word = spreadsheets.STATUS_WORDS[status]

    with translation.override(language):
        plan = activity_import.plan_import(
            municipality=setup["municipality"],
            name="a.csv",
            data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;kommunen;;;{word.upper()} "),
        )

    assert plan.errors == [] and plan.new[0].status == status


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("party", ["polisen", "kommunen", "gemensamt"])
def test_every_responsible_word_is_read_in_either_language(setup, language, party):
    with translation.override(language):
        plan = activity_import.plan_import(
            municipality=setup["municipality"],
            name="a.csv",
            data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;{party};;;planerad"),
        )

    assert plan.errors == [] and spreadsheets.RESPONSIBLE_WORDS[plan.new[0].responsible] == party


def test_files_written_in_english_before_the_words_were_fixed_still_import(setup):
    """Such files held the stored values ("postponed", "police"); they read as before."""
    with translation.override("sv"):
        plan = activity_import.plan_import(
            municipality=setup["municipality"],
            name="a.csv",
            data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;police;;;postponed"),
        )

    assert plan.errors == [] and (plan.new[0].responsible, plan.new[0].status) == ("police", "postponed")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Okänd status ”klar”; använd planerad, pågående, genomförd, framflyttad eller inställd."),
        ("en", "Unknown status “klar”; use planerad, pågående, genomförd, framflyttad or inställd."),
    ],
)
def test_the_error_for_an_unknown_status_names_the_swedish_words(setup, language, message):
    with translation.override(language):
        plan = activity_import.plan_import(
            municipality=setup["municipality"], name="a.csv", data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;kommunen;;;klar")
        )

    assert [(e.row, e.column, e.message) for e in plan.errors] == [(2, "Status", message)]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Okänd ansvarig ”grannen”; använd polisen, kommunen, gemensamt eller samverkanspart."),
        ("en", "Unknown responsible party “grannen”; use polisen, kommunen, gemensamt or samverkanspart."),
    ],
)
def test_the_error_for_an_unknown_responsible_party_names_the_swedish_words(setup, language, message):
    with translation.override(language):
        plan = activity_import.plan_import(
            municipality=setup["municipality"],
            name="a.csv",
            data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;grannen;;;planerad"),
        )

    assert [e.message for e in plan.errors] == [message]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("value", ["klar", "Framflyttad!", "framflyttat", "postponed?", "the police", "Pågår"])
def test_an_error_never_lists_the_rejected_value_as_valid(setup, language, value):
    with translation.override(language):
        plan = activity_import.plan_import(
            municipality=setup["municipality"],
            name="a.csv",
            data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;{value};;;{value}"),
        )

    assert {e.column for e in plan.errors} == {"Ansvarig", "Status"}
    for error in plan.errors:
        listed = error.message.split(";", 1)[1]
        words = spreadsheets.STATUS_WORDS if error.column == "Status" else spreadsheets.RESPONSIBLE_WORDS
        # It names every valid word, and the rejected value is none of them.
        assert all(word in listed for word in words.values())
        assert spreadsheets.normalised(value) not in {spreadsheets.normalised(word) for word in words.values()}


def test_the_statuses_an_error_names_are_the_words_the_import_reads(setup):
    plan = activity_import.plan_import(
        municipality=setup["municipality"], name="a.csv", data=_csv(f";{setup['draft'].pk};Ny aktivitet;Ökad trygghet;kommunen;;;klar")
    )
    listed = plan.errors[0].message.split("använd ", 1)[1].rstrip(".").replace(" eller ", ", ").split(", ")

    assert listed == list(spreadsheets.STATUS_WORDS.values())


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Okänd målgrupp ”bebisar”; använd alla, barn, unga, äldre, ett område eller annan grupp."),
        ("en", "Unknown target group “bebisar”; use alla, barn, unga, äldre, ett område or annan grupp."),
    ],
)
def test_the_error_for_an_unknown_audience_names_the_swedish_words(setup, language, message):
    data = (
        "Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från;Målgrupp\r\n"
        f"{setup['draft'].agreement_id};Nytt;Vi lovar.;Ökad trygghet;2027-01-01;bebisar\r\n"
    ).encode()

    with translation.override(language):
        plan = promise_import.plan_promise_import(municipality=setup["municipality"], name="l.csv", data=data)

    assert [e.message for e in plan.errors] == [message]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_audience_and_ja_nej_words_are_read_in_either_language(setup, language):
    data = (
        "Överenskommelse-ID;Titel;Löfte;Fokusområden;Gäller från;Målgrupp;Gäller så länge överenskommelsen gäller\r\n"
        f"{setup['draft'].agreement_id};Nytt;Vi lovar.;Ökad trygghet;2027-01-01;Äldre;JA\r\n"
    ).encode()

    with translation.override(language):
        plan = promise_import.plan_promise_import(municipality=setup["municipality"], name="l.csv", data=data)

    assert plan.errors == []
    assert (plan.new[0].promise.audience, plan.new[0].promise.runs_with_agreement) == (Audience.OLDER_PEOPLE, True)


def test_open_data_writes_the_same_words_in_english(client, setup):
    setup["draft"].workflow_state = ReviewState.PUBLISHED
    setup["draft"].save()

    client.cookies["django_language"] = "en"
    activities = json.loads(client.get(reverse("public:open_data_activities_json")).getvalue())["rader"]
    promises = json.loads(client.get(reverse("public:open_data_promises_json")).getvalue())["rader"]

    assert sorted(row["status"] for row in activities) == ["framflyttad", "inställd"]
    assert (promises[0]["malgrupp"], promises[0]["barnlofte"], promises[0]["galler_med_overenskommelsen"]) == ("barn", "ja", "ja")
    assert spreadsheets.AUDIENCE_WORDS[Audience.CHILDREN] == "barn" and spreadsheets.STATUS_WORDS[ActivityStatus.POSTPONED] == "framflyttad"
