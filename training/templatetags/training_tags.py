"""Small template helpers shared by every app."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ answers|get_item:block.id }}``: a dict lookup with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter(name="localized")
def localized_filter(obj):
    """``{% with card=value.card|localized %}``: the translation in the interface
    language when there is a live one (see ``training.i18n``)."""
    from training.i18n import localized

    return localized(obj)
