/**
 * The secp256k1_double AIR (`cop.secp256k1_double`, syscall 0x104): p := 2p for the affine
 * point p = (x, y) at a0, y ≠ 0, over F_P (P = 2^256 − 2^32 − 977). One row per call; columns in
 * double-columns.ts.
 *
 * Constraints (all on one row; degree ≤ 3):
 * - field (evalField): with λ, x3, y3 and the quotients k1..k3 committed as bytes,
 *     2y·λ − 3x² = (k1 − 3·2^256)·P,
 *     λ² − 2x − x3 = (k2 − 3)·P,
 *     λ·(x − x3) − y − y3 = (k3 − 2^256)·P
 *   as integer identities (coefficients: ../bigint/carry.ts; carry chains:
 *   ../bigint/carry-steps.ts), so the congruences hold mod P;
 * - reduced (evalReduced): x, y, x3, y3 < P (field.ts, evalBelowP);
 * - tangent (evalTangent): Σ_i y_i·yInv = isReal over y's bytes. The sum is an integer in
 *   [0, 32·255], zero only for y = 0, so y ≠ 0; with y < P, 2y is invertible mod P and λ is the
 *   tangent's slope 3x²/(2y). For y = 0 there is no proof: the first congruence then needs
 *   x ≡ 0, where λ would be free, but yInv has no value. x3 and y3 are 2p's coordinates mod P,
 *   and being < P the canonical ones: the table proves exactly 2p;
 * - ranges: every byte column on the byte-pair table, y3's limbs on U16, carries on U14/U16;
 * - machine side (evalCall): the call received once (a7 = 0x104, a0 = p's pointer), the pointer
 *   proven 4-aligned and ≥ 0x1000 (guestPointer), p's 16 words declared writable, and 16 word
 *   accesses at clk + 3 that receive (x, y) and send (x3, y3) (point-memory.ts).
 * Every multiplicity is isReal, or a below-P flag z ∈ {0, isReal}. Constants enter scaled by
 * isReal, so the all-zero padding row satisfies every constraint.
 *
 * Degree budget: identity steps 2; W·T·inv 3; Σ y·yInv, flags and pointer checks 2; every bus
 * message degree 1 with a degree-1 multiplicity, so interactions pair up in LogUp.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { type Expr, mul, sub, sum } from "../../core/air/expr.js";
import type { RowOf } from "../../core/air/layout.js";
import type { AirBuilder } from "../../core/air/types.js";
import { guestPointer, receiveCall, writableWords } from "../../glue/coprocessor-air.js";
import { identityExprs } from "../bigint/carry.js";
import { evalStepChain } from "../bigint/carry-steps.js";
import { rangeCheckBytes, rangeCheckU16, u16Limbs } from "../bigint/limbs.js";
import { POINT_WORDS, SECP256K1_DOUBLE_SYSCALL } from "./constants.js";
import { secp256k1DoubleCols, type Secp256k1DoubleCols } from "./double-columns.js";
import { evalBelowP } from "./field.js";
import { DOUBLE_CHAINS, doubleIdentities, POSITIONS } from "./identities.js";
import { evalPointAccesses, pointLimbs } from "./point-memory.js";

type Cols = RowOf<Secp256k1DoubleCols["spec"]>;
type B = AirBuilder<Cols>;

/** x_j − y_j: products by a difference cost one multiplication per pair (identities.ts). */
const difference = (x: ArrayLike<Expr>, y: ArrayLike<Expr>): Expr[] =>
  Array.from(x, (xj, j) => sub(xj, y[j]));

/** The three identities as carry chains; byte and u16 ranges of the committed values. */
function evalField(b: B, l: Cols): void {
  const identities = doubleIdentities({ ...l, one: l.isReal }, difference);
  identities.forEach((terms, i) =>
    evalStepChain(
      b,
      DOUBLE_CHAINS[i],
      identityExprs(POSITIONS[i], terms),
      [l.c1, l.c2, l.c3][i],
      l.isReal,
    ),
  );
  rangeCheckBytes(
    b,
    "bytes",
    [...l.x, ...l.y, ...l.lambda, ...l.x3, ...l.k1, ...l.k2, ...l.k3],
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
    ["x", u16Limbs(l.x)],
    ["y", u16Limbs(l.y)],
    ["x3", u16Limbs(l.x3)],
    ["y3", l.y3],
    ["λ", u16Limbs(l.lambda)],
  ] as const;
  values.forEach(([name, u], i) => evalBelowP(b, name, u, l.ltZ[i], l.ltInv[i], l.isReal));
}

/** y ≠ 0: the sum of its bytes is invertible. */
function evalTangent(b: B, l: Cols): void {
  b.assertZero("y ≠ 0", sub(mul(sum(l.y), l.yInv), l.isReal));
}

/** The call, the pointer and the 16 read-and-write accesses at ts = clk + 3. */
function evalCall(b: B, l: Cols): void {
  const real = l.isReal;
  receiveCall(b, SECP256K1_DOUBLE_SYSCALL, l.clk, [l.pPtrLo, l.pPtrHi], real);
  const w = guestPointer(
    b,
    "p",
    { ptr: [l.pPtrLo, l.pPtrHi], q: l.pAlign, xLo: l.pAboveLo, xHi: l.pAboveHi },
    real,
  );
  writableWords(b, "p", w, POINT_WORDS, real);
  const p = pointLimbs(l.x, l.y);
  const twice = pointLimbs(l.x3, l.y3);
  evalPointAccesses(b, "p", w, p, twice, l.clk, l.gLo, l.gHi, real);
}

export const secp256k1DoubleAir = defineAir({
  name: "cop.secp256k1_double",
  mainColumns: secp256k1DoubleCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isReal bool", l.isReal);
    evalCall(b, l);
    evalField(b, l);
    evalReduced(b, l);
    evalTangent(b, l);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function secp256k1DoubleChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(secp256k1DoubleAir));
}
