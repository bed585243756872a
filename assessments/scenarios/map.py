"""The admin's scenario map: the engine's SVG with Dutch labels."""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.scenarios.engine.map import MapLabels, render_map
from assessments.scenarios.validation import CheckResult


def map_labels() -> MapLabels:
    return MapLabels(
        title=_("Kaart van het scenario"),
        description=_(
            "%(steps)s stappen, %(endings)s einden, start bij %(start)s. "
            "Onbereikbaar: %(unreachable)s. Doodlopend: %(dead_ends)s. "
            "Geen weg naar een einde: %(no_exit)s."
        ),
        none=_("geen"),
        start=_("Start"),
        ending=_("Einde"),
        unreachable=_("Onbereikbaar"),
        dead_end=_("Doodlopend"),
        no_exit=_("Geen weg naar een einde"),
        problems=_("Fouten: %(count)s"),
        route=_("Route met voorwaarde"),
        column=_("Diepte %(depth)s"),
        detached_column=_("Niet verbonden"),
        outcomes={
            "positive": _("goed"),
            "neutral": _("neutraal"),
            "negative": _("slecht"),
        },
    )


def map_svg(result: CheckResult, *, id_prefix: str = "scenario-map") -> SafeString:
    """The map of a checked scenario; empty when the definition is malformed.
    Safe: ``render_map`` escapes every text it writes."""
    if result.scenario is None or result.report is None:
        return mark_safe("")
    return mark_safe(  # noqa: S308 - render_map escapes all text
        render_map(
            result.scenario,
            report=result.report,
            labels=map_labels(),
            id_prefix=id_prefix,
        )
    )
