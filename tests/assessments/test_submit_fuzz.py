"""Hypothesis-generated form data against the answer and submit views: never a
500, and a refused post (400) changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Attempt, AttemptAnswer

pytestmark = pytest.mark.django_db

FUZZ_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=30,
)


def _field_names(attempt) -> list[str]:
    names = ["q-0", "q-999999", "q-", "q-x", "csrfmiddlewaretoken"]
    for question in attempt.questions:
        prefix = f"q-{question['id']}"
        names.append(prefix)
        for part in ("options", "items", "pairs"):
            names.extend(f"{prefix}-{item['key']}" for item in question.get(part, ()))
        names.append(f"{prefix}-zz")
    return names


def _values(attempt) -> st.SearchStrategy:
    known = ["a", "b", "c", "d", "i1", "i2", "i3", "p1", "p2", "p3", "true", "false"]
    numbers = [str(n) for n in range(-1, len(attempt.questions) + 3)]
    return st.one_of(
        st.sampled_from(known + numbers + ["", " ", "next", "submit", "save"]), TEXT
    )


def _form(attempt, actions) -> st.SearchStrategy:
    names = _field_names(attempt)
    return st.fixed_dictionaries(
        {
            "vraag": st.one_of(
                st.sampled_from([str(n) for n in range(0, 9)]), TEXT
            ).map(lambda v: [v]),
            "action": st.sampled_from(actions).map(lambda v: [v]),
        },
        optional={
            name: st.lists(_values(attempt), min_size=1, max_size=3) for name in names
        },
    )


def _snapshot():
    return (
        list(
            Attempt.objects.order_by("pk").values_list(
                "status", "score", "position", "responses"
            )
        ),
        list(AttemptAnswer.objects.order_by("pk").values_list("answer", "seconds")),
    )


def _start(client, quiz) -> Attempt:
    client.post(f"/toetsen/{quiz.pk}/starten/")
    return Attempt.objects.get(status="in_progress")


def test_arbitrary_answer_forms_never_cause_a_server_error_when_posted(
    client, enrolled, quiz
):
    client.force_login(enrolled)
    attempt = _start(client, quiz)
    url = f"/toetsen/poging/{attempt.public_id}/"

    @FUZZ_SETTINGS
    @given(data=_form(attempt, ["next", "prev", "save", "check", "", "drop"]))
    def post(data):
        before = _snapshot()
        response = client.post(url, data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert _snapshot() == before

    post()


def test_arbitrary_submissions_never_cause_a_server_error_when_posted(
    client, enrolled, course_tree, questions
):
    from tests.factories.assessments import quiz_create

    quiz = quiz_create(course_tree.modules[0], questions=questions, layout="all")
    client.force_login(enrolled)
    attempt = _start(client, quiz)

    @FUZZ_SETTINGS
    @given(data=_form(attempt, ["submit"]))
    def submit(data):
        Attempt.objects.exclude(pk=attempt.pk).delete()
        AttemptAnswer.objects.all().delete()
        Attempt.objects.filter(pk=attempt.pk).update(
            status="in_progress",
            score=None,
            passed=None,
            submitted_at=None,
            responses={"schema_version": 1, "answers": {}},
        )
        before = _snapshot()
        response = client.post(f"/toetsen/poging/{attempt.public_id}/", data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert _snapshot() == before
        else:
            assert Attempt.objects.get(pk=attempt.pk).status == "submitted"

    submit()
