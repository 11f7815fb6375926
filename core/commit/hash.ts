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

/** Digest size in bytes. */
export const DIGEST_BYTES = 32;

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

function keyed64(key: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array {
  return blake3.create({ key }).update(a).update(b).digest();
}

/** Parent of two 32-byte children. */
export function compressNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  return keyed64(K_NODE, left, right);
}

/** A node with the leaf digest of the matrices whose height is this layer's, injected. */
export function injectLeaf(node: Uint8Array, leafDigest: Uint8Array): Uint8Array {
  return keyed64(K_INJECT, node, leafDigest);
}
