"""The learner's certificates: downloads of their own only, revoked PDFs marked,
history and CSV export, renewal, and the sections on "Mijn leeromgeving"."""

import csv
import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from certificates.services.render import certificate_render
from courses.services import enrolment_create
from tests.certificates.test_pdf import _tool
from tests.factories.certificates import (
    CertificateFactory,
    certificate_earn,
    issued_days_ago,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def earned(course_tree, user):
    return certificate_render(certificate=certificate_earn(user=user, tree=course_tree))


def _text(pdf_bytes, tmp_path):
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pdftotext", "poppler-utils"), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_learner_downloads_own_pdf_and_credential_when_rendered(learner_client, earned):
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": earned.code_display})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    credential = learner_client.get(
        reverse("certificates:credential", kwargs={"code": earned.code_display})
    )
    assert credential.status_code == 200
    assert credential["Content-Type"].startswith("application/ld+json")
    assert "no-store" in credential["Cache-Control"]
    assert credential.json()["proof"]["type"] == "DataIntegrityProof"


def test_downloading_someone_elses_certificate_is_not_found(client, earned):
    client.force_login(UserFactory())
    for name in ("pdf", "credential"):
        url = reverse(f"certificates:{name}", kwargs={"code": earned.code_display})
        assert client.get(url).status_code == 404
    renew = reverse("certificates:renew", kwargs={"code": earned.code_display})
    assert client.post(renew).status_code == 404
    earned.refresh_from_db()
    assert Certificate.objects.count() == 1


def test_downloads_require_login_when_anonymous(client, earned):
    url = reverse("certificates:pdf", kwargs={"code": earned.code_display})
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_pdf_download_says_wordt_aangemaakt_when_not_rendered_yet(
    learner_client, user, course_tree
):
    certificate = CertificateFactory(user=user, course=course_tree.course)
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": certificate.code_display})
    )
    assert response.status_code == 202
    assert "wordt aangemaakt" in response.content.decode()


def test_revoked_pdf_download_shows_the_revocation_when_revoked(
    learner_client, earned, tmp_path
):
    earned.revoked_at = timezone.now()
    earned.save(update_fields=["revoked_at"])
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": earned.code_display})
    )
    assert response.status_code == 200
    text = " ".join(_text(response.content, tmp_path).split())  # long names wrap
    assert "INGETROKKEN op" in text
    assert earned.holder_name in text


def test_history_lists_every_cycle_and_exports_csv_when_renewed(
    learner_client, user, course_tree
):
    old = CertificateFactory(
        user=user,
        course=course_tree.course,
        cycle=1,
        issued_at=timezone.now() - datetime.timedelta(days=800),
    )
    new = CertificateFactory(user=user, course=course_tree.course, cycle=2)
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    CertificateFactory(course=course_tree.course)  # someone else's
    html = learner_client.get(reverse("certificates:history")).content.decode()
    assert old.code_display in html
    assert new.code_display in html
    response = learner_client.get(reverse("certificates:history_csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][0] == "code"
    assert {row[0] for row in rows[1:]} == {old.code_display, new.code_display}
    assert {row[5] for row in rows[1:]} == {
        "geldig",
        "vervangen door nieuwere certificering",
    }


def test_renew_button_starts_the_next_cycle_and_redirects_to_the_course(
    learner_client, earned
):
    url = reverse("certificates:renew", kwargs={"code": earned.code_display})
    assert learner_client.get(url).status_code == 405
    response = learner_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == earned.course.url
    assert earned.user.enrolments.get().cycle == 2


def test_my_learning_shows_certificates_and_expiring_sections_when_holding(
    learner_client, user, course_tree, django_assert_max_num_queries
):
    today = timezone.localdate()
    CertificateFactory(
        user=user,
        course=course_tree.course,
        valid_until=today + datetime.timedelta(days=20),
    )
    with django_assert_max_num_queries(25):
        response = learner_client.get(reverse("courses:my_learning"))
    html = response.content.decode()
    assert "Certificaten die binnenkort verlopen" in html
    assert ">Certificaten<" in html
    assert "Vernieuwen" in html
    assert "PDF wordt aangemaakt" in html


def test_my_learning_shows_the_renewal_under_way_instead_of_vernieuwen_when_started(
    learner_client, user, course_tree, django_assert_max_num_queries
):
    enrolment_create(user=user, course=course_tree.course)
    certificate = CertificateFactory(
        user=user,
        course=course_tree.course,
        issued_at=issued_days_ago(800),
        valid_until=timezone.localdate() - datetime.timedelta(days=3),
    )
    renew = reverse("certificates:renew", kwargs={"code": certificate.code_display})
    before = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "Verlopen certificaten" in before
    assert f'action="{renew}"' in before
    learner_client.post(renew)
    with django_assert_max_num_queries(25):
        response = learner_client.get(reverse("courses:my_learning"))
    html = response.content.decode()
    assert "Verlopen certificaten" in html
    assert "Je vernieuwing is bezig." in html
    assert f'href="{course_tree.course.url}">Ga verder met de vernieuwing' in html
    assert f'action="{renew}"' not in html


def test_my_learning_has_no_certificate_sections_when_none(learner_client):
    html = learner_client.get(reverse("courses:my_learning")).content.decode()
    assert "certificates-heading" not in html


def test_pending_download_enqueues_the_render_again_when_long_overdue(
    learner_client, user, course_tree
):
    certificate = CertificateFactory(
        user=user,
        course=course_tree.course,
        issued_at=timezone.now() - datetime.timedelta(hours=1),
    )
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": certificate.code_display})
    )
    assert response.status_code == 202
    certificate.refresh_from_db()
    assert certificate.is_rendered  # the immediate backend ran the task


def test_history_runs_the_same_number_of_queries_when_more_certificates(
    learner_client, user, home_page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.courses import course_tree_create

    def queries() -> int:
        learner_client.get(reverse("certificates:history"))  # warm site caches
        with CaptureQueriesContext(connection) as captured:
            learner_client.get(reverse("certificates:history"))
        return len(captured)

    tree = course_tree_create(home_page, slug="c0", modules=1)
    CertificateFactory(user=user, course=tree.course)
    one = queries()
    for n in range(1, 6):
        tree = course_tree_create(home_page, slug=f"c{n}", modules=1)
        CertificateFactory(user=user, course=tree.course)
    assert queries() == one
