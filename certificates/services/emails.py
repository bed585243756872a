"""Emails in the recipient's language: one template per language
(`certificates/email/<nl|en>/<name>.txt` and `<name>_subject.txt`), because the
wording differs by more than a translation of strings. Emails are queued in the
outbox (`training.outbox`) and sent after commit."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from training.outbox import email_queue
from training.site_url import site_base_url

EMAIL_LANGUAGES = ("nl", "en")


def email_language(language: str | None) -> str:
    return language if language in EMAIL_LANGUAGES else "nl"


def email_send(
    *,
    name: str,
    to: str,
    language: str | None,
    context: dict[str, Any],
    key: str,
) -> None:
    """Render email `name` and queue it in the outbox (sent after commit);
    `key` identifies it, so queueing it again sends nothing twice."""
    lang = email_language(language)
    context = {**context, "site_url": site_base_url()}
    with translation.override(lang):
        subject = render_to_string(
            f"certificates/email/{lang}/{name}_subject.txt", context
        )
        body = render_to_string(f"certificates/email/{lang}/{name}.txt", context)
    email_queue(to=to, subject=subject, body_text=body, kind=name, dedup_key=key)
