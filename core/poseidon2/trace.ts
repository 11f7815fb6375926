/**
 * The round cells of one Poseidon2 permutation (the witness of air.ts's evalPoseidon2Rounds):
 * the permutation re-run with every S-box's cube and output recorded, in the AIR's order.
 */
import { add, mul } from "../field/babybear.js";
import {
  HALF_FULL_ROUNDS,
  PARTIAL_ROUNDS,
  RC_FINAL,
  RC_INITIAL,
  RC_PARTIAL,
  WIDTH,
} from "./constants.js";
import { externalLayer, internalLayer } from "./reference.js";

/** Where a row's round-cell groups start (column indices; see Poseidon2RoundCells). */
export interface Poseidon2RoundColumns {
  /** 128 cells: the cube of S-box i of full round r at x3 + 16r + i. */
  readonly x3: number;
  /** 112 cells: the output of S-box i of full round r < 7 at y + 16r + i. */
  readonly y: number;
  /** 13 cells each: the cube and the output of partial round r's S-box. */
  readonly px3: number;
  readonly py: number;
}

/** One S-box: writes x^3 at `x3At` and (if `yAt` ≥ 0) x^7 at `yAt`; returns x^7. */
function sbox(v: Uint32Array, x: number, x3At: number, yAt: number): number {
  const x3 = mul(mul(x, x), x);
  const y = mul(mul(x3, x3), x);
  v[x3At] = x3;
  if (yAt >= 0) v[yAt] = y;
  return y;
}

/**
 * Writes the round cells of the permutation of `input` (16 canonical field elements) into the
 * row starting at `v[o]`, at the columns `cols`; returns the permutation's output (a new array).
 *
 * @example
 * const out = fillPoseidon2Rounds(values, row * width, input, layout.index);
 */
export function fillPoseidon2Rounds(
  v: Uint32Array,
  o: number,
  input: ArrayLike<number>,
  cols: Poseidon2RoundColumns,
): Uint32Array {
  const s = Uint32Array.from(input);
  externalLayer(s);
  const last = 2 * HALF_FULL_ROUNDS - 1;
  for (let r = 0; r <= last; r++) {
    const [rc, at] =
      r < HALF_FULL_ROUNDS ? [RC_INITIAL, WIDTH * r] : [RC_FINAL, WIDTH * (r - HALF_FULL_ROUNDS)];
    for (let i = 0; i < WIDTH; i++) {
      const cube = o + cols.x3 + WIDTH * r + i;
      s[i] = sbox(v, add(s[i], rc[at + i]), cube, r < last ? o + cols.y + WIDTH * r + i : -1);
    }
    externalLayer(s);
    if (r === HALF_FULL_ROUNDS - 1) {
      for (let p = 0; p < PARTIAL_ROUNDS; p++) {
        s[0] = sbox(v, add(s[0], RC_PARTIAL[p]), o + cols.px3 + p, o + cols.py + p);
        internalLayer(s);
      }
    }
  }
  return s;
}
