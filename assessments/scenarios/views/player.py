"""The learner's player: intro, one step per page, result with the path taken.

Login and enrolment are required (not logged in → login; not enrolled → an offer
to enrol, 403). Every action is a plain form post answered by a redirect, so it
works without JavaScript; after a choice the next page moves focus to the
feedback (``#feedback``, autofocus, a status region). Refusals from the services
answer 4xx with a clear message and change nothing.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessments.scenarios import selectors
from assessments.scenarios.engine import DefinitionError, ScenarioError, State
from assessments.scenarios.screens import path_items, skill_rows, step_screen
from assessments.scenarios.services import (
    AttemptsExhausted,
    ScenarioRefused,
    attempt_back,
    attempt_start,
    choice_submit,
)
from assessments.scenarios.views.media import step_media
from courses.models import CoursePage
from courses.notices import completion_notices
from courses.selectors import enrolment_get
from courses.services import NotEnrolled
from training.i18n import localized, source_page


def _guard(request, page):
    """(response, course, enrolment): a response when the learner may not play."""
    course = CoursePage.objects.ancestor_of(page).first()
    if course is None or not course.live:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path()), course, None
    enrolment = enrolment_get(user=request.user, course=course)
    if enrolment is None:
        if request.method == "POST":
            messages.error(request, _("Je bent niet ingeschreven voor deze cursus."))
        response = TemplateResponse(
            request,
            "scenarios/not_enrolled.html",
            {"page": page, "course": course},
            status=403,
        )
        return response, course, None
    return None, course, enrolment


def _refused(request, page, course, error: ScenarioRefused):
    return TemplateResponse(
        request,
        "scenarios/refused.html",
        {"page": page, "course": course, "message": error.message},
        status=error.status,
    )


def scenario_intro(*, request, page):
    page = source_page(page)
    response, course, enrolment = _guard(request, page)
    if response is not None:
        return response
    if request.method == "POST":
        try:
            attempt_start(user=request.user, page=page, content=localized(page))
        except AttemptsExhausted as error:
            return _refused(request, page, course, error)
        except NotEnrolled:  # enrolment removed meanwhile
            return redirect(course.url)
        return redirect(page.url + "speel/")
    attempts = selectors.attempts_of_learner(user=request.user, page=page)
    in_cycle = [a for a in attempts if a.cycle == enrolment.cycle]
    current = next((a for a in in_cycle if not a.is_finished), None)
    left = page.max_attempts - len(in_cycle) if page.max_attempts else None
    return TemplateResponse(
        request,
        "scenarios/scenario_page.html",
        {
            "page": page,
            "display": localized(page),
            "self": page,
            "course": course,
            "attempts": attempts,
            "current": current,
            "attempts_left": left,
            "can_start": current is not None or left is None or left > 0,
            "passed": any(a.passed for a in in_cycle),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _act(request, page, course, attempt):
    action = request.POST.get("action")
    attempt_id, moves = (
        _int(request.POST.get("attempt")),
        _int(request.POST.get("moves")),
    )
    step = request.POST.get("step", "")
    if action not in {"choice", "back"} or attempt_id is None or moves is None:
        error = ScenarioRefused(_("Dit formulier is onvolledig of onbekend."))
        return _refused(request, page, course, error)
    where = {"user": request.user, "page": page, "attempt_id": attempt_id}
    try:
        if action == "back":
            attempt = attempt_back(**where, step=step, moves=moves)
        else:
            choice = request.POST.get("choice", "")
            if not choice and attempt is not None:
                return _play(request, page, course, attempt, missing_choice=True)
            attempt = choice_submit(**where, step=step, moves=moves, choice=choice)
    except ScenarioRefused as error:
        return _refused(request, page, course, error)
    if attempt.is_finished:
        return redirect(f"{page.url}poging/{attempt.pk}/#feedback")
    return redirect(page.url + "speel/#feedback")


def _play(request, page, course, attempt, *, missing_choice=False):
    try:
        scenario = selectors.scenario_for_version(version=attempt.version)
        screen = step_screen(scenario, State.from_json(attempt.state))
    except (ScenarioError, DefinitionError) as error:
        refused = ScenarioRefused(
            _("Deze poging kan niet verder: %(reason)s") % {"reason": error}
        )
        refused.status = 409
        return _refused(request, page, course, refused)
    return TemplateResponse(
        request,
        "scenarios/play.html",
        {
            "page": page,
            "display": localized(page),
            "course": course,
            "attempt": attempt,
            "screen": screen,
            "media": step_media(page=localized(page), key=screen.step.key),
            "form_action": page.url + "speel/",
            "hidden": {"attempt": attempt.pk, "moves": attempt.moves},
            "missing_choice": missing_choice,
        },
        status=400 if missing_choice else 200,
    )


def scenario_play(*, request, page):
    page = source_page(page)
    response, course, enrolment = _guard(request, page)
    if response is not None:
        return response
    attempt = selectors.attempt_current(
        user=request.user, page=page, cycle=enrolment.cycle
    )
    if request.method == "POST":
        if attempt is None and request.POST.get("attempt") is None:
            error = ScenarioRefused(_("Er loopt geen poging; begin opnieuw."))
            error.status = 409
            return _refused(request, page, course, error)
        return _act(request, page, course, attempt)
    if attempt is None:
        return redirect(page.url)
    return _play(request, page, course, attempt)


def scenario_result(*, request, page, attempt_id):
    """A finished attempt of the learner: ending, debrief, scores and path. Only
    its owner sees it here; trainers use the admin (views/admin.py)."""
    page = source_page(page)
    response, course, enrolment = _guard(request, page)
    if response is not None:
        return response
    attempt = selectors.attempt_of_learner(
        user=request.user, page=page, attempt_id=attempt_id
    )
    if attempt is None:
        raise Http404
    if not attempt.is_finished:
        return redirect(page.url + "speel/")
    scenario = selectors.scenario_for_version(version=attempt.version)
    state = State.from_json(attempt.state)
    labels = selectors.skill_tag_labels()
    screen = step_screen(scenario, state)
    used = selectors.finished_count(user=request.user, page=page, cycle=enrolment.cycle)
    return TemplateResponse(
        request,
        "scenarios/result.html",
        {
            "page": page,
            "display": localized(page),
            "course": course,
            "attempt": attempt,
            "screen": screen,
            "ending": screen.step,
            "media": step_media(page=page, key=screen.step.key),
            "path": path_items(scenario, state, labels),
            "skills": skill_rows(attempt.scores, labels),
            "percent": round(100 * (attempt.score or 0)),
            "threshold_percent": round(100 * scenario.pass_threshold),
            "can_retry": not page.max_attempts or used < page.max_attempts,
            "notices": completion_notices(
                request=request, course=course, cycle=attempt.cycle
            ),
        },
    )
