"""Display helpers for compliance cells and totals."""

from django import template

from organisations.labels import DATE_LABELS, LABELS, TONES

register = template.Library()


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
