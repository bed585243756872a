"""Publishing a signal reaches the people it targets, once each, with one email
through the outbox; rerunning sends nothing twice; acknowledging is stored
once with the revision read."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.services import enrolment_create
from signalling.models import Signal, SignalAcknowledgement, SignalRecipient
from signalling.services import (
    signal_acknowledge,
    signal_deliver,
    signals_deliver_open,
)
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create
from tests.factories.signalling import signal_create
from tests.factories.users import UserFactory
from training.models import OutboundEmail, Profession

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return course_tree_create(home_page, modules=1, lessons_per_module=1).course


@pytest.fixture
def other_course(home_page):
    return course_tree_create(
        home_page, slug="ander", title="Andere cursus", modules=1, lessons_per_module=1
    ).course


def _reached(signal) -> set[int]:
    return set(
        SignalRecipient.objects.filter(signal=signal).values_list("user_id", flat=True)
    )


def test_publishing_reaches_holders_and_enrolled_learners_of_the_course(
    course, other_course, django_capture_on_commit_callbacks, mailoutbox
):
    holder = CertificateFactory(course=course).user
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    expired = CertificateFactory(
        course=course, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    ).user
    revoked = CertificateFactory(course=course, revoked_at=timezone.now()).user
    elsewhere = CertificateFactory(course=other_course).user
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_create(courses=[course])
    assert _reached(signal) == {holder.pk, learner.pk}
    assert expired.pk not in _reached(signal)
    assert {revoked.pk, elsewhere.pk}.isdisjoint(_reached(signal))
    emails = OutboundEmail.objects.filter(kind="signal")
    assert sorted(emails.values_list("to", flat=True)) == sorted(
        [holder.email, learner.email]
    )
    sent = [message for message in mailoutbox if message.to == [holder.email]]
    assert len(sent) == 1
    assert sent[0].subject == "Signalering: 3-MMC staat op lijst I"
    assert f"/signaleringen/{signal.pk}/" in sent[0].body


def test_a_rerun_sends_nothing_twice_and_reaches_only_newcomers(
    course, django_capture_on_commit_callbacks
):
    holder = CertificateFactory(course=course).user
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_create(courses=[course])
    assert signal_deliver(signal_id=signal.pk) == 0
    assert OutboundEmail.objects.filter(kind="signal").count() == 1
    newcomer = CertificateFactory(course=course).user
    with django_capture_on_commit_callbacks(execute=True):
        assert signals_deliver_open() == 1
        assert signals_deliver_open() == 0
    assert _reached(signal) == {holder.pk, newcomer.pk}
    assert list(
        OutboundEmail.objects.filter(kind="signal").values_list("dedup_key", flat=True)
    ) == [f"signal:{signal.pk}:{newcomer.pk}", f"signal:{signal.pk}:{holder.pk}"]


def test_republishing_a_signal_does_not_email_anyone_again(
    course, django_capture_on_commit_callbacks
):
    CertificateFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        signal = signal_create(courses=[course])
    signal.title = "3-MMC staat op lijst I (aangevuld)"
    with django_capture_on_commit_callbacks(execute=True):
        signal.save_revision().publish()
    assert OutboundEmail.objects.filter(kind="signal").count() == 1


def test_professions_narrow_the_courses_audience(course):
    gp = CertificateFactory(course=course, user=UserFactory()).user
    officer = CertificateFactory(
        course=course, user=UserFactory(profession=Profession.POLITIE)
    ).user
    signal = signal_create(courses=[course], professions=[Profession.POLITIE])
    signal_deliver(signal_id=signal.pk)
    assert _reached(signal) == {officer.pk}
    assert gp.pk not in _reached(signal)


def test_professions_alone_reach_everyone_active_with_that_profession(db):
    officer = UserFactory(profession=Profession.POLITIE)
    UserFactory(profession=Profession.POLITIE, is_active=False)
    UserFactory(profession=Profession.HUISARTS)
    signal = signal_create(professions=[Profession.POLITIE])
    signal_deliver(signal_id=signal.pk)
    assert _reached(signal) == {officer.pk}


def test_a_draft_or_a_signal_past_its_deadline_reaches_nobody(course):
    CertificateFactory(course=course)
    draft = signal_create(courses=[course], publish=False)
    assert signal_deliver(signal_id=draft.pk) == 0
    live = signal_create(courses=[course])
    later = live.acknowledge_by + datetime.timedelta(days=1)
    assert signal_deliver(signal_id=live.pk, today=later) == 0
    assert not SignalRecipient.objects.exists()


def test_acknowledging_stores_time_and_the_live_revision_once(course):
    holder = CertificateFactory(course=course).user
    signal = signal_create(courses=[course])
    signal_deliver(signal_id=signal.pk)
    first = signal_acknowledge(signal=signal, user=holder)
    assert first.revision_id == signal.live_revision_id
    assert first.acknowledged_at is not None
    second = signal_acknowledge(signal=signal, user=holder)
    assert second.pk == first.pk
    assert SignalAcknowledgement.objects.count() == 1


def test_the_certificate_and_its_verification_page_do_not_change_when_signalled(
    course, client
):
    certificate = CertificateFactory(course=course)
    url = reverse("certificates:verify", kwargs={"code": certificate.code_display})
    before = Certificate.objects.filter(pk=certificate.pk).values().get()
    page_before = client.get(url).content.decode()
    signal = signal_create(courses=[course])
    signal_deliver(signal_id=signal.pk)
    signal_acknowledge(signal=signal, user=certificate.user)
    assert Certificate.objects.filter(pk=certificate.pk).values().get() == before
    page_after = client.get(url).content.decode()
    assert certificate.code_display in page_after
    assert signal.title not in page_after
    assert _without_tokens(page_after) == _without_tokens(page_before)


def _without_tokens(html: str) -> str:
    """The page without per-request secrets (CSRF token, CSP nonce)."""
    return re.sub(r'(value|nonce)="[^"]+"', "", html)


def test_erasing_an_account_deletes_its_signal_records(course):
    from training.erasure import account_erase

    holder = CertificateFactory(course=course).user
    signal = signal_create(courses=[course])
    signal_deliver(signal_id=signal.pk)
    signal_acknowledge(signal=signal, user=holder)
    account_erase(user=holder, actor=holder)
    assert not SignalRecipient.objects.filter(user=holder).exists()
    assert not SignalAcknowledgement.objects.filter(user=holder).exists()
    assert Signal.objects.filter(pk=signal.pk, live=True).exists()
