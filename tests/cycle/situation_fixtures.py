"""What the lägesbild tests share: a lägesbild of `here` with a source, a problem and a summary
draft. The municipalities and users (`here`, `there`, `coordinator`, `chief`, ...) come from
tests/conftest.py."""

import datetime

import pytest

from cycle.models import Problem, PublicSummary, SituationPicture, Source

SECRET = "Uppgifter om pågående spaning vid Storgatan"
SUMMARY = "Sammanfattning för allmänheten: otryggheten i centrum har ökat."


@pytest.fixture
def picture(here):
    return SituationPicture.objects.create(
        municipality=here,
        title="Lägesbild 2026",
        as_of=datetime.date(2026, 3, 1),
        crime_and_consequences="Skadegörelse i centrum.",
        other_information=SECRET,
        analysis="Otryggheten hänger ihop med belysningen.",
    )


@pytest.fixture
def source(picture):
    return Source.objects.create(situation_picture=picture, kind="municipal_survey", title="Trygghetsundersökning våren 2022", year=2022)


@pytest.fixture
def problem(picture):
    return Problem.objects.create(situation_picture=picture, priority=1, title="Otrygghet i centrum", likely_causes="Dålig belysning.")


@pytest.fixture
def summary(picture):
    return PublicSummary.objects.create(situation_picture=picture, text=SUMMARY)


@pytest.fixture
def other_picture(there):
    return SituationPicture.objects.create(municipality=there, title="Lägesbild där", as_of=datetime.date(2026, 2, 1))


def situation_world(here):
    """For the permission matrix: a lägesbild of `here` with a source, a problem and a summary draft."""
    picture = SituationPicture.objects.create(municipality=here, title="Lägesbild 2026", as_of=datetime.date(2026, 3, 1))
    return {
        "picture": picture,
        "source": Source.objects.create(situation_picture=picture, kind="ntu", title="NTU 2025"),
        "problem": Problem.objects.create(situation_picture=picture, title="Otrygghet i centrum"),
        "summary": PublicSummary.objects.create(situation_picture=picture, text="Sammanfattning."),
    }


def situation_rows(here, situation, *, internal_read, item, step):
    """The permission matrix's rows for the lägesbild's pages: reading is for the municipality's
    coordinators and its area's chiefs (`internal_read`), writing (forms shown with GET) for its
    coordinators (`item`); the summary's step is one its state refuses, and removing the source
    comes last (it removes it)."""
    from django.urls import reverse

    picture, problem, summary = situation["picture"], situation["problem"], situation["summary"]
    return [
        ("cycle:situations", "get", f"{reverse('cycle:situations')}?kommun={here.slug}", None, internal_read),
        ("cycle:situation", "get", picture.get_manage_url(), None, internal_read),
        ("cycle:situation_new", "get", f"{reverse('cycle:situation_new')}?kommun={here.slug}", None, item),
        ("cycle:situation_edit", "get", reverse("cycle:situation_edit", args=[picture.pk]), None, item),
        ("cycle:source_new", "get", reverse("cycle:source_new", args=[picture.pk]), None, item),
        ("cycle:problem_new", "get", reverse("cycle:problem_new", args=[picture.pk]), None, item),
        ("cycle:problem_edit", "get", reverse("cycle:problem_edit", args=[problem.pk]), None, item),
        ("cycle:summary_new", "get", reverse("cycle:summary_new", args=[picture.pk]), None, item),
        ("cycle:summary_edit", "get", reverse("cycle:summary_edit", args=[summary.pk]), None, item),
        ("cycle:manage_summary", "get", summary.get_manage_url(), None, item),
        ("cycle:summary_step", "post", reverse("cycle:summary_step", args=[summary.pk]), {"action": "withdraw"}, step),
        ("cycle:source_remove", "post", reverse("cycle:source_remove", args=[situation["source"].pk]), {}, step),
    ]
