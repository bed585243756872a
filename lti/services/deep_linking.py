"""What a deep-linking response returns for a chosen course."""

from __future__ import annotations

from urllib.parse import urlencode

from pylti1p3.deep_link_resource import DeepLinkResource

from courses.models import CoursePage
from lti.claims import COURSE_PARAMETER


def course_resource(*, course: CoursePage, launch_url: str) -> DeepLinkResource:
    """An ltiResourceLink to our launch URL that names the course twice: in a
    custom parameter (what the launch reads) and in the URL (for an LMS that
    drops custom parameters)."""
    return (
        DeepLinkResource()
        .set_type("ltiResourceLink")
        .set_title(course.title)
        .set_url(f"{launch_url}?{urlencode({COURSE_PARAMETER: course.pk})}")
        .set_custom_params({COURSE_PARAMETER: str(course.pk)})
    )
