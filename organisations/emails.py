"""Emails from organisations (invitations, reminders) in the recipient's
language: templates `organisations/email/<name>_subject.txt` and `<name>.txt`,
rendered with the recipient's language active."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def email_send(
    *, name: str, to: str, language: str | None, context: dict[str, Any]
) -> None:
    language = language if language in LANGUAGES else settings.LANGUAGE_CODE
    context = {**context, "site_url": settings.SITE_BASE_URL}
    with translation.override(language):
        subject = render_to_string(f"organisations/email/{name}_subject.txt", context)
        body = render_to_string(f"organisations/email/{name}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
