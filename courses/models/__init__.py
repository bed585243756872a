"""Courses: the catalogue page tree, reusable cards and the learning records."""

from .changes import ContentChange
from .pages import (
    Audience,
    CourseAccreditation,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
)
from .progress import Enrolment, LessonCompletion, ReflectionAnswer
from .snippets import ReferralCard, SubstanceCard, Topic

__all__ = [
    "Audience",
    "ContentChange",
    "CourseAccreditation",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "ReferralCard",
    "ReflectionAnswer",
    "SubstanceCard",
    "Topic",
]
