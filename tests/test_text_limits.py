"""Every free text has a length limit, with a message in Swedish, from one table."""

import pytest
from django.db import models
from django.urls import reverse

from agreements.forms import AgreementForm
from approvals.forms import EditForm
from approvals.text_limits import TEXT_LIMITS, field_limits, text_limit
from followup.forms import ReportForm
from followup.models import FollowUpReport
from promises.forms import ActivityForm, PromiseExtensionForm, PromiseForm
from promises.models import Activity, Promise
from tests.factories import AgreementFactory, FocusAreaFactory, PromiseFactory
from tests.manage.conftest import signed_in  # noqa: F401 (fixture)
from tests.manage.test_promise_pages import _new_promise_data

pytestmark = pytest.mark.django_db


def test_the_table_limits_every_free_text_of_the_records_coordinators_write():
    from django.apps import apps

    for label in [
        "agreements.Agreement",
        "promises.Promise",
        "promises.Activity",
        "promises.PromiseExtension",
        "followup.FollowUpReport",
        "followup.ReportSection",
        "followup.ActivityUpdate",
        "followup.Indicator",
        "cycle.SituationPicture",
        "cycle.Source",
        "cycle.Problem",
        "cycle.PublicSummary",
        "cycle.Measure",
        "cycle.DialogueTheme",
    ]:
        model = apps.get_model(label)
        texts = {field.name for field in model._meta.fields if isinstance(field, models.TextField)}
        assert texts and texts == set(TEXT_LIMITS[label]), label


def test_the_limits_fit_the_real_programmes(seeds):
    for promise in Promise.objects.all():
        for name in ["commitment", "effect", "background", "sources"]:
            assert len(getattr(promise, name)) <= text_limit(Promise, name) / 2


def test_field_limits_give_an_importer_both_char_and_text_limits():
    limits = field_limits(Promise)

    assert limits["commitment"] == 5_000
    assert limits["title"] == Promise._meta.get_field("title").max_length


@pytest.mark.parametrize(
    ("form_class", "field", "limit"),
    [
        (PromiseForm, "commitment", 5_000),
        (PromiseForm, "background", 10_000),
        (ActivityForm, "description", 1_000),
        (AgreementForm, "purpose", 10_000),
        (ReportForm, "summary", 20_000),
        (PromiseExtensionForm, "note", 2_000),
    ],
)
def test_each_edit_forms_free_text_carries_its_limit(form_class, field, limit):
    assert issubclass(form_class, EditForm)
    formfield = form_class.base_fields[field]  # before the form is made: unlimited, as the model says
    assert formfield.max_length is None

    built = _unbound(form_class)

    assert built.fields[field].max_length == limit
    assert built.fields[field].widget.attrs["maxlength"] == str(limit)


def _unbound(form_class):
    agreement = AgreementFactory(ends_on=None)
    if form_class in (PromiseForm, AgreementForm):
        return form_class(municipality=agreement.municipality)
    if form_class is ActivityForm:
        return form_class(promise=PromiseFactory(agreement=agreement))
    return form_class(instance=FollowUpReport(agreement=agreement, period_year=2024)) if form_class is ReportForm else form_class()


def test_a_report_summary_at_the_limit_is_accepted_and_one_character_more_refused_in_swedish():
    report = FollowUpReport(agreement=AgreementFactory(ends_on=None), period_year=2024)

    assert ReportForm({"summary": "x" * 20_000}, instance=report).is_valid()
    form = ReportForm({"summary": "x" * 20_001}, instance=report)

    assert not form.is_valid()
    assert form.errors["summary"] == ["Högst 20000 tecken (den här har 20001)."]


def test_a_too_long_commitment_on_the_coordinators_page_is_refused_and_nothing_is_written(signed_in, here):  # noqa: F811
    area = FocusAreaFactory(municipality=here, name="Trygga parker")

    response = signed_in.post(reverse("promises:promise_new"), _new_promise_data(here, area, commitment="Vi lovar " * 1_000))

    assert response.status_code == 200
    assert response.context["form"].errors["commitment"] == ["Högst 5000 tecken (den här har 8999)."]
    assert not Promise.objects.filter(title="Trygga parker").exists()


def test_the_page_tells_the_browser_the_limit(signed_in, here):  # noqa: F811
    page = signed_in.get(reverse("promises:promise_new")).content.decode()

    assert 'maxlength="5000"' in page


def test_fields_without_a_limit_in_the_table_keep_their_own():
    form = ActivityForm(promise=PromiseFactory(agreement=AgreementFactory(ends_on=None)))

    assert form.fields["place"].max_length == Activity._meta.get_field("place").max_length


def test_the_mixin_limits_a_plain_model_form_too():
    from django import forms

    from approvals.forms import TextLimitsMixin
    from followup.models import ReportSection

    class SectionForm(TextLimitsMixin, forms.ModelForm):
        class Meta:
            model = ReportSection
            fields = ["text"]

    assert SectionForm().fields["text"].max_length == 5_000
    assert not SectionForm({"text": "x" * 5_001}).is_valid()


def test_the_benchmark_renders_a_report_with_every_text_at_its_limit():
    import io

    from coordination.management.commands.benchmark import Command, _report_snapshot

    snapshot = _report_snapshot(promises=1, activities=1, length=text_limit)
    assert len(snapshot["summary"]) == 20_000
    assert len(snapshot["sections"][0]["activities"][0]["what_was_done"]) == 2_000
    out = io.StringIO()

    Command(stdout=out)._report_pdf(1, 1)

    assert "the largest report the limits allow" in out.getvalue()
    assert "× the typical" in out.getvalue()
