"""State changes of scenario attempts. Views, the demo loader and tests call these.

Guarantees: an attempt is played against the ``ScenarioVersion`` it started on;
its state lives on the server and changes only through ``choice_submit`` and
``attempt_back``, which lock the attempt row, accept only a choice offered at the
current step, and refuse a form that names another step or an older move
(``moves``). A refusal raises a ``ScenarioRefused`` subclass and changes nothing.
Reaching an ending scores the path; a pass tells the course
(``course_progress_changed``) once the transaction commits.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.scenarios.engine import (
    CannotGoBack,
    ChoiceNotAvailable,
    ScenarioError,
    State,
    apply_choice,
    go_back,
    initial_state,
    is_finished,
    score_path,
)
from assessments.scenarios.models import (
    AttemptStatus,
    ScenarioAttempt,
    ScenarioPage,
    ScenarioVersion,
    SkillTag,
)
from assessments.scenarios.selectors import attempts_with_version, scenario_for_version
from courses.models import Enrolment
from courses.services import NotEnrolled, course_of, course_progress_changed
from training.models import User

SCORES_SCHEMA_VERSION = 1


class ScenarioRefused(Exception):
    """An action the rules refuse; nothing changed. ``status``: the HTTP answer."""

    status = 400
    code = "refused"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class AttemptMissing(ScenarioRefused):
    status = 404
    code = "attempt_missing"


class AttemptsExhausted(ScenarioRefused):
    status = 403
    code = "attempts_exhausted"


class StaleForm(ScenarioRefused):
    """The form names another step or an older move (replayed, other tab)."""

    status = 409
    code = "stale_form"


class AttemptFinished(ScenarioRefused):
    status = 409
    code = "attempt_finished"


class ChoiceRefused(ScenarioRefused):
    status = 400
    code = "choice_refused"


class BackRefused(ScenarioRefused):
    status = 400
    code = "back_refused"


def _digest(definition: dict) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def version_for_page(
    *, page: ScenarioPage, content: ScenarioPage | None = None
) -> ScenarioVersion:
    """The version row of the page's published definition, created on first use.
    ``content``: a live translation of ``page`` whose definition is played
    instead (same keys, other language); the version still belongs to ``page``."""
    definition = (content or page).definition()
    version, _created = ScenarioVersion.objects.get_or_create(
        page=page, digest=_digest(definition), defaults={"definition": definition}
    )
    return version


@transaction.atomic
def attempt_start(
    *, user: User, page: ScenarioPage, content: ScenarioPage | None = None
) -> ScenarioAttempt:
    """Resume the attempt in progress, or start a new one in the learner's
    current cycle, played from ``content`` (a translation, see
    ``version_for_page``) or the page. Raises ``NotEnrolled`` and
    ``AttemptsExhausted``."""
    course = course_of(page)
    enrolment = (
        Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if course is not None
        else None
    )
    if enrolment is None:
        raise NotEnrolled(_("Je bent niet ingeschreven voor deze cursus."))
    attempts = ScenarioAttempt.objects.filter(
        user=user, page=page, cycle=enrolment.cycle
    )
    current = attempts.filter(status=AttemptStatus.IN_PROGRESS).first()
    if current is not None:
        return current
    used = attempts.count()
    if page.max_attempts and used >= page.max_attempts:
        raise AttemptsExhausted(
            _("Je hebt alle %(count)s pogingen voor dit scenario gebruikt.")
            % {"count": page.max_attempts}
        )
    version = version_for_page(page=page, content=content)
    state = initial_state(scenario_for_version(version=version))
    try:
        with transaction.atomic():
            return ScenarioAttempt.objects.create(
                user=user,
                page=page,
                version=version,
                cycle=enrolment.cycle,
                number=used + 1,
                profession=user.profession or "",
                state=state.to_json(),
                step=state.step,
            )
    except IntegrityError:
        # Two tabs started at once: the other one won; resume that attempt.
        return attempts.get(status=AttemptStatus.IN_PROGRESS)


def _locked_attempt(
    *, user: User, page: ScenarioPage, attempt_id: int, step: str, moves: int
) -> ScenarioAttempt:
    attempt = (
        attempts_with_version()
        .select_for_update(of=("self",))
        .filter(pk=attempt_id, user=user, page=page)
        .first()
    )
    if attempt is None:
        raise AttemptMissing(_("Deze poging bestaat niet (meer)."))
    if attempt.status == AttemptStatus.FINISHED:
        raise AttemptFinished(_("Deze poging is al afgerond."))
    if attempt.step != step or attempt.moves != moves:
        raise StaleForm(
            _(
                "Dit formulier hoort niet bij de stap waar je nu bent (bijvoorbeeld "
                "een oud tabblad of de terugknop van de browser). Er is niets "
                "veranderd; ga verder bij de huidige stap."
            )
        )
    return attempt


def _save(
    attempt: ScenarioAttempt, state: State, scenario, *, user: User, page: ScenarioPage
) -> None:
    attempt.state = state.to_json()
    attempt.step = state.step
    attempt.moves += 1
    if is_finished(scenario, state):
        report = score_path(scenario, state.path)
        attempt.status = AttemptStatus.FINISHED
        attempt.finished_at = timezone.now()
        attempt.scores = {"schema_version": SCORES_SCHEMA_VERSION, **report.to_json()}
        attempt.score = report.ratio
        attempt.passed = report.passed
        attempt.outcome = scenario.step(state.step).outcome
    attempt.save()
    if attempt.passed:
        course = course_of(page)
        if course is not None:
            course_progress_changed(user=user, course=course)


@transaction.atomic
def choice_submit(
    *,
    user: User,
    page: ScenarioPage,
    attempt_id: int,
    step: str,
    moves: int,
    choice: str,
) -> ScenarioAttempt:
    """Make a choice at the current step. ``step`` and ``moves`` come from the
    form and must match the attempt (``StaleForm``); ``choice`` must be offered
    there now (``ChoiceRefused``). Reaching an ending finishes and scores it."""
    attempt = _locked_attempt(
        user=user, page=page, attempt_id=attempt_id, step=step, moves=moves
    )
    scenario = scenario_for_version(version=attempt.version)
    try:
        state = apply_choice(scenario, State.from_json(attempt.state), choice)
    except ChoiceNotAvailable as error:
        raise ChoiceRefused(
            _(
                "Deze keuze hoort niet bij deze stap. Kies een van de getoonde "
                "antwoorden."
            )
        ) from error
    except ScenarioError as error:
        raise StaleForm(
            _("Deze poging kan niet verder: %(reason)s") % {"reason": error}
        ) from error
    _save(attempt, state, scenario, user=user, page=page)
    return attempt


@transaction.atomic
def attempt_back(
    *, user: User, page: ScenarioPage, attempt_id: int, step: str, moves: int
) -> ScenarioAttempt:
    """Undo the last choice where the scenario allows it (``BackRefused``)."""
    attempt = _locked_attempt(
        user=user, page=page, attempt_id=attempt_id, step=step, moves=moves
    )
    scenario = scenario_for_version(version=attempt.version)
    try:
        state = go_back(scenario, State.from_json(attempt.state))
    except CannotGoBack as error:
        raise BackRefused(_("Terug naar de vorige stap kan hier niet.")) from error
    except ScenarioError as error:
        raise StaleForm(str(error)) from error
    _save(attempt, state, scenario, user=user, page=page)
    return attempt


DEFAULT_SKILL_TAGS = (
    ("open_vraag", "Open vraag"),
    ("bevestiging", "Bevestiging"),
    ("reflectie", "Reflectie"),
    ("samenvatting", "Samenvatting"),
    ("verandertaal", "Verandertaal uitlokken"),
    ("meebewegen", "Meebewegen met weerstand"),
    ("informatie_toestemming", "Informatie geven met toestemming"),
    ("de_escalatie", "De-escalatie"),
    ("stigmavrij", "Stigmavrije taal"),
)


@transaction.atomic
def skill_tags_ensure() -> int:
    """Create the default skill tags that are missing (as migration 0002 does);
    for databases flushed by transactional tests and for the demo. Returns how
    many were created; tags trainers edited are left alone."""
    created = 0
    for order, (key, label) in enumerate(DEFAULT_SKILL_TAGS, start=1):
        _tag, new = SkillTag.objects.get_or_create(
            key=key, defaults={"label": label, "sort_order": order * 10}
        )
        created += new
    return created
