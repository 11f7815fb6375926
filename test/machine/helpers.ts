/**
 * Shared helpers for the machine tests: run a program, build every table's trace, and check
 * them with `checkConstraints` (no proof) — plus a way to tamper with one cell and recheck.
 */
import { checkConstraints, type CheckReport } from "../../core/air/check.js";
import type { Matrix } from "../../core/field/matrix.js";
import { prove, type PartWitness } from "../../core/stark/prover.js";
import { verifyProgram } from "../../glue/run-proof.js";
import { readFileSync } from "node:fs";
import {
  parseReceipt,
  programIdOf,
  proveReceipt,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import type { Coprocessor } from "../../glue/coprocessor.js";
import { execute, executeRecording, loadElf, type Program } from "../../glue/riscv/index.js";
import {
  buildMachine,
  journalMessages,
  machineKeys,
  type Machine,
  type RiscvTable,
  tableIndex,
} from "../../glue/machine.js";
import {
  cpuPublicValues,
  finalTables,
  machineWitness,
  type MachineWitness,
  witnessParts,
} from "../../glue/segments.js";

export interface Checked {
  machine: Machine;
  /** Every table of the (one-segment) run, in table order. */
  traces: Matrix[];
  journal: Uint8Array;
  report: CheckReport;
}

/** Runs `program` (one segment) on a machine with `coprocessors` and checks all tables. */
export function runAndCheck(
  program: Program,
  input: Uint8Array = new Uint8Array(0),
  coprocessors: readonly Coprocessor[] = [],
): Checked {
  const machine = buildMachine(program, { coprocessors });
  const run = executeRecording(program, { input, coprocessors });
  const w = machineWitness(machine, run, input);
  if (w.segments.length !== 1) throw new Error("runAndCheck: the run needs several segments");
  const traces = finalTables(w);
  return { machine, traces, journal: run.journal, report: check(machine, traces, run.journal) };
}

/** checkConstraints over a one-segment run's traces with the journal as external messages. */
export function check(machine: Machine, traces: Matrix[], journal: Uint8Array): CheckReport {
  const [cpu] = cpuPublicValues(machine.entry, []);
  return checkConstraints(
    machine.airs.map((air, i) => ({
      air,
      main: traces[i],
      preprocessed: machine.preprocessed[i],
      publicValues: air.name === "rv.cpu" ? cpu : undefined,
    })),
    journalMessages(journal),
  );
}

/** checkConstraints over every part of a run in segments (all buses balanced together). */
export function checkSegments(
  machine: Machine,
  w: MachineWitness,
  journal: Uint8Array,
): CheckReport {
  return checkParts(machine, witnessParts(machine, machineKeys(machine), w), journal);
}

/** checkConstraints over the parts of a machine proof (all buses balanced together). */
export function checkParts(
  machine: Machine,
  parts: PartWitness[],
  journal: Uint8Array,
): CheckReport {
  return checkConstraints(
    parts.flatMap((part) =>
      part.tables.map((t, i) => ({
        air: part.pk.vk.airs[i],
        main: t.main,
        preprocessed: machine.preprocessed[i],
        publicValues: t.publicValues,
      })),
    ),
    journalMessages(journal),
  );
}

/** A copy of `traces` with table `table`'s cell (row, column name) set to `value`. */
export function tamper(
  machine: Machine,
  traces: Matrix[],
  table: RiscvTable | `cop.${string}`,
  row: number,
  column: string,
  value: number,
): Matrix[] {
  const t = tableIndex(machine, table);
  const col = machine.airs[t].mainColumns.indexOf(column);
  if (col < 0) throw new Error(`no column ${column} in ${table}`);
  return traces.map((m, i) => {
    if (i !== t) return m;
    const values = m.values.slice();
    values[row * m.width + col] = value;
    return { ...m, values };
  });
}

/** What `proveExample` found: the verified journal, the executor's, and the prover's figures. */
export interface ExampleProof {
  verified: Uint8Array;
  executed: Uint8Array;
  cycles: number;
  segments: number;
}

/**
 * Proves example guest `name` (examples/guests) through a receipt, then serializes, parses and
 * verifies the receipt against the program id recomputed from the ELF.
 */
export function proveExample(
  name: string,
  input = new Uint8Array(0),
  coprocessors: Coprocessor[] = [],
): ExampleProof {
  const program = loadElf(readFileSync(`examples/guests/${name}.elf`));
  const { receipt, stats } = proveReceipt(program, { input, coprocessors });
  const verified = verifyReceipt(
    parseReceipt(serializeReceipt(receipt)),
    programIdOf(program, coprocessors),
    coprocessors,
  );
  const run = execute(program, { input, coprocessors });
  if (run.exitCode !== 0) throw new Error(`${name} exited with ${run.exitCode}`);
  if (run.cycles !== stats.cycles) throw new Error(`${name}: cycle counts differ`);
  return { verified, executed: run.journal, cycles: stats.cycles, segments: stats.segments };
}

/**
 * Proves the traces of a one-segment run the way a cheating prover would (the prover's own
 * checks off) and verifies the proof as a verifier would; returns the verifier's call, for
 * `expect(...).toThrow(/rejected/)`.
 */
export function forcedProofVerification(
  m: Machine,
  traces: Matrix[],
  journal: Uint8Array,
): () => void {
  const keys = machineKeys(m);
  const [cpu] = cpuPublicValues(m.entry, []);
  const proof = prove(
    keys.final,
    traces.map((main, i) => ({ main, publicValues: i === 0 ? cpu : undefined })),
    { external: journalMessages(journal), unsafeSkipChecks: true },
  );
  const vks = { segment: keys.segment.vk, final: keys.final.vk };
  return () => verifyProgram(vks, m.entry, { proofs: [proof], handOvers: [], journal });
}
