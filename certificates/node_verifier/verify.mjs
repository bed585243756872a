#!/usr/bin/env node
/*
 * Independent verifier for Bijblijven Open Badges 3.0 credentials.
 *
 * Verifies the eddsa-rdfc-2022 Data Integrity proof with Digital Bazaar's
 * libraries (a second implementation next to certificates/dataintegrity.py), and
 * checks what @digitalbazaar/vc checks: the data model, validFrom/validUntil
 * against now, and that the issuer controls the verification method.
 *
 * A credential with a BitstringStatusListEntry (W3C Bitstring Status List) is
 * checked against its status list credential, which must be among the given
 * documents, be signed by the same issuer and have the bit clear.
 *
 * Usage: node verify.mjs credential.json controller.json
 *   controller.json: the issuer profile (its controller document), or a JSON
 *   array of published documents (issuer profile, Multikey documents, status
 *   list credentials).
 * Prints {"verified": true} or {"verified": false, "error": "..."}; exits 0 when
 * verified, 1 otherwise. Nothing is fetched: the document loader serves only the
 * contexts in ../contexts (see index.json there) and the given documents.
 */
import {readFile} from 'node:fs/promises';
import {gunzipSync} from 'node:zlib';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const contextsDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)), '..', 'contexts');

async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

async function publishedDocuments(controllerFile) {
  const documents = new Map();
  const index = await readJson(path.join(contextsDir, 'index.json'));
  for(const [url, name] of Object.entries(index)) {
    documents.set(url, await readJson(path.join(contextsDir, name)));
  }
  const given = await readJson(controllerFile);
  const list = Array.isArray(given) ? given : [given];
  for(const doc of list) {
    if(typeof doc?.id !== 'string') {
      throw new Error('every published document needs an "id"');
    }
    documents.set(doc.id, doc);
  }
  // a key embedded in a controller document can be dereferenced by its id
  for(const doc of list) {
    for(const method of doc.verificationMethod ?? []) {
      if(typeof method === 'object' && !documents.has(method.id)) {
        documents.set(method.id, {'@context': MULTIKEY_CONTEXT, ...method});
      }
    }
  }
  for(const doc of documents.values()) {
    if(doc.type === 'Multikey') {
      // fails early with a clear message on a malformed key
      await Ed25519Multikey.from(doc);
    }
  }
  return documents;
}

function makeDocumentLoader(documents) {
  return async url => {
    if(!documents.has(url)) {
      throw new Error(`${url} is not bundled or given; nothing is fetched`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: structuredClone(documents.get(url))
    };
  };
}

function issuerId(credential) {
  return typeof credential.issuer === 'string' ?
    credential.issuer : credential.issuer?.id;
}

function bitIsSet(encodedList, index) {
  if(typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw new Error('encodedList is not base64url multibase');
  }
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if(index < 0 || index >= bits.length * 8) {
    throw new Error(`status index ${index} is outside the list`);
  }
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

// Bitstring Status List (revocation): verify the list, then read the bit.
function makeCheckStatus(suite) {
  return async ({credential, documentLoader}) => {
    const entries = [].concat(credential.credentialStatus);
    for(const entry of entries) {
      if(entry?.type !== 'BitstringStatusListEntry') {
        return {verified: false, error: new Error(
          `unsupported credentialStatus type ${entry?.type}`)};
      }
      const {document: list} = await documentLoader(entry.statusListCredential);
      const listResult = await vc.verifyCredential(
        {credential: list, suite, documentLoader});
      if(!listResult.verified) {
        return {verified: false, error: new Error(
          'status list credential not verified: ' + firstError(listResult))};
      }
      if(issuerId(list) !== issuerId(credential)) {
        return {verified: false, error: new Error(
          'status list credential has another issuer')};
      }
      const subject = list.credentialSubject;
      if(subject?.statusPurpose !== entry.statusPurpose) {
        return {verified: false, error: new Error('status purpose differs')};
      }
      if(bitIsSet(subject.encodedList, Number(entry.statusListIndex))) {
        return {verified: false, error: new Error(
          `credential status: ${entry.statusPurpose} (revoked)`)};
      }
    }
    return {verified: true};
  };
}

function firstError(result) {
  const error = result.error ?? result.statusResult?.error ??
    result.results?.find(r => r.error)?.error;
  if(!error) {
    return 'not verified';
  }
  const inner = error.errors?.[0] ?? error;
  return inner.message ?? String(inner);
}

async function main([credentialFile, controllerFile]) {
  if(!credentialFile || !controllerFile) {
    throw new Error('usage: node verify.mjs credential.json controller.json');
  }
  const credential = await readJson(credentialFile);
  const documentLoader = makeDocumentLoader(
    await publishedDocuments(controllerFile));
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const checkStatus = makeCheckStatus(suite);
  const result = await vc.verifyCredential(
    {credential, suite, documentLoader, checkStatus});
  return result.verified ?
    {verified: true} : {verified: false, error: firstError(result)};
}

let outcome;
try {
  outcome = await main(process.argv.slice(2));
} catch(error) {
  outcome = {verified: false, error: error.message ?? String(error)};
}
process.stdout.write(JSON.stringify(outcome) + '\n');
process.exitCode = outcome.verified ? 0 : 1;
