"""Open Badges inputs: keys, the hashed subject identifier, credential validation."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from certificates import openbadges
from certificates.dataintegrity import CanonicalizationError
from certificates.multibase import decode_public_key, decode_secret_key
from tests.certificates.samples import ISSUER_ID, KEY_ID


def test_generate_key_gives_ed25519_multikeys_when_called():
    secret, public = openbadges.generate_key()
    assert public.startswith("z6Mk")
    assert secret.startswith("z3u2")
    assert len(decode_public_key(public)) == 32
    assert len(decode_secret_key(secret)) == 32
    assert openbadges.generate_key() != (secret, public)


def test_subject_identifier_is_a_keyed_hash_when_given_an_email():
    first = openbadges.subject_identifier(email="Jan@Example.nl ", salt="s1")
    assert first == openbadges.subject_identifier(email="jan@example.nl", salt="s1")
    assert first != openbadges.subject_identifier(email="jan@example.nl", salt="s2")
    assert first.startswith("urn:bijblijven:subject:")
    assert len(first.rsplit(":", 1)[1]) == 64
    assert "jan" not in first
    with pytest.raises(ValueError, match="salt"):
        openbadges.subject_identifier(email="jan@example.nl", salt="")


def _build(**overrides):
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    arguments = {
        "credential_id": "urn:uuid:1b4f0e4c-5f5e-4c43-9a53-0cbbd1a1f1d2",
        "issuer": {"id": ISSUER_ID, "name": "Bijblijven", "url": "https://b.example/"},
        "subject_id": "urn:bijblijven:subject:ab12",
        "achievement": {
            "id": "https://b.example/cursus/",
            "name": "Cursus",
            "description": "Beschrijving",
            "criteria_narrative": "Afgerond",
        },
        "valid_from": now,
        "valid_until": now + timedelta(days=365),
        "name": "Certificaat",
    }
    arguments.update(overrides)
    return openbadges.build_credential(**arguments)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject_id": "mailto:jan@example.nl"}, "never an email"),
        ({"subject_id": "jan@example.nl"}, "absolute IRI|never an email"),
        ({"credential_id": "1234"}, "credential_id"),
        ({"name": "  "}, "name is required"),
        ({"valid_from": datetime(2025, 1, 1)}, "timezone-aware"),
        ({"valid_until": datetime(2024, 1, 1, tzinfo=UTC)}, "after valid_from"),
        (
            {
                "achievement": {
                    "id": "https://b.example/cursus/",
                    "name": "Cursus",
                    "description": "bell \x07 character",
                    "criteria_narrative": "Afgerond",
                }
            },
            "control characters",
        ),
    ],
)
def test_build_credential_raises_when_input_is_invalid(overrides, message):
    with pytest.raises(ValueError, match=message):
        _build(**overrides)


def test_build_credential_writes_utc_seconds_when_given_local_times():
    amsterdam = datetime(
        2025, 7, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Amsterdam")
    )
    built = _build(valid_from=amsterdam, valid_until=amsterdam + timedelta(days=1))
    assert built["validFrom"] == "2025-07-01T07:30:15Z"
    assert built["validUntil"] == "2025-07-02T07:30:15Z"


def test_sign_refuses_text_that_rdfc_would_escape_differently(key_pair):
    document = _build()
    document["name"] = "form\x0cfeed"
    with pytest.raises(CanonicalizationError, match="control characters"):
        openbadges.sign(
            credential=document,
            secret_multibase=key_pair[0],
            verification_method=KEY_ID,
            created=datetime.now(UTC),
        )


def test_published_documents_raise_when_a_key_is_malformed():
    with pytest.raises(ValueError, match="Multikey"):
        openbadges.multikey_document(
            key_id=KEY_ID, controller=ISSUER_ID, public_multibase="z6MkBad"
        )
    with pytest.raises(ValueError, match="at least one key"):
        openbadges.issuer_profile(
            issuer_id=ISSUER_ID,
            name="Bijblijven",
            url="https://b.example/",
            key_ids_and_public_keys=[],
        )
