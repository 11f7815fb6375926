/**
 * The secp256k1_add AIR (`cop.secp256k1_add`, syscall 0x103): p := p + q for affine points
 * p = (x1, y1) at a0 and q = (x2, y2) at a1, p ≠ ±q, over F_P (P = 2^256 − 2^32 − 977). One row
 * per call; columns in add-columns.ts.
 *
 * Constraints (all on one row; degree ≤ 3):
 * - field (evalField): with λ, x3, y3 and the quotients k1..k3 committed as bytes,
 *     λ·(x2 − x1) − (y2 − y1) = (k1 − 2^256)·P,
 *     λ² − x1 − x2 − x3 = (k2 − 3)·P,
 *     λ·(x1 − x3) − y1 − y3 = (k3 − 2^256)·P
 *   as integer identities: one coefficient per byte position (degree 2, ../bigint/carry.ts)
 *   and a carry chain (../bigint/carry-steps.ts: one or two positions per step, carries
 *   range-checked, every step's value below p in magnitude, so each step holds over the
 *   integers). So the three congruences hold mod P;
 * - reduced (evalReduced): x1, y1, x2, y2, x3, y3 < P (field.ts, evalBelowP). With x1, x2 < P,
 *   x1 = x2 as integers iff x1 ≡ x2, so
 * - chord (evalChord): Σ_i (x2_i − x1_i)²·dInv = isReal over the 32 byte pairs. The sum is an
 *   integer in [0, 32·255²] ⊂ [0, p), zero only if every byte agrees: x1 ≠ x2, so x2 − x1 is
 *   invertible mod P and λ ≡ (y2 − y1)/(x2 − x1) is the chord's slope — for x1 = x2 (p = ±q)
 *   there is no proof: with y1 ≠ y2 the first congruence has no solution, with y1 = y2 (p = q)
 *   λ would be free, and dInv has no value. Then x3 and y3 are p + q's coordinates mod P, and
 *   being < P they are the canonical ones: the table proves exactly p + q;
 * - ranges: every byte column on the byte-pair table, y3's limbs on U16 (y1 and y2 come from
 *   the memory bus, u16 by its invariant), carries on U14/U16;
 * - machine side (evalCall): the call received once (a7 = 0x103, a0 = p's pointer), a1 read from
 *   register x11 at clk + 3, both pointers proven 4-aligned and ≥ 0x1000 (guestPointer), p's 16
 *   words declared writable, and 32 word accesses at clk + 3 (point-memory.ts): p's words
 *   receive (x1, y1) and send (x3, y3), q's receive and send (x2, y2).
 * Every multiplicity is isReal, or a below-P flag z ∈ {0, isReal}. Constants enter scaled by
 * isReal, so the all-zero padding row satisfies every constraint.
 *
 * Degree budget: identity steps 2; W·T·inv and Σ d²·dInv 3; flags and pointer checks 2; every
 * bus message degree 1 with a degree-1 multiplicity, so interactions pair up in LogUp.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { type Expr, mul, sub, sum } from "../../core/air/expr.js";
import type { RowOf } from "../../core/air/layout.js";
import type { AirBuilder } from "../../core/air/types.js";
import { guestPointer, receiveCall, writableWords } from "../../glue/coprocessor-air.js";
import { identityExprs } from "../bigint/carry.js";
import { evalStepChain } from "../bigint/carry-steps.js";
import { rangeCheckBytes, rangeCheckU16, u16Limbs } from "../bigint/limbs.js";
import { secp256k1AddCols, type Secp256k1AddCols } from "./add-columns.js";
import { POINT_WORDS, SECP256K1_ADD_SYSCALL } from "./constants.js";
import { evalBelowP } from "./field.js";
import { ADD_CHAINS, addIdentities, POSITIONS } from "./identities.js";
import { evalAccess, evalPointAccesses, pointLimbs } from "./point-memory.js";

type Cols = RowOf<Secp256k1AddCols["spec"]>;
type B = AirBuilder<Cols>;

/** x_j − y_j: products by a difference cost one multiplication per pair (identities.ts). */
const difference = (x: ArrayLike<Expr>, y: ArrayLike<Expr>): Expr[] =>
  Array.from(x, (xj, j) => sub(xj, y[j]));

