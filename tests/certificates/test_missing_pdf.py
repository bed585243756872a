"""A stored PDF that went missing is made again from the certificate's record, for
the learner's download and in the organisation's ZIP; one PDF that cannot be made
never breaks a ZIP."""

import io
import json
import os
import zipfile

import pikepdf
import pytest
from django.urls import reverse

from certificates.rendering import CREDENTIAL_FILENAME
from certificates.services.exports import certificates_zip_stream
from certificates.services.render import certificate_render
from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def media_unwritable(settings, tmp_path) -> None:
    """Media under a regular file: every write fails with an OSError, even as root
    (and files stored before are gone from view)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"


def rendered(tree, user=None):
    certificate = certificate_earn(user=user or UserFactory(), tree=tree)
    return certificate_render(certificate=certificate)


def _attached_credential(pdf_bytes: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return pdf.attachments[CREDENTIAL_FILENAME].get_file().read_bytes()


def test_pdf_download_is_made_again_when_its_file_is_missing(
    learner_client, user, course_tree, media
):
    certificate = rendered(course_tree, user)
    name = certificate.pdf.name
    os.remove(certificate.pdf.path)
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": certificate.code_display})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    # the same signed credential (PostgreSQL's jsonb keeps no key order, and the
    # proof signs the canonical form, so compare it as JSON), stored again under
    # the same name
    certificate.refresh_from_db()
    assert json.loads(_attached_credential(response.content)) == certificate.credential
    assert certificate.pdf.name == name
    assert certificate.pdf.storage.exists(name)


def test_pdf_download_still_works_when_the_missing_file_cannot_be_stored_again(
    learner_client, user, course_tree, media, settings, tmp_path
):
    certificate = rendered(course_tree, user)
    media_unwritable(settings, tmp_path)
    response = learner_client.get(
        reverse("certificates:pdf", kwargs={"code": certificate.code_display})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_zip_holds_every_certificate_when_one_file_is_missing(course_tree, media):
    certificates = [rendered(course_tree) for _ in range(3)]
    os.remove(certificates[1].pdf.path)
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(certificates_zip_stream(certificates=certificates)))
    )
    names = archive.namelist()
    assert len(names) == 3
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)
    assert archive.testzip() is None
