/**
 * The LogUp auxiliary trace of one table: per row, each group's sum of fractions h_g and the
 * running accumulator acc, as extension columns (ext column c at base columns 4c..4c+3).
 *
 * Three passes, all on the WebAssembly heap and every thread: per row and interaction the
 * message, its fingerprint (w base×ext products) and z − fp (the AIR's generated kernel,
 * `wasm-run.ts`, or its vector program for small tables); the inversion of all denominators
 * (core/field/ext-kernels.ts, through their norms); then m·inverse into h_g and the running sum
 * (`kernels.ts`). Nothing is allocated per row and no BigInt is used.
 */
import { isCanonical } from "../field/babybear.js";
import type { Ext } from "../field/extension.js";
import type { Interaction, LogUpChallenges, Matrix } from "../air/types.js";
import { mulInto as mulExtInto } from "../field/extension.js";
import type { FingerprintKernel } from "./fingerprint-kernel.js";
import { accumulateFractions } from "./kernels.js";
import { batchInverseExtInPlace } from "../field/ext-kernels.js";
import { heap } from "../wasm/heap.js";
import type { VectorProgram } from "../air/vector-program.js";
import { runVectorFingerprints } from "./vector-fingerprints.js";
import type { DagProgram } from "../air/dag-program.js";
import { runDagFingerprints } from "./dag-fingerprints.js";
import { runWasmRows, useWasmKernels } from "../air/wasm-run.js";

const EMPTY = new Uint32Array(0);

/** What the aux trace builder needs of a compiled AIR. */
export interface AuxShape {
  name: string;
  mainWidth: number;
  prepWidth: number;
  numPublicValues: number;
  auxWidth: number;
  interactions: readonly Interaction[];
  /** The AIR's generated fingerprint kernel (built on first use). */
  fingerprints(): FingerprintKernel;
  /** The same as a vector program (vector-fingerprints.ts; lowered on first use). */
  vectorFingerprints(): VectorProgram;
  /** That program's WebAssembly module (core/air/wasm-program.ts), compiled on first use. */
  wasmFingerprints(): string;
  /** The same as a DAG program (dag-fingerprints.ts; encoded on first use), for small tables. */
  dagFingerprints(): DagProgram;
}

/**
 * Tables whose fingerprint pass is at most this much work (vector instructions × rows, a few ns
 * each) use the vector program: the generated kernel would first be compiled, which a small
 * table never earns back. Large tables (a CPU segment) keep the generated kernel.
 */
const VECTOR_WORK = 100_000_000;

/**
 * From this many rows on, the fingerprints run on the generated WebAssembly (as the quotient);
 * below, on the DAG program (dag-fingerprints.ts), which needs nothing lowered or compiled.
 */
const WASM_MIN_ROWS = 4096;

function checkExt(x: Ext | undefined, what: string, where: string): void {
  if (x == null || x.length !== 4 || ![0, 1, 2, 3].every((i) => isCanonical(x[i]))) {
    throw new TypeError(
      `${where}: ${what} must be an extension element with canonical coefficients`,
    );
  }
}

/** Validates a trace matrix against the AIR's width (and the main trace's height). */
export function checkTrace(
  m: Matrix | undefined,
  width: number,
  height: number | null,
  what: string,
  where: string,
): void {
  if (width === 0 && m === undefined) return;
  if (m === undefined) throw new Error(`${where}: the ${what} trace is missing (width ${width})`);
  if (m.width !== width)
    throw new Error(`${where}: the ${what} trace has width ${m.width}, the AIR declares ${width}`);
  if (!Number.isInteger(m.height) || m.height < 1)
    throw new Error(`${where}: the ${what} trace has height ${m.height}`);
  if (height !== null && m.height !== height) {
    throw new Error(`${where}: the ${what} trace has height ${m.height}, the main trace ${height}`);
  }
  if (!(m.values instanceof Uint32Array) || m.values.length !== width * m.height) {
    throw new Error(
      `${where}: the ${what} trace holds ${m.values?.length} values, expected ${width}×${m.height}`,
    );
  }
}

/** Options of `buildAuxTrace`. */
export interface AuxTraceOptions {
  /**
   * Leave the trace on the WebAssembly heap, where it is built, and return a `release` that
   * frees it: the LDE and the opening then read it without copies, and the next segment's trace
   * is built in the same, already touched, memory (fresh memory is the cost: a 2^20-row CPU
   * table's aux trace is 560 MB, seconds of page faults on a virtual machine). Without it the
   * trace is copied into a JavaScript array.
   */
  onHeap?: boolean;
}

