"""The dashboard's grid cached per organisation (organisations/selectors/
grid_cache.py, issue 16): a warm request reads no member rows or certificates,
every change that could alter a cell or the member set shows on the next
request, filtered, sorted and searched pages equal the database's, and no
organisation is served another's grid."""

import datetime
import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates.services.revoke import certificate_revoke
from courses.services import enrolment_create, lesson_complete
from organisations.compliance import CellStatus
from organisations.models import OrganisationValidityRule, RequirementAudience
from organisations.selectors.dashboard import Filters, dashboard_get
from organisations.services.consent import consent_decide
from organisations.services.memberships import (
    membership_end,
    membership_join,
    membership_team_change,
)
from organisations.services.requirements import (
    required_training_add,
    required_training_remove,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.organisations import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    requirement_create,
)
from tests.factories.users import UserFactory
from training.erasure import account_erase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("learner_cache_on")]
G, SOON, N, B, T, V, NG = (
    CellStatus.GELDIG,
    CellStatus.VERLOOPT_BINNENKORT,
    CellStatus.NIET_BEGONNEN,
    CellStatus.BEZIG,
    CellStatus.TE_LAAT,
    CellStatus.VERLOPEN,
    CellStatus.NIET_GEDEELD,
)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def member(organisation, email, *, joined=-10, team=None, **user_fields):
    return MembershipFactory(
        organisation=organisation,
        start_date=days(joined),
        team=team,
        user=UserFactory(email=email, **user_fields),
    )


def board(organisation, *, page=1, per_page=1000, **filters):
    return dashboard_get(
        organisation=organisation,
        filters=Filters(**filters),
        page_number=page,
        today=timezone.localdate(),
        per_page=per_page,
    )


def statuses(organisation, **filters) -> dict[str, list]:
    """Email → the status per required course, of every person the filters
    match (one page holds them all)."""
    return {
        person.email: [cell.status if cell else None for cell in person.cells]
        for person in board(organisation, **filters).page.object_list
    }


@pytest.fixture
def practice(organisation, manager, course_tree):
    """The manager and two learners, one course required of everyone (due 30
    days after joining), another learner who joined 40 days ago (late)."""
    requirement_create(organisation, course_tree.course, due_within_days=30)
    return {
        "anna": member(organisation, "anna@example.org"),
        "bert": member(organisation, "bert@example.org"),
        "late": member(organisation, "late@example.org", joined=-40),
    }


def test_a_warm_request_reads_no_member_rows_or_certificates(
    organisation, manager_client, practice, home_page, django_assert_max_num_queries
):
    other = course_tree_create(home_page, slug="tweede", title="Tweede").course
    requirement_create(organisation, other)
    for number in range(20):
        member(organisation, f"extra{number}@example.org")
    url = reverse("organisations:dashboard", args=[organisation.pk])
    manager_client.get(url)

    # session, user, membership, teams, required courses, the page's names,
    # the signals: no member rows, certificates, consents or enrolments
    with django_assert_max_num_queries(7):
        response = manager_client.get(url)

    assert response.content.decode().count('name="leden"') == 24


def test_a_certificate_issued_and_revoked_shows_on_the_next_request(
    organisation, practice, course_tree
):
    assert statuses(organisation)["anna@example.org"] == [N]
    certificate = CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(400),
    )
    assert statuses(organisation)["anna@example.org"] == [G]

    certificate_revoke(
        certificate=certificate,
        actor=UserFactory(is_superuser=True),
        reason="Fout uitgegeven.",
    )

    assert statuses(organisation)["anna@example.org"] == [N]


def test_progress_in_a_course_shows_on_the_next_request(
    organisation, practice, course_tree
):
    user = practice["bert"].user
    enrolment_create(user=user, course=course_tree.course)
    assert statuses(organisation)["bert@example.org"] == [N]

    lesson_complete(user=user, lesson=course_tree.lessons[0])

    assert statuses(organisation)["bert@example.org"] == [B]


def test_a_lesson_opened_shows_on_the_next_request(
    organisation, practice, course_tree, client
):
    """The lesson view records activity with QuerySet.update (no post_save)."""
    user = practice["bert"].user
    enrolment_create(user=user, course=course_tree.course)
    assert statuses(organisation)["bert@example.org"] == [N]
    client.force_login(user)

    assert client.get(course_tree.lessons[0].url).status_code == 200

    assert statuses(organisation)["bert@example.org"] == [B]


