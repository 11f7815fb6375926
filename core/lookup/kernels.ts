/**
 * Generated bulk kernels of the LogUp aux trace, compiled once at load: the chunked batch
 * inversion of extension elements and the accumulation of m·(z − fp)⁻¹ into the h columns and
 * the running sum. Generated rather than hand-written so that every field product is inline
 * int32/float arithmetic (see `core/air/codegen.ts`: a product left as a call returns a boxed
 * number, and V8 stops inlining after ~1 KB of bytecode per function).
 */
import { PRELUDE, addStmt, extMulStmts, mulStmt } from "../air/codegen.js";
import * as E from "../field/extension.js";

const v = (p: string): string[] => [0, 1, 2, 3].map((i) => `${p}${i}`);

const BATCH_INVERSE = `${PRELUDE}
return function batchInverseExt(V, n, chunk) {
  const PRE = new Uint32Array(4 * Math.min(chunk, n));
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    let a0 = 1, a1 = 0, a2 = 0, a3 = 0;
    for (let i = s, po = 0; i < e; i++, po += 4) {
      const o = 4 * i;
      const v0 = V[o], v1 = V[o + 1], v2 = V[o + 2], v3 = V[o + 3];
      if ((v0 | v1 | v2 | v3) === 0) return i;
      PRE[po] = a0; PRE[po + 1] = a1; PRE[po + 2] = a2; PRE[po + 3] = a3;
      ${extMulStmts(v("n"), v("a"), v("v"), "m").join("\n      ")}
      a0 = n0; a1 = n1; a2 = n2; a3 = n3;
    }
    const inv = inv4([a0, a1, a2, a3]);
    a0 = inv[0]; a1 = inv[1]; a2 = inv[2]; a3 = inv[3];
    for (let i = e - 1; i >= s; i--) {
      const o = 4 * i, po = 4 * (i - s);
      const v0 = V[o], v1 = V[o + 1], v2 = V[o + 2], v3 = V[o + 3];
      const p0 = PRE[po], p1 = PRE[po + 1], p2 = PRE[po + 2], p3 = PRE[po + 3];
      ${extMulStmts(v("x"), v("a"), v("p"), "m").join("\n      ")}
      V[o] = x0; V[o + 1] = x1; V[o + 2] = x2; V[o + 3] = x3;
      ${extMulStmts(v("y"), v("a"), v("v"), "k").join("\n      ")}
      a0 = y0; a1 = y1; a2 = y2; a3 = y3;
    }
  }
  return -1;
};`;

const ACCUMULATE = `${PRELUDE}
return function accumulate(DEN, MULT, n, I, GROUP, G, AUX) {
  const W = 4 * (G + 1);
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let r = 0; r < n; r++) {
    const row = r * W;
    for (let i = 0; i < I; i++) {
      const m = MULT[r * I + i];
      const o = 4 * (r * I + i), h = row + 4 * GROUP[i];
      const d0 = DEN[o], d1 = DEN[o + 1], d2 = DEN[o + 2], d3 = DEN[o + 3];
      const h0 = AUX[h], h1 = AUX[h + 1], h2 = AUX[h + 2], h3 = AUX[h + 3];
      ${[0, 1, 2, 3].map((c) => `${mulStmt(`x${c}`, "m", `d${c}`)} ${addStmt(`y${c}`, `h${c}`, `x${c}`)} AUX[h + ${c}] = y${c};`).join("\n      ")}
    }
    for (let g = 0; g < G; g++) {
      const h = row + 4 * g;
      const h0 = AUX[h], h1 = AUX[h + 1], h2 = AUX[h + 2], h3 = AUX[h + 3];
      ${[0, 1, 2, 3].map((c) => `${addStmt(`y${c}`, `c${c}`, `h${c}`)} c${c} = y${c};`).join("\n      ")}
    }
    const a = row + 4 * G;
    AUX[a] = c0; AUX[a + 1] = c1; AUX[a + 2] = c2; AUX[a + 3] = c3;
  }
  return [c0, c1, c2, c3];
};`;

type BatchInverse = (v: Uint32Array, n: number, chunk: number) => number;
type Accumulate = (
  den: Uint32Array,
  mult: Uint32Array,
  n: number,
  I: number,
  group: Int32Array,
  G: number,
  aux: Uint32Array,
) => number[];

const batchInverseKernel = new Function("inv4", BATCH_INVERSE)(E.inv4) as BatchInverse;
const accumulateKernel = new Function(ACCUMULATE)() as Accumulate;

/**
 * Replaces each of the n = v.length/4 extension elements of `v` by its inverse (Montgomery's
 * trick per chunk of `chunk` elements: three products each, one inversion per chunk). Returns −1,
 * or the index of a zero element (then `v` is partly overwritten).
 */
export function batchInverseExtKernel(values: Uint32Array, chunk = 4096): number {
  return batchInverseKernel(values, values.length / 4, chunk);
}

/**
 * Adds mult[r·I + i]·den[r·I + i] (base × ext) into aux column group[i] of row r, then writes
 * the running sum of the G group columns into column G (aux width 4(G + 1)); returns the final
 * sum. `aux` must start zeroed.
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
  );
  return [c0, c1, c2, c3];
}
