"""Trainer views in the Wagtail admin: marking, regrading, item analysis and the
question import/export. Each is guarded by a permission of ``assessments``."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

MARK = "assessments.mark_attemptanswer"
ANALYSE = "assessments.view_item_analysis"
REGRADE = "assessments.regrade_attempt"
IMPORT = ("assessments.add_question", "assessments.change_question")
EXPORT = "assessments.view_question"


def admin_permission_required(*permissions: str):
    """Signed in, allowed into the admin and holding every permission; else 403."""
    needed = ("wagtailadmin.access_admin", *permissions)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perms(needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
