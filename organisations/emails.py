"""Emails from organisations (invitations, reminders) in the recipient's
language: templates `organisations/email/<name>_subject.txt` and `<name>.txt`,
rendered with the recipient's language active, and queued in the outbox
(`training.outbox`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from training.outbox import email_queue
from training.site_url import site_base_url

LANGUAGES = {code for code, _name in settings.LANGUAGES}


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
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    context = {**context, "site_url": site_base_url()}
    with translation.override(language):
        subject = render_to_string(f"organisations/email/{name}_subject.txt", context)
        body = render_to_string(f"organisations/email/{name}.txt", context)
    email_queue(to=to, subject=subject, body_text=body, kind=name, dedup_key=key)
