/**
 * The Merkle tree's three hash functions, as the verifier computes them (@noble/hashes BLAKE3).
 *
 * Domain separation: every hash is BLAKE3 in keyed mode, with one 32-byte key per role —
 * K_LEAF for a leaf (the little-endian bytes of one or more concatenated rows), K_NODE for two
 * children (left ‖ right), K_INJECT for a node and the leaf digest of shorter matrices
 * (node ‖ leafDigest). Distinct keys give independent functions, so a leaf digest can never be
 * presented as a node digest (or the reverse) even when the bytes hashed are the same: turning
 * one into the other would take a BLAKE3 collision across keys. The keys are BLAKE3 of fixed
 * ASCII labels, computed at load, so anyone can recompute them.
 *
 * The prover computes the same functions with the WebAssembly kernel (`./kernel.ts`); tests
 * check both agree.
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { _compress } from "@noble/hashes/blake2.js";

/** Digest size in bytes. */
export const DIGEST_BYTES = 32;

/** Whether two byte strings (digests, roots, ids) are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const label = (s: string) => blake3(new TextEncoder().encode(s));

/** Key for leaf hashing. */
export const K_LEAF: Uint8Array = label("zkglue merkle leaf v1");
/** Key for compressing two children into their parent. */
export const K_NODE: Uint8Array = label("zkglue merkle node v1");
/** Key for injecting shorter matrices' leaf digest into a node. */
export const K_INJECT: Uint8Array = label("zkglue merkle inject v1");

// Rows are hashed as their little-endian bytes; a Uint32Array's bytes are that only on a
// little-endian machine (every platform Node supports in practice). Refuse anything else.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error("zkglue commit: a little-endian platform is required");
}

function bytesOf(words: Uint32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** Leaf digest of `rows` concatenated (as little-endian u32 words). */
export function hashLeaf(rows: readonly Uint32Array[]): Uint8Array {
  const h = blake3.create({ key: K_LEAF });
  for (const row of rows) h.update(bytesOf(row));
  return h.digest();
}

// Keyed BLAKE3 of exactly 64 bytes is ONE compression (BLAKE3 spec §2.2–2.5): chaining value =
// the key's words, block = the 64 bytes, counter 0, block length 64, flags CHUNK_START |
// CHUNK_END | ROOT | KEYED_HASH; the digest is the first 8 output words. Calling noble's
// compression function directly skips its hasher object (key copy, checks, buffers), which
// took half of a verifier's time (measured: 3.4 µs → 1.5 µs per node). Tests compare it with
// noble's full `blake3(…, { key })` on random inputs.
const IV = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a); // spec §2.2 (= SHA-256's)
const FLAGS_64 = 1 | 2 | 8 | 16; // CHUNK_START | CHUNK_END | ROOT | KEYED_HASH (spec Table 3)
/** The message schedule of the 7 rounds: the identity, permuted once per round (spec §2.2). */
const SIGMA = (() => {
  const perm = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
  const out: number[] = [];
  let row = Array.from({ length: 16 }, (_, i) => i);
  for (let r = 0; r < 7; r++, row = perm.map((i) => row[i])) out.push(...row);
  return Uint8Array.from(out);
})();
const msg = new Uint32Array(16);

function wordsLE(bytes: Uint8Array, into: Uint32Array, at: number): void {
  for (let i = 0; i < 8; i++) {
    const o = 4 * i;
    into[at + i] =
      (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
  }
}

function keyWords(key: Uint8Array): Uint32Array {
  const k = new Uint32Array(8);
  wordsLE(key, k, 0);
  return k;
}
const KW_NODE = keyWords(K_NODE);
const KW_INJECT = keyWords(K_INJECT);

function keyed64(k: Uint32Array, a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== DIGEST_BYTES || b.length !== DIGEST_BYTES)
    throw new RangeError("merkle: node inputs must be 32 bytes");
  wordsLE(a, msg, 0);
  wordsLE(b, msg, 8);
  const v = _compress(
    SIGMA,
    0,
    msg,
    7,
    k[0],
    k[1],
    k[2],
    k[3],
    k[4],
    k[5],
    k[6],
    k[7],
    IV[0],
    IV[1],
    IV[2],
    IV[3],
    0,
    0,
    64,
    FLAGS_64,
  );
  const out = new Uint8Array(DIGEST_BYTES);
  const words = [
    v.v0 ^ v.v8,
    v.v1 ^ v.v9,
    v.v2 ^ v.v10,
    v.v3 ^ v.v11,
    v.v4 ^ v.v12,
    v.v5 ^ v.v13,
    v.v6 ^ v.v14,
    v.v7 ^ v.v15,
  ];
  for (let i = 0; i < 8; i++) {
    const w = words[i];
    out[4 * i] = w;
    out[4 * i + 1] = w >>> 8;
    out[4 * i + 2] = w >>> 16;
    out[4 * i + 3] = w >>> 24;
  }
  return out;
}

/** Parent of two 32-byte children: BLAKE3 keyed with K_NODE of left ‖ right. */
export function compressNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keyed64(KW_NODE, left, right);
}

/** A node with the leaf digest of the matrices whose height is this layer's, injected. */
export function injectLeaf(node: Uint8Array, leafDigest: Uint8Array): Uint8Array {
  return keyed64(KW_INJECT, node, leafDigest);
}
