"""Importing staff from a spreadsheet in two steps: a preview that checks every
row (`staff_import_preview`, saves nothing) and applying a preview whose rows were
all valid (`staff_import_apply`, one transaction: every invitation or none).

A person already a member, or with an open invitation, is left as is, so importing
the same file again changes nothing. New people get an email invitation, sent by a
task after commit; they become members when they accept it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Invitation, InvitationKind, Membership, Organisation
from organisations.services.invitations import invitation_create_email
from organisations.spreadsheets import sheet_read
from organisations.staff_rows import Checked, StaffRow, staff_rows_check
from training.models import User

ACTION_INVITE = "invite"
ACTION_MEMBER = "member"
ACTION_INVITED = "invited"


@dataclass(frozen=True)
class PlannedRow:
    row: StaffRow
    action: str
    team_name: str


@dataclass(frozen=True)
class ImportPreview:
    checked: Checked
    plan: list[PlannedRow]
    digest: str

    @property
    def new_count(self) -> int:
        return sum(1 for p in self.plan if p.action == ACTION_INVITE)

    def session_data(self) -> dict:
        return {"digest": self.digest, "rows": [asdict(p.row) for p in self.plan]}


def _teams(organisation: Organisation) -> dict[str, tuple[int, str]]:
    return {
        team.name.lower(): (team.pk, str(team))
        for team in organisation.teams.select_related("parent")
    }


def _plan(
    *, organisation: Organisation, rows: list[StaffRow], team_names: dict[int, str]
) -> list[PlannedRow]:
    emails = [row.email for row in rows]
    now = timezone.now()
    members = set(
        Membership.objects.active()
        .filter(organisation=organisation, user__email__in=emails)
        .values_list("user__email", flat=True)
    )
    invited = set(
        Invitation.objects.filter(
            organisation=organisation,
            kind=InvitationKind.EMAIL,
            email__in=emails,
            revoked_at__isnull=True,
            accepted_at__isnull=True,
            expires_at__gt=now,
        ).values_list("email", flat=True)
    )
    plan = []
    for row in rows:
        if row.email in members:
            action = ACTION_MEMBER
        elif row.email in invited:
            action = ACTION_INVITED
        else:
            action = ACTION_INVITE
        plan.append(PlannedRow(row, action, team_names.get(row.team_id, "")))
    return plan


def staff_import_preview(
    *, organisation: Organisation, filename: str, data: bytes
) -> ImportPreview:
    """Read and check the file; raises `spreadsheets.UnreadableFile` for a file
    that is not a readable spreadsheet. Saves nothing."""
    sheet = sheet_read(filename=filename, data=data)
    teams = _teams(organisation)
    checked = staff_rows_check(
        sheet=sheet, teams={name: pk for name, (pk, _label) in teams.items()}
    )
    team_names = dict(teams.values())
    plan = (
        _plan(organisation=organisation, rows=checked.rows, team_names=team_names)
        if checked.ok
        else []
    )
    return ImportPreview(
        checked=checked, plan=plan, digest=hashlib.sha256(data).hexdigest()
    )


@transaction.atomic
def staff_import_apply(
    *, organisation: Organisation, rows: list[dict], actor: User
) -> int:
    """Invite every new person of a checked preview; returns how many were
    invited. Raises `ValidationError`, saving nothing, when a team has gone since
    the preview."""
    teams = {team.pk: team for team in organisation.teams.all()}
    staff = [StaffRow(**row) for row in rows]
    for row in staff:
        if row.team_id is not None and row.team_id not in teams:
            raise ValidationError(
                _("Rij %(row)s: het team bestaat niet meer. Importeer opnieuw.")
                % {"row": row.row}
            )
    plan = _plan(
        organisation=organisation,
        rows=staff,
        team_names={pk: str(team) for pk, team in teams.items()},
    )
    invited = 0
    for planned in plan:
        if planned.action != ACTION_INVITE:
            continue
        row = planned.row
        invitation_create_email(
            organisation=organisation,
            email=row.email,
            actor=actor,
            first_name=row.first_name,
            last_name=row.last_name,
            profession=row.profession,
            team=teams.get(row.team_id),
        )
        invited += 1
    return invited
