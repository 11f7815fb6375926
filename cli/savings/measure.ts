/**
 * Measures the two runs of a savings report: executes each guest and generates its traces
 * (glue/figures.ts) to count cycles, rows and cells; counts each coprocessor's calls; and, when
 * asked, proves and verifies each run a few times and keeps the medians (the machine is shared
 * and noisy, one timing says little). Both runs use the same machine configuration — the same
 * coprocessors — so the only difference is what the guest hands to them.
 *
 * Proving is skipped when the journals differ: the two programs do not compute the same thing,
 * and the caller reports that instead.
 */
import type { Coprocessor } from "../../glue/coprocessor.js";
import { measureRun } from "../../glue/figures.js";
import { buildMachine, machineKeys, machineProgramId, type Machine } from "../../glue/machine.js";
import { parseReceipt, receiptOf, serializeReceipt, verifyReceipt } from "../../glue/receipt.js";
import { execute, GuestError, type Program } from "../../glue/riscv/index.js";
import { proveProgram } from "../../glue/run-proof.js";
import {
  compareRuns,
  median,
  runReport,
  type ProofFigures,
  type RunReport,
  type SavingsReport,
} from "./model.js";

/** One side of the comparison: a name for people and the loaded guest. */
export interface Workload {
  label: string;
  program: Program;
}

/** A guest of the comparison failed (faulted or exited non-zero); the message names it. */
export class WorkloadError extends Error {
  override readonly name = "WorkloadError";
  constructor(
    readonly label: string,
    failure: Error,
  ) {
    const what = failure instanceof GuestError ? `guest error (${failure.kind}): ` : "";
    super(`${label}: ${what}${failure.message}`, { cause: failure });
  }
}

/** Options of `measureSavings`. */
export interface SavingsOptions {
  /** The coprocessors of the machine both runs use. */
  coprocessors: readonly Coprocessor[];
  /** Private input, the same for both runs. */
  input?: Uint8Array;
  /** Cycles per segment (default 2^20). */
  segmentCycles?: number;
  /** Prove and verify each run this many times and report the medians; 0 (default): don't. */
  proveRuns?: number;
  /** Told what is being done, for progress output. */
  onProgress?: (message: string) => void;
}

/**
 * Calls made to each coprocessor by a run, keyed by table name (`cop.<name>`). A fast execution
 * with each coprocessor's `execute` wrapped in a counter; the wrappers inherit everything else
 * from the originals (Object.create), so they validate and behave exactly as they do.
 */
export function countCalls(
  program: Program,
  input: Uint8Array,
  coprocessors: readonly Coprocessor[],
): Record<string, number> {
  const calls: Record<string, number> = {};
  const counting = coprocessors.map((c): Coprocessor => {
    const table = `cop.${c.name}`;
    calls[table] = 0;
    // Defined, not assigned: a coprocessor from defineCoprocessor is frozen, and assigning over
    // an inherited read-only property throws.
    const execute = (ctx: Parameters<Coprocessor["execute"]>[0]) => {
      calls[table]++;
      return c.execute(ctx);
    };
    return Object.create(c, { execute: { value: execute, enumerable: true } }) as Coprocessor;
  });
  execute(program, { input, coprocessors: counting });
  return calls;
}

/** Proves and verifies `w` on machine `m` `runs` times: median times, receipt size. */
export function proofFigures(
  m: Machine,
  w: Workload,
  options: SavingsOptions,
  runs: number,
): ProofFigures {
  machineKeys(m); // key setup is per program, not per proof: kept out of the timings
  const id = machineProgramId(m);
  const prove: number[] = [];
  const verify: number[] = [];
  let receiptBytes = 0;
  for (let i = 0; i < runs; i++) {
    options.onProgress?.(`proving ${w.label} (${i + 1}/${runs})`);
    const t0 = performance.now();
    const proof = proveProgram(m, w.program, {
      input: options.input,
      segmentCycles: options.segmentCycles,
    });
    prove.push(performance.now() - t0);
    const bytes = serializeReceipt(receiptOf(m, proof));
    receiptBytes = bytes.length;
    // Verification as a user does it: parse the receipt, rebuild the keys, check the proof.
    const t1 = performance.now();
    verifyReceipt(parseReceipt(bytes), id, options.coprocessors);
    verify.push(performance.now() - t1);
  }
  return { runs, proveMs: median(prove), verifyMs: median(verify), receiptBytes };
}

/** The figures of one side, without proving; a failing guest is a `WorkloadError`. */
function measureSide(w: Workload, m: Machine, options: SavingsOptions): RunReport {
  options.onProgress?.(`measuring ${w.label}`);
  const input = options.input ?? new Uint8Array(0);
  let figures;
  try {
    figures = measureRun(m, w.program, { input, segmentCycles: options.segmentCycles });
  } catch (e) {
    // measureRun refuses a non-zero exit code with a plain Error saying so
    if (e instanceof GuestError || (e instanceof Error && /exited with code/.test(e.message)))
      throw new WorkloadError(w.label, e);
    throw e;
  }
  return runReport(w.label, figures, undefined, countCalls(w.program, input, options.coprocessors));
}

/**
 * Measures a baseline and an accelerated run of the same workload and puts them side by side;
 * with `proveRuns` > 0 also proves and verifies both (unless their journals differ). Throws
 * `WorkloadError` naming the guest if one faults or exits with a non-zero code.
 *
 * @example
 * const report = measureSavings(
 *   { label: "sha256_1k_sw.elf", program: sw },
 *   { label: "sha256_1k_cop.elf", program: cop },
 *   { coprocessors: builtinCoprocessors(), proveRuns: 3 },
 * );
 * console.log(report.ratios.cycles);
 */
export function measureSavings(
  baseline: Workload,
  accelerated: Workload,
  options: SavingsOptions,
): SavingsReport {
  const machine = (w: Workload) => buildMachine(w.program, { coprocessors: options.coprocessors });
  const mb = machine(baseline);
  const ma = machine(accelerated);
  let b = measureSide(baseline, mb, options);
  let a = measureSide(accelerated, ma, options);
  const runs = options.proveRuns ?? 0;
  if (runs > 0 && b.journal === a.journal) {
    b = { ...b, proof: proofFigures(mb, baseline, options, runs) };
    a = { ...a, proof: proofFigures(ma, accelerated, options, runs) };
  }
  return compareRuns(b, a);
}
