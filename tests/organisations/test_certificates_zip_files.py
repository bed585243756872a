"""The organisation's certificates ZIP (file handling): a PDF that cannot be made
leaves the others intact and is listed in the ZIP's LEESMIJ.txt."""

import io
import zipfile

import pytest
from django.urls import reverse

from certificates.services.exports import README_NAME
from tests.certificates.test_missing_pdf import media_unwritable, rendered
from tests.factories.certificates import CertificateFactory
from tests.factories.organisations import MembershipFactory, requirement_create

pytestmark = pytest.mark.django_db


def test_zip_lists_a_certificate_in_the_readme_when_its_pdf_cannot_be_made(
    manager_client, organisation, course_tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    requirement_create(organisation, course_tree.course)
    done = rendered(course_tree, MembershipFactory(organisation=organisation).user)
    unrendered = CertificateFactory(
        user=MembershipFactory(organisation=organisation).user,
        course=course_tree.course,
    )
    # rendering the second needs to store its PDF: media is unwritable now
    media_unwritable(settings, tmp_path)
    response = manager_client.get(
        reverse("organisations:certificates_zip", args=[organisation.pk])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    pdfs = [name for name in names if name.endswith(".pdf")]
    assert len(pdfs) == 1
    assert done.code in pdfs[0]
    readme = archive.read(README_NAME).decode()
    assert unrendered.code_display in readme
    assert done.code_display not in readme
