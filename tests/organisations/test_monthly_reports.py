"""The monthly report by email: managers opt in per organisation on the trend
page; from the first working day of the month each opted-in manager gets the
PDF once (a rerun or a second run sends nothing); a failure is recorded,
logged and retried by the next run."""

import datetime
import logging
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from organisations.models import DeliveryStatus, Membership, MonthlyReportDelivery
from organisations.services.monthly_reports import monthly_reports_send
from organisations.workdays import (
    easter_sunday,
    first_working_day,
    next_report_day,
)
from tests.factories.organisations import (
    MembershipFactory,
    manager_create,
    requirement_create,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

FAILING = "tests.organisations.failing_mail.UnreachableEmailBackend"


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, datetime.date(2024, 3, 31)), (2025, datetime.date(2025, 4, 20))],
)
def test_easter_sunday_is_computed_for_known_years(year, easter):
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("month", "first"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 4)),  # New Year on Friday
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 2)),  # Sunday
        (datetime.date(2026, 8, 1), datetime.date(2026, 8, 3)),  # Saturday
        (datetime.date(2024, 4, 1), datetime.date(2024, 4, 2)),  # Easter Monday
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)),  # a Tuesday
    ],
)
def test_the_first_working_day_skips_weekends_and_public_holidays(month, first):
    assert first_working_day(month) == first


def test_the_next_report_day_is_next_months_once_this_months_has_passed():
    assert next_report_day(datetime.date(2026, 12, 1)) == datetime.date(2026, 12, 1)
    assert next_report_day(datetime.date(2026, 12, 2)) == datetime.date(2027, 1, 4)
    assert next_report_day(datetime.date(2026, 7, 31)) == datetime.date(2026, 8, 3)


def run_day() -> datetime.date:
    """The first working day of next month: every membership made today is
    current then, and an opt-in made now comes before it."""
    today = timezone.localdate()
    return first_working_day(today.replace(day=28) + datetime.timedelta(days=4))


def opt_in(user, organisation, *, at=None):
    membership = Membership.objects.get(user=user, organisation=organisation)
    membership.monthly_report_since = at or timezone.now()
    membership.save()
    return membership


@pytest.fixture
def managers(organisation, course_tree):
    """Two managers who opted in (one prefers English), one who did not, and a
    learner who somehow has the setting (only managers get the report)."""
    requirement_create(organisation, course_tree.course, due_within_days=30)
    petra = manager_create(organisation, first_name="Petra", email="petra@linde.nl")
    john = manager_create(
        organisation,
        admin=False,
        first_name="John",
        email="john@linde.nl",
        preferred_language="en",
    )
    manager_create(organisation, first_name="Kees", email="kees@linde.nl")
    learner = MembershipFactory(
        organisation=organisation, user=UserFactory(email="leerling@linde.nl")
    ).user
    for user in (petra, john, learner):
        opt_in(user, organisation)
    return petra, john


def test_opted_in_managers_get_the_pdf_on_the_first_working_day_once(
    organisation, managers
):
    day = run_day()
    run = monthly_reports_send(today=day)
    assert run.month == day.replace(day=1)
    assert len(run.sent) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "john@linde.nl",
        "petra@linde.nl",
    ]
    by_address = {message.to[0]: message for message in mail.outbox}
    dutch, english = by_address["petra@linde.nl"], by_address["john@linde.nl"]
    assert dutch.subject.startswith("Maandrapport certificering")
    assert english.subject.startswith("Monthly certification report")
    (name, content, mime) = dutch.attachments[0]
    assert mime == "application/pdf"
    assert name == f"maandrapport-{organisation.pk}-{day:%Y-%m}.pdf"
    assert content.startswith(b"%PDF-")
    assert "Beste Petra," in dutch.body
    assert reverse("organisations:trend", args=[organisation.pk]) in dutch.body
    # a rerun the same day, or any later day of the month, sends nothing
    again = monthly_reports_send(today=day)
    later = monthly_reports_send(today=day + datetime.timedelta(days=3))
    assert (again.sent, later.sent) == ([], [])
    assert len(mail.outbox) == 2
    assert MonthlyReportDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 2


def test_nothing_is_sent_before_the_first_working_day(organisation, managers):
    run = monthly_reports_send(today=datetime.date(2027, 1, 1))  # New Year
    assert run.month is None
    assert mail.outbox == []
    assert not MonthlyReportDelivery.objects.exists()


def test_a_manager_who_opts_in_after_the_first_working_day_waits_for_next_month(
    organisation, managers
):
    day = run_day()
    petra, _john = managers
    after = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(9))
    )
    opt_in(petra, organisation, at=after)
    run = monthly_reports_send(today=day + datetime.timedelta(days=2))
    assert [message.to[0] for message in mail.outbox] == ["john@linde.nl"]
    assert run.sent == [f"{organisation.name} → john@linde.nl"]


