/**
 * The quotient of one table: Q(x) = Σ_j α^j·C_j(x) / Z_H(x), evaluated on the LDE coset, then
 * split into chunks Q(X) = Σ_i X^(i·n)·Q_i(X) of degree < n each, returned as coefficients (each
 * chunk an n × 4 matrix: row i the coefficient of X^i, one base column per extension
 * coefficient) for `pcsCommitCoeffs`.
 *
 * If the trace satisfies the constraints, Q's coefficients past (number of chunks)·n vanish;
 * anything else means a constraint fails, and the prover stops (unless a test asks it not to).
 */
import { GENERATOR, inv } from "../field/babybear.js";
import type { Ext } from "../field/extension.js";
import type { Matrix } from "../field/matrix.js";
import { fillBitReversal } from "../poly/reference.js";
import { bitReverseRows, idft } from "../poly/index.js";
import { scaleRowsByPowers } from "../poly/ntt.js";
import { divideByZH, selectorsOnCoset } from "./selectors.js";
import type { CompiledAir, LogUpChallenges, QuotientContext } from "../air/types.js";
import { heap } from "../wasm/heap.js";
import { useWasmKernels } from "../air/wasm-run.js";
import { runFunctionParallel, threadCount } from "../wasm/pool.js";

const revCache = new Map<number, Uint32Array>();

/** rev[k] = reverseBits(k, logN), cached per size (on the heap, for the worker threads). */
export function bitReversal(logN: number): Uint32Array {
  let t = revCache.get(logN);
  if (!t) {
    t = heap().alloc(1 << logN);
    fillBitReversal(t, logN);
    revCache.set(logN, t);
  }
  return t;
}

/** Chunks of the quotient: max(1, maxDegree − 1), rounded up to a power of two. */
export function quotientChunks(air: CompiledAir): number {
  const d = Math.max(1, air.maxDegree - 1);
  return 1 << Math.ceil(Math.log2(d));
}

export interface QuotientInput {
  air: CompiledAir;
  logN: number;
  logBlowup: number;
  mainLde: Matrix;
  preprocessedLde: Matrix | undefined;
  auxLde: Matrix | undefined;
  publicValues: Uint32Array;
  challenges: LogUpChallenges;
  finalSum: Ext;
  alphaPowers: Uint32Array;
  /** Tests only: keep going when the constraints do not hold. */
  unsafeSkipCheck?: boolean;
  /**
   * Zero-knowledge proofs (zk.ts): the LDEs are of degree bound n·2^logExtra (so the quotient
   * is evaluated on n·2^(logExtra + logBlowup) points), the quotient is split into `chunks`
   * chunks of 2^logChunk coefficients, randomized by `randomize`, each returned as its
   * COEFFICIENTS (n·2^logExtra rows × 4), for `pcsCommitCoeffs`.
   */
  zk?: {
    logExtra: number;
    logChunk: number;
    chunks: number;
    randomize: (chunkCoeffs: Uint32Array[], chunkSize: number) => void;
  };
}

/**
 * Tables whose quotient is at most this much work (vector instructions × points, ~3 ns each) are
 * evaluated by the vector interpreter on this thread: the generated evaluator would first be
 * compiled (per process, and per worker thread), which costs more than it saves there (measured:
 * SHA-256's table of 512 rows spent 4–10 s compiling; the byte table's 2^17 points 0.2–2 s).
 * Larger ones (a CPU table of 2^20 rows) earn the compile back on both cores.
 */
const VECTOR_WORK = 100_000_000;

/**
 * From this many points on, the quotient runs on the AIR's generated WebAssembly kernel
 * (core/air/wasm-program.ts): generating and compiling it costs ~10 µs per vector instruction
 * once per process, and it saves ~2.5 ns per instruction and point over the interpreter, so it
 * pays from ~4,000 points on (measured; the coprocessor tables of a short run have 16). Below,
 * the DAG evaluator (core/air/dag-quotient.ts) runs it: encoded node for node in one pass and
 * run by one fixed kernel, it needs nothing lowered (lowering a coprocessor's AIR was 35–60 ms
 * of a fresh process, for a table of padding). The vector interpreter and the generated
 * JavaScript remain for ZKGLUE_KERNELS=js.
 */
const WASM_MIN_POINTS = 4096;

/** Whether the vector interpreter should evaluate this table's quotient (see VECTOR_WORK). */
function useVector(air: CompiledAir, points: number): boolean {
  return points < 1 << 12 || air.vectorInstructions() * points <= VECTOR_WORK;
}

