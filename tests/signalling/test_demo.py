"""The demo signal about 3-MMC on List I reaches the demo learner (a certificate
holder of course 1) and the GP practice's staff once, however often the demo
is loaded; one member has confirmed it."""

import pytest

from demo.accounts import demo_accounts_ensure
from demo.loaders.certificates import LEARNER_EMAIL
from demo.loaders.organisations import organisations_load
from demo.loaders.signals import ALREADY_READ, signals_load
from signalling.models import Signal, SignalAcknowledgement
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import course_tree_create, substance_card_create
from training.models import OutboundEmail, User

pytestmark = pytest.mark.django_db


def test_demo_signal_reaches_the_demo_learner_once_when_loaded_twice(
    home_page, django_capture_on_commit_callbacks
):
    tree = course_tree_create(home_page, slug="3-mmc-en-nps", title="3-MMC en NPS")
    substance_card_create(slug="3-mmc")
    demo_accounts_ensure()
    learner = User.objects.get(email=LEARNER_EMAIL)
    CertificateFactory(user=learner, course=tree.course)
    organisations_load()
    with django_capture_on_commit_callbacks(execute=True):
        signals_load()
    emails = OutboundEmail.objects.filter(kind="signal").count()
    with django_capture_on_commit_callbacks(execute=True):
        signals_load()
    signal = Signal.objects.get()
    assert signal.live
    assert "Stb. 2024, 90" in str(signal.body[0].value)
    assert [block.block_type for block in signal.body] == ["text", "fact"]
    assert list(signal.courses.all()) == [tree.course]
    assert signal.recipients.filter(user=learner).exists()
    assert OutboundEmail.objects.filter(kind="signal").count() == emails
    assert OutboundEmail.objects.filter(kind="signal", to=LEARNER_EMAIL).count() == 1
    assert list(
        SignalAcknowledgement.objects.values_list("user__email", flat=True)
    ) == [ALREADY_READ]
