/**
 * Shared helpers for the machine tests: run a program, build every table's trace, and check
 * them with `checkConstraints` (no proof) — plus a way to tamper with one cell and recheck.
 */
import { checkConstraints, type CheckReport } from "../../core/air/check.js";
import type { Matrix } from "../../core/field/matrix.js";
import { executeRecording, type Program } from "../../glue/riscv/index.js";
import {
  buildMachine,
  journalMessages,
  machineTraces,
  TABLES,
  type Machine,
} from "../../glue/machine.js";

export interface Checked {
  machine: Machine;
  traces: Matrix[];
  journal: Uint8Array;
  report: CheckReport;
}

/** Runs `program` and checks all tables. */
export function runAndCheck(program: Program, input: Uint8Array = new Uint8Array(0)): Checked {
  const machine = buildMachine(program);
  const run = executeRecording(program, { input });
  const traces = machineTraces(machine, run, input);
  return { machine, traces, journal: run.journal, report: check(machine, traces, run.journal) };
}

/** checkConstraints over a machine's traces with the journal as external messages. */
export function check(machine: Machine, traces: Matrix[], journal: Uint8Array): CheckReport {
  return checkConstraints(
    machine.airs.map((air, i) => ({ air, main: traces[i], preprocessed: machine.preprocessed[i] })),
    journalMessages(journal),
  );
}

/** A copy of `traces` with table `table`'s cell (row, column name) set to `value`. */
export function tamper(
  machine: Machine,
  traces: Matrix[],
  table: (typeof TABLES)[number],
  row: number,
  column: string,
  value: number,
): Matrix[] {
  const t = TABLES.indexOf(table);
  const col = machine.airs[t].mainColumns.indexOf(column);
  if (col < 0) throw new Error(`no column ${column} in ${table}`);
  return traces.map((m, i) => {
    if (i !== t) return m;
    const values = m.values.slice();
    values[row * m.width + col] = value;
    return { ...m, values };
  });
}
