"""What an API key may read: its own organisation's people with their
compliance, certificates and enrolments, a page at a time in (updated_at, id)
order. Nothing here takes an organisation from the request: every function is
given the key's.

Compliance comes from the dashboard's own functions (`matrix.columns_for` and
`matrix.cells_fill`, over `organisations.compliance.cell_status`), so the API,
the dashboard and the CSV export say the same about each person. Certificates
follow the dashboard's visibility (`people.certificates_visible`: earned as a
member, or earlier with consent).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    DateTimeField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate

from certificates.models import Certificate, CertificateStatusLog
from certificates.status import status_of
from courses.models import Enrolment
from hrapi.cursors import Position
from hrapi.keys import key_matches, key_prefix
from hrapi.models import ApiKey, EmployeeLink
from organisations.compliance import Cell
from organisations.grid import Column
from organisations.models import (
    CertificateConsent,
    Membership,
    Organisation,
    RequiredTraining,
)
from organisations.selectors.matrix import (
    PERSON_FIELDS,
    cells_fill,
    columns_for,
    person_row,
)
from organisations.selectors.people import certificates_visible

MAX_LIMIT = 200


def api_key_get(*, plain: str) -> ApiKey | None:
    """The active key this text is, or None (unknown, malformed or revoked)."""
    prefix = key_prefix(plain)
    if prefix is None:
        return None
    key = (
        ApiKey.objects.select_related("organisation", "created_by")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not key_matches(plain, key.digest):
        return None
    return key


def api_keys_list(*, organisation: Organisation) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organisation=organisation).select_related(
        "created_by", "revoked_by"
    )


@dataclass
class Page:
    items: list
    next_position: Position | None


def _after(rows: QuerySet, *, position: Position | None, since, stamp: str):
    if since is not None:
        rows = rows.filter(**{f"{stamp}__gte": since})
    if position is not None:
        rows = rows.filter(
            Q(**{f"{stamp}__gt": position.updated_at})
            | Q(**{stamp: position.updated_at, "pk__gt": position.pk})
        )
    return rows.order_by(stamp, "pk")


def _page(rows: list, limit: int, stamp: str) -> Page:
    if len(rows) <= limit:
        return Page(items=rows, next_position=None)
    rows = rows[:limit]
    last = rows[-1]
    return Page(items=rows, next_position=Position(getattr(last, stamp), last.pk))


def _external_ids(organisation: Organisation, membership_ids) -> dict[int, str]:
    return dict(
        EmployeeLink.objects.filter(
            organisation=organisation, membership_id__in=list(membership_ids)
        ).values_list("membership_id", "external_id")
    )


@dataclass
class Person:
    membership: Membership
    external_id: str | None
    active: bool
    compliance: list[tuple[Column, Cell]] = field(default_factory=list)


def _people(
    organisation: Organisation, memberships: list[Membership], today: datetime.date
) -> list[Person]:
    """Each membership with its compliance today (current members only: an ended
    membership has no requirements left)."""
    columns = columns_for(organisation=organisation)
    current = [m for m in memberships if m.is_active(today)]
    rows = [
        person_row(values)
        for values in Membership.objects.filter(
            pk__in=[m.pk for m in current]
        ).values_list(*PERSON_FIELDS)
    ]
    cells_fill(organisation=organisation, people=rows, columns=columns, today=today)
    cells = {row.membership_id: row.cells for row in rows}
    external = _external_ids(organisation, (m.pk for m in memberships))
    people = []
    for membership in memberships:
        person = Person(
            membership=membership,
            external_id=external.get(membership.pk),
            active=membership.pk in cells,
        )
        if person.active:
            person.compliance = [
                (column, cell)
                for column, cell in zip(columns, cells[membership.pk], strict=True)
                if cell is not None
            ]
        people.append(person)
    return people


def _memberships(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related(
        "user", "team", "team__parent"
    )


def people_page(
    *,
    organisation: Organisation,
    today: datetime.date,
    since: datetime.datetime | None,
    position: Position | None,
    limit: int,
) -> Page:
    """Memberships (current and ended) changed since `since`, after `position`,
    with their compliance, in a fixed number of queries per page."""
    rows = _after(
        _memberships(organisation), position=position, since=since, stamp="updated_at"
    )
    page = _page(list(rows[: limit + 1]), limit, "updated_at")
    page.items = _people(organisation, page.items, today)
    return page


def person_get(
    *, organisation: Organisation, membership_id: int, today: datetime.date
) -> Person | None:
    membership = _memberships(organisation).filter(pk=membership_id).first()
    if membership is None:
        return None
    return _people(organisation, [membership], today)[0]


def _membership_ids(organisation: Organisation, user_ids) -> dict[int, int]:
    return dict(
        Membership.objects.filter(
            organisation=organisation, user_id__in=list(user_ids)
        ).values_list("user_id", "pk")
    )


def _member_page(
    organisation: Organisation,
    rows: QuerySet,
    *,
    since: datetime.datetime | None,
    position: Position | None,
    limit: int,
    item: Callable,
) -> Page:
    """A page of a member's records (`user_id`, `updated_at`), each made into
    `item(record, membership_id, external_id)` with two more queries."""
    rows = _after(rows, position=position, since=since, stamp="updated_at")
    page = _page(list(rows[: limit + 1]), limit, "updated_at")
    members = _membership_ids(organisation, {record.user_id for record in page.items})
    external = _external_ids(organisation, members.values())
    page.items = [
        item(record, members[record.user_id], external.get(members[record.user_id]))
        for record in page.items
    ]
    return page


@dataclass
class CertificateItem:
    certificate: Certificate
    membership_id: int
    external_id: str | None
    status: str


def certificates_page(
    *,
    organisation: Organisation,
    today: datetime.date,
    since: datetime.datetime | None,
    position: Position | None,
    limit: int,
) -> Page:
    """Certificates of the organisation's required courses it may see (as the
    dashboard), every cycle. Their `updated_at` is the latest status event
    (issued, revoked, replaced, content update)."""
    latest_event = (
        CertificateStatusLog.objects.filter(certificate=OuterRef("pk"))
        .order_by()
        .values("certificate")
        .annotate(latest=Max("created_at"))
        .values("latest")
    )
    rows = certificates_visible(organisation=organisation, today=today).annotate(
        updated_at=Coalesce(
            Subquery(latest_event, output_field=DateTimeField()), "issued_at"
        )
    )
    rows = rows.select_related("course").prefetch_related("content_notices")
    return _member_page(
        organisation,
        rows,
        since=since,
        position=position,
        limit=limit,
        item=lambda certificate, membership_id, external_id: CertificateItem(
            certificate=certificate,
            membership_id=membership_id,
            external_id=external_id,
            status=status_of(certificate=certificate, today=today).name.lower(),
        ),
    )


@dataclass
class EnrolmentItem:
    enrolment: Enrolment
    membership_id: int
    external_id: str | None


def enrolments_visible(
    *, organisation: Organisation, today: datetime.date
) -> QuerySet[Enrolment]:
    """Enrolments of current members in the organisation's required courses,
    made or worked on since they joined, or earlier with their consent (the
    dashboard's rule for 'bezig')."""
    members = Membership.objects.active(today).filter(
        organisation=organisation, user_id=OuterRef("user_id")
    )
    consented = CertificateConsent.objects.filter(
        organisation=organisation,
        user_id=OuterRef("user_id"),
        granted=True,
        revoked_at__isnull=True,
    )
    required = RequiredTraining.objects.filter(organisation=organisation).values(
        "course_id"
    )
    return (
        Enrolment.objects.filter(course_id__in=required)
        .annotate(
            enrolled_on=TruncDate("enrolled_at"),
            active_on=TruncDate("last_activity_at"),
        )
        .filter(
            Q(Exists(members.filter(start_date__lte=OuterRef("enrolled_on"))))
            | Q(Exists(members.filter(start_date__lte=OuterRef("active_on"))))
            | (Q(Exists(members)) & Q(Exists(consented)))
        )
    )


def enrolments_page(
    *,
    organisation: Organisation,
    today: datetime.date,
    since: datetime.datetime | None,
    position: Position | None,
    limit: int,
) -> Page:
    """Visible enrolments; `updated_at` is the last activity, or the enrolment."""
    rows = enrolments_visible(organisation=organisation, today=today).annotate(
        updated_at=Coalesce("last_activity_at", "enrolled_at")
    )
    return _member_page(
        organisation,
        rows.select_related("course"),
        since=since,
        position=position,
        limit=limit,
        item=lambda enrolment, membership_id, external_id: EnrolmentItem(
            enrolment=enrolment, membership_id=membership_id, external_id=external_id
        ),
    )
