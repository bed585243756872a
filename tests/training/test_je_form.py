"""The Dutch interface says "je/jouw", never the formal "u/uw" (issue 18 item 19).
Checked where Dutch UI text lives: the Dutch catalogue (a Dutch msgid stands
when its msgstr is empty), the strings passed to gettext in Python (read with
`ast`, so strings split over lines count), and the text of every template that
is not an English one. Only the words "u" and "uw" count ("uur", "U=U" do not).
"""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
# Formal on purpose: a client speaking to a professional, an international slogan.
ALLOWED = ("Kunt u me iets voorschrijven", "U=U")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
TRANSLATE = re.compile(r"{%\s*(?:translate|trans)\s+(\"[^\"]*\"|'[^']*')")


def formal(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in FORMAL.finditer(text)]


SKIP = {"tests", "docs", "bench", "node_modules", "staticfiles", "media"}


def tracked(*patterns: str) -> list[Path]:
    """The project's own files matching `patterns` (apps, not tests or tools)."""
    folders = [
        folder
        for folder in ROOT.iterdir()
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name not in SKIP
    ]
    return [
        path
        for folder in folders
        for pattern in patterns
        for path in folder.rglob(pattern)
        if "migrations" not in path.parts and "node_modules" not in path.parts
    ]


def po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs; plural forms joined."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            msgid = " ".join((fields["msgid"], fields.get("msgid_plural", "")))
            msgstr = " ".join(v for k, v in fields.items() if k.startswith("msgstr"))
            entries.append((msgid, msgstr.strip()))
    return entries


def test_dutch_catalogue_uses_je_when_read():
    path = ROOT / "training" / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    found = [
        (msgid, hits)
        for msgid, msgstr in po_entries(path)
        if (hits := formal(msgstr or msgid))
    ]
    assert not found, found


def test_gettext_strings_in_python_use_je_when_read():
    found = []
    for path in tracked("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if hits := formal(arg.value):
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", hits))
    assert not found, found


def test_dutch_templates_use_je_when_read():
    found = []
    for path in tracked("*.html", "*.txt"):
        if "templates" not in path.parts or "en" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        strings = " ".join(TRANSLATE.findall(text))
        if hits := formal(TEMPLATE_TAG.sub(" ", text) + " " + strings):
            found.append((str(path.relative_to(ROOT)), hits))
    assert not found, found


def test_check_finds_formal_words_but_not_lookalikes_when_given():
    assert formal("Hebt u een account? Kies uw beroep.")
    assert formal("U bent ingeschreven.")
    assert not formal("Een uur, uiterlijk morgen: je, jouw, U=U, 3-MMC")
    assert not formal("'Kunt u me iets voorschrijven?' vraagt de cliënt.")
