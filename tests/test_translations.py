"""Every user-facing string has a Swedish translation, and the compiled catalogue is current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every package of the project, and the project-wide templates (not the tests, not the virtualenv).
SOURCE_DIRS = sorted(path.name for path in ROOT.iterdir() if (path / "__init__.py").exists() and path.name != "tests") + ["templates"]


def _catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def test_every_swedish_entry_is_translated_and_none_is_fuzzy():
    catalogue = _catalogue("sv")

    assert [entry.msgid for entry in catalogue if not entry.translated()] == []
    assert catalogue.percent_translated() == 100


def test_compiled_catalogues_match_their_sources():
    def translations(entries):
        found = {}
        for entry in entries:
            if entry.msgid and entry.msgstr:
                found[entry.msgid] = entry.msgstr
            elif entry.msgid and entry.msgid_plural and any(entry.msgstr_plural.values()):
                found[entry.msgid] = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        return found

    for language in ("sv", "en"):
        compiled = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
        assert translations(compiled) == translations(_catalogue(language)), f"locale/{language}: run `make messages` to recompile"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (installed by .ci/run)")
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    for name in [*SOURCE_DIRS, "locale"]:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    env = {"DEBUG": "true", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"}

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "sv", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale/sv/LC_MESSAGES/django.po"))}
    assert extracted - {entry.msgid for entry in _catalogue("sv")} == set(), "run `make messages`"
    untranslated = [entry.msgid for entry in polib.pofile(str(tmp_path / "locale/sv/LC_MESSAGES/django.po")) if not entry.translated()]
    assert untranslated == []
