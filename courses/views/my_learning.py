"""'Mijn leeromgeving': the learner's courses, grouped, with room for what other
apps add (required training, certificates expiring or expired)."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from wagtail import hooks

from courses.cache import completion_statuses_cached
from courses.selectors import MyLearning, my_learning
from training.i18n import localized_map

PANELS_HOOK = "bijblijven_my_learning_panels"


@login_required
def my_learning_view(request):
    panels = []
    for hook in hooks.get_hooks(PANELS_HOOK):
        panel = hook(request)
        if panel:
            panels.append(panel)
    panels.sort(key=lambda panel: panel.get("order", 100))
    learning = my_learning(user=request.user, statuses_of=completion_statuses_cached)
    return TemplateResponse(
        request,
        "courses/my_learning.html",
        {"learning": learning, "panels": panels, **_titles(learning)},
    )


def _titles(learning: MyLearning) -> dict:
    """Course and lesson titles in the interface language: two queries in English,
    none in Dutch; links stay on the source pages."""
    enrolments = [item.enrolment for item in learning.in_progress + learning.completed]
    courses = localized_map(enrolment.course for enrolment in enrolments)
    lessons = localized_map(
        enrolment.last_lesson for enrolment in enrolments if enrolment.last_lesson
    )
    return {
        "course_titles": {pk: page.title for pk, page in courses.items()},
        "lesson_titles": {pk: page.title for pk, page in lessons.items()},
    }