def test_consent_to_share_an_earlier_certificate_shows_on_the_next_request(
    organisation, practice, course_tree
):
    user = practice["anna"].user
    CertificateFactory(
        user=user,
        course=course_tree.course,
        issued_on=days(-100),
        valid_until=days(300),
    )
    assert statuses(organisation)["anna@example.org"] == [NG]

    consent_decide(user=user, organisation=organisation, granted=True)

    assert statuses(organisation)["anna@example.org"] == [G]


def test_a_member_who_joins_or_leaves_shows_on_the_next_request(
    organisation, manager, practice
):
    assert "new@example.org" not in statuses(organisation)
    newcomer = UserFactory(email="new@example.org")
    membership_join(user=newcomer, organisation=organisation)
    assert statuses(organisation)["new@example.org"] == [N]

    membership_end(membership=practice["bert"], actor=manager, end_date=days(-1))

    assert "bert@example.org" not in statuses(organisation)


def test_a_requirement_added_or_removed_shows_on_the_next_request(
    organisation, manager, practice, home_page
):
    assert statuses(organisation)["anna@example.org"] == [N]
    second = course_tree_create(home_page, slug="tweede", title="Z tweede").course
    requirement = required_training_add(
        organisation=organisation, course=second, actor=manager, due_within_days=5
    )
    assert statuses(organisation)["anna@example.org"] == [N, T]

    required_training_remove(requirement=requirement, actor=manager)

    assert statuses(organisation)["anna@example.org"] == [N]


def test_a_team_change_shows_on_the_next_request(
    organisation, manager, practice, home_page
):
    """A member moved into a team, and a team moved under another, reach
    the requirements of those teams."""
    care = TeamFactory(organisation=organisation, name="Zorg")
    district = TeamFactory(organisation=organisation, name="Wijk")
    course = course_tree_create(home_page, slug="team", title="Z team").course
    requirement_create(
        organisation, course, audience=RequirementAudience.TEAM, team=care
    )
    assert statuses(organisation)["anna@example.org"] == [N, None]
    membership_team_change(membership=practice["anna"], team=district, actor=manager)
    assert statuses(organisation)["anna@example.org"] == [N, None]
    assert statuses(organisation, team=care.pk) == {}

    district.parent = care
    district.save()

    assert statuses(organisation)["anna@example.org"] == [N, N]
    assert list(statuses(organisation, team=care.pk)) == ["anna@example.org"]


def test_a_profession_changed_shows_on_the_next_request(
    organisation, practice, home_page
):
    course = course_tree_create(home_page, slug="vak", title="Z vak").course
    requirement_create(
        organisation,
        course,
        audience=RequirementAudience.PROFESSION,
        profession="ggd",
    )
    assert statuses(organisation)["anna@example.org"] == [N, None]
    user = practice["anna"].user

    user.profession = "ggd"
    user.save()

    assert statuses(organisation)["anna@example.org"] == [N, N]
    assert list(statuses(organisation, profession="ggd")) == ["anna@example.org"]


def test_a_validity_rule_added_shows_on_the_next_request(
    organisation, practice, course_tree
):
    """An organisation's validity rule reaches certificates issued from then on
    (certificate issuing reads it); the dashboard shows the certificate then."""
    assert statuses(organisation)["anna@example.org"] == [N]
    OrganisationValidityRule.objects.create(
        organisation=organisation, course=course_tree.course, months=12
    )
    CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(-1 + 365),
    )

    assert statuses(organisation)["anna@example.org"] == [G]


def test_an_erased_account_leaves_the_dashboard_on_the_next_request(
    organisation, practice
):
    assert "bert@example.org" in statuses(organisation)
    user = practice["bert"].user

    account_erase(user=user, actor=user)

    assert "bert@example.org" not in statuses(organisation)
    assert len(statuses(organisation)) == 3  # the manager, Anna and the late one


def test_the_next_day_shows_its_own_statuses(organisation, practice, course_tree):
    """Twenty minutes apart, across midnight (an entry may live an hour)."""
    CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-5),
        valid_until=days(0),
    )
    evening = timezone.make_aware(
        datetime.datetime.combine(days(0), datetime.time(23, 50))
    )
    with time_machine.travel(evening, tick=False):
        assert statuses(organisation)["anna@example.org"] == [SOON]

    with time_machine.travel(evening + datetime.timedelta(minutes=20), tick=False):
        assert statuses(organisation)["anna@example.org"] == [V]


