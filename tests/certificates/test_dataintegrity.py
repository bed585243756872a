"""eddsa-rdfc-2022 against the W3C test vector; multibase; the bundled contexts only."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates import dataintegrity, jsonld_loader
from certificates.multibase import (
    b58decode,
    b58encode,
    decode_public_key,
    decode_secret_key,
    encode_public_key,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"


def _fixture(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def w3c_loader(monkeypatch):
    """The bundled contexts plus the examples context the W3C vector uses."""
    examples = _fixture("credentials-examples-v2.jsonld")

    def load(url, options=None):
        if url == EXAMPLES_CONTEXT:
            return {"contextUrl": None, "documentUrl": url, "document": examples}
        return jsonld_loader.load_document(url, options)

    monkeypatch.setattr(dataintegrity, "load_document", load)


def test_sign_reproduces_the_w3c_test_vector_when_given_its_key(w3c_loader):
    keys = _fixture("w3c-eddsa-rdfc-2022-keypair.json")
    signed = _fixture("w3c-eddsa-rdfc-2022-signed.json")
    unsigned = {key: value for key, value in signed.items() if key != "proof"}
    expected_document = FIXTURES / "w3c-eddsa-rdfc-2022-canonical-document.nq"
    assert dataintegrity.canonicalize(unsigned) == expected_document.read_text()

    ours = dataintegrity.add_proof(
        document=unsigned,
        secret_key=decode_secret_key(keys["privateKeyMultibase"]),
        verification_method=signed["proof"]["verificationMethod"],
        created=datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC),
    )

    assert ours["proof"] == signed["proof"]
    public_key = decode_public_key(keys["publicKeyMultibase"])
    assert dataintegrity.check_proof(document=signed, public_key=public_key)


def test_proof_configuration_is_canonicalised_as_the_w3c_vector_when_signing(
    w3c_loader,
):
    signed = _fixture("w3c-eddsa-rdfc-2022-signed.json")
    config = {"@context": signed["@context"], **signed["proof"]}
    del config["proofValue"]
    expected = (FIXTURES / "w3c-eddsa-rdfc-2022-canonical-proof.nq").read_text()
    assert dataintegrity.canonicalize(config) == expected


def test_canonicalize_refuses_a_context_when_it_is_not_bundled():
    document = {"@context": "https://example.org/remote-context", "name": "x"}
    with pytest.raises(Exception) as raised:  # noqa: PT011 - pyld wraps the cause
        dataintegrity.canonicalize(document)
    causes = []
    error = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__
    assert any(isinstance(c, jsonld_loader.UnknownContextError) for c in causes)
    assert "is not bundled" in str(causes[-1])


def test_loader_serves_every_bundled_context_as_json_when_asked():
    urls = jsonld_loader.bundled_context_urls()
    assert {
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://www.w3.org/ns/cid/v1",
        "https://w3id.org/security/multikey/v1",
    } <= urls
    for url in urls:
        remote = jsonld_loader.load_document(url)
        assert "@context" in remote["document"]
        remote["document"]["@context"] = "mutated"
        assert jsonld_loader.load_document(url)["document"]["@context"] != "mutated"


def test_canonicalize_refuses_relative_iris_when_they_would_be_dropped():
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "NotDefinedAnywhere"],
    }
    with pytest.raises(dataintegrity.CanonicalizationError, match="relative IRI"):
        dataintegrity.canonicalize(document)


@given(st.binary(max_size=80))
def test_base58_round_trips_when_given_any_bytes(data):
    assert b58decode(b58encode(data)) == data


def test_base58_matches_known_values_when_encoding():
    assert b58encode(b"") == ""
    assert b58encode(b"\0\0\x01") == "112"
    assert b58encode(b"hello world") == "StV1DL6CwTryKyV"
    with pytest.raises(ValueError, match="base58btc"):
        b58decode("0OIl")


def test_public_key_multibase_is_z6mk_when_encoded():
    multibase = encode_public_key(bytes(32))
    assert multibase.startswith("z6Mk")
    assert decode_public_key(multibase) == bytes(32)
    with pytest.raises(ValueError, match="32 bytes"):
        encode_public_key(bytes(31))
