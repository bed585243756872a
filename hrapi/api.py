"""The HR API, version 1 (django-ninja): read people with their compliance,
certificates and enrolments; add, update or end memberships by employee number.

Every operation needs a key (``Authorization: Bearer <key>``); the key's
organisation is the only one any operation touches, so an id of another
organisation's record is simply not found. Read operations take a read or write
key, write operations a write key. Each key is rate limited; each call is
recorded (`hrapi.urls` wraps every view in `audited`).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import Field

from hrapi import schemas, selectors, services
from hrapi.cursors import BadCursor, cursor_decode, cursor_encode
from hrapi.problems import PROBLEM_TYPE, PROBLEMS, problem_response
from hrapi.services import RATE_WINDOW_SECONDS

logger = logging.getLogger(__name__)

VALID_UNTIL_STATUSES = {"geldig", "verloopt_binnenkort", "verlopen"}


class ScopeRefused(Exception):
    pass


class RateLimited(Exception):
    pass


class KeyAuth(HttpBearer):
    """A key of the right scope, within its rate limit. The key found (even one
    refused for its scope or rate) is kept on the request for the call log."""

    def __init__(self, *, write: bool):
        self.write = write
        super().__init__()

    def authenticate(self, request, token):
        key = selectors.api_key_get(plain=token)
        if key is None:
            return None
        request.hr_api_key = key
        if not services.api_rate_allowed(key=key):
            raise RateLimited
        if self.write and not key.can_write:
            raise ScopeRefused
        return key


READ = [KeyAuth(write=False)]
WRITE = [KeyAuth(write=True)]


class HrApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Error responses are problem details: say so in the schema."""
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "content" in response:
                        response["content"] = {
                            PROBLEM_TYPE: response["content"]["application/json"]
                        }
        return schema


api = HrApi(
    title="Bijblijven HR API",
    version="1",
    description=(
        "Read an organisation's people, their compliance per required course, "
        "certificates and enrolments; add, update or end memberships by employee "
        "number. See /api/v1/docs/."
    ),
    urls_namespace="hrapi_v1",
    docs_url=None,
    auth=READ,
)


@api.exception_handler(HttpError)
def _http_error(request, error):
    status = error.status_code if error.status_code in PROBLEMS else 400
    if isinstance(error, AuthenticationError):
        response = problem_response(
            401, "Send a current key of this API as 'Authorization: Bearer <key>'."
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    return problem_response(status, str(error.message))


@api.exception_handler(ScopeRefused)
def _scope(request, error):
    return problem_response(403, "This operation needs a key with the write scope.")


@api.exception_handler(RateLimited)
def _rate(request, error):
    response = problem_response(
        429, "This key made too many calls this minute; try again later."
    )
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


@api.exception_handler(Http404)
def _not_found(request, error):
    return problem_response(404, "No such record in this organisation.")


@api.exception_handler(NinjaValidationError)
def _invalid(request, error):
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg"))}
        for e in error.errors
    ]
    return problem_response(422, "Some values are not valid.", errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, error):
    return problem_response(422, " ".join(error.messages))


@api.exception_handler(BadCursor)
def _bad_cursor(request, error):
    return problem_response(400, "The cursor was not made by this API.")


@api.exception_handler(services.LinkConflict)
def _conflict(request, error):
    return problem_response(
        409, "Another employee number of this organisation has this address."
    )


@api.exception_handler(services.LinkMissing)
def _missing(request, error):
    return problem_response(404, "No membership was written with this number.")


@api.exception_handler(Exception)
def _server_error(request, error):
    logger.exception("HR API error", exc_info=error)
    return problem_response(500, "Something went wrong on our side.")


ERRORS = {
    400: schemas.Problem,
    401: schemas.Problem,
    403: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Problem,
    429: schemas.Problem,
}


class PageQuery(schemas.Schema):
    updated_since: datetime.datetime | None = Field(
        None, description="Only records changed at or after this time (ISO 8601)."
    )
    cursor: str | None = Field(
        None, max_length=200, description="`next_cursor` of the page before."
    )
    limit: int = Field(
        100, ge=1, le=selectors.MAX_LIMIT, description="Records per page."
    )

    def since(self) -> datetime.datetime | None:
        since = self.updated_since
        if since is not None and timezone.is_naive(since):
            since = timezone.make_aware(since, datetime.UTC)
        return since

    def position(self):
        return cursor_decode(self.cursor) if self.cursor else None


def _page_read(request, query: PageQuery, page_selector):
    """One page from a `selectors.*_page` function, for the key's organisation."""
    return page_selector(
        organisation=request.auth.organisation,
        today=timezone.localdate(),
        since=query.since(),
        position=query.position(),
        limit=query.limit,
    )


def _next(page) -> str | None:
    return cursor_encode(page.next_position) if page.next_position else None


