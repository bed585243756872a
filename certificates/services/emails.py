"""Emails in the recipient's language: one template per language
(`certificates/email/<nl|en>/<name>.txt` and `<name>_subject.txt`), because the
wording differs by more than a translation of strings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

EMAIL_LANGUAGES = ("nl", "en")


def email_language(language: str | None) -> str:
    return language if language in EMAIL_LANGUAGES else "nl"


def email_send(
    *, name: str, to: str, language: str | None, context: dict[str, Any]
) -> None:
    lang = email_language(language)
    context = {**context, "site_url": settings.SITE_BASE_URL}
    with translation.override(lang):
        subject = render_to_string(
            f"certificates/email/{lang}/{name}_subject.txt", context
        )
        body = render_to_string(f"certificates/email/{lang}/{name}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
