"""An issued certificate's PDF and credential, checked with real tools: pikepdf,
pdffonts, pdftoppm + zbarimg, pdftotext and the independent Node verifier."""

import copy
import io
import json

import pikepdf
import pytest
from django.test import override_settings

from certificates.credentials import end_of_day, verification_url
from certificates.dataintegrity import xsd_datetime
from certificates.rendering import CREDENTIAL_FILENAME
from certificates.services.keys import signing_key_create
from certificates.services.render import certificate_render
from tests.certificates.pdf_glyphs import drawn_characters
from tests.certificates.test_openbadges import _node_verify
from tests.certificates.test_pdf import _tool
from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

HOLDER = ("Jan", "de Vries-Özdemir")


@pytest.fixture
def issued(course_tree):
    user = UserFactory(first_name=HOLDER[0], last_name=HOLDER[1])
    certificate = certificate_earn(user=user, tree=course_tree)
    return certificate_render(certificate=certificate)


@pytest.fixture
def pdf_path(issued, tmp_path):
    path = tmp_path / "certificate.pdf"
    with issued.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def _run(*args):
    import subprocess

    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [str(a) for a in args], capture_output=True, text=True, check=True
    ).stdout


def test_issued_pdf_is_pdfa_with_language_title_and_the_credential_attached(
    issued, pdf_path
):
    with pikepdf.open(pdf_path) as pdf:
        xmp = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B")
        assert str(pdf.Root.Lang) == "nl"
        assert str(pdf.docinfo.Title) == f"Certificaat {issued.course_title}"
        assert len(pdf.pages) == 1
        attached = pdf.attachments[CREDENTIAL_FILENAME].get_file().read_bytes()
    assert json.loads(attached) == issued.credential


def test_issued_pdf_embeds_every_font_when_rendered(pdf_path):
    rows = _run(_tool("pdffonts", "poppler-utils"), pdf_path).splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row


def test_issued_pdf_qr_code_decodes_to_its_verification_url_when_scanned(
    issued, pdf_path, tmp_path
):
    _run(
        _tool("pdftoppm", "poppler-utils"),
        "-r",
        "150",
        "-png",
        pdf_path,
        tmp_path / "p",
    )
    (image,) = tmp_path.glob("p*.png")
    decoded = _run(_tool("zbarimg", "zbar-tools"), "-q", "--raw", image).strip()
    assert decoded == verification_url(issued)
    assert decoded.endswith(f"/verify/{issued.code_display}/")


def test_issued_pdf_text_contains_holder_course_and_code_when_extracted(
    issued, pdf_path
):
    text = _run(_tool("pdftotext", "poppler-utils"), pdf_path, "-")
    assert "Jan de Vries-Özdemir" in text
    assert issued.course_title in text
    assert issued.code_display in text


def test_issued_pdf_draws_emoji_in_name_and_course_title_when_present(course_tree):
    emoji = ["🌈", "😀", "🧪", "☕", "🥰"]
    course_tree.course.title = "Chemsex 🧪 en 3-MMC ☕"
    course_tree.course.save_revision().publish()
    user = UserFactory(first_name="Sam 🌈", last_name="Jansen 😀🥰")
    issued = certificate_render(
        certificate=certificate_earn(user=user, tree=course_tree)
    )
    with issued.pdf.open("rb") as handle:
        pdf_bytes = handle.read()
    drawn = drawn_characters(pdf_bytes)
    assert {character: drawn.get(character) for character in emoji} == dict.fromkeys(
        emoji, True
    )
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        xmp = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B")
        assert pdf.Root.MarkInfo.Marked


def test_issued_credential_hides_the_email_and_states_validity(issued):
    text = json.dumps(issued.credential)
    assert issued.user.email not in text
    subject = issued.credential["credentialSubject"]["id"]
    assert subject.startswith("urn:bijblijven:subject:")
    assert issued.credential["validUntil"] == xsd_datetime(
        end_of_day(issued.valid_until)
    )
    assert issued.credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def _published(client):
    """What a verifier fetches: the issuer profile, its key and the first
    revocation list."""
    issuer = client.get("/openbadges/issuer")
    assert issuer["Content-Type"] == "application/ld+json"
    key_url = json.loads(issuer.content)["assertionMethod"][0]
    key = client.get(key_url.removeprefix("http://127.0.0.1:8000"))
    assert key.status_code == 200
    status = client.get("/openbadges/status/1")
    assert status.status_code == 200
    return [json.loads(issuer.content), json.loads(key.content), status.json()]


@override_settings(SITE_BASE_URL="http://127.0.0.1:8000")
def test_node_verifier_accepts_the_issued_credential_with_the_published_issuer(
    course_tree, client, tmp_path
):
    user = UserFactory()
    issued = certificate_render(
        certificate=certificate_earn(user=user, tree=course_tree)
    )
    outcome = _node_verify(tmp_path, issued.credential, _published(client))
    assert outcome == {"verified": True}


@override_settings(SITE_BASE_URL="http://127.0.0.1:8000")
@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c.update(name="Certificaat Iets Anders"),
        lambda c: c.update(validUntil="2099-01-01T00:00:00Z"),
        lambda c: c["credentialSubject"]["achievement"].update(name="Andere cursus"),
        lambda c: c["credentialSubject"].update(id="urn:bijblijven:subject:00"),
    ],
    ids=["name", "validUntil", "achievement", "subject"],
)
def test_node_verifier_rejects_the_issued_credential_when_tampered(
    course_tree, client, tmp_path, tamper
):
    issued = certificate_render(
        certificate=certificate_earn(user=UserFactory(), tree=course_tree)
    )
    tampered = copy.deepcopy(issued.credential)
    tamper(tampered)
    outcome = _node_verify(tmp_path, tampered, _published(client))
    assert outcome["verified"] is False


def test_rotated_key_stays_published_and_new_certificates_use_the_new_key(
    course_tree, client
):
    first = certificate_render(
        certificate=certificate_earn(user=UserFactory(), tree=course_tree)
    )
    new_key, created = signing_key_create(rotate=True)
    assert created
    second = certificate_render(
        certificate=certificate_earn(user=UserFactory(), tree=course_tree)
    )
    assert first.signing_key != second.signing_key == new_key
    profile = json.loads(client.get("/openbadges/issuer").content)
    assert len(profile["verificationMethod"]) == 2
    assert profile["assertionMethod"][0].endswith(f"/keys/{new_key.number}")
    old = client.get(f"/openbadges/issuer/keys/{first.signing_key.number}")
    assert old.status_code == 200
