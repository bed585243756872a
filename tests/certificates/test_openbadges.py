"""Open Badges credentials: building, signing, tamper detection, independent check."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certificates import openbadges
from certificates.dataintegrity import canonicalize
from tests.certificates.samples import ISSUER_ID, KEY_ID

NODE_VERIFIER = Path(openbadges.__file__).resolve().parent / "node_verifier"


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaf_paths(value, (*path, index))
    else:
        yield path


def _object_paths(node, path=()):
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _object_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _object_paths(value, (*path, index))


def _at(document, path):
    for step in path:
        document = document[step]
    return document


def _changed(value):
    if isinstance(value, str):
        # keep IRIs absolute and multibase valid, so the proof is what fails
        return value[:-1] + ("B" if value[-1] != "B" else "C")
    return "changed"


def test_signed_credential_verifies_when_untouched(signed, key_pair):
    before = copy.deepcopy(signed)
    assert openbadges.verify(credential=signed, public_multibase=key_pair[1])
    assert signed == before


def test_signed_credential_is_an_open_badge_when_built(signed):
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert signed["credentialSubject"]["type"] == ["AchievementSubject"]
    assert signed["credentialSubject"]["id"].startswith("urn:bijblijven:subject:")
    assert "@" not in json.dumps(signed["credentialSubject"])
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == KEY_ID
    assert proof["proofValue"].startswith("z")
    assert signed["validFrom"].endswith("Z")


def test_verify_is_false_when_any_value_is_changed(signed, key_pair):
    paths = list(_leaf_paths(signed))
    assert len(paths) >= 25
    for path in paths:
        tampered = copy.deepcopy(signed)
        parent, last = _at(tampered, path[:-1]), path[-1]
        parent[last] = _changed(parent[last])
        assert not openbadges.verify(
            credential=tampered, public_multibase=key_pair[1]
        ), path


def test_verify_is_false_when_any_field_is_removed(signed, key_pair):
    for path in _leaf_paths(signed):
        tampered = copy.deepcopy(signed)
        parent, last = _at(tampered, path[:-1]), path[-1]
        if isinstance(parent, list) and len(parent) == 1:
            parent, last = _at(tampered, path[:-2]), path[-2]
        del parent[last]
        assert not openbadges.verify(
            credential=tampered, public_multibase=key_pair[1]
        ), path


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("extra", "not defined by any context"),  # would be dropped silently
        ("description", "a defined term"),
        ("type", "Achievement"),
    ],
)
def test_verify_is_false_when_a_field_is_added_anywhere(signed, key_pair, key, value):
    for path in _object_paths(signed):
        tampered = copy.deepcopy(signed)
        target = _at(tampered, path)
        if key in target:
            continue
        target[key] = value
        assert not openbadges.verify(
            credential=tampered, public_multibase=key_pair[1]
        ), path


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: c.pop("proof"),
        lambda c: c.update(proof=[c["proof"], c["proof"]]),
        lambda c: c.update(proof="z123"),
        lambda c: c["proof"].update(proofValue="not multibase"),
        lambda c: c["proof"].update(proofValue="z" + "1" * 90),
        lambda c: c["proof"].update(created="yesterday"),
        lambda c: c["proof"].update({"@context": ["https://example.org/other"]}),
        lambda c: c.update({"@context": ["https://example.org/unknown-context"]}),
        lambda c: c.update(credentialSubject=[1, 2]),
        lambda c: c.clear(),
    ],
)
def test_verify_never_raises_when_input_is_malformed(signed, key_pair, mangle):
    tampered = copy.deepcopy(signed)
    mangle(tampered)
    assert openbadges.verify(credential=tampered, public_multibase=key_pair[1]) is False


def test_verify_accepts_a_single_proof_in_a_list(signed, key_pair):
    listed = {**signed, "proof": [signed["proof"]]}
    assert openbadges.verify(credential=listed, public_multibase=key_pair[1])


def test_verify_is_false_when_another_key_is_given(signed):
    _secret, other_public = openbadges.generate_key()
    assert not openbadges.verify(credential=signed, public_multibase=other_public)


def test_verify_raises_when_the_public_key_is_malformed(signed):
    with pytest.raises(ValueError, match="Multikey"):
        openbadges.verify(credential=signed, public_multibase="z6Mk")


def test_published_documents_use_only_defined_terms(published):
    for document in published:
        assert canonicalize(document)  # raises on undefined terms
    profile, key = published
    assert profile["assertionMethod"] == [KEY_ID]
    assert profile["verificationMethod"][0]["controller"] == ISSUER_ID
    assert key["type"] == "Multikey"
    assert key["publicKeyMultibase"].startswith("z6Mk")


# --- the independent verifier (Node, Digital Bazaar libraries) -------------------


def _node_verify(tmp_path, credential, published):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the independent verifier (apt nodejs)")
    if not (NODE_VERIFIER / "node_modules").is_dir():
        pytest.fail(
            "The Node verifier is not installed: run "
            "`npm ci --prefix certificates/node_verifier`"
        )
    credential_file = tmp_path / "credential.json"
    controller_file = tmp_path / "controller.json"
    credential_file.write_text(json.dumps(credential), encoding="utf-8")
    controller_file.write_text(json.dumps(published), encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [node, str(NODE_VERIFIER / "verify.mjs"), credential_file, controller_file],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    outcome = json.loads(result.stdout)
    assert result.returncode == (0 if outcome["verified"] else 1), result.stderr
    return outcome


def test_node_verifier_accepts_the_credential_when_untouched(
    tmp_path, signed, published
):
    outcome = _node_verify(tmp_path, signed, published)
    assert outcome == {"verified": True}


def test_node_verifier_rejects_the_credential_when_tampered(
    tmp_path, signed, published
):
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Een andere cursus"
    outcome = _node_verify(tmp_path, tampered, published)
    assert outcome["verified"] is False
    assert "signature" in outcome["error"].lower()


def test_node_verifier_rejects_the_credential_when_the_issuer_key_differs(
    tmp_path, signed, published
):
    _secret, other_public = openbadges.generate_key()
    other = [
        openbadges.issuer_profile(
            issuer_id=ISSUER_ID,
            name="Bijblijven",
            url="https://bijblijven.example/",
            key_ids_and_public_keys=[(KEY_ID, other_public)],
        )
    ]
    assert _node_verify(tmp_path, signed, other)["verified"] is False
