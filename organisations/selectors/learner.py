"""Reads for the learner's side and the hooks into the apps below: the training
each organisation requires of the person (for "Mijn leeromgeving") with the
question whether to share earlier certificates that cover some of it, the
organisation validity override, and the managers who hear about an expiring
certificate."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.timezone import localdate

from certificates.models import Certificate
from certificates.status import expiring_within_days
from courses.models import CoursePage, Enrolment
from organisations.compliance import Cell, CellStatus, DueRule, certificate_visible
from organisations.grid import Column, PersonRow, Rule, cells_compute
from organisations.labels import LABELS, TONES
from organisations.models import (
    CertificateConsent,
    Membership,
    Organisation,
    OrganisationValidityRule,
    RequiredTraining,
)
from organisations.models.organisations import MANAGING_ROLES
from organisations.selectors.matrix import (
    PERSON_FIELDS,
    cells_fill,
    columns_for,
    person_row,
    required_course_ids_for,
)
from training.models import User


@dataclass(frozen=True)
class RequiredItem:
    course: CoursePage
    cell: Cell

    @property
    def label(self) -> str:
        return str(LABELS[self.cell.status])

    @property
    def tone(self) -> str:
        return TONES[self.cell.status]


@dataclass(frozen=True)
class RequiredGroup:
    organisation: Organisation
    items: list[RequiredItem]
    # The person has not yet said yes or no to sharing earlier certificates
    # with this organisation.
    undecided: bool = True

    @property
    def unshared(self) -> list[CoursePage]:
        """Required courses covered by a valid certificate the organisation
        cannot see yet."""
        return [
            item.course
            for item in self.items
            if item.cell.status == CellStatus.NIET_GEDEELD
        ]

    @property
    def ask_to_share(self) -> bool:
        """Ask until the person answers; a "no" is remembered (they can change
        it on the consent screen)."""
        return self.undecided and bool(self.unshared)


def required_for_learner(*, user: User, today: datetime.date) -> list[RequiredGroup]:
    """Per current organisation, the courses it requires of `user`, most urgent
    first. Four queries whatever the number of organisations, requirements or
    certificates: only this person's own certificates and enrolments are read,
    and the matrix's rules (`grid.cells_compute`) decide the statuses."""
    memberships = list(
        Membership.objects.active(today)
        .filter(user=user)
        .select_related("organisation", "team")
        .annotate(
            decided=Exists(
                CertificateConsent.objects.filter(
                    user=user, organisation_id=OuterRef("organisation_id")
                )
            ),
            consented=Exists(
                CertificateConsent.objects.filter(
                    user=user,
                    organisation_id=OuterRef("organisation_id"),
                    granted=True,
                    revoked_at__isnull=True,
                )
            ),
        )
        .order_by("organisation__name")
    )
    if not memberships:
        return []
    columns_of, courses = _required_columns(
        organisation_ids={membership.organisation_id for membership in memberships}
    )
    if not columns_of:
        return []
    facts = _LearnerFacts.read(user=user, course_ids=list(courses))
    # The matrix joins to any current membership of the organisation: the
    # earliest start date makes a certificate visible, the latest one hides it.
    starts: dict[int, list[datetime.date]] = {}
    for membership in memberships:
        starts.setdefault(membership.organisation_id, []).append(membership.start_date)
    groups = []
    for membership in memberships:
        columns = columns_of.get(membership.organisation_id)
        if not columns:
            continue
        person = _light_row(membership=membership, user=user)
        joined = starts[membership.organisation_id]
        held, started, unshared = facts.visible_to(
            first_joined=min(joined),
            last_joined=max(joined),
            consent=membership.consented,
            today=today,
        )
        cells_compute(
            people=[person],
            columns=columns,
            today=today,
            held={user.pk: held},
            started={user.pk: started},
            expiring_within_days=expiring_within_days(),
            unshared={user.pk: unshared},
        )
        items = [
            RequiredItem(course=courses[column.course_id], cell=cell)
            for column, cell in zip(columns, person.cells, strict=True)
            if cell is not None
        ]
        if not items:
            continue
        items.sort(key=lambda item: (item.cell.severity, item.cell.date))
        groups.append(
            RequiredGroup(
                organisation=membership.organisation,
                items=items,
                undecided=not membership.decided,
            )
        )
    return groups


