"""The API's request and response bodies (pydantic, through django-ninja): the
OpenAPI schema is generated from these."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from certificates.validity import Status
from organisations.compliance import CellStatus

ComplianceStatus = Literal[tuple(status.value for status in CellStatus)]
CertificateStatus = Literal[tuple(status.name.lower() for status in Status)]


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None


class ComplianceOut(Schema):
    course_id: int
    course_title: str
    status: ComplianceStatus = Field(
        description="The dashboard's status for this required course today."
    )
    date: datetime.date = Field(
        description="valid_until of the certificate (geldig, verloopt_binnenkort, "
        "verlopen), else the due date."
    )
    date_kind: Literal["valid_until", "due"]


class PersonOut(Schema):
    id: int = Field(description="The membership's id in this organisation.")
    external_id: str | None = Field(
        description="The employee number written through PUT /memberships/."
    )
    email: str
    first_name: str
    last_name: str
    team: str | None
    profession: str | None
    role: Literal["learner", "manager", "admin"]
    start_date: datetime.date
    end_date: datetime.date | None
    active: bool = Field(description="The membership counts today.")
    updated_at: datetime.datetime
    compliance: list[ComplianceOut]


class PeoplePage(Schema):
    items: list[PersonOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


class CertificateOut(Schema):
    id: int
    person_id: int
    external_id: str | None
    course_id: int
    course_title: str
    status: CertificateStatus
    verification_code: str = Field(description="As printed: XXXX-XXXX-XXXX-XXXX.")
    cycle: int
    issued_on: datetime.date
    valid_until: datetime.date
    revoked_at: datetime.datetime | None
    updated_at: datetime.datetime


class CertificatePage(Schema):
    items: list[CertificateOut]
    next_cursor: str | None


class EnrolmentOut(Schema):
    id: int
    person_id: int
    external_id: str | None
    course_id: int
    course_title: str
    source: Literal["self", "assigned"]
    cycle: int
    enrolled_at: datetime.datetime
    last_activity_at: datetime.datetime | None
    updated_at: datetime.datetime


class EnrolmentPage(Schema):
    items: list[EnrolmentOut]
    next_cursor: str | None


class MembershipIn(Schema):
    email: str = Field(max_length=254)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    team: str | None = Field(
        None, max_length=120, description="An existing team's name; null: unchanged."
    )
    profession: str = Field("", max_length=32, description="A profession code.")


class MembershipEndIn(Schema):
    end_date: datetime.date | None = Field(
        None, description="Last day the membership counts; default yesterday."
    )


class MembershipOut(Schema):
    external_id: str
    email: str
    state: Literal["member", "invited", "ended"] = Field(
        description="member: a current member; invited: an email invitation is "
        "open (they join when they accept it); ended."
    )
    person_id: int | None
    end_date: datetime.date | None
