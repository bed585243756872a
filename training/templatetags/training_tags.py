"""Small template helpers shared by every app."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ answers|get_item:block.id }}``: a dict lookup with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
