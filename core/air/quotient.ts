/**
 * The prover's constraint evaluator: Σ_j alpha^j·C_j(x_k) over a range of the quotient domain,
 * as one generated straight-line function.
 *
 * The LDE matrices are stored in bit-reversed row order; natural index k is at row rev[k] and
 * its next row is natural index (k + nextStep) mod N. Per row, every distinct subexpression is
 * computed once in base-field arithmetic, and only nodes touching aux columns or challenges use
 * the extension. Folding multiplies each base C_j by the four coefficients of alpha^j and sums
 * unreduced (each term < p, reduced once per row), so a base constraint costs four products.
 * Challenges, beta powers, final sum and public values are loaded once per call, not per row;
 * nothing is allocated per row. The source is self-contained, so a worker can compile it.
 */
import { Emitter, PRELUDE } from "./codegen.js";
import type { Expr } from "./expr.js";
import type { Constraint, QuotientContext, QuotientEvaluator } from "./types.js";
import { isCanonical } from "../field/babybear.js";

/** Shapes the generated source needs, baked in as literals. */
export interface QuotientShape {
  name: string;
  mainWidth: number;
  prepWidth: number;
  auxWidth: number;
  numPublicValues: number;
  /** Largest bus width among interactions (beta powers needed: 0..maxBusWidth). */
  maxBusWidth: number;
  constraints: readonly Constraint[];
}

/** Generates the source of `(function (ctx) { ... })`. */
export function quotientSource(shape: QuotientShape): string {
  const em = new Emitter({
    base(e: Expr): string {
      switch (e.op) {
        case "main":
          return `M[${e.next ? "mn" : "mo"} + ${e.index}]`;
        case "prep":
          return `Q[${e.next ? "qn" : "qo"} + ${e.index}]`;
        case "public":
          return `pv${e.index}`;
        case "sel":
          return e.tag === "first" ? "SF[k]" : e.tag === "last" ? "SL[k]" : "ST[k]";
        default:
          throw new Error(`quotient: unexpected base leaf ${e.op}`);
      }
    },
    ext(e: Expr) {
      if (e.op === "aux") {
        const o = e.next ? "xn" : "xo";
        return [0, 1, 2, 3].map((i) => `X[${o} + ${4 * e.index + i}]`) as unknown as [
          string,
          string,
          string,
          string,
        ];
      }
      const base = e.tag === "z" ? "cz" : e.tag === "finalSum" ? "cf" : `cb${e.index}_`;
      return [0, 1, 2, 3].map((i) => `${base}${i}`) as unknown as [string, string, string, string];
    },
  });
  em.emit(shape.constraints.map((c) => c.expr));
  const fold: string[] = [];
  shape.constraints.forEach((c, j) => {
    const a = [0, 1, 2, 3].map((i) => `A[${4 * j + i}]`);
    if (!c.expr.ext) {
      const v = em.baseOf(c.expr);
      if (v === "0") return;
      for (let i = 0; i < 4; i++) fold.push(`s${i} += ml(${a[i]}, ${v});`);
    } else {
      const x = em.extOf(c.expr);
      // alpha^j · C_j in the extension; each coefficient sum < 34p, reduced at the end of the row.
      fold.push(
        `s0 += ml(${a[0]}, ${x[0]}) + 11 * (ml(${a[1]}, ${x[3]}) + ml(${a[2]}, ${x[2]}) + ml(${a[3]}, ${x[1]}));`,
      );
      fold.push(
        `s1 += ml(${a[0]}, ${x[1]}) + ml(${a[1]}, ${x[0]}) + 11 * (ml(${a[2]}, ${x[3]}) + ml(${a[3]}, ${x[2]}));`,
      );
      fold.push(
        `s2 += ml(${a[0]}, ${x[2]}) + ml(${a[1]}, ${x[1]}) + ml(${a[2]}, ${x[0]}) + 11 * ml(${a[3]}, ${x[3]});`,
      );
      fold.push(
        `s3 += ml(${a[0]}, ${x[3]}) + ml(${a[1]}, ${x[2]}) + ml(${a[2]}, ${x[1]}) + ml(${a[3]}, ${x[0]});`,
      );
    }
  });
  const hoist: string[] = [];
  for (let i = 0; i < shape.numPublicValues; i++)
    hoist.push(`const pv${i} = ctx.publicValues[${i}];`);
  if (shape.auxWidth > 0) {
    hoist.push(`const chz = ctx.challenges.z, chb = ctx.challenges.beta, chf = ctx.finalSum;`);
    for (let i = 0; i < 4; i++) hoist.push(`const cz${i} = chz[${i}], cf${i} = chf[${i}];`);
    hoist.push(`let bp = [1, 0, 0, 0];`);
    for (let k = 0; k <= shape.maxBusWidth; k++) {
      if (k > 0) hoist.push(`bp = em(bp, chb);`);
      hoist.push(`const cb${k}_0 = bp[0], cb${k}_1 = bp[1], cb${k}_2 = bp[2], cb${k}_3 = bp[3];`);
    }
  }
  const safeName = shape.name.replace(/[^\w$]/g, "_");
  return `(function () {
${PRELUDE}
function em(a, b) {
  return [
    rd(ml(a[0], b[0]) + 11 * (ml(a[1], b[3]) + ml(a[2], b[2]) + ml(a[3], b[1]))),
    rd(ml(a[0], b[1]) + ml(a[1], b[0]) + 11 * (ml(a[2], b[3]) + ml(a[3], b[2]))),
    rd(ml(a[0], b[2]) + ml(a[1], b[1]) + ml(a[2], b[0]) + 11 * ml(a[3], b[3])),
    rd(ml(a[0], b[3]) + ml(a[1], b[2]) + ml(a[2], b[1]) + ml(a[3], b[0])),
  ];
}
return function quotient_${safeName}(ctx) {
  const k0 = ctx.start, k1 = ctx.end, mask = ctx.N - 1, step = ctx.nextStep, rev = ctx.rev;
  const M = ctx.main.values, Q = ctx.preprocessed ? ctx.preprocessed.values : null, X = ctx.aux ? ctx.aux.values : null;
  const SF = ctx.isFirst, SL = ctx.isLast, ST = ctx.isTransition, A = ctx.alphaPowers, OUT = ctx.out;
  const oo = ctx.outOffset | 0;
  ${hoist.join("\n  ")}
  for (let k = k0; k < k1; k++) {
    const r = rev[k], rn = rev[(k + step) & mask];
    const mo = r * ${shape.mainWidth}, mn = rn * ${shape.mainWidth};
    const qo = r * ${shape.prepWidth}, qn = rn * ${shape.prepWidth};
    const xo = r * ${4 * shape.auxWidth}, xn = rn * ${4 * shape.auxWidth};
    ${em.lines.join("\n    ")}
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    ${fold.join("\n    ")}
    const o = 4 * (k - oo);
    OUT[o] = rd(s0); OUT[o + 1] = rd(s1); OUT[o + 2] = rd(s2); OUT[o + 3] = rd(s3);
  }
};
})()`;
}

