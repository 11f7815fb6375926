/**
 * SHA-256 on plain values (FIPS 180-4): the compression function the coprocessor computes and
 * proves, and the whole hash built on it for tests. Words are SHA-256's 32-bit big-endian words
 * held as u32, exactly as the guest ABI passes them, so `compress` is what one
 * sha256_compress call does to guest memory.
 *
 * Hot path: u32 arithmetic with `>>> 0` / `| 0`, no BigInt, and one 64-word schedule buffer
 * reused by every call (the function is not re-entrant, and never needs to be).
 */
import { IV, K } from "./constants.js";

// The message schedule W_0..W_63 (FIPS 180-4 §6.2.2 step 1), shared across calls so that a
// compression allocates only its result.
const W = new Uint32Array(64);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/**
 * One SHA-256 compression (FIPS 180-4 §6.2.2 steps 1-4): H(i) from H(i−1) = `state` and the
 * message block M(i) = `block`. Returns a new array; the arguments are not modified.
 *
 * @example
 * const h = compress(IV, block); // block: 16 big-endian words of a padded message
 */
export function compress(state: Uint32Array, block: Uint32Array): Uint32Array {
  // §6.2.2 step 1: the message schedule, with σ0 and σ1 of §4.1.2 (4.6), (4.7).
  for (let t = 0; t < 16; t++) W[t] = block[t];
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15];
    const w2 = W[t - 2];
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
    W[t] = s1 + W[t - 7] + s0 + W[t - 16];
  }
  // Step 2: the working variables a..h from H(i−1).
  let a = state[0] | 0;
  let b = state[1] | 0;
  let c = state[2] | 0;
  let d = state[3] | 0;
  let e = state[4] | 0;
  let f = state[5] | 0;
  let g = state[6] | 0;
  let h = state[7] | 0;
  // Step 3: 64 rounds with Σ0, Σ1 (4.4), (4.5), Ch (4.2) and Maj (4.3).
  for (let t = 0; t < 64; t++) {
    const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t] + W[t]) | 0;
    const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  // Step 4: H(i) = working variables + H(i−1), mod 2^32 (the Uint32Array store wraps).
  return Uint32Array.of(
    state[0] + a,
    state[1] + b,
    state[2] + c,
    state[3] + d,
    state[4] + e,
    state[5] + f,
    state[6] + g,
    state[7] + h,
  );
}

/**
 * SHA-256 of `bytes`: §5.1.1 padding (a 1 bit, zeros, the 64-bit big-endian bit length) to a
 * multiple of 512 bits, §5.3.3 initial value, one `compress` per block, the digest big-endian.
 *
 * @example
 * sha256(new TextEncoder().encode("abc")); // ba7816bf…f20015ad
 */
export function sha256(bytes: Uint8Array): Uint8Array {
  const blocks = Math.floor((bytes.length + 8) / 64) + 1;
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  // The bit length as two 32-bit halves: lengths up to 2^53 bits need no BigInt.
  const bits = bytes.length * 8;
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  let state: Uint32Array = Uint32Array.from(IV);
  const block = new Uint32Array(16);
  for (let i = 0; i < blocks; i++) {
    for (let t = 0; t < 16; t++) block[t] = view.getUint32(64 * i + 4 * t);
    state = compress(state, block);
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let j = 0; j < 8; j++) outView.setUint32(4 * j, state[j]);
  return out;
}

/** The word with its four bytes reversed: the big-endian reading of a little-endian word. */
export function byteSwap(w: number): number {
  return ((w >>> 24) | ((w >>> 8) & 0xff00) | ((w & 0xff00) << 8) | (w << 24)) >>> 0;
}
