"""Site-wide request handling that no single view owns."""

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404
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


class ObjectIdMiddleware:
    """A URL whose object id cannot be a key of the view's model (a word where
    the key is a number) is "not found". Wagtail's choosers and revision views
    take any text as id and looked it up, which answered 500 (issue 20)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model = _model_of(view_func)
        pk = view_kwargs.get("pk")
        if model is None or not isinstance(pk, str):
            return None
        try:
            model._meta.pk.to_python(unquote(pk))
        except ValidationError as error:
            raise Http404 from error
        return None


def _model_of(view_func) -> type[Model] | None:
    initkwargs = getattr(view_func, "view_initkwargs", None) or {}
    model = initkwargs.get("model") or getattr(
        getattr(view_func, "view_class", None), "model", None
    )
    if isinstance(model, str):  # "app_label.ModelName", as choosers may give it
        try:
            return apps.get_model(model)
        except (LookupError, ValueError):
            return None
    if isinstance(model, type) and issubclass(model, Model):
        return model
    return None
