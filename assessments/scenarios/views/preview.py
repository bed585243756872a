"""Wagtail preview of a scenario: play it, or see its map, before publishing.

The preview renders the edit form's unsaved content, so there is no attempt to
keep state in. "Speler" stores the previewed definition and a state in the
editor's session under a random token and renders the first step; its form posts
to ``scenario_playtest`` (an admin view, allowed in the preview iframe), which
plays on from the session. Nothing is recorded and no score counts. "Kaart"
shows the map and the problems of the previewed content.
"""

import secrets

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from assessments.scenarios.engine import (
    ScenarioError,
    State,
    apply_choice,
    go_back,
    initial_state,
    parse_definition,
    score_path,
)
from assessments.scenarios.map import map_svg
from assessments.scenarios.screens import path_items, skill_rows, step_screen
from assessments.scenarios.selectors import skill_tag_labels

SESSION_KEY = "scenario_previews"
KEPT = 5


def _media_ids(page) -> dict[str, list]:
    return {
        (block.get("value") or {}).get("key", ""): [
            (block.get("value") or {}).get("image"),
            (block.get("value") or {}).get("audio"),
        ]
        for block in page.steps.raw_data
    }


def scenario_preview(*, request, page, mode):
    result = page.check_definition()
    if mode == "kaart" or result.scenario is None:
        return TemplateResponse(
            request,
            "scenarios/preview_map.html",
            {"page": page, "result": result, "svg": map_svg(result)},
        )
    token = secrets.token_urlsafe(12)
    previews = dict(request.session.get(SESSION_KEY, {}))
    while len(previews) >= KEPT:
        previews.pop(next(iter(previews)))
    previews[token] = {
        "title": page.title,
        "definition": page.definition(),
        "media": _media_ids(page),
        "state": initial_state(result.scenario).to_json(),
        "moves": 0,
    }
    request.session[SESSION_KEY] = previews
    return _render(request, token, previews[token], result.errors)


def _media(preview: dict, key: str) -> dict:
    image_id, audio_id = preview["media"].get(key, [None, None])
    return {
        "image": get_image_model().objects.filter(pk=image_id).first()
        if image_id
        else None,
        "audio": get_document_model().objects.filter(pk=audio_id).first()
        if audio_id
        else None,
    }


def _render(request, token: str, preview: dict, errors=(), message: str = ""):
    scenario = parse_definition(preview["definition"])
    state = State.from_json(preview["state"])
    screen = step_screen(scenario, state)
    labels = skill_tag_labels()
    report = score_path(scenario, state.path) if screen.step.is_ending else None
    return TemplateResponse(
        request,
        "scenarios/preview_play.html",
        {
            "title": preview["title"],
            "screen": screen,
            "media": _media(preview, screen.step.key),
            "form_action": reverse("scenarios_admin:playtest", args=[token]),
            "hidden": {"moves": preview["moves"]},
            "errors": errors,
            "message": message,
            "report": report,
            "percent": round(100 * report.ratio) if report else 0,
            "skills": skill_rows(report.to_json() if report else None, labels),
            "path": path_items(scenario, state, labels),
            "values": state.values,
        },
    )


@login_required
@xframe_options_sameorigin
def scenario_playtest(request, token):
    """Play on in a preview (admin only, see module doc)."""
    preview = request.session.get(SESSION_KEY, {}).get(token)
    if preview is None:
        raise Http404
    if request.method != "POST":
        return _render(request, token, preview)
    scenario = parse_definition(preview["definition"])
    state = State.from_json(preview["state"])
    action = request.POST.get("action")
    if request.POST.get("moves") != str(preview["moves"]) or (
        action != "restart" and request.POST.get("step") != state.step
    ):
        response = _render(
            request, token, preview, message=_("Dit formulier is verouderd.")
        )
        response.status_code = 409
        return response
    try:
        if action == "back":
            state = go_back(scenario, state)
        elif action == "restart":
            state = initial_state(scenario)
        else:
            state = apply_choice(scenario, state, request.POST.get("choice", ""))
    except ScenarioError:
        response = _render(
            request, token, preview, message=_("Kies een van de getoonde antwoorden.")
        )
        response.status_code = 400
        return response
    previews = dict(request.session[SESSION_KEY])
    previews[token] = {
        **preview,
        "state": state.to_json(),
        "moves": preview["moves"] + 1,
    }
    request.session[SESSION_KEY] = previews
    return redirect(reverse("scenarios_admin:playtest", args=[token]) + "#feedback")
