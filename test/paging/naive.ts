/**
 * Naive references for the paging tests, written from the definitions (glue/paging/README.md),
 * not from the code under test: deterministic page words and the page sponge.
 */
import { permute } from "../../core/poseidon2/reference.js";

/** Deterministic words (xorshift32). */
export function words(seed: number, n = 256): Uint32Array {
  let x = seed >>> 0 || 1;
  return Uint32Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  });
}

/** The page sponge: state[0..8] overwritten by 4 words' limbs (lo, hi), then permuted. */
export function spongeDigest(ws: Uint32Array): Uint32Array {
  let s: Uint32Array = new Uint32Array(16);
  for (let k = 0; k < ws.length / 4; k++) {
    for (let j = 0; j < 4; j++) {
      s[2 * j] = ws[4 * k + j] & 0xffff;
      s[2 * j + 1] = ws[4 * k + j] >>> 16;
    }
    s = permute(s);
  }
  return s.slice(0, 8);
}
