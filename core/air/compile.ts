/**
 * `compileAir`: runs an AIR's `eval` under the symbolic builder, adds the LogUp constraints of
 * its bus interactions, and derives from that one record everything the proof system needs —
 * widths, degrees, the constraint order for alpha folding, the aux trace builder, and the
 * generated row, prover and verifier evaluators.
 */
import { buildAuxTrace } from "../lookup/aux-trace.js";
import { buildLogUp } from "../lookup/logup.js";
import { buildFingerprintKernel, type FingerprintKernel } from "../lookup/fingerprint-kernel.js";
import { buildPointEvaluator } from "./point.js";
import { buildQuotientEvaluator, checkQuotientContext } from "./quotient.js";
import { lowerQuotient, runVectorQuotient, type VectorProgram } from "./vector-quotient.js";
import { lowerFingerprints } from "../lookup/vector-fingerprints.js";
import { encodeFingerprints } from "../lookup/dag-fingerprints.js";
import type { DagProgram } from "./dag-program.js";
import { encodeQuotient, runDagQuotient } from "./dag-quotient.js";
import { quotientModule, rowsModule, runWasmQuotient, wasmRangeFits } from "./wasm-run.js";
import { buildRowEvaluators } from "./rows.js";
import { MAX_DEGREE, recordAir } from "./symbolic.js";
import type {
  Air,
  AnyAir,
  CompiledAir,
  Interaction,
  PlainRow,
  QuotientEvaluator,
  RowEvaluators,
} from "./types.js";

/**
 * Checks an AIR's declaration and returns it unchanged, typed: with `mainColumns` from
 * `layout(...)`, `b.local` / `b.next` in `eval` are typed by the layout.
 *
 * @example
 * const cols = layout(["x", "y"] as const);
 * export const myAir = defineAir({ name: "my", mainColumns: cols, eval(b) { b.assertBool("x bit", b.local.x); } });
 */
export function defineAir<R = PlainRow, Q = PlainRow>(air: Air<R, Q>): Air<R, Q> {
  checkDeclaration(air as AnyAir);
  return air;
}

function checkDeclaration(air: AnyAir): void {
  if (air === null || typeof air !== "object") throw new TypeError("AIR: expected an object");
  if (typeof air.name !== "string" || air.name.length === 0)
    throw new TypeError("AIR: name must be a non-empty string");
  const where = `AIR "${air.name}"`;
  for (const [cols, what] of [
    [air.mainColumns, "mainColumns"],
    [air.preprocessedColumns ?? [], "preprocessedColumns"],
  ] as const) {
    if (!Array.isArray(cols) || !cols.every((c) => typeof c === "string" && c.length > 0)) {
      throw new TypeError(`${where}: ${what} must be an array of non-empty column names`);
    }
    if (new Set(cols).size !== cols.length)
      throw new Error(`${where}: ${what} repeats a column name`);
  }
  if (air.mainColumns.length === 0) throw new Error(`${where}: needs at least one main column`);
  const npv = air.numPublicValues ?? 0;
  if (!Number.isInteger(npv) || npv < 0)
    throw new RangeError(`${where}: numPublicValues must be a non-negative integer`);
  if (typeof air.eval !== "function") throw new TypeError(`${where}: eval must be a function`);
}

/**
 * Compiles an AIR: symbolic degrees (a constraint above degree 3 is refused, naming it), bus
 * interactions (a message of the wrong width is refused), LogUp layout, and evaluators.
 */
