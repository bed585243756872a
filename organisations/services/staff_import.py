"""Importing staff from a spreadsheet in two steps, both in background tasks:
the upload request stores the file and queues a check (`staff_import_upload`);
the check task reads and checks every row (`staff_import_check`, built on
`staff_import_preview`, which saves nothing) and keeps either the errors per row
or the checked rows for a preview; confirming the preview queues a task that
applies it (`staff_import_confirm`, `staff_import_run`). No request parses a
spreadsheet: a file that unpacks to a lot costs a worker, not the web server.

The stored upload is deleted as soon as the check has finished (whatever its
outcome). A check whose worker died (`StaffImport.is_stalled`) can be started
again while its file is still there (`staff_import_retry`); a second submit of
the same upload form (`submission`) returns the first import.

Applied once: the confirm form carries the import's token, and confirming moves
the import from previewed to queued under a row lock, so a double click or two
managers at once start it once. The task applies the rows in chunks; each
chunk's invitations (and their queued emails) and the import's `done` counter are
one transaction, so a chunk is never applied twice, even by two workers, and a
killed worker's import continues where it stopped. Progress (`done` of `total`)
is visible to the status page between chunks.

A person already a member, or with an open invitation, is left as is, so importing
the same file again changes nothing. New people get an email invitation; they
become members when they accept it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations.models import (
    Invitation,
    InvitationKind,
    JobStatus,
    Membership,
    Organisation,
    StaffImport,
)
from organisations.services.invitations import (
    AlreadyMember,
    invitation_create_email,
    invitation_quota_check,
)
from organisations.spreadsheets import MAX_ROWS, UnreadableFile, sheet_read
from organisations.staff_rows import Checked, StaffRow, staff_rows_check
from training.models import User
from training.uploads import STALLED_AFTER, upload_discard, upload_read

logger = logging.getLogger(__name__)

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


def unreadable_message(code: str) -> str:
    """What to tell the uploader about a file `sheet_read` refused."""
    return {
        "too_big": _("Het bestand is te groot."),
        "too_many_rows": _("Het bestand heeft meer dan %(max)s rijen; splits het op.")
        % {"max": MAX_ROWS},
        "empty": _("Het bestand is leeg."),
    }.get(
        code,
        _(
            "Dit bestand kan niet gelezen worden. Sla het op als .xlsx "
            "(Excel-werkmap) of .csv en probeer het opnieuw."
        ),
    )


def staff_import_upload(
    *,
    organisation: Organisation,
    actor: User,
    filename: str,
    data: bytes,
    submission: str = "",
) -> StaffImport:
    """Store an upload privately and queue its check; reads nothing of it. The
    caller has checked size, type and (for XLSX) the archive's directory. The
    same `submission` twice (a double click) returns the first import and queues
    nothing."""
    submission = submission[:64]
    if submission:
        earlier = StaffImport.objects.filter(
            organisation=organisation, submission=submission
        ).first()
        if earlier is not None:
            return earlier
    staff_import = StaffImport(
        organisation=organisation,
        created_by=actor,
        status=JobStatus.UPLOADED,
        filename=filename[:200],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        submission=submission,
        digest=hashlib.sha256(data).hexdigest(),
        heartbeat_at=timezone.now(),
    )
    staff_import.upload.save(filename, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            staff_import.save()
    except IntegrityError:  # the same form, submitted at the same instant
        upload_discard(staff_import.upload)
        return StaffImport.objects.get(organisation=organisation, submission=submission)
    import_id = staff_import.pk
    transaction.on_commit(lambda: _enqueue_check(import_id), robust=True)
    return staff_import


def _enqueue_check(import_id: int) -> None:
    from organisations.tasks import staff_import_check_task

    staff_import_check_task.enqueue(import_id=import_id)


def _check_finish(staff_import: StaffImport, **fields) -> bool:
    """Record the check's outcome unless another run recorded one first, and
    delete the stored upload either way."""
    fields["heartbeat_at"] = timezone.now()
    fields["upload"] = ""
    recorded = StaffImport.objects.filter(
        pk=staff_import.pk, status=JobStatus.CHECKING
    ).update(**fields)
    upload_discard(staff_import.upload)
    return bool(recorded)


def staff_import_check(*, import_id: int) -> StaffImport | None:
    """Read and check an uploaded import (the check task's body): it becomes
    `previewed` with its checked rows, or `rejected` with every problem per row
    and column, or `failed` for a file that cannot be read. Messages are in the
    uploader's language. Runs once per upload (a second run finds it no longer
    `uploaded`); an unexpected error marks it failed and is raised for the task."""
    claimed = StaffImport.objects.filter(
        pk=import_id, status=JobStatus.UPLOADED
    ).update(status=JobStatus.CHECKING, heartbeat_at=timezone.now())
    staff_import = (
        StaffImport.objects.select_related("organisation").filter(pk=import_id).first()
    )
    if not claimed or staff_import is None:
        return staff_import
    with translation.override(staff_import.language or settings.LANGUAGE_CODE):
        try:
            preview = staff_import_preview(
                organisation=staff_import.organisation,
                filename=staff_import.filename,
                data=upload_read(staff_import.upload),
            )
        except UnreadableFile as error:
            _check_finish(
                staff_import,
                status=JobStatus.FAILED,
                error=unreadable_message(error.code),
                finished_at=timezone.now(),
            )
        except Exception:
            _check_finish(
                staff_import,
                status=JobStatus.FAILED,
                error=_(
                    "Het bestand kon niet gecontroleerd worden. Upload het opnieuw; "
                    "lukt het dan weer niet, sla het op als .csv."
                ),
                finished_at=timezone.now(),
            )
            raise
        else:
            checked = preview.checked
            if checked.ok:
                _check_finish(
                    staff_import,
                    status=JobStatus.PREVIEWED,
                    rows=preview.session_data()["rows"],
                    total=len(checked.rows),
                    empty_rows=checked.empty_rows,
                )
            else:
                _check_finish(
                    staff_import,
                    status=JobStatus.REJECTED,
                    errors=[asdict(error) for error in checked.errors],
                    empty_rows=checked.empty_rows,
                    finished_at=timezone.now(),
                )
    return StaffImport.objects.get(pk=import_id)


def staff_import_plan(*, staff_import: StaffImport) -> list[PlannedRow]:
    """What confirming a previewed import would do to each row, as of now."""
    teams = _teams(staff_import.organisation)
    return _plan(
        organisation=staff_import.organisation,
        rows=[StaffRow(**row) for row in staff_import.rows],
        team_names=dict(teams.values()),
    )


CHUNK = 100  # rows per transaction


def staff_import_prepare(
    *, organisation: Organisation, actor: User, preview: ImportPreview
) -> StaffImport:
    """Keep the checked rows of an error-free preview until it is confirmed."""
    data = preview.session_data()
    return StaffImport.objects.create(
        organisation=organisation,
        created_by=actor,
        status=JobStatus.PREVIEWED,
        digest=data["digest"],
        rows=data["rows"],
        total=len(data["rows"]),
    )


class ImportGone(Exception):
    """The token names no import of this organisation (expired or never made)."""


@transaction.atomic
def staff_import_confirm(
    *, organisation: Organisation, token: str, actor: User
) -> StaffImport:
    """Start applying the import with `token`, once: a second confirm (double
    click, another tab, another manager) returns the same import and starts
    nothing. Raises `ImportGone` for an unknown token."""
    staff_import = (
        StaffImport.objects.select_for_update()
        .filter(organisation=organisation, token=str(token)[:64])
        .first()
    )
    if staff_import is None:
        raise ImportGone
    if staff_import.status != JobStatus.PREVIEWED:
        return staff_import
    staff_import.status = JobStatus.QUEUED
    staff_import.confirmed_at = timezone.now()
    staff_import.save(update_fields=["status", "confirmed_at"])
    import_id = staff_import.pk
    transaction.on_commit(lambda: _enqueue(import_id), robust=True)
    return staff_import


def _enqueue(import_id: int) -> None:
    from organisations.tasks import staff_import_task

    staff_import_task.enqueue(import_id=import_id)


def _rows_check(*, staff_import: StaffImport, teams: dict) -> None:
    for row in staff_import.rows:
        if row["team_id"] is not None and row["team_id"] not in teams:
            raise ValidationError(
                _("Rij %(row)s: het team bestaat niet meer. Importeer opnieuw.")
                % {"row": row["row"]}
            )


@transaction.atomic
def _start(import_id: int) -> StaffImport | None:
    staff_import = (
        StaffImport.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=import_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .first()
    )
    if staff_import is None:
        return None
    teams = {team.pk: team for team in staff_import.organisation.teams.all()}
    try:
        _rows_check(staff_import=staff_import, teams=teams)
        if staff_import.done == 0:  # a resumed import was counted when it began
            invitation_quota_check(
                organisation=staff_import.organisation,
                now=timezone.now(),
                adding=staff_import.total,
            )
    except ValidationError as error:
        staff_import.status = JobStatus.FAILED
        staff_import.error = " ".join(error.messages)
        staff_import.finished_at = timezone.now()
        staff_import.save(update_fields=["status", "error", "finished_at"])
        return None
    staff_import.status = JobStatus.RUNNING
    staff_import.heartbeat_at = timezone.now()
    staff_import.save(update_fields=["status", "heartbeat_at"])
    return staff_import


@transaction.atomic
def _apply_chunk(*, import_id: int) -> bool:
    """Apply the next chunk; False when nothing was left."""
    staff_import = (
        StaffImport.objects.select_for_update(of=("self",))
        .select_related("organisation", "created_by")
        .get(pk=import_id)
    )
    if staff_import.status != JobStatus.RUNNING:
        return False
    chunk = staff_import.rows[staff_import.done : staff_import.done + CHUNK]
    if not chunk:
        staff_import.status = JobStatus.DONE
        staff_import.finished_at = timezone.now()
        staff_import.save(update_fields=["status", "finished_at"])
        return False
    organisation = staff_import.organisation
    teams = {team.pk: team for team in organisation.teams.all()}
    plan = _plan(
        organisation=organisation,
        rows=[StaffRow(**row) for row in chunk],
        team_names={pk: str(team) for pk, team in teams.items()},
    )
    for planned in plan:
        if planned.action != ACTION_INVITE:
            continue
        row = planned.row
        try:
            invitation_create_email(
                organisation=organisation,
                email=row.email,
                actor=staff_import.created_by,
                first_name=row.first_name,
                last_name=row.last_name,
                profession=row.profession,
                team=teams.get(row.team_id),
            )
        except AlreadyMember:  # a member's address in other letter case
            continue
        staff_import.invited += 1
    staff_import.done += len(chunk)
    staff_import.heartbeat_at = timezone.now()
    staff_import.save(update_fields=["done", "invited", "heartbeat_at"])
    return True


def staff_import_run(*, import_id: int) -> StaffImport | None:
    """Apply a confirmed import (the task's body). Safe to run twice at once or
    again after a crash: see the module docstring. An unexpected error marks
    the import failed (what was applied stays) and is raised for the task."""
    if _start(import_id) is None:
        return StaffImport.objects.filter(pk=import_id).first()
    try:
        while _apply_chunk(import_id=import_id):
            pass
    except Exception:
        StaffImport.objects.filter(pk=import_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            error=_("Er ging iets mis bij het verwerken."),
            finished_at=timezone.now(),
        )
        raise
    return StaffImport.objects.get(pk=import_id)


@transaction.atomic
def staff_import_retry(*, staff_import: StaffImport) -> bool:
    """Start a stopped import again. Applying continues from the row where it
    stopped (a failed or stalled import); a stalled check starts again while its
    upload is still stored, else the import fails with a request to upload the
    file again. Conditional on the state seen, so a double click starts one run."""
    stalled_before = timezone.now() - STALLED_AFTER
    if staff_import.confirmed_at is None:  # the check
        if not staff_import.upload:
            StaffImport.objects.filter(
                pk=staff_import.pk,
                status=JobStatus.CHECKING,
                heartbeat_at__lt=stalled_before,
            ).update(
                status=JobStatus.FAILED,
                error=_("Het bestand is niet meer bewaard. Upload het opnieuw."),
                finished_at=timezone.now(),
            )
            return False
        retried = StaffImport.objects.filter(
            pk=staff_import.pk,
            status=JobStatus.CHECKING,
            heartbeat_at__lt=stalled_before,
        ).update(status=JobStatus.UPLOADED, heartbeat_at=timezone.now())
        enqueue = _enqueue_check
    else:
        retried = (
            StaffImport.objects.filter(pk=staff_import.pk)
            .filter(
                models.Q(status=JobStatus.FAILED)
                | models.Q(status=JobStatus.RUNNING, heartbeat_at__lt=stalled_before)
            )
            .update(
                status=JobStatus.QUEUED,
                error="",
                finished_at=None,
                heartbeat_at=timezone.now(),
            )
        )
        enqueue = _enqueue
    if retried:
        import_id = staff_import.pk
        transaction.on_commit(lambda: enqueue(import_id), robust=True)
    return bool(retried)


def staff_imports_delete_old(*, before) -> int:
    """Delete imports (they hold names and addresses) created before `before`,
    with any upload still stored; returns how many."""
    old = StaffImport.objects.filter(created_at__lt=before)
    for staff_import in old.exclude(upload=""):
        upload_discard(staff_import.upload)
    return old.delete()[0]
