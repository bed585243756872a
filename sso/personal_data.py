"""The sso app's part of a person's data download and of erasing an account
(hooks `PERSONAL_DATA_HOOK` and `ERASURE_HOOK` of training): the organisation
sign-ins linked to the account. Erasing removes the link, so the provider's
`sub` no longer reaches the anonymised row; a later sign-in starts afresh."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialAccount

from training.erasure import Erasure
from training.models import User
from training.personal_data import iso


def personal_data(*, user: User) -> dict[str, Any]:
    """The linked sign-ins: provider, the provider's id for the person (`sub`),
    when linked and last used, and the claims it last sent."""
    accounts = SocialAccount.objects.filter(user=user).order_by("date_joined")
    return {
        "inloggen_via_organisatie": [
            {
                "inlogdienst": account.provider,
                "kenmerk_bij_inlogdienst": account.uid,
                "gekoppeld_op": iso(account.date_joined),
                "laatst_gebruikt": iso(account.last_login),
                "gegevens_van_inlogdienst": account.extra_data,
            }
            for account in accounts
        ]
    }


def erase(*, erasure: Erasure) -> None:
    SocialAccount.objects.filter(user=erasure.user).delete()
