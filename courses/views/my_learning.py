"""'Mijn leeromgeving': the learner's courses, grouped, with room for what other
apps add (required training, certificates expiring or expired). Rendered once
per change for each learner (``training.learner_cache``): every app whose rows
a panel shows connects them with ``learner_cache.watch``."""

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail import hooks

from courses.cache import completion_statuses_cached
from courses.selectors import MyLearning, my_learning
from training.i18n import localized_map
from training.learner_cache import CSRF_PLACEHOLDER, learner_fragment

PANELS_HOOK = "bijblijven_my_learning_panels"


@login_required
def my_learning_view(request):
    personal = learner_fragment(
        request, name="my-learning", render=lambda: _personal_html(request)
    )
    return TemplateResponse(request, "courses/my_learning.html", {"personal": personal})


def _personal_html(request) -> str:
    """The panels and the learner's courses (the whole page but its heading)."""
    panels = []
    for hook in hooks.get_hooks(PANELS_HOOK):
        panel = hook(request)
        if panel:
            panels.append(panel)
    panels.sort(key=lambda panel: panel.get("order", 100))
    learning = my_learning(user=request.user, statuses_of=completion_statuses_cached)
    return render_to_string(
        "courses/includes/my_learning_content.html",
        {
            "learning": learning,
            "panels": panels,
            **_titles(learning),
            "csrf_token": CSRF_PLACEHOLDER,
        },
        request=request,
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
