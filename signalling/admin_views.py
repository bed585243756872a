"""Admin: make a draft signal from a material change (GET shows what it will
hold, POST makes it once and opens it for editing)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from signalling.changes import change_get
from signalling.services import signal_draft_from_change

ADD = ("wagtailadmin.access_admin", "signalling.add_signal")


def _may_add(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perms(ADD):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@_may_add
def signal_from_change_view(request, origin_key: str):
    change = change_get(origin_key)
    if change is None:
        raise Http404
    if request.method == "POST":
        signal, created = signal_draft_from_change(
            origin_key=change.origin_key,
            title=change.title,
            summary=change.summary,
            course_ids=change.course_ids,
            user=request.user,
        )
        if created:
            messages.success(
                request,
                _(
                    "Concept-signalering gemaakt. Vul de tekst aan, controleer de "
                    "doelgroep en de datum, en publiceer."
                ),
            )
        return redirect("wagtailsnippets_signalling_signal:edit", signal.pk)
    return TemplateResponse(
        request, "signalling/admin/from_change.html", {"change": change}
    )
