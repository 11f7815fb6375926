/**
 * The Poseidon2 BabyBear width-16 permutation on plain values (Plonky3's `Poseidon2BabyBear<16>`,
 * see constants.ts): what one poseidon2_permute call does to the 16 words at a0, what the memory
 * image hashes pages with (glue/paging), and what the tests compare the tables with.
 *
 * permute = external layer; 4 full rounds; 13 partial rounds; 4 full rounds (Plonky3
 * `external_initial_permute_state`, `InternalLayer::permute_state`,
 * `external_terminal_permute_state`). A full round adds its 16 constants, applies x^7 to every
 * element and the external layer; a partial round adds its constant to element 0, applies x^7 to
 * it alone and the internal layer.
 *
 * Hot path: canonical u32 field elements with core/field's number arithmetic, no BigInt.
 */
import { add, mul } from "../field/babybear.js";
import {
  DIAG,
  HALF_FULL_ROUNDS,
  PARTIAL_ROUNDS,
  RC_FINAL,
  RC_INITIAL,
  RC_PARTIAL,
  WIDTH,
} from "./constants.js";

/** The round constants of one Poseidon2 instance (canonical field elements). */
export interface Poseidon2Constants {
  /** 4 × 16, round-major. */
  readonly initial: Uint32Array;
  /** 4 × 16, round-major. */
  readonly final: Uint32Array;
  /** 13. */
  readonly partial: Uint32Array;
}

/** Plonky3's default constants (`default_babybear_poseidon2_16`). */
export const PLONKY3_CONSTANTS: Poseidon2Constants = {
  initial: RC_INITIAL,
  final: RC_FINAL,
  partial: RC_PARTIAL,
};

/** x^7 = (x^3)^2 · x, the S-box. */
export function sbox(x: number): number {
  const x3 = mul(mul(x, x), x);
  return mul(mul(x3, x3), x);
}

/**
 * The external linear layer in place (Plonky3 `mds_light_permutation` with `MDSMat4`):
 * circ(2, 3, 1, 1) on each block of 4, then the sum of the blocks' k-th entries added to every
 * entry k mod 4.
 */
export function externalLayer(s: Uint32Array): void {
  for (let j = 0; j < WIDTH; j += 4) {
    const [a, b, c, d] = [s[j], s[j + 1], s[j + 2], s[j + 3]];
    const ab = add(a, b);
    const cd = add(c, d);
    const all = add(ab, cd);
    s[j] = add(add(all, ab), b); // 2a + 3b + c + d
    s[j + 1] = add(add(all, b), add(c, c)); // a + 2b + 3c + d
    s[j + 2] = add(add(all, c), add(d, d)); // a + b + 2c + 3d
    s[j + 3] = add(add(all, d), add(a, a)); // 3a + b + c + 2d
  }
  for (let k = 0; k < 4; k++) {
    const t = add(add(s[k], s[k + 4]), add(s[k + 8], s[k + 12]));
    for (let j = k; j < WIDTH; j += 4) s[j] = add(s[j], t);
  }
}

/** The internal linear layer in place: s := (1 + Diag(V))·s, i.e. s[i] := Σ s + V[i]·s[i]. */
export function internalLayer(s: Uint32Array): void {
  let total = 0;
  for (let i = 0; i < WIDTH; i++) total = add(total, s[i]);
  for (let i = 0; i < WIDTH; i++) s[i] = add(total, mul(DIAG[i], s[i]));
}

/** One full round in place: constants `rc[at..at+16)`, x^7 on every element, external layer. */
export function fullRound(s: Uint32Array, rc: Uint32Array, at: number): void {
  for (let i = 0; i < WIDTH; i++) s[i] = sbox(add(s[i], rc[at + i]));
  externalLayer(s);
}

/** One partial round in place: constant c and x^7 on element 0, internal layer. */
export function partialRound(s: Uint32Array, c: number): void {
  s[0] = sbox(add(s[0], c));
  internalLayer(s);
}

/**
 * The permutation with the given round constants. `state` holds 16 canonical field elements
 * (not checked: execute.ts refuses non-canonical words); returns a new array.
 */
export function permuteWith(c: Poseidon2Constants, state: Uint32Array): Uint32Array {
  const s = Uint32Array.from(state);
  externalLayer(s);
  for (let r = 0; r < HALF_FULL_ROUNDS; r++) fullRound(s, c.initial, WIDTH * r);
  for (let r = 0; r < PARTIAL_ROUNDS; r++) partialRound(s, c.partial[r]);
  for (let r = 0; r < HALF_FULL_ROUNDS; r++) fullRound(s, c.final, WIDTH * r);
  return s;
}

/**
 * Poseidon2 BabyBear width 16 with Plonky3's constants: what poseidon2_permute computes.
 *
 * @example
 * const out = permute(Uint32Array.from({ length: 16 }, (_, i) => i));
 */
export function permute(state: Uint32Array): Uint32Array {
  return permuteWith(PLONKY3_CONSTANTS, state);
}