@dataclass(frozen=True)
class _LearnerFacts:
    """One person's current certificates and course activity, read once for all
    their organisations; `visible_to` applies `selectors.matrix.cells_fill`'s
    rules for one organisation in Python."""

    # (course id, issued on, valid until) of certificates neither revoked nor
    # replaced
    certificates: list[tuple[int, datetime.date, datetime.date]]
    # (course id, local date of the last activity) of enrolments with activity
    activity: list[tuple[int, datetime.date]]

    @classmethod
    def read(cls, *, user: User, course_ids: list[int]) -> _LearnerFacts:
        certificates = Certificate.objects.filter(
            user=user,
            course_id__in=course_ids,
            revoked_at__isnull=True,
            replaced_by__isnull=True,
        ).values_list("course_id", "issued_on", "valid_until")
        enrolments = Enrolment.objects.filter(
            user=user, course_id__in=course_ids, last_activity_at__isnull=False
        ).values_list("course_id", "last_activity_at")
        return cls(
            certificates=list(certificates),
            activity=[(pk, localdate(moment)) for pk, moment in enrolments],
        )

    def visible_to(
        self,
        *,
        first_joined: datetime.date,
        last_joined: datetime.date,
        consent: bool,
        today: datetime.date,
    ) -> tuple[dict[int, datetime.date], set[int], set[int]]:
        """`held` (course id → latest valid-until the organisation may see),
        `started` and `unshared` course ids, as `grid.cells_compute` takes them
        for one person."""
        held: dict[int, datetime.date] = {}
        unshared: set[int] = set()
        for course_id, issued_on, valid_until in self.certificates:
            if certificate_visible(
                issued_on=issued_on, joined_on=first_joined, consent=consent
            ):
                if valid_until > held.get(course_id, datetime.date.min):
                    held[course_id] = valid_until
            if not consent and issued_on < last_joined and valid_until >= today:
                unshared.add(course_id)
        started = {
            course_id
            for course_id, last_active in self.activity
            if consent or last_active >= first_joined
        }
        return held, started, unshared


def _required_columns(
    *, organisation_ids: set[int]
) -> tuple[dict[int, list[Column]], dict[int, CoursePage]]:
    """The matrix columns of several organisations (as `columns_for` builds them,
    in its order) and their course pages, in one query."""
    requirements = (
        RequiredTraining.objects.filter(organisation_id__in=organisation_ids)
        .select_related("course")
        .order_by("course__title", "course_id", "pk")
    )
    rules: dict[int, dict[int, list[Rule]]] = {}
    courses: dict[int, CoursePage] = {}
    for requirement in requirements:
        rule = Rule(
            requirement.audience,
            requirement.team_id,
            requirement.profession,
            DueRule(requirement.due_date, requirement.due_within_days),
        )
        per_course = rules.setdefault(requirement.organisation_id, {})
        per_course.setdefault(requirement.course_id, []).append(rule)
        courses[requirement.course_id] = requirement.course
    columns_of = {
        organisation_id: [
            Column(
                course_id=course_id,
                title=courses[course_id].title,
                rules=tuple(course_rules),
            )
            for course_id, course_rules in per_course.items()
        ]
        for organisation_id, per_course in rules.items()
    }
    return columns_of, courses


def _light_row(*, membership: Membership, user: User) -> PersonRow:
    """The matrix row of this member (the facts the statuses need), from the
    membership already read with its team."""
    team = membership.team
    return PersonRow(
        membership_id=membership.pk,
        user_id=membership.user_id,
        profession=user.profession,
        team_id=membership.team_id,
        team_parent_id=team.parent_id if team is not None else None,
        start_date=membership.start_date,
    )


def unshared_required_courses(
    *, membership: Membership, today: datetime.date
) -> list[CoursePage]:
    """The courses the organisation requires of this member that a valid
    certificate it cannot see yet covers (for the consent screen)."""
    columns = columns_for(organisation=membership.organisation)
    person = person_row(
        Membership.objects.filter(pk=membership.pk).values_list(*PERSON_FIELDS).get()
    )
    cells_fill(
        organisation=membership.organisation,
        people=[person],
        columns=columns,
        today=today,
    )
    course_ids = [
        column.course_id
        for column, cell in zip(columns, person.cells, strict=True)
        if cell is not None and cell.status == CellStatus.NIET_GEDEELD
    ]
    courses = CoursePage.objects.in_bulk(course_ids)
    return [courses[pk] for pk in course_ids if pk in courses]


def validity_months_override(
    *, user: User, course: CoursePage, today: datetime.date
) -> int | None:
    """The shortest validity any of the person's organisations sets for the
    course; within one organisation a rule for the person's profession beats
    the organisation-wide one. None when no organisation has a rule."""
    organisation_ids = list(
        Membership.objects.active(today)
        .filter(user=user)
        .values_list("organisation_id", flat=True)
    )
    if not organisation_ids:
        return None
    per_organisation: dict[int, int] = {}
    rules = OrganisationValidityRule.objects.filter(
        organisation_id__in=organisation_ids,
        course=course,
        profession__in=["", user.profession or ""],
    ).order_by("profession")  # "" first, so a profession rule overwrites it
    for rule in rules:
        per_organisation[rule.organisation_id] = rule.months
    return min(per_organisation.values()) if per_organisation else None


def managers_for_certificate(*, certificate, today: datetime.date) -> list[User]:
    """Managers of the holder's organisations that require the course of them
    and may see this certificate (earned as a member, or with consent)."""
    memberships = list(
        Membership.objects.active(today)
        .filter(user_id=certificate.user_id)
        .select_related("organisation")
    )
    consents = set(
        CertificateConsent.objects.filter(
            user_id=certificate.user_id, granted=True, revoked_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    organisation_ids = [
        membership.organisation_id
        for membership in memberships
        if certificate.course_id in required_course_ids_for(membership=membership)
        and certificate_visible(
            issued_on=certificate.issued_on,
            joined_on=membership.start_date,
            consent=membership.organisation_id in consents,
        )
    ]
    if not organisation_ids:
        return []
    manager_ids = (
        Membership.objects.active(today)
        .filter(organisation_id__in=organisation_ids, role__in=MANAGING_ROLES)
        .exclude(user_id=certificate.user_id)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=manager_ids, is_active=True))
