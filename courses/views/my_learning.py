"""'Mijn leeromgeving': the learner's courses, grouped, with room for what other
apps add (required training, certificates expiring or expired)."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from wagtail import hooks

from courses.selectors import my_learning

PANELS_HOOK = "bijblijven_my_learning_panels"


@login_required
def my_learning_view(request):
    panels = []
    for hook in hooks.get_hooks(PANELS_HOOK):
        panel = hook(request)
        if panel:
            panels.append(panel)
    panels.sort(key=lambda panel: panel.get("order", 100))
    return TemplateResponse(
        request,
        "courses/my_learning.html",
        {"learning": my_learning(user=request.user), "panels": panels},
    )
