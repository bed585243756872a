"""The key management page of an organisation's administrators, and the API's
documentation page (rendered from the generated OpenAPI schema, on this site
and under its Content-Security-Policy: no script from elsewhere)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hrapi.api import api
from hrapi.forms import ApiKeyForm
from hrapi.problems import PROBLEMS
from hrapi.selectors import api_keys_list
from hrapi.services import api_key_create, api_key_revoke
from organisations.views.base import manager_context, manager_required

NEW_KEY_SESSION = "hrapi_new_key"


@manager_required(admin=True)
def keys(request, *, membership):
    """List, create (the key is shown once, on the page after) and revoke."""
    organisation = membership.organisation
    form = ApiKeyForm()
    # Kept in the session only until the page after the redirect shows it, so
    # reloading that page neither shows it again nor makes a second key.
    plain = request.session.pop(NEW_KEY_SESSION, None)
    if request.method == "POST":
        form = ApiKeyForm(request.POST)
        if form.is_valid():
            try:
                _key, new_plain = api_key_create(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[NEW_KEY_SESSION] = new_plain
                return redirect("hrapi_keys", organisation.pk)
    response = TemplateResponse(
        request,
        "hrapi/keys.html",
        manager_context(
            membership,
            "api",
            form=form,
            plain=plain,
            keys=api_keys_list(organisation=organisation),
        ),
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@manager_required(admin=True)
def key_revoke(request, key_id: int, *, membership):
    key = get_object_or_404(
        api_keys_list(organisation=membership.organisation), pk=key_id
    )
    api_key_revoke(key=key, actor=request.user)
    messages.success(
        request, _("Sleutel %(name)s is ingetrokken.") % {"name": key.name}
    )
    return redirect("hrapi_keys", membership.organisation.pk)


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation["operationId"],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                    "write": "write" in operation.get("tags", []),
                }
            )
    return operations


@require_safe
def docs(request):
    schema = api.get_openapi_schema()
    return TemplateResponse(
        request,
        "hrapi/docs.html",
        {
            "schema": schema,
            "operations": _operations(schema),
            "problems": [
                {"status": status, "slug": slug, "title": title}
                for status, (slug, title) in PROBLEMS.items()
            ],
        },
    )
