/**
 * The constraints of one Poseidon2 permutation (Plonky3's BabyBear width 16), reusable by every
 * table that proves permutations: the Poseidon2 coprocessor (one guest call per row) and the
 * paging permutation table (glue/paging/permutation).
 *
 * The state is carried as *linear forms* in committed cells, folded at eval time (one field
 * coefficient per cell), so that a constraint never re-expands a chain of linear layers: each
 * S-box input x is a form of ≤ 32 cells. Per S-box, x3 = x^3 and y = x3^2·x (x^7 through the
 * committed cube): degree 3. Round constants enter as rc·isReal, so an all-zero row satisfies
 * every round constraint. The last full round's outputs are not committed: the external layer M
 * is invertible, so (M^−1·out)_i = x3_i^2·x_i ties the output forms to the S-boxes (M^−1 is
 * computed here from M).
 *
 * Cells per permutation: x3 of the 8 full rounds (128), y of rounds 0..6 (112), the cube and
 * output of the 13 partial S-boxes (26); the caller supplies the input and output forms.
 */
import { type Expr, mul, sub, sum } from "../air/expr.js";
import type { AirBuilder } from "../air/types.js";
import { add as fadd, inv as finv, mul as fmul, sub as fsub } from "../field/babybear.js";
import {
  DIAG,
  HALF_FULL_ROUNDS,
  PARTIAL_ROUNDS,
  RC_FINAL,
  RC_INITIAL,
  RC_PARTIAL,
  WIDTH,
} from "./constants.js";
import { externalLayer } from "./reference.js";

// ---- linear forms over committed cells ----

/** Σ coef·cell, coefficients canonical field elements (a constant enters as a multiple of isReal). */
export type Form = Map<Expr, number>;

/** The form c·e. */
export const cell = (e: Expr, c = 1): Form => new Map([[e, c]]);

/** The sum of forms (terms in first-seen order). */
export function addForms(...fs: Form[]): Form {
  const out: Form = new Map();
  for (const f of fs) for (const [e, c] of f) out.set(e, fadd(out.get(e) ?? 0, c));
  return out;
}

/** c·f. */
export function scaleForm(f: Form, c: number): Form {
  const out: Form = new Map();
  for (const [e, k] of f) out.set(e, fmul(k, c));
  return out;
}

/** The form as an expression (terms with coefficient 0 dropped). */
export function formExpr(f: Form): Expr {
  const terms: Expr[] = [];
  for (const [e, c] of f) if (c !== 0) terms.push(c === 1 ? e : mul(e, c));
  return sum(terms);
}

/** M as a 16×16 matrix: column k is externalLayer(e_k). */
export const EXTERNAL: readonly (readonly number[])[] = (() => {
  const m = Array.from({ length: WIDTH }, () => new Array<number>(WIDTH).fill(0));
  for (let k = 0; k < WIDTH; k++) {
    const e = new Uint32Array(WIDTH);
    e[k] = 1;
    externalLayer(e);
    for (let j = 0; j < WIDTH; j++) m[j][k] = e[j];
  }
  return m;
})();

/** M^−1 by Gauss–Jordan elimination over BabyBear (M is invertible: a Poseidon2 layer). */
export const EXTERNAL_INVERSE: number[][] = (() => {
  const n = WIDTH;
  const a = EXTERNAL.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => +(i === j))]);
  for (let c = 0; c < n; c++) {
    const p = a.findIndex((row, r) => r >= c && row[c] !== 0);
    if (p < 0) throw new Error("poseidon2: the external layer is singular");
    [a[c], a[p]] = [a[p], a[c]];
    const iv = finv(a[c][c]);
    a[c] = a[c].map((x) => fmul(x, iv));
    for (let r = 0; r < n; r++) {
      if (r === c || a[r][c] === 0) continue;
      const f = a[r][c];
      a[r] = a[r].map((x, j) => fsub(x, fmul(f, a[c][j])));
    }
  }
  return a.map((row) => row.slice(n));
})();

/** The external layer M on forms (the matrix of reference.ts's externalLayer). */
export function externalForms(s: readonly Form[]): Form[] {
  return EXTERNAL.map((row) => addForms(...row.map((c, k) => scaleForm(s[k], c))));
}

