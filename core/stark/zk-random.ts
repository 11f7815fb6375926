/**
 * The zero-knowledge prover's randomness: a 32-byte seed per part (from `crypto.getRandomValues`
 * unless a test fixes it), expanded into independent streams of uniform BabyBear elements.
 * Never drawn from the transcript: the verifier (and anyone holding the proof) must not be able
 * to recompute it.
 *
 * Construction (a PRF in counter mode, keys from @noble/hashes):
 *   key(label)   = HMAC-SHA256(seed, "zkglue-zk-v1/" ‖ label)
 *   block i      = BLAKE3_keyed(key(label), u32le(i))            (32 bytes = 8 words)
 *   elements     = each word w of blocks 0, 1, …: v = w mod 2^31, kept if v < p (rejection
 *                  sampling: uniform on [0, p), 15/16 of the words are kept)
 * Small requests hash with noble's BLAKE3; large ones (the FRI mask: 4 elements per row of the
 * tallest committed matrix) with the BLAKE3 WebAssembly kernel of core/commit, which computes
 * the same function (tested against noble) a few hundred times faster.
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { P } from "../field/babybear.js";
import { hashContiguous, kernelKey } from "../commit/kernel.js";
import { heap } from "../wasm/heap.js";

export const ZK_SEED_BYTES = 32;

/** A fresh seed from the platform's cryptographic generator. */
export function randomZkSeed(): Uint8Array {
  const seed = new Uint8Array(ZK_SEED_BYTES);
  globalThis.crypto.getRandomValues(seed);
  return seed;
}

/** From this many blocks on, the WebAssembly kernel hashes them. */
const KERNEL_MIN_BLOCKS = 1 << 10;

/** Blocks [start, start + count) of a stream: 8 words each. */
export function streamBlocks(key: Uint8Array, start: number, count: number): Uint32Array {
  const out = new Uint32Array(8 * count);
  if (count >= KERNEL_MIN_BLOCKS) {
    const h = heap();
    const counters = h.alloc(count);
    const digests = h.alloc(8 * count);
    const k = kernelKey(key);
    try {
      for (let i = 0; i < count; i++) counters[i] = start + i;
      hashContiguous(counters.byteOffset, 4, 4, count, digests, k);
      out.set(digests);
    } finally {
      h.free(counters);
      h.free(digests);
      h.free(k.words);
    }
    return out;
  }
  const msg = new Uint8Array(4);
  const view = new DataView(msg.buffer);
  for (let i = 0; i < count; i++) {
    view.setUint32(0, start + i, true);
    const d = blake3(msg, { key });
    const dv = new DataView(d.buffer, d.byteOffset, 32);
    for (let w = 0; w < 8; w++) out[8 * i + w] = dv.getUint32(4 * w, true);
  }
  return out;
}

/** Independent streams of uniform field elements from one seed. */
export class ZkRandom {
  private readonly seed: Uint8Array;

  constructor(seed: Uint8Array) {
    if (!(seed instanceof Uint8Array) || seed.length !== ZK_SEED_BYTES)
      throw new RangeError(`zk: a seed has ${ZK_SEED_BYTES} bytes`);
    this.seed = Uint8Array.from(seed);
  }

  /** The stream key of `label`. */
  key(label: string): Uint8Array {
    return hmac(sha256, this.seed, utf8ToBytes(`zkglue-zk-v1/${label}`));
  }

  /** The first `count` elements of stream `label` (the same every time for one seed and label). */
  elements(label: string, count: number): Uint32Array {
    const key = this.key(label);
    const out = new Uint32Array(count);
    let filled = 0;
    let block = 0;
    while (filled < count) {
      // Enough blocks for the rest with high probability (15/16 of words kept), then top up.
      const need = Math.ceil(((count - filled) * 17) / 16 / 8) + 1;
      const words = streamBlocks(key, block, need);
      block += need;
      for (let i = 0; i < words.length && filled < count; i++) {
        const v = words[i] & 0x7fffffff;
        if (v < P) out[filled++] = v;
      }
    }
    return out;
  }
}
