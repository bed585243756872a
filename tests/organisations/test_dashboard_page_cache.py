"""The dashboard page cached whole (organisations/selectors/dashboard_page.py,
issue 16): a warm request reads no member rows, and every change to what the
page shows (a status, a name, a team name, a signal and its
confirmation, a course title, the page asked for) shows on the next request."""

import pytest
from django.urls import reverse

from signalling.services import signal_acknowledge, signal_deliver
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import (
    OrganisationFactory,
    TeamFactory,
    manager_create,
    requirement_create,
)
from tests.factories.signalling import signal_create
from tests.organisations.test_dashboard_grid_cache import days, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("learner_cache_on")]


@pytest.fixture
def practice(organisation, manager, course_tree):
    requirement_create(organisation, course_tree.course, due_within_days=30)
    team = TeamFactory(organisation=organisation, name="Praktijkteam")
    return {
        "anna": member(organisation, "anna@example.org", last_name="Aal", team=team),
        "bert": member(organisation, "bert@example.org", last_name="Bos"),
        "team": team,
    }


def page(client, organisation, **params) -> str:
    url = reverse("organisations:dashboard", args=[organisation.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, name: str) -> str:
    start = html.index(name)
    return html[start : html.index("</tr>", start)]


def test_a_warm_page_reads_no_member_rows(
    organisation, manager_client, practice, django_assert_max_num_queries
):
    for number in range(20):
        member(organisation, f"extra{number}@example.org")
    page(manager_client, organisation)

    # session, user, membership, teams, required courses
    with django_assert_max_num_queries(5):
        html = page(manager_client, organisation)

    assert html.count('name="leden"') == 23


def test_a_certificate_shows_on_the_next_request(
    organisation, manager_client, practice, course_tree
):
    assert "geldig tot en met" not in row_of(page(manager_client, organisation), "Aal")

    CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(400),
    )

    assert "geldig tot en met" in row_of(page(manager_client, organisation), "Aal")


def test_a_new_name_shows_on_the_next_request(organisation, manager_client, practice):
    assert "Aal" in page(manager_client, organisation)
    user = practice["anna"].user

    user.last_name = "Zeeman"
    user.save()

    html = page(manager_client, organisation)
    assert "Aal" not in html
    assert "Zeeman" in html


def test_a_new_team_name_shows_on_the_next_request(
    organisation, manager_client, practice
):
    assert "Praktijkteam" in row_of(page(manager_client, organisation), "Aal")

    practice["team"].name = "Wijkteam"
    practice["team"].save()

    assert "Wijkteam" in row_of(page(manager_client, organisation), "Aal")


def test_a_signal_and_its_confirmation_show_on_the_next_request(
    organisation, manager_client, practice, course_tree
):
    CertificateFactory(user=practice["anna"].user, course=course_tree.course)
    assert "Signalering" not in page(manager_client, organisation)
    signal = signal_create(courses=[course_tree.course], title="Nieuw middel")
    signal_deliver(signal_id=signal.pk)

    html = page(manager_client, organisation)
    assert "Signalering: Nieuw middel" in html
    assert "nog niet gelezen" in row_of(html, "Aal")

    signal_acknowledge(signal=signal, user=practice["anna"].user)

    row = row_of(page(manager_client, organisation), "Aal")
    assert "nog niet gelezen" not in row
    assert "gelezen" in row


def test_a_new_course_title_shows_on_the_next_request(
    organisation, manager_client, practice, course_tree
):
    assert course_tree.course.title in page(manager_client, organisation)
    course = course_tree.course
    course.title = "Chemsex: herhaling 2027"
    course.save_revision().publish()

    assert "Chemsex: herhaling 2027" in page(manager_client, organisation)


def test_each_page_and_filter_is_its_own(organisation, manager_client, practice):
    for number in range(60):
        member(organisation, f"extra{number:02}@example.org", last_name=f"X{number:02}")

    first = page(manager_client, organisation)
    second = page(manager_client, organisation, pagina=2)
    late = page(manager_client, organisation, status="te_laat")

    assert "Pagina 1 van 2" in first
    assert "Pagina 2 van 2" in second
    assert "X59" in second
    assert "X59" not in first
    assert "Aal" not in late  # joined ten days ago, due in thirty


def test_no_organisation_is_served_another_organisations_page(
    organisation, manager_client, practice, client, course_tree
):
    other = OrganisationFactory(name="Wijkteam Zuid")
    requirement_create(other, course_tree.course, due_within_days=30)
    member(other, "carla@example.org", last_name="Claes")
    page(manager_client, organisation)
    client.force_login(manager_create(other))

    html = page(client, other)

    assert "Claes" in html
    assert "Aal" not in html
