"""What a deep-linking response returns for a chosen course."""

from __future__ import annotations

from urllib.parse import urlencode

from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from courses.models import CoursePage
from lti.claims import COURSE_PARAMETER
from lti.services.grades import SCORE_MAXIMUM


def course_resource(*, course: CoursePage, launch_url: str) -> DeepLinkResource:
    """An ltiResourceLink to our launch URL that names the course twice: in a
    custom parameter (what the launch reads) and in the URL (for an LMS that
    drops custom parameters). Its line item asks the LMS for a gradebook column
    that our score (on certificate issue) fills."""
    return (
        DeepLinkResource()
        .set_type("ltiResourceLink")
        .set_title(course.title)
        .set_url(f"{launch_url}?{urlencode({COURSE_PARAMETER: course.pk})}")
        .set_custom_params({COURSE_PARAMETER: str(course.pk)})
        .set_lineitem(
            LineItem()
            .set_score_maximum(SCORE_MAXIMUM)
            .set_label(course.title)
            .set_resource_id(f"bijblijven-course-{course.pk}")
        )
    )