def _person_out(person) -> dict:
    membership = person.membership
    return {
        "id": membership.pk,
        "external_id": person.external_id,
        "email": membership.user.email,
        "first_name": membership.user.first_name,
        "last_name": membership.user.last_name,
        "team": str(membership.team) if membership.team_id else None,
        "profession": membership.user.profession or None,
        "role": membership.role,
        "start_date": membership.start_date,
        "end_date": membership.end_date,
        "active": person.active,
        "updated_at": membership.updated_at,
        "compliance": [
            {
                "course_id": column.course_id,
                "course_title": column.title,
                "status": cell.status.value,
                "date": cell.date,
                "date_kind": "valid_until"
                if cell.status.value in VALID_UNTIL_STATUSES
                else "due",
            }
            for column, cell in person.compliance
        ],
    }


@api.get(
    "/people",
    response={200: schemas.PeoplePage, **ERRORS},
    tags=["read"],
    summary="People of the organisation with their compliance",
)
def people_list(request, query: Query[PageQuery]):
    """Memberships (current and ended), oldest change first. `compliance` holds
    one entry per required course for current members: the same status as the
    dashboard and its CSV export, as of today."""
    page = _page_read(request, query, selectors.people_page)
    return {"items": [_person_out(p) for p in page.items], "next_cursor": _next(page)}


@api.get(
    "/people/{person_id}",
    response={200: schemas.PersonOut, **ERRORS},
    tags=["read"],
    summary="One person with their compliance",
)
def person_detail(request, person_id: int):
    person = selectors.person_get(
        organisation=request.auth.organisation,
        membership_id=person_id,
        today=timezone.localdate(),
    )
    if person is None:
        raise Http404
    return _person_out(person)


@api.get(
    "/certificates",
    response={200: schemas.CertificatePage, **ERRORS},
    tags=["read"],
    summary="Certificates of required courses the organisation may see",
)
def certificates_list(request, query: Query[PageQuery]):
    """Every cycle; `status` as on the verification page, as of today. A
    certificate counts as changed when it is issued, revoked, replaced or its
    content is updated; expiry is a date (`valid_until`), not a change."""
    page = _page_read(request, query, selectors.certificates_page)
    items = [
        {
            "id": item.certificate.pk,
            "person_id": item.membership_id,
            "external_id": item.external_id,
            "course_id": item.certificate.course_id,
            "course_title": item.certificate.course_title,
            "status": item.status,
            "verification_code": item.certificate.code_display,
            "cycle": item.certificate.cycle,
            "issued_on": item.certificate.issued_on,
            "valid_until": item.certificate.valid_until,
            "revoked_at": item.certificate.revoked_at,
            "updated_at": item.certificate.updated_at,
        }
        for item in page.items
    ]
    return {"items": items, "next_cursor": _next(page)}


@api.get(
    "/enrolments",
    response={200: schemas.EnrolmentPage, **ERRORS},
    tags=["read"],
    summary="Enrolments in required courses",
)
def enrolments_list(request, query: Query[PageQuery]):
    """An enrolment changes when it is made and whenever its learner works on it."""
    page = _page_read(request, query, selectors.enrolments_page)
    items = [
        {
            "id": item.enrolment.pk,
            "person_id": item.membership_id,
            "external_id": item.external_id,
            "course_id": item.enrolment.course_id,
            "course_title": item.enrolment.course.title,
            "source": item.enrolment.source,
            "cycle": item.enrolment.cycle,
            "enrolled_at": item.enrolment.enrolled_at,
            "last_activity_at": item.enrolment.last_activity_at,
            "updated_at": item.enrolment.updated_at,
        }
        for item in page.items
    ]
    return {"items": items, "next_cursor": _next(page)}


def _membership_out(state: services.EmployeeState) -> dict:
    membership = state.membership
    return {
        "external_id": state.link.external_id,
        "email": state.link.email,
        "state": state.state,
        "person_id": membership.pk if membership else None,
        "end_date": membership.end_date if membership else None,
    }


EXTERNAL_ID = r"{external_id}"


@api.put(
    f"/memberships/{EXTERNAL_ID}",
    response={200: schemas.MembershipOut, 409: schemas.Problem, **ERRORS},
    auth=WRITE,
    tags=["write"],
    summary="Add or update a membership by employee number",
)
def membership_put(request, external_id: str, body: schemas.MembershipIn):
    """Idempotent. A current member stays a member (a given `team` moves them);
    anyone else gets an email invitation and joins when they accept it, as with
    the spreadsheet import. Sending the same body again changes nothing."""
    if not 1 <= len(external_id.strip()) <= 64:
        raise DjangoValidationError("external_id must be 1 to 64 characters.")
    state = services.employee_put(
        organisation=request.auth.organisation,
        record=services.EmployeeRecord(
            external_id=external_id,
            email=body.email,
            first_name=body.first_name,
            last_name=body.last_name,
            team=body.team,
            profession=body.profession,
        ),
        key=request.auth,
    )
    return _membership_out(state)


@api.post(
    f"/memberships/{EXTERNAL_ID}/end",
    response={200: schemas.MembershipOut, **ERRORS},
    auth=WRITE,
    tags=["write"],
    summary="End a membership by employee number",
)
def membership_end(request, external_id: str, body: schemas.MembershipEndIn):
    """The membership stops counting after `end_date`; an open invitation is
    withdrawn. Idempotent. The person keeps their own learning records."""
    state = services.employee_end(
        organisation=request.auth.organisation,
        external_id=external_id,
        end_date=body.end_date,
    )
    return _membership_out(state)
