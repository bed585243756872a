"""Reads for the LTI endpoints."""

from django.db.models import QuerySet

from courses.models import CoursePage


def courses_for_deep_linking() -> QuerySet[CoursePage]:
    """The published courses an LMS may place, by title."""
    return CoursePage.objects.live().public().order_by("title")
