"""Erasing a person's course records (through `training.erasure.ERASURE_HOOK`):
enrolments, lesson completions and reflections only serve the person, so they
are deleted. Certificates and organisations keep what they depend on themselves."""

from __future__ import annotations

from courses.models import Enrolment, LessonCompletion, ReflectionAnswer
from training.erasure import Erasure


def erase(*, erasure: Erasure) -> None:
    ReflectionAnswer.objects.filter(user=erasure.user).delete()
    LessonCompletion.objects.filter(user=erasure.user).delete()
    Enrolment.objects.filter(user=erasure.user).delete()
