"""Every form that the demo accounts can reach, sent with Hypothesis-made values:
never a server error. The forms are found by crawling the demo site, so a new form
(a POST form or a GET filter) is covered without a change here."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import CoursePage
from courses.services import enrolment_create
from tests.demo.forms import Form, forms_reachable
from tests.factories.users import UserFactory
from training.models import User

pytestmark = pytest.mark.django_db

# The same examples in every run, so that CI is repeatable; a deeper search:
# FUZZ_EXAMPLES=200 pytest tests/demo/test_fuzzed_forms.py
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "2147483648",
    "1e309",
    "NaN",
    "2026-02-29",
    "2028-02-29",
    "31-12-2026",
    "niet-een-adres",
    "a@b",
    "x" * 5000,
    "<script>alert(1)</script>",
    "'; DROP TABLE x;--",
    "../../etc/passwd",
    "nul\x00byte",
    "\u202egniht",
    "😀",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def _admin_starts() -> list[str]:
    return [
        reverse("certificates_admin:index"),
        reverse("assessments_admin:marking_queue"),
        reverse("assessments_admin:regrade_list"),
        reverse("assessments_admin:analysis_index"),
        reverse("assessments_admin:import"),
        reverse("scenarios_admin:report"),
        reverse("courses_freshness_report"),
    ]


@dataclass(frozen=True)
class Role:
    email: str | None
    starts: Callable[[], list[str]]
    roams: bool  # crawls the whole site, not only below its starting points
    # views whose forms the crawl must find: a broken link cannot shrink the test
    finds: frozenset[str]


ROLES = {
    "anonymous": Role(
        None,
        lambda: [
            "/",
            "/verify/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
        ],
        roams=True,
        finds=frozenset(
            {
                "account_login",
                "account_signup",
                "account_reset_password",
                "certificates:verify_form",
                "set_language",
            }
        ),
    ),
    "learner": Role(
        "leerling@bijblijven.example",
        lambda: ["/", "/mijn-leeromgeving/", "/certificaten/", "/organisatie/"],
        roams=True,
        finds=frozenset(
            {
                "wagtail_serve",
                "assessments:start",
                "certificates:renew",
                "certificates:update",
                "organisations:consent",
            }
        ),
    ),
    "manager": Role(
        "manager@bijblijven.example",
        lambda: ["/organisatie/"],
        roams=False,
        finds=frozenset(
            {
                "organisations:dashboard",
                "organisations:remind",
                "organisations:invite",
                "organisations:import",
                "organisations:requirements",
                "organisations:requirement_remove",
                "organisations:teams",
                "organisations:person_change",
                "organisations:person_end",
            }
        ),
    ),
    "trainer": Role(
        "trainer@bijblijven.example",
        _admin_starts,
        roams=False,
        finds=frozenset(
            {
                "assessments_admin:import",
                "assessments_admin:export",
                "scenarios_admin:analytics",
            }
        ),
    ),
}


def _values(known: list[str]) -> st.SearchStrategy:
    return st.lists(
        st.one_of(st.sampled_from(known + ODD_VALUES), TEXT), min_size=1, max_size=2
    )


def _upload() -> st.SearchStrategy:
    return st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.sampled_from(["personen.csv", "personen.xlsx", "vragen.csv", "x.txt"]),
        st.one_of(
            st.binary(max_size=200),
            st.sampled_from(
                [
                    b"e-mail;voornaam\n\x00;\xff\n",
                    b"email,first_name\nnoor@example.org,Noor\n",
                    b"PK\x03\x04" + b"\x00" * 30,
                ]
            ),
        ),
    )


def _payload(form: Form) -> st.SearchStrategy:
    fields = {name: _values(known) for name, known in form.fields.items()}
    if form.method == "post":
        fields |= {name: _upload() for name in form.files}
    fields["onbekend-veld"] = _values([])
    return st.fixed_dictionaries({}, optional=fields)


def _signed_in(client, email):
    if email is None:
        client.logout()
    else:
        client.force_login(User.objects.get(email=email))


def _send(client, form: Form, data: dict):
    if form.method == "post":
        return client.post(form.action, data)
    return client.get(form.action, data)


def _outsiders_send(client, form: Form) -> int:
    """The form with its own values, sent by someone who signed in without any
    role, or by no one."""
    data = {name: known[:1] for name, known in form.fields.items()}
    client.force_login(UserFactory())
    status = _send(client, form, data).status_code
    client.logout()
    return max(status, _send(client, form, data).status_code)


def _odd_sweep(client, form: Form, email: str | None) -> None:
    """Each odd value in every field at once: the same requests in every run."""
    _signed_in(client, email)
    for value in ODD_VALUES:
        data = {name: [value] for name in form.fields}
        response = _send(client, form, data)
        assert response.status_code < 500, (form.method, form.action, value)


def _fuzz(client, form: Form, email: str | None) -> None:
    @FUZZ
    @given(payload=_payload(form))
    def send(payload):
        _signed_in(client, email)  # a form may have signed the person out
        response = _send(client, form, payload)
        assert response.status_code < 500, (form.method, form.action, payload)

    send()


@pytest.mark.parametrize("role", ROLES)
def test_no_reachable_form_gives_a_server_error_when_sent_odd_values(client, role):
    call_command("load_demo_content", stdout=StringIO())
    person = ROLES[role]
    email, starts = person.email, person.starts()
    if role == "learner":  # enrolled, the learner sees quiz and scenario forms
        learner = User.objects.get(email=email)
        for course in CoursePage.objects.live().filter(locale__language_code="nl"):
            enrolment_create(user=learner, course=course)
    _signed_in(client, email)
    allowed = ("/",) if person.roams else tuple(starts)
    forms = forms_reachable(client, starts, allowed=allowed)
    assert person.finds <= {form.view for form in forms}
    for form in forms:
        assert _outsiders_send(client, form) < 500, form.action
        _odd_sweep(client, form, email)
        _fuzz(client, form, email)