export function compileAir(air: AnyAir): CompiledAir {
  checkDeclaration(air);
  const record = recordAir(air);
  const logup = buildLogUp(air.name, record.interactions);
  const interactions: Interaction[] = record.interactions.map((it, i) =>
    Object.freeze({ ...it, values: Object.freeze(it.values), group: logup.groupOf[i] }),
  );
  const constraints = Object.freeze(
    [...record.constraints, ...logup.constraints].map((c) => Object.freeze(c)),
  );
  const maxDegree = Math.max(0, ...constraints.map((c) => c.degree));
  if (maxDegree > MAX_DEGREE)
    throw new Error(`AIR "${air.name}": internal error, degree ${maxDegree} passed the checks`);
  const mainWidth = air.mainColumns.length;
  const preprocessedWidth = air.preprocessedColumns?.length ?? 0;
  const numPublicValues = air.numPublicValues ?? 0;
  const maxBusWidth = Math.max(0, ...interactions.map((it) => it.bus.width));
  // Built on first use: only the debugger (checkConstraints) reads them, and generating and
  // compiling their JavaScript was ~200 ms of a fresh process's first proof (measured).
  let rows: RowEvaluators | null = null;
  let fingerprintKernel: FingerprintKernel | null = null;
  let fingerprintProgram: VectorProgram | null = null;
  const vectorFingerprints = (): VectorProgram =>
    (fingerprintProgram ??= lowerFingerprints(interactions));
  let fingerprintDag: DagProgram | null = null;
  let quotientDag: DagProgram | null = null;
  const shape = {
    name: air.name,
    mainWidth,
    prepWidth: preprocessedWidth,
    auxWidth: logup.auxWidth,
    numPublicValues,
    maxBusWidth,
    constraints,
    interactions,
    fingerprints: () =>
      (fingerprintKernel ??= buildFingerprintKernel(mainWidth, preprocessedWidth, interactions)),
    vectorFingerprints,
    dagFingerprints: () => (fingerprintDag ??= encodeFingerprints(interactions)),
    wasmFingerprints: rowsModule(
      vectorFingerprints,
      { mainWidth, prepWidth: preprocessedWidth, auxWidth: 0 },
      () => [4 * interactions.length, interactions.length],
    ),
  };
  const evaluateAtPoint = buildPointEvaluator(shape);
  let quotient: QuotientEvaluator | null = null;
  let vector: VectorProgram | null = null;
  const vectorQuotient = (): VectorProgram => (vector ??= lowerQuotient(constraints));
  const programShape = {
    mainWidth,
    prepWidth: preprocessedWidth,
    auxWidth: 4 * logup.auxWidth,
  };
  const wasmQuotient = quotientModule(vectorQuotient, programShape);
  const compiled: CompiledAir = {
    name: air.name,
    air,
    mainWidth,
    preprocessedWidth,
    numPublicValues,
    mainColumns: Object.freeze([...air.mainColumns]),
    preprocessedColumns: Object.freeze([...(air.preprocessedColumns ?? [])]),
    constraints,
    numAirConstraints: record.constraints.length,
    interactions: Object.freeze(interactions),
    maxDegree,
    auxWidth: logup.auxWidth,
    buildAuxTrace: (main, preprocessed, publicValues, challenges, options) =>
      buildAuxTrace(shape, main, preprocessed, publicValues, challenges, options),
    quotientEvaluator: () => (quotient ??= buildQuotientEvaluator(shape)),
    evaluateQuotientVector(ctx) {
      checkQuotientContext(shape, ctx);
      runVectorQuotient(vectorQuotient(), ctx);
    },
    evaluateQuotientWasm(ctx) {
      checkQuotientContext(shape, ctx);
      if (wasmRangeFits(ctx.start, ctx.end))
        runWasmQuotient(vectorQuotient(), programShape, wasmQuotient, ctx);
      else runVectorQuotient(vectorQuotient(), ctx);
    },
    evaluateQuotientDag(ctx) {
      checkQuotientContext(shape, ctx);
      runDagQuotient((quotientDag ??= encodeQuotient(constraints)), ctx);
    },
    vectorInstructions: () => vectorQuotient().code.length / 4,
    evaluateAtPoint,
    get rows(): RowEvaluators {
      return (rows ??= buildRowEvaluators(
        mainWidth,
        preprocessedWidth,
        record.constraints,
        record.interactions,
      ));
    },
  };
  return Object.freeze(compiled);
}
