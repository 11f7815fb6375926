/**
 * Generated bulk kernel of the LogUp aux trace, compiled once at load: the accumulation of
 * m·(z − fp)⁻¹ into the h columns and the running sum. (The batch inversion before it runs on
 * the WebAssembly kernel of core/field/ext-kernels.ts, on all threads.) Generated rather than hand-written so that every field product is inline
 * int32/float arithmetic (see `core/air/codegen.ts`: a product left as a call returns a boxed
 * number, and V8 stops inlining after ~1 KB of bytecode per function).
 */
import { PRELUDE, addStmt, mulStmt } from "../air/codegen.js";
import * as E from "../field/extension.js";

const ACCUMULATE = `${PRELUDE}
return function accumulate(DEN, MULT, n, I, GROUP, G, AUX, T) {
  const W = 4 * (G + 1);
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < n; r++) {
    T.fill(0);
    for (let i = 0; i < I; i++) {
      const m = MULT[r * I + i];
      const o = 4 * (r * I + i), h = 4 * GROUP[i];
      const d0 = DEN[o], d1 = DEN[o + 1], d2 = DEN[o + 2], d3 = DEN[o + 3];
      const h0 = T[h], h1 = T[h + 1], h2 = T[h + 2], h3 = T[h + 3];
      ${[0, 1, 2, 3].map((c) => `${mulStmt(`x${c}`, "m", `d${c}`)} ${addStmt(`y${c}`, `h${c}`, `x${c}`)} T[h + ${c}] = y${c};`).join("\n      ")}
    }
    const row = r * W;
    for (let g = 0; g < G; g++) {
      const h = 4 * g;
      const h0 = T[h], h1 = T[h + 1], h2 = T[h + 2], h3 = T[h + 3];
      ${[0, 1, 2, 3].map((c) => `${addStmt(`y${c}`, `c${c}`, `h${c}`)} c${c} = y${c}; AUX[row + h + ${c}] = h${c};`).join("\n      ")}
    }
    const a = row + 4 * G;
    AUX[a] = c0; AUX[a + 1] = c1; AUX[a + 2] = c2; AUX[a + 3] = c3;
  }
  return [c0, c1, c2, c3];
};`;

type Accumulate = (
  den: Uint32Array,
  mult: Uint32Array,
  n: number,
  I: number,
  group: Int32Array,
  G: number,
  aux: Uint32Array,
  rowSums: Uint32Array,
) => number[];

const accumulateKernel = new Function(ACCUMULATE)() as Accumulate;

/**
 * Writes into aux column g of row r the sum of mult[r·I + i]·den[r·I + i] (base × ext) over the
 * interactions i of group g, and into column G the running sum of the G group columns (aux width
 * 4(G + 1)); returns the final sum. Every cell of `aux` is written (the groups are summed in a
 * row buffer), so `aux` may hold anything before: a reused buffer needs no clearing.
 */
export function accumulateFractions(
  den: Uint32Array,
  mult: Uint32Array,
  n: number,
  group: readonly number[],
  G: number,
  aux: Uint32Array,
): E.Ext {
  const [c0, c1, c2, c3] = accumulateKernel(
    den,
    mult,
    n,
    group.length,
    Int32Array.from(group),
    G,
    aux,
    new Uint32Array(4 * G),
  );
  return [c0, c1, c2, c3];
}
