"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C vc-di-eddsa).

`add_proof` and `check_proof` follow the cryptosuite's algorithms step by step:
canonicalise the proof configuration (the proof options without `proofValue`, under the
document's `@context`) and the document without its proof with RDFC-1.0, hash each with
SHA-256, sign `proofConfigHash + documentHash` with Ed25519 and store the signature as
multibase base58btc in `proofValue`.

pyld implements URDNA2015, which RDFC-1.0 renamed; the two differ only in how N-Quads
escape control characters other than tab, newline and carriage return, so such
characters (and IRIs that N-Quads would have to escape) are refused instead of being
canonicalised differently from other implementations. Like the "safe mode" of other
JSON-LD processors, canonicalisation also refuses a document whose properties or
`@id`/`@type` values would be silently dropped: otherwise data added under an undefined
term would not be covered by the signature.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pyld import jsonld
from pyld.canon import URDNA2015

from certificates.jsonld_loader import load_document
from certificates.multibase import (
    decode_secret_key,
    multibase_decode,
    multibase_encode,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
SIGNATURE_BYTES = 64

# Characters whose N-Quads escape differs between URDNA2015 (pyld) and RDFC-1.0.
_LITERAL_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"
)


class CanonicalizationError(ValueError):
    """The document cannot be canonicalised safely (see the module docstring)."""


def xsd_datetime(moment: datetime) -> str:
    """A timezone-aware datetime as an XML Schema dateTimeStamp in UTC, in seconds."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes in credentials must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, using bundled contexts only."""
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    # base None keeps relative IRIs relative (pyld would otherwise resolve them
    # against an example base), so that they are refused below
    options = {"documentLoader": load_document, "base": None}
    expanded = processor.expand(document, options)
    if dropped:
        raise CanonicalizationError(f"properties not defined by any context: {dropped}")
    _refuse_relative_iris(expanded)
    dataset = processor.to_rdf(expanded, dict(options))
    _refuse_rdfc_divergence(dataset)
    return URDNA2015().main(dataset, {"format": "application/n-quads"})


def proof_options(*, verification_method: str, created: datetime) -> dict[str, str]:
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }


def hash_data(*, document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """proofConfigHash + transformedDocumentHash, as the cryptosuite defines them."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    config = {"@context": document["@context"], **options}
    config.pop("proofValue", None)
    config_hash = hashlib.sha256(canonicalize(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    return config_hash + document_hash


def add_proof(
    *,
    document: dict[str, Any],
    secret_key: bytes,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    """A copy of `document` with an eddsa-rdfc-2022 proof (one proof only)."""
    if "proof" in document:
        raise ValueError("the document already has a proof")
    options = proof_options(verification_method=verification_method, created=created)
    signature = Ed25519PrivateKey.from_private_bytes(secret_key).sign(
        hash_data(document=document, options=options)
    )
    return {**document, "proof": {**options, "proofValue": multibase_encode(signature)}}


def check_proof(*, document: dict[str, Any], public_key: bytes) -> bool:
    """Verify the single eddsa-rdfc-2022 proof of `document` against `public_key`.

    Raises on malformed input (the caller turns that into False); returns False when
    the proof does not match.
    """
    proof = document["proof"]
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        return False
    if (
        proof.get("type") != PROOF_TYPE
        or proof.get("cryptosuite") != CRYPTOSUITE
        or proof.get("proofPurpose") != PROOF_PURPOSE
        or not isinstance(proof.get("verificationMethod"), str)
        or not _XSD_DATETIME.fullmatch(str(proof.get("created", "")))
    ):
        return False
    if "@context" in proof and proof["@context"] != document["@context"]:
        return False
    signature = multibase_decode(proof["proofValue"])
    if len(signature) != SIGNATURE_BYTES:
        return False
    options = {key: value for key, value in proof.items() if key != "@context"}
    data = hash_data(document=document, options=options)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except InvalidSignature:
        return False
    return True


def public_key_of(secret_multibase: str) -> bytes:
    """The raw public key belonging to a secretKeyMultibase."""
    secret = Ed25519PrivateKey.from_private_bytes(decode_secret_key(secret_multibase))
    return secret.public_key().public_bytes_raw()


def _refuse_relative_iris(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _refuse_relative_iris(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in ("@id", "@type"):
            for iri in value if isinstance(value, list) else [value]:
                if isinstance(iri, str) and not _is_absolute(iri):
                    raise CanonicalizationError(f"relative IRI in {key}: {iri!r}")
        elif key != "@value":
            _refuse_relative_iris(value)


def _is_absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))


def _refuse_rdfc_divergence(dataset: dict[str, list[dict[str, Any]]]) -> None:
    for graph, triples in dataset.items():
        if _IRI_UNSAFE.search(graph):
            raise CanonicalizationError(f"graph name needs escaping: {graph!r}")
        for triple in triples:
            for position in ("subject", "predicate", "object"):
                term = triple[position]
                if term["type"] == "literal":
                    if _LITERAL_UNSAFE.search(term["value"]):
                        raise CanonicalizationError(
                            "text contains control characters that RDFC-1.0 "
                            f"escapes differently: {term['value']!r}"
                        )
                    if _IRI_UNSAFE.search(term["datatype"]):
                        raise CanonicalizationError("datatype IRI needs escaping")
                elif term["type"] == "IRI" and _IRI_UNSAFE.search(term["value"]):
                    raise CanonicalizationError(
                        f"IRI needs escaping: {term['value']!r}"
                    )
