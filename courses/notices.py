"""Notices shown where a learner finishes a requirement of a course (the quiz and
scenario result pages), filled by the apps above courses: certificates says that a
certificate was issued. A function registered under ``COMPLETION_NOTICES_HOOK``
takes ``(request=, course=, cycle=)`` and returns ``None`` or a dict with a
``"template"`` key (rendered with the dict as ``notice``)."""

from wagtail import hooks

COMPLETION_NOTICES_HOOK = "bijblijven_completion_notices"


def completion_notices(*, request, course, cycle: int) -> list[dict]:
    notices = []
    for hook in hooks.get_hooks(COMPLETION_NOTICES_HOOK):
        notice = hook(request=request, course=course, cycle=cycle)
        if notice:
            notices.append(notice)
    return notices
