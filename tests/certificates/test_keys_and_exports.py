"""Signing keys (command, encryption, published documents) and bulk exports."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from certificates.models import SigningKey
from certificates.models.certificate import (
    CODE_LENGTH,
    certificate_code_new,
    code_display,
    code_normalise,
)
from certificates.services.exports import certificates_zip_stream
from certificates.services.keys import signing_key_create, signing_key_secret
from certificates.services.render import certificate_render
from tests.factories.certificates import certificate_earn
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_create_signing_key_is_idempotent_unless_rotate(capsys):
    call_command("create_signing_key")
    call_command("create_signing_key")
    assert SigningKey.objects.count() == 1
    call_command("create_signing_key", "--rotate")
    assert SigningKey.objects.count() == 2
    assert SigningKey.objects.filter(active=True).count() == 1
    assert "Created signing key #2" in capsys.readouterr().out


def test_secret_key_is_stored_encrypted_and_never_in_repr():
    key, _created = signing_key_create()
    secret = signing_key_secret(key)
    assert secret.startswith("z")
    assert secret not in key.secret_encrypted
    assert secret not in repr(key)
    assert secret not in str(key)


def test_secret_key_cannot_be_read_when_the_encryption_secret_changed():
    from django.core.exceptions import ImproperlyConfigured

    key, _created = signing_key_create()
    with override_settings(OPEN_BADGES_KEY_ENCRYPTION_KEY="another secret"):
        with pytest.raises(ImproperlyConfigured, match="--rotate"):
            signing_key_secret(key)


def test_issuer_profile_is_not_found_until_a_key_exists(client):
    assert client.get("/openbadges/issuer").status_code == 404
    assert client.get("/openbadges/issuer/keys/1").status_code == 404
    signing_key_create()
    response = client.get("/openbadges/issuer")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response.json()["type"] == ["Profile"]
    key = client.get("/openbadges/issuer/keys/1")
    assert key.json()["type"] == "Multikey"


def test_codes_are_80_bits_and_normalise_typing_variants():
    codes = {certificate_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == CODE_LENGTH for code in codes)
    code = "K7QF3M9XWT2P8HDA"
    assert code_display(code) == "K7QF-3M9X-WT2P-8HDA"
    assert code_normalise(" k7qf-3m9x wt2p-8hda ") == code
    assert code_normalise("K7QF-3M9X-WT2P-8HDO") == "K7QF3M9XWT2P8HD0"
    for bad in ("", "K7QF", "K7QF-3M9X-WT2P-8HDA-X", "K7QF-3M9X-WT2P-8HD!", "Ü" * 16):
        assert code_normalise(bad) is None


def test_zip_stream_holds_one_pdf_per_certificate_when_streamed(course_tree):
    certificates = [
        certificate_render(
            certificate=certificate_earn(user=UserFactory(), tree=course_tree)
        )
        for _ in range(3)
    ]
    chunks = list(certificates_zip_stream(certificates=certificates))
    assert len(chunks) >= 3
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        names = archive.namelist()
        assert len(names) == 3
        assert all(name.endswith(".pdf") for name in names)
        assert all(archive.read(name).startswith(b"%PDF-") for name in names)
        assert archive.testzip() is None
