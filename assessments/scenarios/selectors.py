"""Reads for scenarios, each with a fixed number of queries whatever the size of
the scenario or the number of attempts shown."""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from threading import Lock

from django.db.models import QuerySet
from wagtail import hooks

from assessments.scenarios.engine import Scenario, parse_definition
from assessments.scenarios.models import (
    AttemptStatus,
    ScenarioAttempt,
    ScenarioPage,
    ScenarioVersion,
    SkillTag,
)
from training.models import User

# (version id, digest) → parsed scenario. The digest is part of the key because
# SQLite may reuse the id of a deleted row.
_PARSED: "OrderedDict[tuple[int, str], Scenario]" = OrderedDict()
_PARSED_MAX = 64
_PARSED_LOCK = Lock()


def scenario_for_version(*, version: ScenarioVersion) -> Scenario:
    """The parsed definition of a version. Versions never change, so parses are
    kept per process (the last 64), which keeps a 500-step scenario's steps cheap.
    Raises ``DefinitionError`` for a malformed stored definition."""
    key = (version.pk, version.digest)
    with _PARSED_LOCK:
        cached = _PARSED.get(key)
        if cached is not None:
            _PARSED.move_to_end(key)
            return cached
    scenario = parse_definition(version.definition)
    with _PARSED_LOCK:
        _PARSED[key] = scenario
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    return scenario


def skill_tag_keys() -> set[str]:
    """Every tag key, retired ones included, so retiring a tag never makes an
    existing scenario invalid."""
    return set(SkillTag.objects.values_list("key", flat=True))


def skill_tag_labels() -> dict[str, str]:
    return dict(SkillTag.objects.values_list("key", "label"))


def scenario_passed_page_ids(
    *, user: User, pages: Iterable[ScenarioPage], cycle: int
) -> set[int]:
    """Scenario pages the user passed in ``cycle`` (one query)."""
    return set(
        ScenarioAttempt.objects.filter(
            user=user, page__in=[page.pk for page in pages], cycle=cycle, passed=True
        ).values_list("page_id", flat=True)
    )


def attempts_with_version() -> QuerySet[ScenarioAttempt]:
    """Attempts with their version's id and digest but not its definition: the
    parsed definition is cached (``scenario_for_version``), so decoding a large
    definition's JSON on every step would be wasted; a cache miss loads it."""
    return ScenarioAttempt.objects.select_related("version").defer(
        "version__definition"
    )


def attempt_current(
    *, user: User, page: ScenarioPage, cycle: int
) -> ScenarioAttempt | None:
    """The attempt in progress, with its version, or ``None``."""
    return (
        attempts_with_version()
        .filter(user=user, page=page, cycle=cycle, status=AttemptStatus.IN_PROGRESS)
        .first()
    )


def attempts_of_learner(*, user: User, page: ScenarioPage) -> list[ScenarioAttempt]:
    """The learner's own attempts at a page, newest first (all cycles)."""
    return list(
        ScenarioAttempt.objects.filter(user=user, page=page).order_by(
            "-cycle", "-number"
        )
    )


def attempt_of_learner(
    *, user: User, page: ScenarioPage, attempt_id: int
) -> ScenarioAttempt | None:
    return attempts_with_version().filter(pk=attempt_id, user=user, page=page).first()


def finished_count(*, user: User, page: ScenarioPage, cycle: int) -> int:
    return ScenarioAttempt.objects.filter(
        user=user, page=page, cycle=cycle, status=AttemptStatus.FINISHED
    ).count()


def scenario_results(
    *, page: ScenarioPage, users: Iterable[User], cycle: int | None = None
) -> dict[int, bool]:
    """User id → whether they passed (for organisation managers, who see passed
    or not and never the transcript). One query."""
    attempts = ScenarioAttempt.objects.filter(
        page=page, user__in=[user.pk for user in users]
    )
    if cycle is not None:
        attempts = attempts.filter(cycle=cycle)
    passed: dict[int, bool] = {}
    for user_id, ok in attempts.values_list("user_id", "passed"):
        passed[user_id] = passed.get(user_id, False) or bool(ok)
    return passed


# Apps above this one (organisations) register function() -> iterable of
# (key, label, user ids) here: groups of learners the analytics can be narrowed
# to, e.g. ("organisation:12", "Huisartsenpraktijk De Linde", <ids>). The ids are
# best a ``values("user_id")`` queryset, so filtering stays one SQL query.
ANALYTICS_GROUPS_HOOK = "bijblijven_learner_groups"


@dataclass(frozen=True, kw_only=True)
class LearnerGroup:
    key: str
    label: str
    user_ids: QuerySet | Iterable[int]


def learner_groups() -> list[LearnerGroup]:
    """Every group the registered hooks offer, in their order; the first of two
    with the same key wins. No query of its own: what the hooks run (one each)."""
    groups: dict[str, LearnerGroup] = {}
    for hook in hooks.get_hooks(ANALYTICS_GROUPS_HOOK):
        for key, label, user_ids in hook() or ():
            if not key:
                continue
            if not isinstance(user_ids, QuerySet):
                user_ids = tuple(user_ids)  # a generator is read more than once
            groups.setdefault(
                str(key),
                LearnerGroup(key=str(key), label=str(label), user_ids=user_ids),
            )
    return list(groups.values())


def attempts_for_trainers(
    *,
    page: ScenarioPage,
    profession: str = "",
    group: LearnerGroup | None = None,
) -> QuerySet[ScenarioAttempt]:
    """Attempts at a page for the analytics and transcript list, newest first,
    optionally only those of a profession and of a group's members (a subquery)."""
    attempts = ScenarioAttempt.objects.filter(page=page).select_related("user")
    if profession:
        attempts = attempts.filter(profession=profession)
    if group is not None:
        attempts = attempts.filter(user_id__in=group.user_ids)
    return attempts.order_by("-started_at")


def version_latest(*, page: ScenarioPage) -> ScenarioVersion | None:
    return ScenarioVersion.objects.filter(page=page).order_by("-pk").first()
