"""Every Wagtail admin URL, requested by every group and by people outside the
admin: never a server error, and people's names, email addresses and answers only
on the pages meant to show them (the sweep of issue 20 found organisation members
listed to trainers through a snippet chooser, and 500s on ids that are no number).

The URLs are read from the URLconf under /beheer/ and filled with the ids of the
demo's objects, and once more with an id that is no number where the URL takes
any text; the groups are those in the database after the demo loader. A new admin
URL or group is covered without a change here. The demo is loaded once for the
module (a rolled-back transaction around all its tests)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision, Task, TaskState, WorkflowState
from wagtail.snippets.models import get_snippet_models

from assessments.models import AttemptAnswer, Question, QuizPage
from assessments.scenarios.models import ScenarioAttempt, ScenarioPage
from courses.models import LessonPage, ModulePage
from courses.services import course_of, enrolment_create
from tests.factories.assessments import category_create, question_create, quiz_create
from tests.factories.scenarios import scenario_play
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure
from training.models import User
from training.snippets import CHOOSER_ACTIONS

ADMIN_PREFIX = "beheer/"
NOT_AN_ID = "geen-id"
SKIPPED_URL_NAMES = {
    "wagtailadmin_logout",  # the session must outlive the sweep
    "wagtailadmin_error_test",  # Wagtail's page that fails on purpose
}
ANSWER_TEXT = "Mijn eigen antwoord, alleen voor wie beoordeelt"
# Pages that show learners to someone holding the permission that opens them:
# marking shows whose essay it is, a transcript whose run it was.
PEOPLE_PAGES = {
    "assessments_admin:marking_queue",
    "assessments_admin:mark",
    "scenarios_admin:transcript",
}
PARAMETER = re.compile(r"\(\?P<(?P<regex_name>\w+)>[^)]*\)|<(?:\w+:)?(?P<name>\w+)>")
ADMIN_PAGES_REACHED = 50
ID_NAME = re.compile(r"^(pk|object_id|\w+_id|\w+_pk)$")


@dataclass(frozen=True)
class Target:
    url: str
    name: str
    route: str


@dataclass(frozen=True)
class Demo:
    targets: list[Target]
    people: dict[int, set[str]]  # user id -> their name and email address
    answers: set[str]


def _patterns(patterns, prefix="", namespace="") -> Iterator[tuple]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name}", pattern


def _model_of(pattern: URLPattern):
    callback = pattern.callback
    initkwargs = getattr(callback, "view_initkwargs", None) or {}
    for candidate in (
        initkwargs.get("model"),
        getattr(getattr(callback, "view_class", None), "model", None),
        getattr(getattr(callback, "cls", None), "model", None),  # the admin API
    ):
        if isinstance(candidate, type) and issubclass(candidate, Model):
            return candidate
    return None


def _first_pk(model) -> str | None:
    first = model._default_manager.order_by("pk").first()
    return None if first is None else str(first.pk)


def _model_pair(route: str) -> tuple[str, str]:
    """An app label and model name that the URL accepts."""
    if route.startswith(f"{ADMIN_PREFIX}settings/"):
        return "training", "sitesettings"
    if "workflows/tasks/" in route:
        return "wagtailcore", "groupapprovaltask"
    if "bulk/" in route:
        return "wagtailcore", "page"
    if "tag-autocomplete/" in route:
        return "assessments", "question"
    return "courses", "lessonpage"


def _named_ids() -> dict[str, str]:
    """Path parameters by name, filled with the ids of demo objects."""
    lesson = LessonPage.objects.live().order_by("pk").first()
    module = lesson.get_parent()
    revision = Revision.page_revisions.filter(object_id=str(lesson.pk)).first()
    answer = AttemptAnswer.objects.order_by("pk").first()
    scenario_attempt = ScenarioAttempt.objects.order_by("pk").first()
    values = {
        "page_id": lesson.pk,
        "page_pk": lesson.pk,
        "page_to_move_id": lesson.pk,
        "parent_page_id": module.pk,
        "destination_id": module.pk,
        "revision_id": revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "image_id": _first_pk(get_image_model()),
        "document_id": _first_pk(get_document_model()),
        "doc_id": _first_pk(get_document_model()),
        "task_id": _first_pk(Task),
        "workflow_pk": 1,
        "task_state_id": _first_pk(TaskState) or 1,
        "workflow_state_id": _first_pk(WorkflowState) or 1,
        "question_id": _first_pk(Question),
        "quiz_id": _first_pk(QuizPage),
        "answer_id": answer.pk,
        "attempt_id": scenario_attempt.pk,
        "action_name": "approve",
        "action": "delete",
        "filter_spec": "original",
    }
    return {name: str(value) for name, value in values.items() if value is not None}


def _fill(route: str, values: dict[str, str]) -> str:
    def value(match):
        name = match.group("regex_name") or match.group("name")
        return values.get(name, "1")

    path = PARAMETER.sub(value, route)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path.replace(".*", "x")


def _accepts_text(route: str, name: str) -> bool:
    """Whether the URL's parameter ``name`` matches something that is no number."""
    for match in PARAMETER.finditer(route):
        if (match.group("regex_name") or match.group("name")) != name:
            continue
        text = match.group(0)
        return not (text.startswith("<int:") or r"\d+)" in text)
    return False


