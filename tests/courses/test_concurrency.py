"""Two tabs or a double click completing the same lesson at once record one row."""

import threading

import pytest
from django.db import close_old_connections, connection

from courses.models import LessonCompletion
from courses.services import enrolment_create, lesson_complete
from demo.site import home_page_ensure
from tests.factories.courses import course_tree_create
from tests.factories.users import UserFactory
from tests.wagtail_tree import wagtail_tree_ensure


@pytest.mark.django_db(transaction=True)
def test_one_completion_is_recorded_when_many_requests_race():
    wagtail_tree_ensure()
    tree = course_tree_create(home_page_ensure(), modules=1, lessons_per_module=1)
    user = UserFactory()
    enrolment_create(user=user, course=tree.course)
    lesson = tree.lessons[0]
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def complete():
        try:
            barrier.wait()
            lesson_complete(user=user, lesson=lesson)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert LessonCompletion.objects.filter(user=user, lesson=lesson).count() == 1
