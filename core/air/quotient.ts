/**
 * The prover's constraint evaluator: Σ_j alpha^j·C_j(x_k) over a range of the quotient domain,
 * as generated straight-line code.
 *
 * The LDE matrices are stored in bit-reversed row order; natural index k is at row rev[k] and
 * its next row is natural index (k + nextStep) mod N. Per row, every distinct subexpression is
 * computed once in base-field arithmetic, and only nodes touching aux columns or challenges use
 * the extension. Folding adds alpha^j·C_j into exact double accumulators with alpha's
 * coefficients split in 16-bit halves (no modular product per term; see MAX_UNITS), reduced a
 * few times per row. Challenges, beta powers, alpha powers, final sum and public values are
 * loaded once per call; nothing is allocated per row. The source is self-contained, so a worker
 * can compile it; constraints are split into chunk functions V8 can optimize (CHUNK_CHARS).
 */
import { Emitter, type Ext4, PRELUDE, reduceStmt, rowLeaf } from "./codegen.js";
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

/**
 * Source characters per generated chunk function. V8 does not optimize a function whose
 * bytecode exceeds 60 KB (--max-optimized-bytecode-size), and compile time grows faster than
 * size: an unsplit 50-constraint AIR (90 KB of source) stayed in the interpreter, 70× slower
 * (measured). Chunks of this size optimize quickly; proving the sha256 guest, 6,000 beat 16,000
 * by ~25 % in the quotient phase (5.2 s vs 6.7–7.2 s), and 3,000 or 1,500 were no better.
 */
const CHUNK_CHARS = 6_000;
/** Rows per block: the per-block partial sums (4 doubles a row) stay in cache between chunks. */
const BLOCK = 1024;

/** Hoisted (once per call) name → its load from the call's constant arrays. */
function hoistedLoad(name: string): string {
  let m: RegExpMatchArray | null;
  if ((m = name.match(/^pv(\d+)$/))) return `PUB[${m[1]}]`;
  if ((m = name.match(/^al(\d+)$/))) return `A[${m[1]}]`;
  if ((m = name.match(/^ah(\d+)$/))) return `A[${m[1]}] >>> 16`;
  if ((m = name.match(/^ao(\d+)$/))) return `A[${m[1]}] & 65535`;
  if ((m = name.match(/^cz(\d)$/))) return `CH[${m[1]}]`;
  if ((m = name.match(/^cf(\d)$/))) return `CH[${4 + Number(m[1])}]`;
  if ((m = name.match(/^cb(\d+)_(\d)$/))) return `CH[${8 + 4 * Number(m[1]) + Number(m[2])}]`;
  throw new Error(`quotient: unknown hoisted name ${name}`);
}

interface Chunk {
  em: Emitter;
  hoisted: Set<string>;
  /** Units (see MAX_UNITS) in the split accumulators since their last flush. */
  pending: number;
  flushes: number;
}

/**
 * Folding needs no modular product per term: with alpha's coefficient a split as
 * a = ah·2^16 + ao, hK += ah·C (< 2^46 per term) and lK += ao·C (< 2^47) are exact in doubles
 * while the counted terms ("units": 1 per base constraint, 34 for an extension one, whose
 * x^4 = 11 wrap-around multiplies three products by 11) stay ≤ 62, so lK < 62·2^47 and the flush
 * reduce(reduce(hK)·2^16 + lK) stays below 2^53. Measured ≈ 2× faster than four products.
 */
const MAX_UNITS = 62;
const EXT_UNITS = 34;

function flush(chunk: Chunk): void {
  if (chunk.pending === 0) return;
  const f = `f${chunk.flushes++}_`;
  for (let i = 0; i < 4; i++) {
    chunk.em.lines.push(
      reduceStmt(`${f}h${i}`, `h${i}`),
      reduceStmt(`${f}s${i}`, `${f}h${i} * 65536 + l${i}`),
      `s${i} += ${f}s${i}; h${i} = 0; l${i} = 0;`,
    );
  }
  chunk.pending = 0;
}