def test_a_report_another_run_is_sending_is_skipped_until_its_claim_lapses(
    organisation, managers
):
    day = run_day()
    petra, _john = managers
    delivery = MonthlyReportDelivery.objects.create(
        organisation=organisation,
        user=petra,
        month=day.replace(day=1),
        status=DeliveryStatus.SENDING,
        claimed_until=timezone.now() + datetime.timedelta(minutes=5),
        attempts=1,
    )
    run = monthly_reports_send(today=day)
    assert [message.to[0] for message in mail.outbox] == ["john@linde.nl"]
    assert run.skipped == 1
    delivery.claimed_until = timezone.now() - datetime.timedelta(seconds=1)
    delivery.save()
    monthly_reports_send(today=day)
    assert sorted(m.to[0] for m in mail.outbox) == ["john@linde.nl", "petra@linde.nl"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)


def test_a_failed_sending_is_recorded_logged_and_retried_by_the_next_run(
    organisation, managers, settings, caplog
):
    day = run_day()
    settings.EMAIL_BACKEND = FAILING
    with (
        caplog.at_level(logging.ERROR, logger="organisations.services"),
        pytest.raises(CommandError, match="petra@linde.nl"),
    ):
        call_command("send_monthly_reports", f"--date={day.isoformat()}")
    failed = MonthlyReportDelivery.objects.get(user__email="petra@linde.nl")
    assert failed.status == DeliveryStatus.FAILED
    assert failed.sent_at is None
    assert "SMTPServerDisconnected" in failed.last_error
    assert "petra@linde.nl" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_monthly_reports", f"--date={day.isoformat()}")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (
        DeliveryStatus.SENT,
        2,
        "",
    )
    assert len(mail.outbox) == 2


def test_a_failed_rendering_is_recorded_and_retried_by_the_next_run(
    organisation, managers, monkeypatch
):
    from organisations.services import monthly_reports

    def broken(**kwargs):
        raise OSError("fontconfig: no fonts")

    day = run_day()
    real = monthly_reports.report_pdf
    monkeypatch.setattr(monthly_reports, "report_pdf", broken)
    run = monthly_reports_send(today=day)
    assert len(run.failed) == 2
    assert mail.outbox == []
    assert set(MonthlyReportDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.FAILED
    }
    monkeypatch.setattr(monthly_reports, "report_pdf", real)
    assert len(monthly_reports_send(today=day).sent) == 2


def subscription_url(organisation) -> str:
    return reverse("organisations:report_subscription", args=[organisation.pk])


def test_a_manager_opts_in_and_out_on_the_trend_page(
    organisation, manager, manager_client
):
    page = manager_client.get(reverse("organisations:trend", args=[organisation.pk]))
    html = page.content.decode()
    assert f'action="{subscription_url(organisation)}"' in html
    assert 'name="monthly_report"' in html
    response = manager_client.post(
        subscription_url(organisation), {"monthly_report": "on"}, follow=True
    )
    membership = Membership.objects.get(user=manager, organisation=organisation)
    assert membership.monthly_report_since is not None
    text = response.content.decode()
    assert "Je krijgt het maandrapport voortaan op de eerste werkdag" in text
    assert manager.email in text
    assert re.search(r'<input type="checkbox" name="monthly_report"[^>]* checked', text)
    response = manager_client.post(subscription_url(organisation), {}, follow=True)
    membership.refresh_from_db()
    assert membership.monthly_report_since is None
    assert "niet meer per e-mail" in response.content.decode()


def test_only_the_organisations_managers_can_opt_in(
    client, organisation, other_organisation
):
    outsider = manager_create(other_organisation)
    client.force_login(outsider)
    opt_in = {"monthly_report": "on"}
    assert client.post(subscription_url(organisation), opt_in).status_code == 404
    learner = MembershipFactory(organisation=organisation, user=UserFactory()).user
    client.force_login(learner)
    assert client.post(subscription_url(organisation), opt_in).status_code == 404
    assert not Membership.objects.filter(monthly_report_since__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_runs_started_at_the_same_moment_send_each_report_once():
    import threading
    from collections import Counter

    from django.db import connection, connections

    from tests.factories.organisations import OrganisationFactory
    from tests.wagtail_tree import wagtail_tree_ensure

    wagtail_tree_ensure()
    organisation = OrganisationFactory(name="Wijkteam Noord")
    for name in ("anna", "bram", "cor"):
        opt_in(manager_create(organisation, email=f"{name}@noord.nl"), organisation)
    day = run_day()
    runs = 4
    barrier = threading.Barrier(runs)
    results, errors = [], []

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(monthly_reports_send(today=day))
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(results) == runs
    assert Counter(message.to[0] for message in mail.outbox) == {
        "anna@noord.nl": 1,
        "bram@noord.nl": 1,
        "cor@noord.nl": 1,
    }
    assert sum(len(run.sent) for run in results) == 3
    assert sum(len(run.failed) for run in results) == 0
    assert set(MonthlyReportDelivery.objects.values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
    connection.close()
