"""Many completions of the same course at the same moment issue one certificate."""

import threading

import pytest
from django.db import connection, connections

from certificates.models import Certificate
from certificates.services.issue import certificate_issue_if_complete
from courses.models import LessonCompletion
from courses.services import enrolment_create
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_exactly_one_certificate_when_many_threads_complete_at_once():
    from demo.site import home_page_ensure

    wagtail_tree_ensure()
    tree = course_tree_create(home_page_ensure(), modules=1, lessons_per_module=1)
    user = UserFactory()
    enrolment_create(user=user, course=tree.course)
    LessonCompletion.objects.create(
        user=user, lesson=tree.lessons[0], course=tree.course, cycle=1
    )
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def complete():
        try:
            barrier.wait(timeout=10)
            results.append(certificate_issue_if_complete(user=user, course=tree.course))
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=complete) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(results) == THREADS
    assert Certificate.objects.filter(user=user, course=tree.course).count() == 1
    assert len({certificate.pk for certificate in results}) == 1
    connection.close()