function newChunk(): Chunk {
  const hoisted = new Set<string>();
  const use = (name: string): string => {
    hoisted.add(name);
    return name;
  };
  const em = new Emitter({
    base: (e) =>
      rowLeaf(
        e,
        (i) => use(`pv${i}`),
        (tag) => (tag === "first" ? "SF[k]" : tag === "last" ? "SL[k]" : "ST[k]"),
        "quotient",
      ),
    ext(e: Expr) {
      if (e.op === "aux") {
        const o = e.next ? "xn" : "xo";
        return [0, 1, 2, 3].map((i) => `X[${o} + ${4 * e.index + i}]`) as Ext4;
      }
      const base = e.tag === "z" ? "cz" : e.tag === "finalSum" ? "cf" : `cb${e.index}_`;
      return [0, 1, 2, 3].map((i) => use(`${base}${i}`)) as Ext4;
    },
  });
  em.lines.push(
    "let s0 = 0, s1 = 0, s2 = 0, s3 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0, l0 = 0, l1 = 0, l2 = 0, l3 = 0;",
  );
  return { em, hoisted, pending: 0, flushes: 0 };
}

/** Emits C_j and adds alpha^j·C_j (alpha^j hoisted as al<4j+i>) to the row's unreduced sums. */
function foldConstraint(chunk: Chunk, c: Constraint, j: number): void {
  const { em, hoisted } = chunk;
  em.emit([c.expr]);
  if (!c.expr.ext) {
    const v = em.baseOf(c.expr);
    if (v === "0") return;
    if (chunk.pending + 1 > MAX_UNITS) flush(chunk);
    for (let i = 0; i < 4; i++) {
      const n = 4 * j + i;
      hoisted.add(`ah${n}`).add(`ao${n}`);
      em.lines.push(`h${i} += ah${n} * ${v}; l${i} += ao${n} * ${v};`);
    }
    chunk.pending += 1;
    return;
  }
  // alpha^j · C_j in the extension: coefficient k sums a_i·x_(k−i), wrapped terms times 11.
  if (chunk.pending + EXT_UNITS > MAX_UNITS) flush(chunk);
  const x = em.extOf(c.expr);
  for (let i = 0; i < 4; i++) hoisted.add(`ah${4 * j + i}`).add(`ao${4 * j + i}`);
  for (let k = 0; k < 4; k++) {
    const direct: [number, number][] = [];
    const wrapped: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      const t = k - i;
      if (x[(t + 4) % 4] === "0") continue;
      (t >= 0 ? direct : wrapped).push([i, (t + 4) % 4]);
    }
    for (const half of ["h", "o"]) {
      const term = ([i, t]: [number, number]): string => `a${half}${4 * j + i} * ${x[t]}`;
      const parts = direct.map(term);
      if (wrapped.length > 0) parts.push(`11 * (${wrapped.map(term).join(" + ")})`);
      if (parts.length > 0)
        em.lines.push(`${half === "h" ? "h" : "l"}${k} += ${parts.join(" + ")};`);
    }
  }
  chunk.pending += EXT_UNITS;
}

function chunkFunction(shape: QuotientShape, chunk: Chunk, index: number): string {
  flush(chunk);
  const prologue = [...chunk.hoisted].sort().map((n) => `const ${n} = ${hoistedLoad(n)};`);
  return `function chunk${index}(k0, k1, rev, mask, step, M, Q, X, SF, SL, ST, PUB, CH, A, S) {
  ${prologue.join("\n  ")}
  for (let k = k0, so = 0; k < k1; k++, so += 4) {
    const r = k, rn = rev[(rev[k] + step) & mask];
    const mo = r * ${shape.mainWidth}, mn = rn * ${shape.mainWidth};
    const qo = r * ${shape.prepWidth}, qn = rn * ${shape.prepWidth};
    const xo = r * ${4 * shape.auxWidth}, xn = rn * ${4 * shape.auxWidth};
    ${chunk.em.lines.join("\n    ")}
    S[so] += s0; S[so + 1] += s1; S[so + 2] += s2; S[so + 3] += s3;
  }
}`;
}

