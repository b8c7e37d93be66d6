"""Municipalities and police areas in and out of spreadsheets, for administrators, in the admin
(django-import-export). Swedish column headings; a police area by its name."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from agreements.models import Municipality, PoliceArea


class AllOrNothingResource(resources.ModelResource):
    """Nothing is written unless every row is good: a row that fails validation rolls back the rest."""

    def import_data(self, dataset, *args, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, *args, **kwargs)


class PoliceAreaResource(AllOrNothingResource):
    name = fields.Field(attribute="name", column_name="Namn")
    region = fields.Field(attribute="region", column_name="Polisregion")

    class Meta:
        model = PoliceArea
        import_id_fields = ["name"]
        fields = ["name", "region"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True


class MunicipalityResource(AllOrNothingResource):
    name = fields.Field(attribute="name", column_name="Namn")
    short_name = fields.Field(attribute="short_name", column_name="Kortnamn")
    code = fields.Field(attribute="code", column_name="Kommunkod")
    slug = fields.Field(attribute="slug", column_name="Webbadress")
    county = fields.Field(attribute="county", column_name="Län")
    police_area = fields.Field(attribute="police_area", column_name="Lokalpolisområde", widget=ForeignKeyWidget(PoliceArea, field="name"))

    class Meta:
        model = Municipality
        import_id_fields = ["code"]
        fields = ["code", "name", "short_name", "slug", "county", "police_area"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
