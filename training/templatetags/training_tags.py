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


def _site_settings(context):
    """The request's site settings, or None when no Wagtail site answers for the
    request's host (then the footer has no links rather than the page a 500)."""
    from training.models import SiteSettings

    try:
        return context["settings"]["training"]["SiteSettings"]
    except SiteSettings.DoesNotExist:
        return None


@register.simple_tag(takes_context=True)
def footer_links(context):
    """``{% footer_links as links %}``: (text, URL) of the footer's information
    pages (see ``training.footer``)."""
    from training.footer import footer_links as links

    site_settings = _site_settings(context)
    return links(site_settings, context.get("request")) if site_settings else []


@register.simple_tag(takes_context=True)
def privacy_statement_url(context):
    """``{% privacy_statement_url as url %}``: the privacy statement's URL."""
    from training.footer import privacy_url

    site_settings = _site_settings(context)
    return privacy_url(site_settings, context.get("request")) if site_settings else ""


@register.simple_tag(takes_context=True)
def site_chrome(context, name):
    """``{% site_chrome "header" %}``: the header or footer, from the cache when
    on (see ``training.chrome``), else rendered in this context."""
    from training.chrome import PARTS, chrome_html, enabled

    request = context.get("request")
    if request is not None and enabled():
        return chrome_html(request, name)
    # As {% include %} renders: in this page's context.
    return context.template.engine.get_template(PARTS[name]).render(context)