/** The generated evaluator over [0, bigN), a few ranges per thread. */
function evaluateGenerated(air: CompiledAir, ctx: QuotientContext, bigN: number): void {
  const evaluator = air.quotientEvaluator();
  evaluator.evaluate(ctx); // validates the context (an empty range computes nothing)
  const parts = Math.min(bigN, 4 * threadCount());
  const ranges = Array.from({ length: parts }, (_, i) => ({
    ...ctx,
    start: Math.floor((bigN * i) / parts),
    end: Math.floor((bigN * (i + 1)) / parts),
  }));
  runFunctionParallel(evaluator.source, ranges);
}

/** Computes the quotient chunks of one table (see the module comment). */
export function computeQuotientChunks(q: QuotientInput): Matrix[] {
  const logExtra = q.zk?.logExtra ?? 0;
  const logQuotientBlowup = q.logBlowup + logExtra;
  const logBig = q.logN + logQuotientBlowup;
  const bigN = 1 << logBig;
  const sel = selectorsOnCoset(q.logN, logQuotientBlowup);
  const shared = heap().alloc(4 * bigN);
  const ctx: QuotientContext = {
    start: 0,
    end: 0,
    rev: bitReversal(logBig),
    nextStep: 1 << logQuotientBlowup,
    N: bigN,
    main: q.mainLde,
    preprocessed: q.preprocessedLde,
    aux: q.auxLde,
    isFirst: sel.isFirst,
    isLast: sel.isLast,
    isTransition: sel.isTransition,
    publicValues: q.publicValues,
    challenges: q.challenges,
    finalSum: q.finalSum,
    alphaPowers: q.alphaPowers,
    out: shared,
  };
  try {
    if (useWasmKernels() && bigN >= WASM_MIN_POINTS) {
      q.air.evaluateQuotientWasm({ ...ctx, start: 0, end: bigN });
    } else if (useWasmKernels()) {
      q.air.evaluateQuotientDag({ ...ctx, start: 0, end: bigN });
    } else if (useVector(q.air, bigN)) {
      q.air.evaluateQuotientVector({ ...ctx, start: 0, end: bigN });
    } else {
      evaluateGenerated(q.air, ctx, bigN);
    }
  } catch (err) {
    heap().free(shared);
    throw err;
  }
  // `shared` is in storage (bit-reversed) order: divide by Z_H, put it in natural order, then
  // take coefficients of Q(g·X) and divide coefficient j by g^j for those of Q(X). All on the
  // WebAssembly kernels, in place on the heap.
  try {
    const coeffs: Matrix = { values: shared, width: 4, height: bigN };
    divideByZH(shared, q.logN, logQuotientBlowup);
    bitReverseRows(coeffs);
    idft(coeffs);
    scaleRowsByPowers(shared, shared, 4, bigN, 1, inv(GENERATOR));
    return chunksOf(q, shared, bigN, logExtra);
  } finally {
    heap().free(shared);
  }
}

/**
 * Checks that Q's coefficients `out` (bigN rows × 4) vanish past the chunks and copies the
 * chunks out of them (read straight from the heap block: a copy of the whole block first
 * copied the chunks twice).
 */
function chunksOf(q: QuotientInput, out: Uint32Array, bigN: number, logExtra: number): Matrix[] {
  const chunks = q.zk?.chunks ?? quotientChunks(q.air);
  const chunkSize = 1 << (q.zk?.logChunk ?? q.logN);
  if (!q.unsafeSkipCheck) {
    for (let j = chunks * chunkSize; j < bigN; j++) {
      if (out[4 * j] | out[4 * j + 1] | out[4 * j + 2] | out[4 * j + 3]) {
        throw new Error(
          `prover: table ${q.air.name}: the trace does not satisfy its constraints ` +
            `(the quotient has degree ≥ ${chunks}·n); run checkConstraints to see which and where`,
        );
      }
    }
  }
  if (q.zk) {
    // Chunks of `chunkSize` coefficients, zero-padded to the committed degree bound, randomized.
    const height = 1 << (q.logN + logExtra);
    const coeffs = Array.from({ length: chunks }, (_, i) => {
      const c = new Uint32Array(4 * height);
      const end = Math.min(4 * (i + 1) * chunkSize, out.length);
      if (4 * i * chunkSize < end) c.set(out.subarray(4 * i * chunkSize, end));
      return c;
    });
    q.zk.randomize(coeffs, chunkSize);
    return coeffs.map((values) => ({ values, width: 4, height }));
  }
  // Coefficients, committed as they are (pcsCommitCoeffs): evaluations over H would be
  // interpolated straight back by the commitment's LDE (a DFT and an inverse DFT per chunk).
  return Array.from({ length: chunks }, (_, i) => ({
    values: out.slice(4 * i * chunkSize, 4 * (i + 1) * chunkSize),
    width: 4,
    height: chunkSize,
  }));
}
