"""Branching scenarios from the course YAML.

A module's ``scenario`` (``slug``, ``title``, ``intro``, ``max_attempts``, optional
``minutes``, and a ``definition`` in the shape of docs/schemas.md) becomes a
ScenarioPage in that module, keyed by slug. Importing this module registers
``scenario_load`` with the course loader. Idempotent: an unchanged scenario gets
no new revision. Publishing validates the graph, so a broken scenario in the YAML
stops the loader with messages naming the steps. Also makes sure the default
skill tags exist.
"""

from django.core.exceptions import ValidationError
from django.utils.html import escape

from assessments.scenarios.authoring import (
    definition_from_streams,
    streams_from_definition,
)
from assessments.scenarios.models import ScenarioPage
from assessments.scenarios.services import skill_tags_ensure
from courses.models import ModulePage
from demo.loaders.courses import MODULE_EXTRA_LOADERS
from demo.loaders.streams import ContentError


def _intro_html(text: str) -> str:
    text = (text or "").strip()
    if not text or text.startswith("<"):
        return text
    return f"<p>{escape(text)}</p>"


def _settings(data: dict, definition: dict) -> dict:
    return {
        "title": data["title"],
        "intro": _intro_html(data.get("intro", "")),
        "minutes": int(data.get("minutes", 15)),
        "pass_percent": round(float(definition["pass_threshold"]) * 100),
        "max_points": float(definition["max_points"]),
        "allow_back": bool(definition.get("allow_back", False)),
        "max_attempts": int(data.get("max_attempts") or 0),
        "start_step": definition.get("start", ""),
    }


def _definition_apply(page: ScenarioPage, data: dict) -> bool:
    """Set the page's settings, variables and steps from ``data``; True when
    anything differs from what the page holds."""
    definition = data["definition"]
    changed = False
    for name, value in _settings(data, definition).items():
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed = True
    variables, steps = streams_from_definition(definition)
    wanted = definition_from_streams(
        variables=variables,
        steps=steps,
        start=page.start_step,
        pass_threshold=page.pass_percent / 100,
        max_points=page.max_points,
        allow_back=page.allow_back,
    )
    if page.definition() != wanted:
        page.variables = variables
        page.steps = steps
        changed = True
    return changed


def scenario_load(module: ModulePage, data: dict, course_data: dict) -> bool:
    """Create or update the module's scenario; True when something changed."""
    skill_tags_ensure()
    page = ScenarioPage.objects.child_of(module).filter(slug=data["slug"]).first()
    created = page is None
    page = page or ScenarioPage(slug=data["slug"])
    changed = _definition_apply(page, data) or created
    if not (created or changed):
        return False
    try:
        if created:
            page.live = False  # goes live by publishing, which validates
            module.add_child(instance=page)
        page.save_revision().publish()
    except ValidationError as error:
        raise ContentError(
            f"{course_data.get('slug', '?')} > {module.slug} > {data['slug']}: "
            + " ".join(error.messages)
        ) from error
    return True


MODULE_EXTRA_LOADERS["scenario"] = scenario_load


def scenario_translate(source: ScenarioPage, locale, data: dict) -> bool:
    """Create or update the translation of ``source`` into ``locale`` from a
    translated ``scenario`` entry of ``demo/content/courses/<language>/``; its
    parent module must be translated first. True when something changed."""
    page = source.get_translation_or_none(locale)
    created = page is None
    page = (page or source.copy_for_translation(locale)).specific
    changed = _definition_apply(page, data) or created or not page.live
    if changed:
        try:
            page.save_revision().publish()
        except ValidationError as error:
            raise ContentError(
                f"{locale.language_code} > {data['slug']}: " + " ".join(error.messages)
            ) from error
    return changed
