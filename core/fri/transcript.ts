/**
 * The Fiat-Shamir transcript (challenger) over BLAKE3 (@noble/hashes, so prover and verifier
 * share one well-known implementation; the transcript is never a hot path).
 *
 * Absorbed items are framed as (label, length, bytes), so no two different sequences of items
 * share an encoding. A squeeze first folds the state and everything absorbed since the last
 * squeeze into a new 32-byte state (keyed hash), then expands the state into output bytes
 * (a second key, XOF mode). Every challenge therefore depends on everything absorbed before it,
 * and two squeezes in a row give different outputs.
 *
 * Field elements are sampled by rejection (31-bit candidates below p), so they are exactly
 * uniform; query indices are uniform bit strings.
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { P } from "../field/babybear.js";
import type { Ext } from "../field/extension.js";
import { hashContiguous, kernelKey } from "../commit/kernel.js";
import { heap } from "../wasm/heap.js";

const enc = new TextEncoder();
const KEY_ABSORB = blake3(enc.encode("zkglue transcript absorb v1"));
const KEY_SQUEEZE = blake3(enc.encode("zkglue transcript squeeze v1"));
const KEY_POW = blake3(enc.encode("zkglue transcript pow v1"));

function u32le(x: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, x >>> 0, true);
  return b;
}

function wordsToBytes(words: Uint32Array | readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(4 * i, words[i] >>> 0, true);
  return out;
}

function leadingZeroBits(h: Uint8Array): number {
  let zeros = 0;
  for (const byte of h) {
    if (byte !== 0) return zeros + Math.clz32(byte) - 24;
    zeros += 8;
  }
  return zeros;
}

export class Transcript {
  private state = new Uint8Array(32);
  private pending: Uint8Array[] = [];

  /** Starts a transcript bound to a protocol label (e.g. "zkglue-stark-v1"). */
  constructor(protocol: string) {
    this.absorbBytes("protocol", enc.encode(protocol));
  }

  /**
   * An independent copy of the transcript so far: what is absorbed into one afterwards no
   * longer reaches the other (linked proofs fork one transcript per part after the shared
   * challenges).
   */
  fork(): Transcript {
    const t = Object.create(Transcript.prototype) as Transcript;
    t.state = this.state.slice();
    t.pending = [...this.pending];
    return t;
  }

  /** Absorbs raw bytes under a label. */
  absorbBytes(label: string, bytes: Uint8Array): void {
    const l = enc.encode(label);
    this.pending.push(u32le(l.length), l, u32le(bytes.length), bytes);
  }

  /** Absorbs base-field elements (or any u32 words) under a label. */
  absorbFields(label: string, values: Uint32Array | readonly number[]): void {
    this.absorbBytes(label, wordsToBytes(values));
  }

  /** Absorbs extension elements. */
  absorbExts(label: string, values: readonly Ext[]): void {
    this.absorbFields(label, values.flat());
  }

  /** Absorbs a commitment (a 32-byte digest). */
  absorbDigest(label: string, digest: Uint8Array): void {
    this.absorbBytes(label, digest);
  }

  private flush(): void {
    const h = blake3.create({ key: KEY_ABSORB });
    h.update(this.state);
    for (const p of this.pending) h.update(p);
    this.state = h.digest();
    this.pending = [];
  }

  /** Squeezes `n` uniformly random bytes. */
  squeezeBytes(n: number): Uint8Array {
    this.flush();
    return blake3(this.state, { key: KEY_SQUEEZE, dkLen: n });
  }

  /** Samples `count` uniform base-field elements. */
  sampleFields(count: number): number[] {
    const out: number[] = [];
    while (out.length < count) {
      // A 31-bit candidate is below p with probability 15/16: 8 spare candidates per element
      // leave a negligible chance of another round.
      const bytes = this.squeezeBytes(4 * 8 * (count - out.length));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let o = 0; o < bytes.length && out.length < count; o += 4) {
        const c = view.getUint32(o, true) & 0x7fffffff;
        if (c < P) out.push(c);
      }
    }
    return out;
  }

  /** Samples one uniform extension element (a verifier challenge). */
  sampleExt(): Ext {
    const [a, b, c, d] = this.sampleFields(4);
    return [a, b, c, d];
  }

  /** Samples `count` uniform integers in [0, 2^bits), bits ≤ 32. */
  sampleBits(bits: number, count: number): number[] {
    if (bits < 0 || bits > 32) throw new RangeError(`transcript: cannot sample ${bits} bits`);
    const bytes = this.squeezeBytes(4 * count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((view.getUint32(4 * i, true) & mask) >>> 0);
    return out;
  }

  /** The proof-of-work test: does BLAKE3_pow(seed ‖ nonce) start with `bits` zero bits? */
  private powHolds(seed: Uint8Array, nonce: number, bits: number): boolean {
    const msg = new Uint8Array(40);
    msg.set(seed);
    new DataView(msg.buffer).setUint32(32, nonce >>> 0, true);
    return leadingZeroBits(blake3(msg, { key: KEY_POW })) >= bits;
  }

  /**
   * Prover: finds the smallest nonce with `bits` leading zero bits and absorbs it. Candidates
   * are hashed in batches by the WebAssembly BLAKE3 kernel (four lanes, both cores); the
   * winner is confirmed with @noble/hashes, exactly as the verifier will check it.
   */
  grind(bits: number): number {
    const seed = this.squeezeBytes(32);
    // Candidates seed ‖ nonce (40 bytes) in 44-byte slots on the heap, written once; per batch
    // only the nonces change. The digests' first words are scanned in nonce order, so the
    // smallest passing nonce wins, as before (allocating a message per nonce cost ~1 µs each).
    const BATCH = 1 << 14;
    const h = heap();
    const slots = h.alloc(11 * BATCH);
    const digests = h.alloc(8 * BATCH);
    const seedWords = new Uint32Array(seed.buffer.slice(seed.byteOffset, seed.byteOffset + 32));
    // Slot k: seed (words 0–7), nonce (8), zero (9: the message is 40 bytes), unused (10).
    slots.fill(0);
    for (let k = 0; k < BATCH; k++) slots.set(seedWords, 11 * k);
    const key = kernelKey(KEY_POW);
    try {
      for (let start = 0; start <= 0xffffffff; start += BATCH) {
        for (let k = 0; k < BATCH; k++) slots[11 * k + 8] = (start + k) >>> 0;
        hashContiguous(slots.byteOffset, 44, 40, BATCH, digests, key);
        for (let k = 0; k < BATCH; k++) {
          const w = digests[8 * k];
          // Leading zero bits of the digest's bytes = of its first word read big-endian.
          const be = ((w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0;
          if (
            (bits <= 32 ? Math.clz32(be) >= bits : be === 0) &&
            this.powHolds(seed, start + k, bits)
          ) {
            this.absorbFields("pow", [start + k]);
            return start + k;
          }
        }
      }
    } finally {
      h.free(slots);
      h.free(digests);
      h.free(key.words);
    }
    throw new Error(`transcript: no proof-of-work nonce for ${bits} bits`);
  }

  /** Verifier: checks the nonce and absorbs it; false if it does not meet `bits`. */
  checkWitness(bits: number, nonce: number): boolean {
    const seed = this.squeezeBytes(32);
    if (!Number.isInteger(nonce) || nonce < 0 || nonce > 0xffffffff) return false;
    if (!this.powHolds(seed, nonce, bits)) return false;
    this.absorbFields("pow", [nonce]);
    return true;
  }
}
