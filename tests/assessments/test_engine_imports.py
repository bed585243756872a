"""The quiz and scenario engines stay pure: no Django ORM, no app models.

Checked twice: every import statement in the package's files (including imports
inside functions), and what importing the package really loads in a fresh
interpreter (so an indirect import through a helper module is caught too).
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ENGINES = {
    "assessments.engine": Path(settings.BASE_DIR) / "assessments" / "engine",
    "assessments.scenarios.engine": (
        Path(settings.BASE_DIR) / "assessments" / "scenarios" / "engine"
    ),
    "courses.accreditation": Path(settings.BASE_DIR) / "courses" / "accreditation",
}
APPS = ("training", "courses", "assessments", "certificates", "organisations", "demo")


def _is_forbidden(module: str) -> bool:
    if module == "django" or module.startswith("django."):
        return True
    parts = module.split(".")
    return parts[0] in APPS and "models" in parts


def _imported_names(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_engine_files_import_no_django_or_models_when_read(package):
    files = sorted(ENGINES[package].glob("*.py"))
    assert len(files) > 1
    offending = {
        f"{path.name}: {name}"
        for path in files
        for name in _imported_names(path)
        if _is_forbidden(name)
    }
    assert not offending


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_engine_loads_no_django_or_models_when_imported(package):
    modules = [f"{package}.{path.stem}" for path in ENGINES[package].glob("*.py")]
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    command = [sys.executable, "-c", script]
    run = subprocess.run(  # noqa: S603 (our own interpreter and script)
        command, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    loaded = json.loads(run.stdout)
    assert package in loaded
    assert [name for name in loaded if _is_forbidden(name)] == []


def test_forbidden_rule_catches_orm_and_app_models():
    assert _is_forbidden("django.db.models")
    assert _is_forbidden("courses.models.pages")
    assert _is_forbidden("assessments.scenarios.models")
    assert not _is_forbidden("assessments.scenarios.engine.parse")
    assert not _is_forbidden("dataclasses")