function checkExt(x: unknown, what: string): void {
  const v = x as ArrayLike<number> | null | undefined;
  if (v == null || v.length !== 4 || ![0, 1, 2, 3].every((i) => isCanonical(v[i]))) {
    throw new TypeError(
      `quotient evaluator: ${what} must be an extension element (4 canonical values)`,
    );
  }
}

/** Compiles the generated source and wraps it with validation of the context. */
export function buildQuotientEvaluator(shape: QuotientShape): QuotientEvaluator {
  // Sums of up to 34p per ext constraint and p per base constraint must stay below 2^50.
  if (shape.constraints.length * 34 >= 2 ** 19) {
    throw new Error(
      `AIR "${shape.name}": too many constraints (${shape.constraints.length}) for one row's folding sum`,
    );
  }
  const source = quotientSource(shape);
  const fn = new Function(`return ${source};`)() as (ctx: QuotientContext) => void;
  const where = `quotient evaluator of AIR "${shape.name}"`;
  const checkMatrix = (
    m: QuotientContext["main"] | undefined,
    width: number,
    N: number,
    what: string,
  ): void => {
    if (width === 0) return;
    if (m === undefined || m.width !== width || m.height !== N || m.values.length !== width * N) {
      throw new Error(
        `${where}: ${what} must be a ${N}×${width} matrix, got ${m ? `${m.height}×${m.width}` : "none"}`,
      );
    }
  };
  return {
    source,
    evaluate(ctx: QuotientContext): void {
      const { N, start, end } = ctx;
      if (!Number.isInteger(N) || N < 1 || (N & (N - 1)) !== 0)
        throw new RangeError(`${where}: N = ${N} is not a power of two`);
      if (
        !Number.isInteger(start) ||
        !Number.isInteger(end) ||
        start < 0 ||
        start > end ||
        end > N
      ) {
        throw new RangeError(`${where}: range [${start}, ${end}) is not inside [0, ${N})`);
      }
      if (!Number.isInteger(ctx.nextStep) || ctx.nextStep < 0)
        throw new RangeError(`${where}: bad nextStep ${ctx.nextStep}`);
      if (ctx.rev.length < N)
        throw new RangeError(`${where}: rev has ${ctx.rev.length} entries, need ${N}`);
      checkMatrix(ctx.main, shape.mainWidth, N, "main");
      checkMatrix(ctx.preprocessed, shape.prepWidth, N, "preprocessed");
      checkMatrix(ctx.aux, 4 * shape.auxWidth, N, "aux");
      for (const [s, what] of [
        [ctx.isFirst, "isFirst"],
        [ctx.isLast, "isLast"],
        [ctx.isTransition, "isTransition"],
      ] as const) {
        if (s.length < N)
          throw new RangeError(`${where}: ${what} has ${s.length} entries, need ${N}`);
      }
      if (ctx.publicValues.length !== shape.numPublicValues) {
        throw new RangeError(
          `${where}: ${ctx.publicValues.length} public values, expected ${shape.numPublicValues}`,
        );
      }
      if (shape.auxWidth > 0) {
        if (ctx.challenges === undefined || ctx.finalSum === undefined) {
          throw new Error(
            `${where}: LogUp challenges and finalSum are required (the AIR has bus interactions)`,
          );
        }
        checkExt(ctx.challenges.z, "challenges.z");
        checkExt(ctx.challenges.beta, "challenges.beta");
        checkExt(ctx.finalSum, "finalSum");
      }
      if (ctx.alphaPowers.length < 4 * shape.constraints.length) {
        throw new RangeError(
          `${where}: need ${shape.constraints.length} alpha powers, got ${ctx.alphaPowers.length / 4}`,
        );
      }
      const oo = ctx.outOffset ?? 0;
      if (!Number.isInteger(oo) || oo < 0 || oo > start || ctx.out.length < 4 * (end - oo)) {
        throw new RangeError(
          `${where}: out (${ctx.out.length} words, offset ${oo}) cannot hold indices [${start}, ${end})`,
        );
      }
      fn(ctx);
    },
  };
}
