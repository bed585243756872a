"""Scenario definitions and published scenario pages for tests."""

import copy
from dataclasses import dataclass

from wagtail.models import Page

from assessments.scenarios.authoring import streams_from_definition
from assessments.scenarios.models import ScenarioPage
from assessments.scenarios.services import skill_tags_ensure
from tests.factories.courses import CourseTree, course_tree_create


def _choice(key, text, target, *, points=0, skills=(), effects=None, **extra):
    return {
        "key": key,
        "text": text,
        "target": target,
        "points": points,
        "skills": list(skills),
        "effects": effects or {},
        "feedback": extra.pop("feedback", f"Feedback bij {text}"),
        **extra,
    }


def _ending(key, title, outcome):
    return {
        "key": key,
        "title": title,
        "speaker": "Verteller",
        "text": f"<p>{title}.</p>",
        "is_ending": True,
        "outcome": outcome,
        "debrief": f"<p>Nabespreking: {title}.</p>",
    }


# s1 → s2 → (s3 | e_goed | e_slecht); vertrouwen drives a hidden choice at s2
# (c3, shown when vertrouwen >= 3) and a route (c2 → e_slecht when < 1).
SAMPLE = {
    "schema_version": 1,
    "start": "s1",
    "pass_threshold": 0.6,
    "allow_back": False,
    "max_points": 2,
    "variables": [
        {"name": "vertrouwen", "label": "Vertrouwen", "start": 2, "min": 0, "max": 5}
    ],
    "steps": [
        {
            "key": "s1",
            "title": "Opening",
            "speaker": "Sem (24)",
            "text": "<p>Kunt u me iets voorschrijven?</p>",
            "choices": [
                _choice(
                    "c1",
                    "Vertel eens meer.",
                    "s2",
                    points=2,
                    skills=["open_vraag"],
                    effects={"vertrouwen": 1},
                    feedback="Goed: een open vraag.",
                ),
                _choice(
                    "c2",
                    "Dat is verboden, weet je.",
                    "s2",
                    effects={"vertrouwen": -2},
                    feedback="Een preek roept wrijving op.",
                ),
            ],
        },
        {
            "key": "s2",
            "title": "Gebruik ter sprake",
            "speaker": "Sem (24)",
            "text": "<p>Iedereen doet het.</p>",
            "choices": [
                _choice(
                    "c1",
                    "In jouw omgeving is het normaal.",
                    "s3",
                    points=2,
                    skills=["reflectie"],
                ),
                _choice(
                    "c2",
                    "Je moet stoppen.",
                    "s3",
                    effects={"vertrouwen": -1},
                    routes=[
                        {
                            "condition": {
                                "variable": "vertrouwen",
                                "op": "<",
                                "value": 1,
                            },
                            "target": "e_slecht",
                        }
                    ],
                ),
                _choice(
                    "c3",
                    "Mag ik iets vertellen over combineren?",
                    "e_goed",
                    points=2,
                    skills=["informatie_toestemming"],
                    condition={"variable": "vertrouwen", "op": ">=", "value": 3},
                ),
            ],
        },
        {
            "key": "s3",
            "title": "Afsluiting",
            "speaker": "Sem (24)",
            "text": "<p>Wat nu?</p>",
            "choices": [
                _choice(
                    "c1", "Samengevat: ...", "e_goed", points=2, skills=["samenvatting"]
                ),
                _choice("c2", "Tot ziens.", "e_neutraal", points=1),
            ],
        },
        _ending("e_goed", "Een vervolgafspraak", "positive"),
        _ending("e_neutraal", "Een kort consult", "neutral"),
        _ending("e_slecht", "Sem loopt weg", "negative"),
    ],
}


def sample_definition(**overrides) -> dict:
    definition = copy.deepcopy(SAMPLE)
    definition.update(overrides)
    return definition


def chain_definition(steps: int, *, prefix: str = "s") -> dict:
    """``steps`` steps in a row (two choices each, the good one scoring 2), the
    last one an ending."""
    keys = [f"{prefix}{n}" for n in range(1, steps + 1)]
    body = [
        {
            "key": key,
            "title": f"Stap {n}",
            "speaker": "Cliënt",
            "text": f"<p>Tekst van stap {n}.</p>",
            "choices": [
                _choice("c1", f"Goed {n}", keys[n], points=2, skills=["reflectie"]),
                _choice("c2", f"Minder {n}", keys[n], points=0),
            ],
        }
        for n, key in enumerate(keys[:-1], start=1)
    ]
    body.append(_ending(keys[-1], "Einde", "positive"))
    return {
        "schema_version": 1,
        "start": keys[0],
        "pass_threshold": 0.5,
        "allow_back": False,
        "max_points": 2,
        "variables": [],
        "steps": body,
    }


def scenario_page_build(definition: dict, **fields) -> ScenarioPage:
    variables, steps = streams_from_definition(definition)
    return ScenarioPage(
        title=fields.pop("title", "Oefengesprek"),
        slug=fields.pop("slug", "oefengesprek"),
        pass_percent=round(definition["pass_threshold"] * 100),
        max_points=definition["max_points"],
        allow_back=definition.get("allow_back", False),
        start_step=definition.get("start", ""),
        variables=variables,
        steps=steps,
        **fields,
    )


def scenario_page_create(parent: Page, definition: dict | None = None, **fields):
    """A published scenario page under `parent`; restores the default skill tags
    first (a transactional test earlier in the run flushed them)."""
    skill_tags_ensure()
    page = scenario_page_build(definition or sample_definition(), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@dataclass
class ScenarioCourse:
    tree: CourseTree
    page: ScenarioPage

    @property
    def course(self):
        return self.tree.course


def scenario_course_create(home, definition=None, **fields) -> ScenarioCourse:
    """A published course (one module with one lesson) with a scenario in it.
    Restores the default skill tags first: a transactional test's flush (or a
    reused test database after one) removes what migration 0002 seeded."""
    skill_tags_ensure()
    tree = course_tree_create(
        home,
        slug=fields.pop("course_slug", "cursus"),
        modules=1,
        lessons_per_module=1,
    )
    page = scenario_page_create(tree.modules[0], definition, **fields)
    return ScenarioCourse(tree=tree, page=page)


def scenario_play(user, page, *choices):
    """Start an attempt at ``page`` as ``user`` and make ``choices`` in order."""
    from assessments.scenarios.services import attempt_start, choice_submit

    attempt = attempt_start(user=user, page=page)
    for choice in choices:
        attempt = choice_submit(
            user=user,
            page=page,
            attempt_id=attempt.pk,
            step=attempt.step,
            moves=attempt.moves,
            choice=choice,
        )
    return attempt