/** The internal layer 1 + Diag(V) on forms. */
export function internalForms(s: readonly Form[]): Form[] {
  const total = addForms(...s);
  return s.map((f, i) => addForms(total, scaleForm(f, DIAG[i])));
}

// ---- the rounds ----

/** All the rounds need of a builder (any AIR's builder has it). */
type Asserter = Pick<AirBuilder, "assertZero">;

/** The cells of one permutation, and the forms of its input and output words. */
export interface Poseidon2RoundCells {
  /** 1 on a row whose permutation is real, 0 on padding: it scales every round constant. */
  isReal: Expr;
  /** The 16 input words as forms in committed cells. */
  input: readonly Form[];
  /** The 16 output words as forms in committed cells. */
  output: readonly Form[];
  /** x3[16r + i]: the cube of S-box i of full round r (r = 0..7). */
  x3: readonly Expr[];
  /** y[16r + i]: the output of S-box i of full round r (r = 0..6). */
  y: readonly Expr[];
  /** The cube and the output of the S-box of partial round r (r = 0..12). */
  px3: readonly Expr[];
  py: readonly Expr[];
}

/** x3 = x^3 and y = x3^2·x for one S-box whose input is the form `x`. */
function sboxConstraints(b: Asserter, name: string, x: Form, x3: Expr, y: Expr): void {
  const xe = formExpr(x);
  b.assertZero(`${name}: x3 = x^3`, sub(x3, mul(xe, xe, xe)));
  b.assertZero(`${name}: y = x3^2·x`, sub(y, mul(x3, x3, xe)));
}

/**
 * Emits output = Poseidon2(input): 2 constraints per S-box (8·16 + 13 = 141 S-boxes, 282
 * constraints, degree 3), named `round r sbox i: …` and `partial r: …`.
 *
 * @example
 * evalPoseidon2Rounds(b, { isReal: l.isReal, input: l.in.map((e) => cell(e)),
 *   output: l.out.map((e) => cell(e)), x3: l.x3, y: l.y, px3: l.px3, py: l.py });
 */
export function evalPoseidon2Rounds(b: Asserter, c: Poseidon2RoundCells): void {
  const rc = (k: number): Form => cell(c.isReal, k);
  let s = externalForms(c.input);
  // Full rounds 0..3, then the partial rounds, then full rounds 4..6 (7 is below).
  const full = (r: number, consts: Uint32Array, at: number) => {
    const ys = s.map((f, i) => {
      const x = addForms(f, rc(consts[at + i]));
      const y = c.y[WIDTH * r + i];
      sboxConstraints(b, `round ${r} sbox ${i}`, x, c.x3[WIDTH * r + i], y);
      return cell(y);
    });
    s = externalForms(ys);
  };
  for (let r = 0; r < HALF_FULL_ROUNDS; r++) full(r, RC_INITIAL, WIDTH * r);
  for (let r = 0; r < PARTIAL_ROUNDS; r++) {
    const x = addForms(s[0], rc(RC_PARTIAL[r]));
    sboxConstraints(b, `partial ${r}`, x, c.px3[r], c.py[r]);
    s = internalForms([cell(c.py[r]), ...s.slice(1)]);
  }
  for (let r = 0; r < HALF_FULL_ROUNDS - 1; r++) full(HALF_FULL_ROUNDS + r, RC_FINAL, WIDTH * r);
  // Round 7: out = M·z with z_i = x3_i^2·x_i, checked as (M^−1·out)_i = z_i.
  const r = 2 * HALF_FULL_ROUNDS - 1;
  s.forEach((f, i) => {
    const xe = formExpr(addForms(f, rc(RC_FINAL[WIDTH * (HALF_FULL_ROUNDS - 1) + i])));
    const x3 = c.x3[WIDTH * r + i];
    b.assertZero(`round ${r} sbox ${i}: x3 = x^3`, sub(x3, mul(xe, xe, xe)));
    const z = formExpr(addForms(...c.output.map((o, j) => scaleForm(o, EXTERNAL_INVERSE[i][j]))));
    b.assertZero(`round ${r} sbox ${i}: (M^-1 out) = x3^2·x`, sub(z, mul(x3, x3, xe)));
  });
}
