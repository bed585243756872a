"""Template helpers for quiz pages."""

import datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def wait_text(value: datetime.timedelta | None) -> str:
    """A duration in words: "10 minuten", "1 uur en 5 minuten", "30 seconden"."""
    if not value:
        return ""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)s uur", "%(n)s uur", hours) % {"n": hours})
    if minutes:
        parts.append(
            ngettext("%(n)s minuut", "%(n)s minuten", minutes) % {"n": minutes}
        )
    if seconds and not hours:
        parts.append(
            ngettext("%(n)s seconde", "%(n)s seconden", seconds) % {"n": seconds}
        )
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s en %(last)s") % {
        "first": ", ".join(parts[:-1]),
        "last": parts[-1],
    }


@register.filter
def percent_of(value: float | None) -> str:
    """A 0–1 fraction as a whole percentage ("70"); "–" for None."""
    if value is None:
        return "–"
    return str(round(float(value) * 100))
