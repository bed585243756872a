"""Background work through the Django Tasks API (`manage.py db_worker` in
production, immediate in development and tests): enrolling members when training
becomes required, checking and applying staff imports, writing exports. Emails
go through the outbox (`training.outbox`); the two email tasks stay for tasks
queued before it, and only queue into the outbox."""

from django_tasks import task


@task()
def invitation_send_task(*, invitation_id: int) -> bool:
    from organisations.models import Invitation
    from organisations.services.invitations import invitation_send

    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=invitation_id)
        .first()
    )
    return invitation_send(invitation=invitation) if invitation else False


@task()
def reminder_send_task(*, reminder_id: int, items: list[list[str]]) -> bool:
    """`items`: [course title, status value, ISO date] per course to act on."""
    from organisations.services.reminders import reminder_email_send

    return reminder_email_send(reminder_id=reminder_id, items=items)


@task()
def requirement_enrol_task(*, requirement_id: int) -> int:
    from organisations.models import RequiredTraining
    from organisations.services.requirements import requirement_enrol_members

    requirement = (
        RequiredTraining.objects.select_related("course")
        .filter(pk=requirement_id)
        .first()
    )
    return requirement_enrol_members(requirement=requirement) if requirement else 0


@task()
def staff_import_task(*, import_id: int) -> int:
    """Apply a confirmed staff import; returns how many were invited."""
    from organisations.services.staff_import import staff_import_run

    staff_import = staff_import_run(import_id=import_id)
    return staff_import.invited if staff_import else 0


@task()
def compliance_export_task(*, export_id: int) -> str:
    """Write a requested XLSX export; returns the stored file's name."""
    from organisations.services.exports import export_run

    export = export_run(export_id=export_id)
    return export.file.name if export else ""


@task()
def staff_import_check_task(*, import_id: int) -> str:
    """Read and check an uploaded staff list; returns the import's new status."""
    from organisations.services.staff_import import staff_import_check

    staff_import = staff_import_check(import_id=import_id)
    return staff_import.status if staff_import else ""
