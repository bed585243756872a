"""A person's own data, gathered from every app for a download (GDPR articles 15
and 20: access and portability).

`training` cannot import the apps above it, so each app offers its part through
the Wagtail hook `PERSONAL_DATA_HOOK`: a function `(*, user) -> dict` whose keys
name sections ("inschrijvingen", "certificaten", ...) and whose values are
JSON-ready (str, int, float, bool, None, lists and dicts; moments as ISO 8601
strings). A section lists the person's own records only, and never other people's
personal data (a manager's name in the person's own membership is fine; another
learner's answers are not).
"""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from wagtail import hooks

PERSONAL_DATA_HOOK = "bijblijven_personal_data"


def iso(moment: datetime.date | datetime.datetime | None) -> str | None:
    """A date or moment as ISO 8601, or None."""
    return moment.isoformat() if moment is not None else None


def personal_data_collect(*, user) -> dict[str, Any]:
    """Every app's sections for `user`, keyed by section, in hook order."""
    collected: dict[str, Any] = {}
    for offer in hooks.get_hooks(PERSONAL_DATA_HOOK):
        for section, data in offer(user=user).items():
            if section in collected:
                raise ValueError(f"two apps offer the section {section!r}")
            collected[section] = data
    return collected


def account_data(*, user) -> dict[str, Any]:
    """The account itself and its email addresses (allauth)."""
    return {
        "account": {
            "e_mailadres": user.email,
            "voornaam": user.first_name,
            "achternaam": user.last_name,
            "beroep": user.get_profession_display(),
            "voorkeurstaal": user.preferred_language,
            "aangemaakt_op": iso(user.date_joined),
            "laatst_ingelogd_op": iso(user.last_login),
        },
        "e_mailadressen": [
            {"e_mailadres": email, "bevestigd": verified, "hoofdadres": primary}
            for email, verified, primary in EmailAddress.objects.filter(
                user=user
            ).values_list("email", "verified", "primary")
        ],
    }
