"""Showing translated content at the same URL, in the interface language.

Source content is Dutch (``LANGUAGE_CODE``). When the interface language differs,
pages and snippets that have a live translation in that language are shown
translated; learning records, URLs and forms stay on the source objects, so
progress and certificates never fork per language. Dutch costs no query.

Wagtail starts routing at the site root's translation in the active language
(``root_page.localized``), which would serve the translated tree: translated
lessons on which the learner is not enrolled, and a 404 for pages that have no
translation. ``HomePage.route`` therefore routes everything below the home page
through the source tree (``source_page``).
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from wagtail.models import DraftStateMixin, Locale, TranslatableMixin


def _active_locale() -> Locale | None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == settings.LANGUAGE_CODE:
        return None
    return Locale.objects.filter(language_code=language.split("-")[0]).first()


def _is_shown(obj) -> bool:
    return not isinstance(obj, DraftStateMixin) or obj.live


def localized(obj):
    """``obj`` in the interface language when a live translation exists."""
    if not isinstance(obj, TranslatableMixin):
        return obj
    locale = _active_locale()
    if locale is None or obj.locale_id == locale.pk:
        return obj
    translated = obj.get_translation_or_none(locale)
    if translated is not None and hasattr(translated, "specific"):
        translated = translated.specific
    return translated if translated is not None and _is_shown(translated) else obj


def source_page(page):
    """The default-language page behind a translation, else ``page`` itself.
    Learning records stay on source pages; no query in the default language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE:
        return page
    source = page.get_translation_or_none(Locale.get_default())
    return source.specific if source is not None else page


def localized_map(objects: Iterable) -> dict[int, object]:
    """``{source pk: translation}`` for many objects of one model in one query;
    objects without a live translation are missing from the result."""
    objects = [obj for obj in objects if isinstance(obj, TranslatableMixin)]
    locale = _active_locale() if objects else None
    if locale is None:
        return {}
    model = type(objects[0])
    keys = {obj.translation_key: obj.pk for obj in objects}
    rows = model._default_manager.filter(translation_key__in=keys, locale=locale)
    return {keys[row.translation_key]: row for row in rows if _is_shown(row)}
