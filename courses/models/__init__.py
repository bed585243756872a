"""Courses: the catalogue page tree, reusable cards and the learning records."""

from .changes import ContentChange
from .currency import CurrencySettings
from .pages import (
    Audience,
    CourseAccreditation,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModuleAccreditation,
    ModulePage,
)
from .progress import Enrolment, LessonCompletion, ReflectionAnswer
from .records import (
    CanMedsRole,
    ContributorRole,
    CourseContributor,
    LearningObjective,
)
from .snippets import OpiumActList, ReferralCard, SubstanceCard, Topic

__all__ = [
    "Audience",
    "CanMedsRole",
    "ContributorRole",
    "CourseContributor",
    "LearningObjective",
    "ContentChange",
    "CourseAccreditation",
    "CourseIndexPage",
    "CurrencySettings",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "ModuleAccreditation",
    "ModulePage",
    "OpiumActList",
    "ReferralCard",
    "ReflectionAnswer",
    "SubstanceCard",
    "Topic",
]
