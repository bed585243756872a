"""Site-wide request handling that no single view owns."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse

from training.context_processors import user_can_access_admin


class AdminNoAccessMiddleware:
    """A signed-in person without access to the Wagtail admin who opens it gets a
    page that says so (403) and leads to their learning page. Wagtail would send
    them to the login page, and the login page sends a signed-in person straight
    back: an endless redirect."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if (
            request.path.startswith(self.admin_prefix)
            and request.user.is_authenticated
            and not user_can_access_admin(request.user)
        ):
            response = TemplateResponse(
                request, "training/admin_no_access.html", status=403
            )
            return response.render()
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds `PERMISSIONS_POLICY` as the Permissions-Policy header: a page (or a
    script slipped into one) cannot ask for the camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
