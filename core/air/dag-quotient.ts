/**
 * The quotient's constraint sum Σ_j alpha^j·C_j as a DAG program (dag-program.ts): the small
 * tables' evaluator, which needs nothing lowered or compiled per AIR.
 */
import { DagEncoder, DagOp, type DagProgram, runDag } from "./dag-program.js";
import type { Constraint, QuotientContext } from "./types.js";

/** Slots 0..3: the accumulator; 4..11: a fold's scratch. */
const ACC = 0;
const SCRATCH = 4;

/** Encodes every constraint and its fold with alpha^j into one program. */
export function encodeQuotient(constraints: readonly Constraint[]): DagProgram {
  const enc = new DagEncoder(SCRATCH + 8);
  const zero = enc.scalar({ op: "const", v: 0 });
  for (let c = 0; c < 4; c++) enc.emit(DagOp.Scalar, ACC + c, zero, 0);
  const roots = enc.nodes(constraints.map((c) => c.expr));
  roots.forEach((v, j) => {
    const alpha = [0, 1, 2, 3].map((coef) => enc.scalar({ op: "alpha", j, coef, times: 1 }));
    enc.emit(DagOp.Fold | (v.ext ? 0x100 : 0), SCRATCH, v.slot, alpha[0]);
  });
  enc.emit(DagOp.Store | 0x100, 0, ACC, 0);
  return enc.finish();
}

/** Writes Σ_j alpha^j·C_j for storage rows [ctx.start, ctx.end) into ctx.out (see QuotientContext). */
export function runDagQuotient(prog: DagProgram, ctx: QuotientContext): void {
  const mask = ctx.N - 1;
  const oo = ctx.outOffset ?? 0;
  runDag(
    prog,
    {
      main: ctx.main,
      preprocessed: ctx.preprocessed,
      aux: ctx.aux,
      scalars: ctx,
      outWidths: [4, 0],
      block(p0, k, rows, next, sel) {
        const B = rows.length;
        for (let i = 0; i < k; i++) {
          rows[i] = p0 + i;
          next[i] = ctx.rev[(ctx.rev[p0 + i] + ctx.nextStep) & mask];
        }
        sel.set(ctx.isFirst.subarray(p0, p0 + k), 0);
        sel.set(ctx.isLast.subarray(p0, p0 + k), B);
        sel.set(ctx.isTransition.subarray(p0, p0 + k), 2 * B);
      },
      take(p0, k, out) {
        ctx.out.set(out.subarray(0, 4 * k), 4 * (p0 - oo));
      },
    },
    ctx.start,
    ctx.end,
  );
}
