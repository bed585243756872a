"""Checking a staff list before anything is saved: headers, then every row and
column, with messages in the current language. No database: the caller passes the
organisation's team names. Used by `organisations.services.staff_import`.

Columns (header names are matched without case, spaces or hyphens; Dutch and
English both work): e-mailadres, voornaam, achternaam (required), team, beroep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.spreadsheets import FORMULA_PREFIXES, Sheet
from training.models import Profession

COLUMN_LABELS = {
    "email": gettext_lazy("e-mailadres"),
    "first_name": gettext_lazy("voornaam"),
    "last_name": gettext_lazy("achternaam"),
    "team": gettext_lazy("team"),
    "profession": gettext_lazy("beroep"),
}
ALIASES = {
    "email": {"emailadres", "email", "mail", "emailaddress", "mailadres"},
    "first_name": {"voornaam", "firstname", "givenname", "roepnaam"},
    "last_name": {"achternaam", "lastname", "surname", "familienaam"},
    "team": {"team", "afdeling", "department"},
    "profession": {"beroep", "profession", "functie"},
}
REQUIRED = ("email", "first_name", "last_name")
MAX_NAME = 150


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file or its header
    column: str
    message: str


@dataclass(frozen=True)
class StaffRow:
    row: int
    email: str
    first_name: str
    last_name: str
    team_id: int | None
    profession: str


@dataclass
class Checked:
    rows: list[StaffRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    empty_rows: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def header_map(header: list[str]) -> tuple[dict[str, int], list[RowError]]:
    """Which column holds which field; errors for unknown, repeated or missing
    columns."""
    found: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        key = _key(title)
        field_name = next((f for f, names in ALIASES.items() if key in names), None)
        if not title:
            errors.append(
                RowError(
                    None,
                    _("kolom %(number)s") % {"number": index + 1},
                    _("Deze kolom heeft geen kop."),
                )
            )
        elif field_name is None:
            errors.append(
                RowError(
                    None,
                    title,
                    _("Onbekende kolom. Gebruik de kolommen: %(columns)s.")
                    % {"columns": ", ".join(str(v) for v in COLUMN_LABELS.values())},
                )
            )
        elif field_name in found:
            errors.append(RowError(None, title, _("Deze kolom staat er twee keer in.")))
        else:
            found[field_name] = index
    for field_name in REQUIRED:
        if field_name not in found:
            errors.append(
                RowError(
                    None,
                    str(COLUMN_LABELS[field_name]),
                    _("Deze kolom ontbreekt."),
                )
            )
    return found, errors


def _profession(value: str) -> str | None:
    wanted = value.strip().lower()
    for code, label in Profession.choices:
        if wanted in (code, str(label).lower()):
            return code
    return None


def staff_rows_check(*, sheet: Sheet, teams: dict[str, int]) -> Checked:
    """Check every row; `teams` maps lower-case team names to ids. A row with no
    text at all is skipped and reported in `empty_rows`."""
    checked = Checked()
    columns, header_errors = header_map(sheet.header)
    if header_errors:
        checked.errors = header_errors
        return checked
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        values = {
            name: (cells[index] if index < len(cells) else None) or ""
            for name, index in columns.items()
        }
        extra = [c for i, c in enumerate(cells) if i >= len(sheet.header) and c]
        if not any(v.strip() for v in values.values()) and not extra:
            checked.empty_rows.append(number)
            continue
        errors_before = len(checked.errors)

        def error(name: str, message: str, number=number) -> None:
            checked.errors.append(RowError(number, str(COLUMN_LABELS[name]), message))

        refused = set()
        for name, value in values.items():
            if value.strip().startswith(FORMULA_PREFIXES):
                refused.add(name)
                error(
                    name,
                    _(
                        "Begint met %(sign)s: dat lijkt een formule. Formules worden "
                        "niet uitgevoerd; typ de waarde zelf."
                    )
                    % {"sign": value.strip()[0]},
                )
                values[name] = ""
        if extra:
            checked.errors.append(
                RowError(number, "", _("Deze rij heeft waarden buiten de kolommen."))
            )
        email = values["email"].strip().lower()
        if not email:
            if "email" not in refused:
                error("email", _("Vul een e-mailadres in."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                error(
                    "email",
                    _("%(value)s is geen geldig e-mailadres.") % {"value": email},
                )
            else:
                if email in seen:
                    error(
                        "email",
                        _("Dit e-mailadres staat ook in rij %(row)s.")
                        % {"row": seen[email]},
                    )
                else:
                    seen[email] = number
        for name in ("first_name", "last_name"):
            value = " ".join(values[name].split())
            values[name] = value
            if not value and name not in refused:
                error(name, _("Vul dit in."))
            elif len(value) > MAX_NAME:
                error(name, _("Te lang (maximaal %(max)s tekens).") % {"max": MAX_NAME})
        team_id = None
        team_name = " ".join(values.get("team", "").split())
        if team_name:
            team_id = teams.get(team_name.lower())
            if team_id is None:
                error(
                    "team",
                    _("Onbekend team %(team)s. Bestaande teams: %(teams)s.")
                    % {
                        "team": team_name,
                        "teams": ", ".join(sorted(teams)) or _("(nog geen teams)"),
                    },
                )
        profession = ""
        raw_profession = values.get("profession", "").strip()
        if raw_profession:
            profession = _profession(raw_profession) or ""
            if not profession:
                error(
                    "profession",
                    _("Onbekend beroep %(value)s. Kies uit: %(choices)s.")
                    % {
                        "value": raw_profession,
                        "choices": ", ".join(str(label) for label in Profession.labels),
                    },
                )
        if len(checked.errors) == errors_before:
            checked.rows.append(
                StaffRow(
                    row=number,
                    email=email,
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    team_id=team_id,
                    profession=profession,
                )
            )
    if not checked.rows and not checked.errors:
        checked.errors.append(RowError(None, "", _("Het bestand bevat geen personen.")))
    return checked