/**
 * Generates the source of a self-contained function expression `(function (ctx) {...})`
 * evaluating Σ_j alpha^j·C_j over [ctx.start, ctx.end). Constraints are split into chunk
 * functions (each optimizable by V8); rows go in blocks, each chunk adding its part of the
 * folded sum into a per-block buffer, reduced once per row at the end.
 */
export function quotientSource(shape: QuotientShape): string {
  const chunks: Chunk[] = [];
  let current: Chunk | null = null;
  shape.constraints.forEach((c, j) => {
    current ??= newChunk();
    foldConstraint(current, c, j);
    if (current.em.size > CHUNK_CHARS) {
      chunks.push(current);
      current = null;
    }
  });
  if (current !== null) chunks.push(current);
  const fns = chunks.map((c, i) => chunkFunction(shape, c, i));
  const calls = chunks.map(
    (_, i) => `chunk${i}(b0, b1, rev, mask, step, M, Q, X, SF, SL, ST, PUB, CH, A, S);`,
  );
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
${fns.join("\n")}
return function quotient_${safeName}(ctx) {
  const k0 = ctx.start, k1 = ctx.end, mask = ctx.N - 1, step = ctx.nextStep, rev = ctx.rev;
  const EMPTY = new Uint32Array(0);
  const M = ctx.main.values, Q = ctx.preprocessed ? ctx.preprocessed.values : EMPTY, X = ctx.aux ? ctx.aux.values : EMPTY;
  const SF = ctx.isFirst, SL = ctx.isLast, ST = ctx.isTransition, PUB = ctx.publicValues, A = ctx.alphaPowers;
  const OUT = ctx.out, oo = ctx.outOffset | 0;
  const CH = new Uint32Array(${8 + 4 * (shape.maxBusWidth + 1)});
  if (${shape.auxWidth} > 0) {
    for (let i = 0; i < 4; i++) { CH[i] = ctx.challenges.z[i]; CH[4 + i] = ctx.finalSum[i]; }
    let bp = [1, 0, 0, 0];
    for (let k = 0; k <= ${shape.maxBusWidth}; k++) {
      for (let i = 0; i < 4; i++) CH[8 + 4 * k + i] = bp[i];
      bp = em(bp, ctx.challenges.beta);
    }
  }
  const S = new Float64Array(${4 * BLOCK});
  for (let b0 = k0; b0 < k1; b0 += ${BLOCK}) {
    const b1 = Math.min(b0 + ${BLOCK}, k1);
    S.fill(0);
    ${calls.join("\n    ")}
    for (let k = b0, so = 0; k < b1; k++, so += 4) {
      const o = 4 * (k - oo);
      OUT[o] = rd(S[so]); OUT[o + 1] = rd(S[so + 1]); OUT[o + 2] = rd(S[so + 2]); OUT[o + 3] = rd(S[so + 3]);
    }
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
  return {
    source,
    evaluate(ctx: QuotientContext): void {
      checkQuotientContext(shape, ctx);
      fn(ctx);
    },
  };
}

/** Refuses a context that does not fit the AIR's shape (sizes, ranges, challenges). */
export function checkQuotientContext(shape: QuotientShape, ctx: QuotientContext): void {
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
  const { N, start, end } = ctx;
  if (!Number.isInteger(N) || N < 1 || (N & (N - 1)) !== 0)
    throw new RangeError(`${where}: N = ${N} is not a power of two`);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > N) {
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
    if (s.length < N) throw new RangeError(`${where}: ${what} has ${s.length} entries, need ${N}`);
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
}
