"""Every string marked for translation has an English text (issue 18 item 19:
the English pages showed Dutch where a string had been added to the code but
not to the English catalogue). The check extracts the strings from a copy of
the source with `makemessages`, as a translator would, merges them into a copy
of the English catalogue and fails on any entry left without a translation or
only guessed (fuzzy) from a similar one. Needs GNU gettext, as `make messages`.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = (
    "training",
    "courses",
    "assessments",
    "certificates",
    "signalling",
    "organisations",
    "registers",
    "lti",
    "hrapi",
    "demo",
    "sso",
)
PATH = "/usr/local/bin:/usr/bin:/bin"  # where gettext's xgettext and msgmerge live
CATALOGUE = Path("training/locale/en/LC_MESSAGES/django.po")
SKIPPED = shutil.ignore_patterns(
    "node_modules", "__pycache__", "*.mo", "static", "migrations"
)


def _entries(po_file: Path, flag: str) -> list[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            shutil.which("msgattrib"),
            flag,
            "--no-obsolete",
            "--no-location",
            str(po_file),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    blocks = result.stdout.split("\n\n")[1:]  # the first block is the header
    return [block for block in blocks if block.strip()]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    if shutil.which("msgattrib") is None:  # pragma: no cover - a broken machine
        pytest.fail("GNU gettext is missing: apt-get install gettext")
    copy = tmp_path_factory.mktemp("source")
    for app in APPS:
        shutil.copytree(ROOT / app, copy / app, ignore=SKIPPED)
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    shutil.copy(ROOT / CATALOGUE, copy / CATALOGUE)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "training.settings.test", "PATH": PATH},
    )
    return copy / CATALOGUE


def test_every_marked_string_has_an_english_text(extracted):
    missing = _entries(extracted, "--untranslated")
    assert missing == [], f"{len(missing)} without English:\n" + "\n\n".join(missing)


def test_no_english_text_is_only_guessed_from_a_similar_string(extracted):
    guessed = _entries(extracted, "--only-fuzzy")
    assert guessed == [], f"{len(guessed)} fuzzy:\n" + "\n\n".join(guessed)
