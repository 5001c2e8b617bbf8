"""Issue 25: the Korean catalogue is complete (nothing untranslated or fuzzy) and current with the sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"
# The same command line as `make makemessages` (the Makefile is the one place it is written down).
MAKEMESSAGES = [
    "makemessages", "-l", "ko", "--ignore=.venv", "--ignore=var", "--ignore=build", "--ignore=tests",
    "--ignore=docs", "--add-location=file", "--no-obsolete", "-v0",
]  # fmt: skip
SOURCES = ("governance", "assessments", "templates", "manage.py", "locale")


def _keys(po: polib.POFile) -> set[tuple[str, str, str]]:
    return {(e.msgctxt or "", e.msgid, e.msgid_plural or "") for e in po if not e.obsolete}


def test_makefile_runs_the_same_makemessages():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert " ".join(MAKEMESSAGES[:3]) in makefile
    assert all(option in makefile for option in MAKEMESSAGES[3:])


def test_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert len(po) > 500  # the catalogue really holds the product's text
    assert not untranslated, f"{len(untranslated)} untranslated entries: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries: {fuzzy[:20]}"


def test_placeholders_survive_translation():
    """A translation that drops or renames a %(name)s breaks at run time: msgfmt --check-format finds it."""
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is installed by .ci/run")
def test_catalogue_is_up_to_date_with_the_sources(tmp_path):
    """Run makemessages into a copy of the tree and compare the msgid sets with the committed catalogue."""
    base = Path(settings.BASE_DIR)
    for name in SOURCES:
        source = base / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    fresh = _keys(polib.pofile(str(tmp_path / "locale" / "ko" / "LC_MESSAGES" / "django.po")))
    committed = _keys(polib.pofile(str(CATALOGUE)))
    missing, stale = sorted(fresh - committed), sorted(committed - fresh)
    assert not missing, f"run `make makemessages` and translate {len(missing)} new strings: {missing[:10]}"
    assert not stale, f"run `make makemessages`: {len(stale)} strings left the sources: {stale[:10]}"