def test_no_organisation_is_served_another_organisations_grid(
    organisation, practice, course_tree
):
    """Two organisations alike in everything the key could hold but their id."""
    twin = OrganisationFactory(name="Tweeling")
    requirement_create(twin, course_tree.course, due_within_days=30)
    member(twin, "twin@example.org")
    seen = set(statuses(organisation))
    assert "anna@example.org" in seen

    assert set(statuses(twin)) == {"twin@example.org"}
    assert set(statuses(organisation)) == seen
    assert "twin@example.org" not in seen


FILTERS = [
    {},
    {"sort": "-naam"},
    {"sort": "email"},
    {"sort": "team"},
    {"sort": "course"},
    {"sort": "-course"},
    {"status": CellStatus.TE_LAAT},
    {"status": CellStatus.GELDIG, "sort": "-naam"},
    {"team": "zorg"},
    {"team": "wijk", "sort": "course"},
    {"profession": "huisarts"},
    {"query": "de "},
    {"query": "ANNA", "sort": "team"},
    {"query": "example", "status": CellStatus.NIET_BEGONNEN, "team": "zorg"},
]


@pytest.fixture
def varied(organisation, course_tree, home_page):
    """Two required courses (one for a team), teams with a sub-team, two
    professions, names that tie, and every kind of cell."""
    care = TeamFactory(organisation=organisation, name="Zorg")
    district = TeamFactory(organisation=organisation, name="wijk", parent=care)
    other = course_tree_create(home_page, slug="tweede", title="Tweede").course
    requirement_create(organisation, course_tree.course, due_within_days=30)
    requirement_create(
        organisation, other, audience=RequirementAudience.TEAM, team=care
    )
    teams = itertools.cycle([None, care, district])
    names = itertools.cycle(["de Vries", "Anna", "de vries", "Bakker", ""])
    professions = itertools.cycle(["huisarts", "ggd", ""])
    for number in range(14):
        membership = member(
            organisation,
            f"p{number:02}@example.org",
            joined=-5 - 7 * number,
            team=next(teams),
            first_name="Anna" if number % 4 == 0 else "Jan",
            last_name=next(names),
            profession=next(professions),
        )
        if number % 3 == 0:
            CertificateFactory(
                user=membership.user,
                course=course_tree.course,
                issued_on=days(-2),
                valid_until=days(200 - 60 * number),
            )
    return {"zorg": care.pk, "wijk": district.pk, "course": course_tree.course.pk}


def _seen(result) -> tuple:
    return (
        [
            (person.membership_id, person.cells, person.email)
            for person in result.page.object_list
        ],
        result.totals,
        result.people_count,
        result.page.paginator.num_pages,
        sorted(person.membership_id for person in result.members),
        result.sort,
    )


@pytest.mark.parametrize("given", FILTERS)
def test_filtered_sorted_and_searched_pages_equal_the_databases(
    organisation, manager, varied, settings, given
):
    filters = dict(given)
    for name in ("team",):
        if name in filters:
            filters[name] = varied[filters[name]]
    if "sort" in filters and filters["sort"].lstrip("-") == "course":
        filters["sort"] = filters["sort"].replace("course", f"c{varied['course']}")
    pages = [1, 2, 3, 9]
    settings.LEARNER_FRAGMENT_CACHE = False
    expected = [
        _seen(board(organisation, page=p, per_page=4, **filters)) for p in pages
    ]
    settings.LEARNER_FRAGMENT_CACHE = True
    board(organisation)  # an entry made without these filters

    found = [_seen(board(organisation, page=p, per_page=4, **filters)) for p in pages]

    assert found == expected
    assert expected[0][2] > 0 or given.get("query") or given.get("status")


def test_without_a_shared_cache_each_request_reads_the_database(
    organisation, practice, course_tree, settings
):
    """Without Redis (each process's own memory) nothing is kept: a change that
    names nobody's version still shows."""
    settings.LEARNER_FRAGMENT_CACHE = False
    certificate = CertificateFactory(
        user=practice["anna"].user,
        course=course_tree.course,
        issued_on=days(-1),
        valid_until=days(400),
    )
    assert statuses(organisation)["anna@example.org"] == [G]

    type(certificate).objects.filter(pk=certificate.pk).update(valid_until=days(-1))

    assert statuses(organisation)["anna@example.org"] == [V]
