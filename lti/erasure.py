"""Erasing a person's LTI links (through `training.erasure.ERASURE_HOOK`): the
LMS user is no longer linked to the anonymous row (a later launch makes a new
account), and no result of theirs goes out any more."""

from lti.models import GradeTarget, LtiAccount
from training.erasure import Erasure


def erase(*, erasure: Erasure) -> None:
    LtiAccount.objects.filter(user=erasure.user).delete()
    GradeTarget.objects.filter(user=erasure.user).delete()
