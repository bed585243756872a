"""The HR API's part of a person's data download (see `training.personal_data`):
the employee numbers organisations gave them. One query."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from hrapi.models import EmployeeLink
from training.models import User
from training.personal_data import iso


def employee_links_of(user: User):
    return EmployeeLink.objects.filter(
        Q(membership__user=user) | Q(email__iexact=user.email)
    ).select_related("organisation")


def personal_data(*, user: User) -> dict[str, Any]:
    """The section "personeelsnummers"."""
    return {
        "personeelsnummers": [
            {
                "organisatie": link.organisation.name,
                "personeelsnummer": link.external_id,
                "e_mailadres": link.email,
                "bijgewerkt_op": iso(link.updated_at),
            }
            for link in employee_links_of(user).order_by("pk")
        ]
    }
