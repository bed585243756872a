"""Display helpers for compliance cells and totals."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from organisations.labels import DATE_LABELS, LABELS, TONES

register = template.Library()
_TEXTS: dict[str, dict] = {}


def _texts() -> dict:
    """Labels per status in the active language, translated once per language:
    a dashboard page renders hundreds of cells."""
    language = translation.get_language() or ""
    texts = _TEXTS.get(language)
    if texts is None:
        texts = _TEXTS[language] = {
            status: (TONES[status], str(LABELS[status]), str(DATE_LABELS[status]))
            for status in LABELS
        } | {None: str(_("niet verplicht"))}
    return texts


@register.filter
def cell_label(cell) -> str:
    return str(LABELS[cell.status])


@register.filter
def cell_tone(cell) -> str:
    return TONES[cell.status]


@register.filter
def cell_date_label(cell) -> str:
    return str(DATE_LABELS[cell.status])


@register.filter
def total_for(total, status: str) -> int:
    return total.get(status)


@register.simple_tag
def sort_key(column) -> str:
    return f"c{column.course_id}"


@register.simple_tag
def cell_html(cell) -> str:
    """A status badge with its date, or a dash read out as "niet verplicht".
    A tag rather than an include: the dashboard renders hundreds per page."""
    texts = _texts()
    if cell is None:
        return format_html(
            '<span aria-hidden="true">—</span>'
            '<span class="bb-visually-hidden">{}</span>',
            texts[None],
        )
    tone, label, date_label = texts[cell.status]
    day = cell.date
    return format_html(
        '<span class="bb-status bb-status--{}">{}</span> '
        '<span class="bb-org-date">{} {}-{}-{}</span>',
        tone,
        label,
        date_label,
        day.day,
        day.month,
        day.year,
    )