/** An aux trace and its final sum; `release` (with `onHeap`) frees its heap memory. */
export interface AuxTrace {
  aux: Matrix;
  finalSum: Ext;
  release?: () => void;
}

/** Builds the aux trace and the final sum (acc on the last row). */
export function buildAuxTrace(
  shape: AuxShape,
  main: Matrix,
  preprocessed: Matrix | undefined,
  publicValues: Uint32Array,
  challenges: LogUpChallenges,
  options: AuxTraceOptions = {},
): AuxTrace {
  const where = `buildAuxTrace of AIR "${shape.name}"`;
  checkTrace(main, shape.mainWidth, null, "main", where);
  const n = main.height;
  checkTrace(preprocessed, shape.prepWidth, n, "preprocessed", where);
  if (publicValues.length !== shape.numPublicValues) {
    throw new Error(
      `${where}: ${publicValues.length} public values, expected ${shape.numPublicValues}`,
    );
  }
  const I = shape.interactions.length;
  if (I === 0)
    return { aux: { values: new Uint32Array(0), width: 0, height: n }, finalSum: [0, 0, 0, 0] };
  checkExt(challenges?.z, "challenges.z", where);
  checkExt(challenges?.beta, "challenges.beta", where);

  const maxW = Math.max(...shape.interactions.map((it) => it.bus.width));
  // CH: z, finalSum (unused here), beta^0 … beta^maxW — the layout the generated kernels read.
  const ch = new Uint32Array(8 + 4 * (maxW + 1));
  ch.set(challenges.z, 0);
  ch[8] = 1;
  const beta = new Uint32Array(challenges.beta);
  for (let k = 1; k <= maxW; k++) mulExtInto(ch, 8 + 4 * k, ch, 8 + 4 * (k - 1), beta, 0);

  // Denominators z − fp and signed multiplicities, row-major by (row, interaction), on the
  // WebAssembly heap: its pages are already touched, the batch inversion runs on them in place
  // without copies, and they are returned at once (fresh JS arrays instead: a 2^20-row segment's
  // aux traces took 5.4 s instead of 4.5 s, measured).
  const h = heap();
  const den = h.alloc(4 * n * I);
  const mult = h.alloc(n * I);
  try {
    if (useWasmKernels() && n < WASM_MIN_ROWS) {
      const dag = shape.dagFingerprints();
      const pass = { interactions: I, main, preprocessed, publicValues, n, challenges, den, mult };
      runDagFingerprints(dag, pass);
    } else if (useWasmKernels() && n % 4 === 0) {
      const program = shape.vectorFingerprints();
      runWasmRows(
        program,
        shape.wasmFingerprints,
        main.values,
        preprocessed?.values,
        n,
        {
          publicValues,
          challenges,
        },
        den,
        mult,
      );
    } else if ((shape.vectorFingerprints().code.length / 4) * n <= VECTOR_WORK) {
      runVectorFingerprints(
        shape.vectorFingerprints(),
        I,
        main,
        preprocessed,
        publicValues,
        n,
        challenges,
        den,
        mult,
      );
    } else {
      shape.fingerprints()(
        main.values,
        preprocessed?.values ?? EMPTY,
        publicValues,
        n,
        ch,
        den,
        mult,
      );
    }
    // Only the fractions with a multiplicity need 1/d (the accumulation skips the others too).
    const zero = batchInverseExtInPlace(den, mult);
    if (zero >= 0) {
      const it = shape.interactions[zero % I];
      throw new Error(
        `${where}: z equals the fingerprint of interaction "${it.name}" at row ${Math.floor(zero / I)}`,
      );
    }
    const G = shape.auxWidth - 1;
    const width = 4 * shape.auxWidth;
    const aux = h.alloc(n * width);
    let finalSum: Ext;
    try {
      finalSum = accumulateFractions(
        den,
        mult,
        n,
        shape.interactions.map((it) => it.group),
        G,
        aux,
      );
    } catch (err) {
      h.free(aux);
      throw err;
    }
    if (options.onHeap)
      return { aux: { values: aux, width, height: n }, finalSum, release: () => h.free(aux) };
    const values = Uint32Array.from(aux);
    h.free(aux);
    return { aux: { values, width, height: n }, finalSum };
  } finally {
    h.free(den);
    h.free(mult);
  }
}
