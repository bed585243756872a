"""Fixtures for the certificate building blocks: a signing key and a credential."""

from datetime import UTC, datetime, timedelta

import pytest

from certificates import openbadges
from tests.certificates.samples import ISSUER_ID, KEY_ID


@pytest.fixture(scope="session")
def key_pair() -> tuple[str, str]:
    return openbadges.generate_key()


@pytest.fixture
def credential() -> dict:
    # the Node verifier checks validFrom/validUntil against its own clock
    now = datetime.now(UTC)
    return openbadges.build_credential(
        credential_id="urn:uuid:3f1c7d2e-8a44-4c1e-9d0b-5b6f0e2a9c11",
        issuer={
            "id": ISSUER_ID,
            "name": "Bijblijven",
            "url": "https://bijblijven.example/",
        },
        subject_id=openbadges.subject_identifier(
            email="jan.devries@example.nl", salt="test-salt"
        ),
        achievement={
            "id": "https://bijblijven.example/cursussen/ghb-intoxicatie/",
            "name": "GHB-intoxicatie herkennen en handelen",
            "description": "Nascholing voor verpleegkundigen — cyclus 2.",
            "criteria_narrative": "Alle modules afgerond en de toets (≥ 70%) gehaald.",
        },
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=365),
        name="Certificaat GHB-intoxicatie herkennen en handelen",
    )


@pytest.fixture
def signed(credential, key_pair) -> dict:
    secret, _public = key_pair
    return openbadges.sign(
        credential=credential,
        secret_multibase=secret,
        verification_method=KEY_ID,
        created=datetime.now(UTC),
    )


@pytest.fixture
def published(key_pair) -> list[dict]:
    """What the site publishes: the issuer profile and the key document."""
    _secret, public = key_pair
    return [
        openbadges.issuer_profile(
            issuer_id=ISSUER_ID,
            name="Bijblijven",
            url="https://bijblijven.example/",
            key_ids_and_public_keys=[(KEY_ID, public)],
        ),
        openbadges.multikey_document(
            key_id=KEY_ID, controller=ISSUER_ID, public_multibase=public
        ),
    ]
