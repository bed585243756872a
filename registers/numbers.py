"""Pure rules for registration numbers (no database): a BIG number has 11 digits,
a V&V relatienummer 6; other registers keep their own member numbers, checked
only for length and stray characters. Used by the model's ``clean()`` and the
profile form, so both give the same Dutch message."""

from __future__ import annotations

import re

BIG = "big"
VV = "vv"
FREE = "free"

DIGITS = {BIG: 11, VV: 6}
FREE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z./-]{0,39}$")


def number_normalise(value: str) -> str:
    """Spaces people type to group digits are dropped ("123 456 789 01")."""
    return re.sub(r"\s", "", value or "")


def number_problem(*, kind: str, number: str, label: str = "") -> str | None:
    """The Dutch message for a number that does not fit its register, else None.
    ``number`` is expected normalised."""
    from django.utils.translation import gettext as _

    if not number:
        return _("Vul je nummer in.")
    digits = DIGITS.get(kind)
    if digits is not None:
        if not number.isdigit():
            return _(
                "Een %(label)s bestaat alleen uit cijfers; je typte ook andere tekens."
            ) % {"label": label or _("nummer")}
        if len(number) != digits:
            return _(
                "Een %(label)s heeft precies %(digits)s cijfers; je typte er %(count)s."
            ) % {"label": label or _("nummer"), "digits": digits, "count": len(number)}
        return None
    if not FREE_PATTERN.match(number):
        return _(
            "Gebruik alleen letters, cijfers, punten, streepjes of schuine strepen "
            "(hoogstens 40 tekens)."
        )
    return None
