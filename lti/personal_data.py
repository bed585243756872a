"""The LTI app's part of a person's data download (see `training.personal_data`):
the LMS accounts linked to theirs and the results sent to those LMSs. One
query each."""

from __future__ import annotations

from typing import Any

from lti.models import LtiAccount, ScoreSend
from training.models import User
from training.personal_data import iso


def personal_data(*, user: User) -> dict[str, Any]:
    """The sections "leerplatformkoppelingen" and "leerplatformresultaten"."""
    accounts = LtiAccount.objects.filter(user=user).select_related("registration")
    sends = (
        ScoreSend.objects.filter(target__user=user)
        .select_related("target__registration", "target__course")
        .order_by("created_at")
    )
    return {
        "leerplatformkoppelingen": [
            {
                "leerplatform": account.registration.name,
                "issuer": account.issuer,
                "gebruiker_in_leerplatform": account.sub,
                "gekoppeld_op": iso(account.created_at),
            }
            for account in accounts
        ],
        "leerplatformresultaten": [
            {
                "leerplatform": send.target.registration.name,
                "cursus": send.target.course.title,
                "status": send.get_status_display(),
                "verzonden_op": iso(send.sent_at),
            }
            for send in sends
        ],
    }
