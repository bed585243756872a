"""The issuer profile and its keys at stable URLs, as JSON-LD, for verifiers."""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from certificates.services.keys import issuer_profile_document, multikey_document
from certificates.services.status_lists import status_list_credential

CONTENT_TYPE = "application/ld+json"


def _json_ld(document) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type=CONTENT_TYPE
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers run in browsers too
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def issuer(request):
    document = issuer_profile_document()
    if document is None:
        raise Http404("No signing key yet.")
    return _json_ld(document)


@require_safe
def key(request, number: int):
    document = multikey_document(number=number)
    if document is None:
        raise Http404("No such key.")
    return _json_ld(document)


@require_safe
def status(request, number: int):
    """A revocation list (W3C Bitstring Status List); verifiers fetch it again
    after a few minutes, so a revocation reaches them soon."""
    document = status_list_credential(number=number)
    if document is None:
        raise Http404("No such list.")
    response = _json_ld(document)
    response["Content-Type"] = "application/vc+ld+json"
    return response
