"""An email backend whose server cannot be reached, for the failure paths."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
