"""The assessments app's part of a person's data download (GDPR articles 15 and
20; the contract is ``training.personal_data``): their quiz attempts with every
answer, their scenario play-throughs with the path they took, and, for a
trainer, the marks and regrades they recorded. Texts come from what the attempt
snapshotted (what the person saw), never from the live question bank or page;
correct answers, other learners' answers and markers' names stay out. A fixed
number of queries, whatever the number of records.
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch

from assessments.models import Attempt, AttemptAnswer, Regrade, RegradeEntry
from assessments.scenarios.models import ScenarioAttempt
from assessments.scenarios.selectors import skill_tag_labels
from assessments.views.presenters import answer_lines
from training.models import User
from training.personal_data import iso


def personal_data(*, user: User) -> dict[str, Any]:
    """Sections "toetspogingen", "scenariopogingen", "beoordeelde_antwoorden"
    and "herbeoordelingen" for ``user`` (seven queries)."""
    return {
        "toetspogingen": _quiz_attempts(user=user),
        "scenariopogingen": _scenario_attempts(user=user),
        "beoordeelde_antwoorden": _answers_marked(user=user),
        "herbeoordelingen": _regrades_made(user=user),
    }


# --- as a learner ----------------------------------------------------------------


def _quiz_attempts(*, user: User) -> list[dict]:
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("course")
        .prefetch_related(
            Prefetch("answers", queryset=AttemptAnswer.objects.order_by("index")),
            Prefetch(
                "regrades",
                queryset=RegradeEntry.objects.select_related("regrade"),
            ),
        )
        .order_by("started_at", "pk")
    )
    return [_quiz_attempt(attempt) for attempt in attempts]


def _quiz_attempt(attempt: Attempt) -> dict:
    # An open attempt keeps its answers in ``responses`` until submission.
    rows = attempt.response_rows() if attempt.is_open else list(attempt.answers.all())
    return {
        "toets": attempt.settings["title"],
        "cursus": attempt.course.title,
        "ronde": attempt.cycle,
        "poging": attempt.number,
        "status": str(attempt.get_status_display()),
        "gestart_op": iso(attempt.started_at),
        "uiterlijk_inleveren_op": iso(attempt.deadline),
        "laatst_opgeslagen_op": iso(attempt.last_saved_at),
        "ingeleverd_op": iso(attempt.submitted_at),
        "te_laat_ingeleverd": attempt.late,
        "slaaggrens": attempt.pass_mark,
        "score": attempt.score,
        "geslaagd": attempt.passed,
        "wacht_op_beoordeling": attempt.pending,
        "antwoorden": [_answer(attempt.questions[row.index], row) for row in rows],
        "herbeoordelingen": [_regrade_entry(entry) for entry in attempt.regrades.all()],
    }


def _answer(question: Mapping, row: AttemptAnswer) -> dict:
    return {
        "vraag": question["text"],
        "soort": question["type"],
        "gewicht": question.get("weight"),
        "antwoord": answer_lines(question, row.answer),
        "antwoord_gegevens": row.answer,
        "opgeslagen_op": iso(row.saved_at),
        "seconden": row.seconds,
        "score": row.score,
        "juist": row.is_correct,
        "wacht_op_beoordeling": row.needs_marking,
        "feedback": list(row.feedback or ()),
        "feedback_trainer": row.marker_feedback or None,
        "beoordeeld_op": iso(row.marked_at),
    }


def _regrade_entry(entry: RegradeEntry) -> dict:
    return {
        "herbeoordeeld_op": iso(entry.regrade.created_at),
        "toelichting": entry.regrade.note,
        "oude_score": entry.old_score,
        "nieuwe_score": entry.new_score,
        "eerder_geslaagd": entry.old_passed,
        "nu_geslaagd": entry.new_passed,
    }


def _scenario_attempts(*, user: User) -> list[dict]:
    attempts = (
        ScenarioAttempt.objects.filter(user=user)
        .select_related("page", "version")
        .order_by("started_at", "pk")
    )
    skills = skill_tag_labels()
    return [_scenario_attempt(attempt, skills=skills) for attempt in attempts]


def _scenario_attempt(attempt: ScenarioAttempt, *, skills: Mapping[str, str]) -> dict:
    # Texts from the version played, so later edits of the page change nothing.
    definition = attempt.version.definition
    steps = {step["key"]: step for step in definition.get("steps", ())}
    labels = {
        variable["name"]: variable.get("label") or variable["name"]
        for variable in definition.get("variables", ())
    }
    state = attempt.state or {}
    scores = attempt.scores or {}
    return {
        "scenario": attempt.page.title,
        "ronde": attempt.cycle,
        "poging": attempt.number,
        "beroep": str(attempt.get_profession_display()) or None,
        "status": str(attempt.get_status_display()),
        "gestart_op": iso(attempt.started_at),
        "bijgewerkt_op": iso(attempt.updated_at),
        "afgerond_op": iso(attempt.finished_at),
        "pad": [_path_entry(entry, steps) for entry in state.get("path", ())],
        "huidige_stap": _step_title(steps, attempt.step),
        "waarden": {
            labels.get(name, name): value
            for name, value in state.get("values", {}).items()
        },
        "uitkomst": attempt.outcome or None,
        "score": attempt.score,
        "punten_behaald": scores.get("earned"),
        "punten_haalbaar": scores.get("possible"),
        "geslaagd": attempt.passed,
        "vaardigheden": [
            {
                "vaardigheid": skills.get(row["skill"], row["skill"]),
                "punten_behaald": row.get("earned"),
                "punten_haalbaar": row.get("possible"),
                "score": row.get("ratio"),
            }
            for row in scores.get("skills", ())
        ],
    }


def _step_title(steps: Mapping[str, dict], key: str) -> str:
    return steps.get(key, {}).get("title") or key


def _path_entry(entry: Mapping, steps: Mapping[str, dict]) -> dict:
    step = steps.get(entry.get("step"), {})
    choice = next(
        (c for c in step.get("choices") or () if c.get("key") == entry.get("choice")),
        {},
    )
    return {
        "stap": step.get("title") or entry.get("step"),
        "keuze": choice.get("text") or entry.get("choice"),
        "punten": choice.get("points", 0),
        "feedback": choice.get("feedback") or None,
    }


# --- as a trainer ----------------------------------------------------------------


def _answers_marked(*, user: User) -> list[dict]:
    """What the person marked: the moment and the question, not the learner,
    their answer or the mark (those are the learner's data)."""
    rows = (
        AttemptAnswer.objects.filter(marked_by=user)
        .select_related("attempt")
        .order_by("marked_at", "pk")
    )
    return [
        {
            "toets": row.attempt.settings["title"],
            "vraag": row.attempt.questions[row.index]["text"],
            "beoordeeld_op": iso(row.marked_at),
        }
        for row in rows
    ]


def _regrades_made(*, user: User) -> list[dict]:
    regrades = (
        Regrade.objects.filter(created_by=user)
        .select_related("question")
        .order_by("created_at", "pk")
    )
    return [
        {
            "vraag": str(regrade.question) if regrade.question else None,
            "vraagversie": regrade.question_version,
            "toelichting": regrade.note,
            "herbeoordeeld_op": iso(regrade.created_at),
        }
        for regrade in regrades
    ]
