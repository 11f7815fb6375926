/**
 * The Poseidon2 AIR (`cop.poseidon2`, syscall 0x101): the 16 words at a0 := Poseidon2(words),
 * Plonky3's BabyBear width-16 permutation (constants.ts). One row per call; columns.ts (401).
 *
 * Constraints (all on one row; degree ≤ 3):
 * - rounds (evalPermutation, through core/poseidon2/air.ts evalPoseidon2Rounds): the state is
 *   carried as *linear forms* in committed cells, folded at eval time (field coefficients per
 *   cell), so that a constraint never re-expands a chain of linear layers: each S-box input x is
 *   a form of ≤ 32 cells. Per S-box, x3 = x^3 and y = x3^2·x (x^7 through the committed cube). Round constants enter as rc·isReal, so an
 *   all-zero padding row satisfies every round constraint. The last full round's outputs are not
 *   committed: the external layer M is invertible, so (M^−1·out)_i = x3_i^2·x_i ties the output
 *   words to the S-boxes with a 32-term form per constraint (M^−1 computed from M);
 * - canonical words (evalCanonical): for each word read and written, lo + 2^16·hi < p as an
 *   integer: U16(0x77ff + top − hi), top boolean, top·(0x7800 − hi) = 0, top·lo = 0 (so top = 1
 *   forces the word to be exactly p − 1, and top = 0 forces hi ≤ 0x77ff). The lookup, with hi a
 *   u16, gives hi ≤ 0x7800, and hi = 0x7800 only with top = 1, hence lo = 0; top is pinned
 *   (= [word = p − 1]). Limbs read come from the memory bus (u16 by the bus invariant); limbs
 *   written are looked up (U16) here;
 * - machine side (evalCall): the call received once (receiveCall: a7 = 0x101, a0 = ptr limbs),
 *   the pointer proven 4-aligned and ≥ 0x1000 (guestPointer), the 16 words declared writable,
 *   and per word k one access at memory-bus address 32 + w + k: receive (inLo, inHi) at
 *   prevTs = clk + 2 − gLo − 2^16·gHi, send (outLo, outHi) at ts = clk + 3, gLo U16, gHi U14
 *   (the interactions of `memoryAccess`, written out because prevTs is an expression here and
 *   its constraint prevTs + 1 + gap = ts would be the constant 0).
 * Every multiplicity is isReal (boolean). Interactions: 1 call + 3 pointer + 1 writable +
 * 16 × (2 memory + 2 gap + 1 canonical in + 3 out) = 133, every message of degree 1, so they
 * pair into 67 aux columns (+ the accumulator).
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { add, type Expr, mul, sub } from "../../core/air/expr.js";
import type { RowOf } from "../../core/air/layout.js";
import type { AirBuilder } from "../../core/air/types.js";
import { addForms, cell, evalPoseidon2Rounds, type Form } from "../../core/poseidon2/air.js";
import {
  guestPointer,
  MEMORY_BUS,
  receiveCall,
  U14_BUS,
  U16_BUS,
  writableWords,
} from "../../glue/coprocessor-air.js";
import { poseidon2Cols, type Poseidon2Cols } from "./columns.js";
import { POSEIDON2_SYSCALL, WIDTH } from "./constants.js";

export { EXTERNAL_INVERSE } from "../../core/poseidon2/air.js";

type Cols = RowOf<Poseidon2Cols["spec"]>;
type B = AirBuilder<Cols>;

const TWO16 = 65536;
/** p − 1 = 0x7800·2^16: a word is canonical iff hi < 0x7800, or hi = 0x7800 and lo = 0. */
const TOP_HI = 0x7800;

// ---- phases ----

/** The permutation from the input limbs to the output limbs (core/poseidon2/air.ts). */
function evalPermutation(b: B, l: Cols): void {
  const word = (lo: Expr, hi: Expr): Form => addForms(cell(lo), cell(hi, TWO16));
  evalPoseidon2Rounds(b, {
    isReal: l.isReal,
    input: l.inLo.map((lo, k) => word(lo, l.inHi[k])),
    output: l.outLo.map((lo, k) => word(lo, l.outHi[k])),
    x3: l.x3,
    y: l.y,
    px3: l.px3,
    py: l.py,
  });
}

/** lo + 2^16·hi < p for every word read and written; the written limbs are u16. */
function evalCanonical(b: B, l: Cols): void {
  const words = [
    ["in", l.inLo, l.inHi, l.inTop],
    ["out", l.outLo, l.outHi, l.outTop],
  ] as const;
  for (const [side, lo, hi, top] of words) {
    for (let k = 0; k < WIDTH; k++) {
      const name = `${side} ${k}`;
      b.assertBool(`${name}: top bool`, top[k]);
      // Two products rather than top·(0x7800 − hi + 2^16·lo): that sum can be a multiple of p
      // (0x77ff7800, 0x77fef000), which left top a second value there (review finding).
      b.assertZero(`${name}: top ⇒ hi = 0x7800`, mul(top[k], sub(TOP_HI, hi[k])));
      b.assertZero(`${name}: top ⇒ lo = 0`, mul(top[k], lo[k]));
      if (side === "out") {
        b.send(U16_BUS, [lo[k]], l.isReal, `${name}: lo`);
        b.send(U16_BUS, [hi[k]], l.isReal, `${name}: hi`);
      }
      b.send(U16_BUS, [sub(add(TOP_HI - 1, top[k]), hi[k])], l.isReal, `${name}: < p`);
    }
  }
}

/** The call, the pointer, and the 16 read-and-write accesses at ts = clk + 3. */
function evalCall(b: B, l: Cols): void {
  const real = l.isReal;
  receiveCall(b, POSEIDON2_SYSCALL, l.clk, [l.ptrLo, l.ptrHi], real);
  const w = guestPointer(
    b,
    "state",
    { ptr: [l.ptrLo, l.ptrHi], q: l.q, xLo: l.xLo, xHi: l.xHi },
    real,
  );
  writableWords(b, "state", w, WIDTH, real);
  const ts = add(l.clk, 3);
  for (let k = 0; k < WIDTH; k++) {
    const addr = add(w, 32 + k);
    const prevTs = sub(add(l.clk, 2), add(l.gLo[k], mul(l.gHi[k], TWO16)));
    b.receive(MEMORY_BUS, [addr, l.inLo[k], l.inHi[k], prevTs], real, `word ${k}: old`);
    b.send(MEMORY_BUS, [addr, l.outLo[k], l.outHi[k], ts], real, `word ${k}: new`);
    b.send(U16_BUS, [l.gLo[k]], real, `word ${k}: gap lo`);
    b.send(U14_BUS, [l.gHi[k]], real, `word ${k}: gap hi`);
  }
}

export const poseidon2Air = defineAir({
  name: "cop.poseidon2",
  mainColumns: poseidon2Cols,
  eval(b) {
    const l = b.local;
    b.assertBool("isReal bool", l.isReal);
    evalPermutation(b, l);
    evalCanonical(b, l);
    evalCall(b, l);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function poseidon2Chip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(poseidon2Air));
}
