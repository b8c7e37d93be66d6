"""Administrators bring municipalities and police areas from spreadsheets in the admin."""

import pytest
import tablib

from agreements.models import Municipality
from agreements.resources import MunicipalityResource, PoliceAreaResource
from tests.factories import PoliceAreaFactory

pytestmark = pytest.mark.django_db


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=["Kommunkod", "Namn", "Kortnamn", "Webbadress", "Län", "Lokalpolisområde"])


def test_municipalities_import_with_swedish_headings_and_the_police_area_by_name():
    PoliceAreaFactory(name="LPO Värnamo")

    result = MunicipalityResource().import_data(
        _dataset(["0665", "Vaggeryds kommun", "Vaggeryd", "vaggeryd", "Jönköpings län", "LPO Värnamo"])
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert Municipality.objects.get(code="0665").police_area.name == "LPO Värnamo"


def test_a_bad_municipality_row_writes_nothing_at_all():
    PoliceAreaFactory(name="LPO Värnamo")

    result = MunicipalityResource().import_data(
        _dataset(
            ["0665", "Vaggeryds kommun", "Vaggeryd", "vaggeryd", "Jönköpings län", "LPO Värnamo"],
            ["66", "Felkods kommun", "Felkod", "felkod", "Jönköpings län", "LPO Värnamo"],
        )
    )

    assert result.has_validation_errors()
    assert "Kommunkoden ska vara exakt fyra siffror" in str(result.invalid_rows[0].error_dict)
    assert not Municipality.objects.exists()


def test_reference_data_round_trips_and_importing_twice_changes_nothing():
    PoliceAreaResource().import_data(tablib.Dataset(["LPO Umeå", "Region Nord"], headers=["Namn", "Polisregion"]))
    MunicipalityResource().import_data(_dataset(["2404", "Vindelns kommun", "Vindeln", "vindeln", "Västerbottens län", "LPO Umeå"]))

    exported = MunicipalityResource().export()
    again = MunicipalityResource().import_data(tablib.Dataset().load(exported.csv, format="csv"))

    assert exported.headers == ["Kommunkod", "Namn", "Kortnamn", "Webbadress", "Län", "Lokalpolisområde"]
    assert again.totals["skip"] == 1 and again.totals["new"] == 0 and again.totals["update"] == 0


def test_only_administrators_may_import_reference_data_in_the_admin(client, admin_user, here):
    from tests.factories import chief_of

    chief = chief_of(here.police_area)
    client.force_login(chief)
    assert client.get("/admin/agreements/municipality/import/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/admin/agreements/municipality/import/").status_code == 200
