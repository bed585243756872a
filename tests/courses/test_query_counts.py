"""Query counts of learner pages do not grow with the size of a course or the
number of enrolments (a small and a 10x larger course)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.services import enrolment_create, lesson_complete
from tests.factories.courses import course_tree_create

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (site root, settings) like a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_lesson_and_course_pages_query_count_is_constant_when_course_grows(
    learner_client, user, home_page
):
    small = course_tree_create(home_page, slug="klein", modules=2, lessons_per_module=2)
    large = course_tree_create(home_page, slug="groot", modules=5, lessons_per_module=8)
    for tree in (small, large):
        enrolment_create(user=user, course=tree.course)
        lesson_complete(user=user, lesson=tree.lessons[0])
    assert count_queries(learner_client, small.lessons[1].url) == count_queries(
        learner_client, large.lessons[1].url
    )
    assert count_queries(learner_client, small.course.url) == count_queries(
        learner_client, large.course.url
    )


def test_my_learning_query_count_is_constant_when_enrolments_grow(
    learner_client, user, home_page
):
    trees = [
        course_tree_create(
            home_page, slug=f"cursus-{n}", modules=1, lessons_per_module=2
        )
        for n in range(11)
    ]
    enrolment_create(user=user, course=trees[0].course)
    few = count_queries(learner_client, reverse("courses:my_learning"))
    for tree in trees[1:]:
        enrolment_create(user=user, course=tree.course)
        lesson_complete(user=user, lesson=tree.lessons[0])
    many = count_queries(learner_client, reverse("courses:my_learning"))
    assert many == few


def test_catalogue_query_count_is_bounded_when_many_courses(client, home_page):
    for n in range(12):
        course_tree_create(home_page, slug=f"c-{n}", modules=1, lessons_per_module=1)
    catalogue = home_page.get_children().first().specific
    assert count_queries(client, catalogue.url) <= 15


def test_my_learning_query_count_is_the_same_for_two_and_ten_certificates(
    learner_client, user, home_page
):
    import datetime

    from django.utils import timezone

    from certificates.models import Certificate
    from tests.factories.certificates import certificate_earn

    trees = [
        course_tree_create(home_page, slug=f"cert-{n}", modules=1, lessons_per_module=1)
        for n in range(10)
    ]

    def earn(some):
        for n, tree in enumerate(some):
            certificate = certificate_earn(user=user, tree=tree)
            if n % 2:  # half of them expiring soon, for the attention panel
                soon = timezone.localdate() + datetime.timedelta(days=20)
                Certificate.objects.filter(pk=certificate.pk).update(valid_until=soon)

    url = reverse("courses:my_learning")
    earn(trees[:2])
    two = count_queries(learner_client, url)
    earn(trees[2:])
    ten = count_queries(learner_client, url)
    assert ten == two
    # session, user, enrolments, and the panels: certificates with their
    # renewal cycle, their notices, signals and their acknowledgements,
    # memberships
    assert ten <= 8


def test_my_learning_query_count_is_the_same_for_two_and_ten_required_courses(
    learner_client, user, home_page
):
    """The required-training panel reads only the learner's own row: its queries
    grow neither with the requirements and certificates nor with the number of
    organisations (two here, one of them with consent)."""
    import datetime

    from django.utils import timezone

    from organisations.models import CertificateConsent
    from tests.factories.certificates import certificate_earn
    from tests.factories.organisations import (
        MembershipFactory,
        OrganisationFactory,
        requirement_create,
    )

    organisations = [OrganisationFactory(name=f"Praktijk {n}") for n in range(2)]
    for organisation in organisations:
        MembershipFactory(
            organisation=organisation,
            user=user,
            start_date=timezone.localdate() - datetime.timedelta(days=30),
        )
    CertificateConsent.objects.create(
        user=user,
        organisation=organisations[1],
        granted=True,
        decided_at=timezone.now(),
    )
    trees = [
        course_tree_create(home_page, slug=f"eis-{n}", modules=1, lessons_per_module=1)
        for n in range(10)
    ]

    def require(some):
        for n, tree in enumerate(some):
            for organisation in organisations:
                requirement_create(organisation, tree.course, due_within_days=60)
            if n % 2:
                certificate_earn(user=user, tree=tree)

    url = reverse("courses:my_learning")
    require(trees[:2])
    two = count_queries(learner_client, url)
    assert "Verplicht door je organisatie" in learner_client.get(url).content.decode()
    require(trees[2:])
    ten = count_queries(learner_client, url)
    assert ten == two
    # session, user, enrolments, the certificates panel (certificates with
    # their renewal cycle, notices), signals and acknowledgements, and the
    # required panel (memberships with consent, requirements with their
    # courses, the learner's certificates, the learner's activity)
    assert ten <= 11
