"""Display texts and tones (ok/warn/bad, the `.bb-status--*` classes) of the
compliance statuses, kept apart from the pure rules in `compliance.py`."""

from django.utils.translation import gettext_lazy as _

from organisations.compliance import CellStatus

LABELS = {
    CellStatus.GELDIG: _("geldig"),
    CellStatus.VERLOOPT_BINNENKORT: _("verloopt binnenkort"),
    CellStatus.VERLOPEN: _("verlopen"),
    CellStatus.TE_LAAT: _("te laat"),
    CellStatus.NIET_BEGONNEN: _("niet begonnen"),
    CellStatus.BEZIG: _("bezig"),
    CellStatus.NIET_GEDEELD: _("certificaat aanwezig, nog niet gedeeld"),
}
TONES = {
    CellStatus.GELDIG: "ok",
    CellStatus.VERLOOPT_BINNENKORT: "warn",
    CellStatus.VERLOPEN: "bad",
    CellStatus.TE_LAAT: "bad",
    CellStatus.NIET_BEGONNEN: "warn",
    CellStatus.BEZIG: "warn",
    CellStatus.NIET_GEDEELD: "warn",
}
# What the date next to a status means.
DATE_LABELS = {
    CellStatus.GELDIG: _("geldig tot en met"),
    CellStatus.VERLOOPT_BINNENKORT: _("geldig tot en met"),
    CellStatus.VERLOPEN: _("verlopen na"),
    CellStatus.TE_LAAT: _("uiterlijk"),
    CellStatus.NIET_BEGONNEN: _("uiterlijk"),
    CellStatus.BEZIG: _("uiterlijk"),
    CellStatus.NIET_GEDEELD: _("uiterlijk"),
}


def status_choices() -> list[tuple[str, str]]:
    return [(status.value, LABELS[status]) for status in CellStatus]
