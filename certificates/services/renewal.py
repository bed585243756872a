"""Renewal: the holder starts a new certification cycle of the course, either its
refresher path (opfrismodules) or the full course, as the course defines. Completing
that cycle issues a new certificate, which replaces the earlier ones."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from certificates.models import Certificate
from courses.models import Enrolment, ModulePage
from courses.models.pages import RenewalMode
from courses.services import enrolment_start_cycle
from training.models import User


def renewal_scope(*, certificate: Certificate) -> str:
    """ "refresher" when the course renews that way and has refresher modules and
    the certificate was not revoked; otherwise "full"."""
    course = certificate.course
    if (
        certificate.revoked_at is not None
        or course.renewal_mode != RenewalMode.REFRESHER
    ):
        return "full"
    has_refresher = (
        ModulePage.objects.live()
        .child_of(course)
        .filter(in_refresher_path=True)
        .exists()
    )
    return "refresher" if has_refresher else "full"


@transaction.atomic
def certificate_renewal_start(*, user: User, certificate: Certificate) -> Enrolment:
    """Start the next cycle for the course of `certificate`.

    Idempotent: when the next cycle has already started, the enrolment is returned
    unchanged. Raises `PermissionDenied` for someone else's certificate and
    `ValidationError` when a newer certificate exists or the holder is no longer
    enrolled.
    """
    if certificate.user_id != user.pk:
        raise PermissionDenied(_("Dit is niet jouw certificaat."))
    if certificate.replaced_by_id is not None:
        raise ValidationError(_("Er is al een nieuwer certificaat voor deze cursus."))
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_id=certificate.course_id)
        .first()
    )
    if enrolment is None:
        raise ValidationError(_("Je bent niet (meer) ingeschreven voor deze cursus."))
    if enrolment.cycle > certificate.cycle:
        return enrolment
    return enrolment_start_cycle(
        enrolment=enrolment, scope=renewal_scope(certificate=certificate)
    )