def _targets() -> list[Target]:
    named = _named_ids()
    targets = []
    for route, name, pattern in _patterns(get_resolver().url_patterns):
        if not route.startswith(ADMIN_PREFIX) or pattern.name in SKIPPED_URL_NAMES:
            continue
        model = _model_of(pattern)
        app_label, model_name = _model_pair(route)
        values = {
            **named,
            "app_label": app_label,
            "app_name": app_label,
            "content_type_app_name": app_label,
            "model_name": model_name,
            "content_type_model_name": model_name,
        }
        own_pk = _first_pk(model) if model is not None else None
        if own_pk is not None:
            values.update(pk=own_pk, object_id=own_pk)
        else:
            values.setdefault("pk", named["page_id"] if "pages/" in route else "1")
            values.setdefault("object_id", named["page_id"])
        targets.append(Target(_fill(route, values), name, route))
        text_ids = [
            parameter
            for parameter in {
                m.group("regex_name") or m.group("name")
                for m in PARAMETER.finditer(route)
            }
            if ID_NAME.match(parameter) and _accepts_text(route, parameter)
        ]
        if text_ids:
            odd = {**values, **dict.fromkeys(text_ids, NOT_AN_ID)}
            targets.append(Target(_fill(route, odd), name, route))
    return targets


def _answers_given() -> set[str]:
    """A learner's essay answer (in a quiz of its own, in a demo module) and a
    scenario run, to look for on every page."""
    from assessments.services.attempts import attempt_start, attempt_submit

    learner = User.objects.get(email="leerling@bijblijven.example")
    module = ModulePage.objects.live().order_by("pk").first()
    question = question_create(category=category_create(), type="essay")
    quiz = quiz_create(module, questions=[question])
    enrolment_create(user=learner, course=course_of(module))
    attempt = attempt_start(user=learner, quiz=quiz)
    snapshot = attempt.questions[0]
    attempt_submit(
        public_id=attempt.public_id,
        user=learner,
        data={f"q-{snapshot['id']}": [ANSWER_TEXT]},
    )
    scenario = ScenarioPage.objects.live().order_by("pk").first()
    enrolment_create(user=learner, course=course_of(scenario))
    scenario_play(learner, scenario)
    return {ANSWER_TEXT}


def _people() -> dict[int, set[str]]:
    """Everyone outside the admin (learners, managers): their name and address."""
    people = {}
    for user in User.objects.filter(is_superuser=False, groups__isnull=True):
        people[user.pk] = {user.email, user.get_full_name()} - {""}
    return people


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # a transactional test before it on this worker may have emptied the
            # database; the function-level fixture that puts the tree back runs later
            wagtail_tree_ensure()
            call_command("load_demo_content", stdout=StringIO())
            answers = _answers_given()
            yield Demo(targets=_targets(), people=_people(), answers=answers)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _shown(body: str, texts: set[str]) -> set[str]:
    return {text for text in texts if text in body or escape(text) in body}


def _sweep(user, demo: Demo, *, may_see_people: bool) -> list[str]:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    private = set().union(*(v for k, v in demo.people.items() if k != user.pk))
    private |= demo.answers
    problems, answered = [], 0
    for target in demo.targets:
        response = client.get(target.url)
        answered += response.status_code == 200
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {target.url} ({target.route})")
            continue
        if may_see_people or target.name in PEOPLE_PAGES:
            continue
        shown = _shown(_body(response), private)
        if shown:
            problems.append(f"{target.url} shows {sorted(shown)[:3]}")
    assert client.session.get("_auth_user_id") == str(user.pk), "signed out"
    # Someone in the admin reached its pages (not only a redirect elsewhere).
    if user.has_perm("wagtailadmin.access_admin"):
        assert answered > ADMIN_PAGES_REACHED, (user, answered)
    return problems


@pytest.mark.django_db
def test_sweep_finds_every_admin_url_with_the_demo_ids(demo):
    urls = {target.url for target in demo.targets}
    assert len(demo.targets) > 400
    assert "/beheer/snippets/choose/organisations/membership/" in urls
    assert demo.answers, "the learner's answers are there to look for"


@pytest.mark.django_db
def test_no_admin_url_fails_or_shows_people_when_requested_by_each_group(demo):
    problems = []
    for group in Group.objects.order_by("name"):
        member = UserFactory()
        member.groups.add(group)
        found = _sweep(member, demo, may_see_people=False)
        problems += [f"{group.name}: {problem}" for problem in found]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["manager@bijblijven.example", "leerling@bijblijven.example"]
)
def test_no_admin_url_fails_or_shows_people_when_requested_outside_the_admin(
    demo, email
):
    problems = _sweep(User.objects.get(email=email), demo, may_see_people=False)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_no_admin_url_fails_when_requested_by_an_administrator(demo):
    administrator = User.objects.get(email="admin@bijblijven.example")
    problems = _sweep(administrator, demo, may_see_people=True)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_snippet_choosers_answer_only_groups_holding_a_permission_on_the_model(demo):
    client = Client()
    problems = []
    for group in Group.objects.order_by("name"):
        member = UserFactory()
        member.groups.add(group)
        client.force_login(member)
        for model in get_snippet_models():
            meta = model._meta
            allowed = any(
                member.has_perm(f"{meta.app_label}.{action}_{meta.model_name}")
                for action in CHOOSER_ACTIONS
            )
            chooser = model.snippet_viewset.chooser_viewset
            response = client.get(reverse(chooser.get_url_name("choose")))
            if (response.status_code == 200) != allowed:
                problems.append(f"{group.name}: {meta.label} {response.status_code}")
    assert not problems, "\n".join(problems)
