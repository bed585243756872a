"""Issue 19 W4: one address the mail server refuses never holds up the other
reminders. A real SMTP server (`tests/smtp.py`) answers 550 for one learner;
the hourly reminder command and the outbox drain run as the timers would, with
commits for real (a transactional test), so the tasks send after commit."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from certificates.models import ReminderLog
from tests.factories.certificates import CertificateFactory
from tests.factories.users import UserFactory
from training.models import EmailStatus, OutboundEmail

TODAY = datetime.date(2027, 6, 1)


def _at(hour: int, minute: int = 0):
    return time_machine.travel(
        datetime.datetime.combine(
            TODAY, datetime.time(hour, minute), tzinfo=datetime.UTC
        ),
        tick=False,
    )


@pytest.mark.django_db(transaction=True)
def test_reminders_reach_everyone_else_once_when_one_address_is_refused(
    course_tree, smtp_server, client
):
    certificates = [
        CertificateFactory(
            course=course_tree.course,
            valid_until=TODAY + datetime.timedelta(days=7 if n == 0 else 6),
        )
        for n in range(42)
    ]
    refused = certificates[0].user.email  # the first the run comes to
    smtp_server.refused.add(refused)
    for hour in (9, 10):
        with _at(hour):
            call_command("send_expiry_reminders", today=TODAY)
        with _at(hour, 5):
            call_command("send_queued_email")
    others = [c.user.email for c in certificates[1:]]
    assert [smtp_server.count_to(address) for address in others] == [1] * 41
    assert smtp_server.count_to(refused) == 0
    assert ReminderLog.objects.count() == 42
    stuck = OutboundEmail.objects.get(to=refused)
    assert stuck.status == EmailStatus.PENDING  # retrying with back-off
    assert stuck.attempts == 3  # after commit, then each drain once it was due
    assert "550" in stuck.last_error
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 41

    administrator = UserFactory()
    administrator.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_outboundemail"),
    )
    client.force_login(administrator)
    listing = client.get(reverse("outbox:index"), {"status": "pending"})
    assert refused in listing.content.decode()
    assert "No such mailbox here" in listing.content.decode()
