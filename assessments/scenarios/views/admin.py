"""Trainers' admin views: the full map, analytics with CSV export, attempts and
transcripts. Analytics can be narrowed to a profession and to a group of
learners that another app offers through ``selectors.ANALYTICS_GROUPS_HOOK``
(organisations offer their current members). Transcripts and analytics need the
``view_scenario_transcripts`` permission (trainers); organisation managers never
get it and see only passed or not (``selectors.scenario_results``). The map
needs edit rights on the page.
"""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments.scenarios import selectors
from assessments.scenarios.analytics import AttemptRow, csv_rows, scenario_stats
from assessments.scenarios.engine import DefinitionError, State
from assessments.scenarios.map import map_svg
from assessments.scenarios.models import (
    AttemptStatus,
    ScenarioAttempt,
    ScenarioPage,
    ScenarioVersion,
)
from assessments.scenarios.screens import path_items, skill_rows
from training.models import PrivacyAction, PrivacySource, Profession
from training.privacy_log import privacy_log_add

TRANSCRIPT_PERMISSION = "scenarios.view_scenario_transcripts"
ATTEMPTS_PER_PAGE = 50


def _require_transcripts(user) -> None:
    if not user.has_perm(TRANSCRIPT_PERMISSION):
        raise PermissionDenied


def scenario_map_view(request, page_id):
    page = get_object_or_404(ScenarioPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    result = draft.check_definition()
    return TemplateResponse(
        request,
        "scenarios/admin/map.html",
        {"page": page, "result": result, "svg": map_svg(result, id_prefix="map")},
    )


def _stats(page: ScenarioPage, profession: str, group: selectors.LearnerGroup | None):
    versions = {
        version.pk: version for version in ScenarioVersion.objects.filter(page=page)
    }
    parsed = {}
    for pk, version in versions.items():
        try:
            parsed[pk] = selectors.scenario_for_version(version=version)
        except DefinitionError:
            continue
    rows = (
        selectors.attempts_for_trainers(page=page, profession=profession, group=group)
        .values_list("version_id", "status", "passed", "state")
        .iterator(chunk_size=500)
    )
    newest = parsed[max(parsed)] if parsed else None
    if newest is None:
        return None
    return scenario_stats(
        scenario=newest,
        attempts=(
            AttemptRow(
                scenario=parsed[version_id],
                finished=status == AttemptStatus.FINISHED,
                passed=passed,
                state=state,
            )
            for version_id, status, passed, state in rows
            if version_id in parsed
        ),
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Neutralise spreadsheet formulas in exported text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def scenario_analytics(request, page_id):
    _require_transcripts(request.user)
    page = get_object_or_404(ScenarioPage, pk=page_id)
    profession = request.GET.get("beroep", "")
    if profession not in Profession.values:
        profession = ""
    export = request.GET.get("format") == "csv"
    groups = selectors.learner_groups()
    group_key = request.GET.get("organisatie", "")
    group = next((each for each in groups if group_key and each.key == group_key), None)
    if group_key and group is None:
        # An export must never quietly widen to everyone; the page says so.
        if export:
            return HttpResponseBadRequest(
                _("Onbekende organisatie: kies een organisatie uit de lijst."),
                content_type="text/plain; charset=utf-8",
            )
        messages.warning(
            request, _("Onbekende organisatie: de cijfers gelden voor iedereen.")
        )
        group_key = ""
    stats = _stats(page, profession, group)
    if export:
        writer = csv.writer(_Echo())
        rows = csv_rows(stats) if stats else [()]
        response = StreamingHttpResponse(
            (writer.writerow([_cell(cell) for cell in row]) for row in rows),
            content_type="text/csv; charset=utf-8",
        )
        suffix = "".join(
            f"-{slugify(part.replace(':', ' '))}"
            for part in (profession, group_key)
            if part
        )
        response["Content-Disposition"] = (
            f'attachment; filename="scenario-{page.pk}{suffix}.csv"'
        )
        return response
    attempts = Paginator(
        selectors.attempts_for_trainers(page=page, profession=profession, group=group),
        ATTEMPTS_PER_PAGE,
    ).get_page(request.GET.get("p"))
    filters = {"beroep": profession, "organisatie": group_key}
    filters = {name: value for name, value in filters.items() if value}
    return TemplateResponse(
        request,
        "scenarios/admin/analytics.html",
        {
            "page": page,
            "stats": stats,
            "attempts": attempts,
            "profession": profession,
            "professions": Profession.choices,
            "group_key": group_key,
            "groups": [(group.key, group.label) for group in groups],
            "filter_query": urlencode(filters),
            "csv_query": urlencode({**filters, "format": "csv"}),
        },
    )


def scenario_transcript(request, attempt_id):
    _require_transcripts(request.user)
    attempt = get_object_or_404(
        ScenarioAttempt.objects.select_related("version", "user", "page"),
        pk=attempt_id,
    )
    privacy_log_add(
        actor=request.user,
        subject=attempt.user,
        action=PrivacyAction.VIEWED,
        source=PrivacySource.SCENARIO_TRANSCRIPT,
        context=attempt.page.title,
    )
    scenario = selectors.scenario_for_version(version=attempt.version)
    state = State.from_json(attempt.state)
    labels = selectors.skill_tag_labels()
    return TemplateResponse(
        request,
        "scenarios/admin/transcript.html",
        {
            "attempt": attempt,
            "page": attempt.page,
            "current": scenario.step(state.step),
            "path": path_items(scenario, state, labels),
            "skills": skill_rows(attempt.scores, labels),
            "percent": round(100 * (attempt.score or 0)),
            "threshold_percent": round(100 * scenario.pass_threshold),
        },
    )


def scenario_report(request):
    """All scenario pages with their numbers of attempts, finishes and passes."""
    _require_transcripts(request.user)
    pages = ScenarioPage.objects.order_by("title")
    counts = {
        row["page_id"]: row
        for row in ScenarioAttempt.objects.values("page_id").annotate(
            starts=Count("id"),
            finishes=Count("id", filter=Q(status=AttemptStatus.FINISHED)),
            passes=Count("id", filter=Q(passed=True)),
        )
    }
    return TemplateResponse(
        request,
        "scenarios/admin/report.html",
        {
            "rows": [(page, counts.get(page.pk, {})) for page in pages],
            "title": _("Scenario-analyse"),
        },
    )
