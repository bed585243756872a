"""Accepting a validated LTI launch: refuse a replayed nonce, link the LMS user to
our account (issuer + sub), make them a member of the registration's
organisation, enrol them and note where their result goes.

PyLTI1p3 has checked the state, the signature against the platform's JWKS, the
audience (our client id), the expiry and the deployment before this runs."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from courses.models import CoursePage
from courses.models.progress import EnrolmentSource
from courses.services import enrolment_create
from lti import claims as lti_claims
from lti.models import GradeTarget, LaunchNonce, LtiAccount, PlatformRegistration
from organisations.services.memberships import membership_join
from training.mfa import MFA_REQUIRED_HOOK
from training.models import User

NONCE_KEPT = datetime.timedelta(days=2)


class LaunchRefused(Exception):
    """The launch is not accepted; the message is shown to the learner."""


@dataclass(frozen=True)
class ResourceLaunch:
    user: User
    course: CoursePage


def launch_nonce_use(*, issuer: str, nonce: str) -> None:
    """Record the nonce; raises `LaunchRefused` when it was used before. Nonces
    older than `NONCE_KEPT` go: by then PyLTI1p3 has forgotten having issued
    them (a day), so such a launch is refused before it gets here."""
    LaunchNonce.objects.filter(used_at__lt=timezone.now() - NONCE_KEPT).delete()
    try:
        with transaction.atomic():
            LaunchNonce.objects.create(issuer=issuer, nonce=nonce)
    except IntegrityError:
        raise LaunchRefused(_("Deze aanmelding is al gebruikt.")) from None


def _new_user(*, claims: dict) -> User:
    """A new account for an LMS user. The LMS's email address is used only when
    no account has it: an account is never taken over by its address."""
    email = (claims.get("email") or "").strip().lower()
    if not email or User.objects.filter(email__iexact=email).exists():
        email = f"lti-{uuid.uuid4().hex}@lti.invalid"
    user = User(
        email=email,
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )
    user.set_unusable_password()
    user.save()
    return user


def _needs_second_factor(user: User) -> bool:
    """Whether the person must sign in with two factors (admin access, or a
    manager's role an app names), asked afresh: an LMS launch signs in without
    our second factor, so it must not open such an account."""
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return any(check(user) for check in hooks.get_hooks(MFA_REQUIRED_HOOK))


@transaction.atomic
def lti_account_link(*, registration: PlatformRegistration, claims: dict) -> User:
    """The account linked to the launch's issuer + sub, created on the first
    launch. Idempotent under concurrency (unique issuer + sub). Raises
    `LaunchRefused` for a deactivated account: the LMS does not bypass that."""
    issuer, sub = claims["iss"], claims.get("sub")
    if not sub:
        raise LaunchRefused(_("Het leerplatform stuurde geen gebruiker mee."))
    account = (
        LtiAccount.objects.select_related("user").filter(issuer=issuer, sub=sub).first()
    )
    if account is not None:
        if not account.user.is_active:
            raise LaunchRefused(_("Je account bij Bijblijven is uitgeschakeld."))
        if _needs_second_factor(account.user):
            raise LaunchRefused(
                _(
                    "Je account ziet gegevens van anderen en vraagt daarom om "
                    "tweestapsverificatie. Log in op Bijblijven zelf."
                )
            )
        return account.user
    user = _new_user(claims=claims)
    try:
        with transaction.atomic():
            LtiAccount.objects.create(
                issuer=issuer, sub=sub, user=user, registration=registration
            )
    except IntegrityError:  # a second launch of the same person won the race
        user.delete()
        return LtiAccount.objects.get(issuer=issuer, sub=sub).user
    return user


@transaction.atomic
def resource_launch_accept(
    *, registration: PlatformRegistration, claims: dict
) -> ResourceLaunch:
    """Link, join, enrol and remember the line item. Raises `LaunchRefused`
    when the course is unknown or unpublished."""
    course_id = lti_claims.course_id_of(claims)
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise LaunchRefused(_("Deze cursus bestaat niet (meer) op Bijblijven."))
    user = lti_account_link(registration=registration, claims=claims)
    membership_join(user=user, organisation=registration.organisation)
    enrolment_create(user=user, course=course, source=EnrolmentSource.ASSIGNED)
    lineitem = lti_claims.score_lineitem_of(claims)
    if lineitem is not None:
        GradeTarget.objects.update_or_create(
            registration=registration,
            user=user,
            course=course,
            defaults={
                "sub": claims["sub"],
                "lineitem_url": lineitem[0],
                "scopes": lineitem[1],
            },
        )
    return ResourceLaunch(user=user, course=course)
