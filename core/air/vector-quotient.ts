/**
 * The prover's constraint evaluator as a vector program (vector-program.ts): Σ_j alpha^j·C_j over
 * a range of the quotient domain.
 *
 * The generated evaluator (quotient.ts) is fastest once V8 has optimized it, but V8 compiles
 * generated code per process and per thread, at ~1 s per hot chunk on a loaded machine: an AIR
 * of thousands of nodes (SHA-256's table: 17k) spends seconds compiling before it saves
 * anything, and small tables never earn the compile back.
 */
import { add } from "../field/babybear.js";
import { W } from "../field/extension.js";
import { heap } from "../wasm/heap.js";
import { lowerDag } from "./lower-dag.js";
import type { Constraint, QuotientContext } from "./types.js";
import {
  BLOCK,
  interpreterSlots,
  Lowering,
  runBlock,
  scalarValues,
  type VectorProgram,
} from "./vector-program.js";

export type { VectorProgram } from "./vector-program.js";

/** Lowers every node of `constraints` and their folding into a vector program. */
export function lowerQuotient(constraints: readonly Constraint[]): VectorProgram {
  const L = new Lowering();
  const extOf = lowerDag(
    L,
    constraints.map((c) => c.expr),
  );
  constraints.forEach((c, j) => {
    const x = extOf(c.expr);
    // alpha^j·x in F_p[x]/(x^4 − 11): coefficient k gets alpha_i·x_(k−i), wrapped terms × 11.
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 4; i++) {
        const t = k - i;
        const times = t >= 0 ? 1 : W;
        L.fold(k, x[(t + 4) % 4], L.scalar({ op: "alpha", j, coef: i, times }));
      }
  });
  const { code, slots } = L.allocate();
  return { code, scalars: L.scalars, slots, constFolds: L.constFolds };
}

/** Evaluates Σ_j alpha^j·C_j for storage rows [ctx.start, ctx.end) into ctx.out. */
export function runVectorQuotient(prog: VectorProgram, ctx: QuotientContext): void {
  const mem = heap().alloc(interpreterSlots(prog) * BLOCK);
  try {
    runBlocks(prog, ctx, mem);
  } finally {
    heap().free(mem);
  }
}

/** The blocks of [ctx.start, ctx.end), with the slots in `mem` (on the WebAssembly heap). */
function runBlocks(prog: VectorProgram, ctx: QuotientContext, mem: Uint32Array): void {
  const S = scalarValues(prog, ctx);
  const acc = [0, 1, 2, 3].map(() => new Uint32Array(BLOCK));
  const rows = new Uint32Array(BLOCK);
  const nextRows = new Uint32Array(BLOCK);
  const constAcc = [0, 0, 0, 0];
  for (const f of prog.constFolds) constAcc[f.coef] = add(constAcc[f.coef], S[f.s]);
  const mask = ctx.N - 1;
  const vr = {
    code: prog.code,
    mem,
    S,
    main: ctx.main,
    preprocessed: ctx.preprocessed,
    aux: ctx.aux,
    isFirst: ctx.isFirst,
    isLast: ctx.isLast,
    isTransition: ctx.isTransition,
    acc,
    stores: [],
    strides: [],
    dot: prog.slots * BLOCK,
  };
  const oo = ctx.outOffset ?? 0;
  for (let b0 = ctx.start; b0 < ctx.end; b0 += BLOCK) {
    const n = Math.min(BLOCK, ctx.end - b0);
    for (let i = 0; i < n; i++) {
      rows[i] = b0 + i;
      nextRows[i] = ctx.rev[(ctx.rev[b0 + i] + ctx.nextStep) & mask];
    }
    for (let k = 0; k < 4; k++) acc[k].fill(constAcc[k]);
    runBlock(vr, rows, nextRows, n, b0);
    for (let i = 0; i < n; i++) {
      const o = 4 * (b0 + i - oo);
      for (let k = 0; k < 4; k++) ctx.out[o + k] = acc[k][i];
    }
  }
}