/** Register a1 on the memory bus. */
const A1 = 11;

/** The three identities as carry chains; byte and u16 ranges of the committed values. */
function evalField(b: B, l: Cols): void {
  const identities = addIdentities({ ...l, one: l.isReal }, difference);
  identities.forEach((terms, i) =>
    evalStepChain(
      b,
      ADD_CHAINS[i],
      identityExprs(POSITIONS[i], terms),
      [l.c1, l.c2, l.c3][i],
      l.isReal,
    ),
  );
  rangeCheckBytes(
    b,
    "bytes",
    [...l.x1, ...l.x2, ...l.lambda, ...l.x3, ...l.k1, ...l.k2, ...l.k3],
    l.isReal,
  );
  rangeCheckU16(b, "y3", l.y3, l.isReal);
}

/**
 * Every coordinate read and written below P, and λ: any λ ≡ the slope mod P satisfies the
 * identities (with other quotients), so λ < P makes the row's cells unique.
 */
function evalReduced(b: B, l: Cols): void {
  const values = [
    ["x1", u16Limbs(l.x1)],
    ["y1", l.y1],
    ["x2", u16Limbs(l.x2)],
    ["y2", l.y2],
    ["x3", u16Limbs(l.x3)],
    ["y3", l.y3],
    ["λ", u16Limbs(l.lambda)],
  ] as const;
  values.forEach(([name, u], i) => evalBelowP(b, name, u, l.ltZ[i], l.ltInv[i], l.isReal));
}

/** x1 ≠ x2: Σ (x2_i − x1_i)² is invertible. */
function evalChord(b: B, l: Cols): void {
  const squares: Expr[] = l.x1.map((x, i) => {
    const d = sub(l.x2[i], x);
    return mul(d, d);
  });
  b.assertZero("x1 ≠ x2", sub(mul(sum(squares), l.dInv), l.isReal));
}

/** The call, a1's register read, the pointers and the 32 word accesses at ts = clk + 3. */
function evalCall(b: B, l: Cols): void {
  const real = l.isReal;
  receiveCall(b, SECP256K1_ADD_SYSCALL, l.clk, [l.pPtrLo, l.pPtrHi], real);
  const q: [Expr, Expr] = [l.qPtrLo, l.qPtrHi];
  evalAccess(b, "a1", A1, q, q, l.clk, [l.qRegGapLo, l.qRegGapHi], real);
  const wP = guestPointer(
    b,
    "p",
    { ptr: [l.pPtrLo, l.pPtrHi], q: l.pAlign, xLo: l.pAboveLo, xHi: l.pAboveHi },
    real,
  );
  const wQ = guestPointer(b, "q", { ptr: q, q: l.qAlign, xLo: l.qAboveLo, xHi: l.qAboveHi }, real);
  writableWords(b, "p", wP, POINT_WORDS, real);
  const p = pointLimbs(l.x1, l.y1);
  const sumLimbs = pointLimbs(l.x3, l.y3);
  const qLimbs = pointLimbs(l.x2, l.y2);
  const gLo = l.gLo;
  const gHi = l.gHi;
  evalPointAccesses(b, "p", wP, p, sumLimbs, l.clk, gLo.slice(0, 16), gHi.slice(0, 16), real);
  evalPointAccesses(b, "q", wQ, qLimbs, qLimbs, l.clk, gLo.slice(16), gHi.slice(16), real);
}

export const secp256k1AddAir = defineAir({
  name: "cop.secp256k1_add",
  mainColumns: secp256k1AddCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isReal bool", l.isReal);
    evalCall(b, l);
    evalField(b, l);
    evalReduced(b, l);
    evalChord(b, l);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function secp256k1AddChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(secp256k1AddAir));
}
