/**
 * `checkConstraints`: the AIR author's debugger. No proof: every constraint of every table is
 * evaluated on every row (selectors 0/1; the next row of the last row is row 0, where transition
 * constraints are off), and every bus is balanced across all tables plus the messages the
 * caller (the verifier's side) supplies.
 *
 * Balancing is over the integers, not modulo p: a multiplicity is its canonical value in
 * [0, p), sends add it and receives subtract it. So a multiplicity of p − 1 is reported as a
 * huge count, not silently taken as −1 — exactly the wrap a real proof could not tell apart, and
 * which the AIR must rule out itself (e.g. by constraining multiplicities to be boolean).
 */
import { P, isCanonical } from "../field/babybear.js";
import { NonCanonicalError, firstNonCanonical } from "../field/matrix.js";
import type { Bus } from "./bus.js";
import type { BusMessage } from "../lookup/fingerprint.js";
import { checkTrace } from "../lookup/aux-trace.js";
import type { CompiledAir, Matrix } from "./types.js";

/** One table to check. */
export interface CheckTable {
  air: CompiledAir;
  main: Matrix;
  preprocessed?: Matrix;
  publicValues?: Uint32Array;
}

/** The first failing constraint of a table. */
export interface ConstraintFailure {
  table: number;
  air: string;
  constraint: string;
  row: number;
  /** The constraint's (nonzero) value at that row. */
  value: number;
  /** How many rows fail some constraint of this table. */
  failingRows: number;
}

/** Who contributed to a bus message. */
export interface MessageSource {
  /** Table index, or −1 for a message supplied by the caller. */
  table: number;
  air: string;
  row: number;
  interaction: string;
  /** Signed: positive sent, negative received. */
  multiplicity: number;
}

/** A bus message whose sends and receives do not cancel. */
export interface UnmatchedMessage {
  bus: Bus;
  values: number[];
  /** Σ sends − Σ receives over the integers. */
  net: number;
  /** True if `net` is a nonzero multiple of p: balanced in the field, not over the integers. */
  wrapsModP: boolean;
  /** Up to 8 contributors (rows, interactions, caller messages). */
  sources: MessageSource[];
  /** Contributors beyond the listed ones. */
  moreSources: number;
}

export interface CheckReport {
  ok: boolean;
  failures: ConstraintFailure[];
  unmatched: UnmatchedMessage[];
  /** A readable multi-line summary. */
  toString(): string;
}

const MAX_SOURCES = 8;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function messageKey(bus: Bus, values: ArrayLike<number>, offset: number): string {
  let key = `${bus.id}:${bus.width}`;
  for (let k = 0; k < bus.width; k++) key += `,${values[offset + k]}`;
  return key;
}

function validateTables(tables: readonly CheckTable[]): void {
  if (!Array.isArray(tables)) throw new TypeError("checkConstraints: expected an array of tables");
  tables.forEach((t, i) => {
    const where = `checkConstraints: table ${i} ("${t?.air?.name}")`;
    if (t?.air?.rows === undefined) throw new TypeError(`${where}: air must come from compileAir`);
    checkTrace(t.main, t.air.mainWidth, null, "main", where);
    checkTrace(t.preprocessed, t.air.preprocessedWidth, t.main.height, "preprocessed", where);
    refuseNonCanonical(t.main, t.air.mainColumns, "column", where);
    refuseNonCanonical(t.preprocessed, t.air.preprocessedColumns, "preprocessed column", where);
    const pv = t.publicValues ?? new Uint32Array(0);
    if (pv.length !== t.air.numPublicValues) {
      throw new Error(`${where}: ${pv.length} public values, expected ${t.air.numPublicValues}`);
    }
  });
}

/**
 * The evaluators take cells as field elements (some would reduce a larger value, others not),
 * and the prover refuses such a trace, so the debugger does too, saying where.
 */
function refuseNonCanonical(
  m: Matrix | undefined,
  columns: readonly string[],
  kind: string,
  where: string,
): void {
  const cell = m && firstNonCanonical(m.values, m.width);
  if (cell !== undefined)
    throw new NonCanonicalError(cell, where, `${kind} "${columns[cell.column]}"`);
}

function checkTableConstraints(t: CheckTable, index: number): ConstraintFailure | null {
  const { air, main } = t;
  const n = main.height;
  const out = new Uint32Array(air.numAirConstraints);
  const pv = t.publicValues ?? new Uint32Array(0);
  const prep = t.preprocessed?.values ?? null;
  let first: ConstraintFailure | null = null;
  let failingRows = 0;
  for (let r = 0; r < n; r++) {
    air.rows.constraints(main.values, prep, pv, r, r + 1 === n ? 0 : r + 1, n, out);
    let j = 0;
    while (j < out.length && out[j] === 0) j++;
    if (j === out.length) continue;
    failingRows++;
    first ??= {
      table: index,
      air: air.name,
      constraint: air.constraints[j].name,
      row: r,
      value: out[j],
      failingRows: 0,
    };
  }
  if (first !== null) first.failingRows = failingRows;
  return first;
}

/** Calls `visit` for every (table, row, interaction) message with its signed multiplicity. */
function forEachMessage(
  tables: readonly CheckTable[],
  extra: readonly BusMessage[],
  visit: (
    bus: Bus,
    values: ArrayLike<number>,
    offset: number,
    m: number,
    source: () => MessageSource,
  ) => void,
): void {
  tables.forEach((t, ti) => {
    const { air, main } = t;
    if (air.interactions.length === 0) return;
    const n = main.height;
    const buf = new Uint32Array(air.rows.interactionWords);
    const pv = t.publicValues ?? new Uint32Array(0);
    const prep = t.preprocessed?.values ?? null;
    for (let r = 0; r < n; r++) {
      air.rows.interactions(main.values, prep, pv, r, r + 1 === n ? 0 : r + 1, n, buf);
      air.interactions.forEach((it, i) => {
        const off = air.rows.interactionOffsets[i];
        const raw = buf[off + it.bus.width];
        if (raw === 0) return;
        const m = it.kind === "send" ? raw : -raw;
        visit(it.bus, buf, off, m, () => ({
          table: ti,
          air: air.name,
          row: r,
          interaction: it.name,
          multiplicity: m,
        }));
      });
    }
  });
  extra.forEach((msg, i) => {
    visit(msg.bus, msg.values, 0, msg.multiplicity, () => ({
      table: -1,
      air: "(caller)",
      row: i,
      interaction: `message #${i}`,
      multiplicity: msg.multiplicity,
    }));
  });
}

function validateExtra(extra: readonly BusMessage[]): void {
  extra.forEach((msg, i) => {
    const where = `checkConstraints: extra message ${i}`;
    if (msg?.bus === undefined || msg.values?.length !== msg.bus.width) {
      throw new Error(`${where}: needs a bus and exactly ${msg?.bus?.width} values`);
    }
    for (let k = 0; k < msg.values.length; k++) {
      if (!isCanonical(msg.values[k]))
        throw new RangeError(`${where}: value ${msg.values[k]} is not in [0, p)`);
    }
    if (!Number.isInteger(msg.multiplicity) || Math.abs(msg.multiplicity) >= P) {
      throw new RangeError(
        `${where}: multiplicity ${msg.multiplicity} must be an integer with |m| < p`,
      );
    }
  });
}

function balanceBuses(
  tables: readonly CheckTable[],
  extra: readonly BusMessage[],
): UnmatchedMessage[] {
  // Pass 1: net multiplicity per message. Pass 2 (only when something is off): who sent it.
  const net = new Map<string, number>();
  forEachMessage(tables, extra, (bus, values, off, m) => {
    const key = messageKey(bus, values, off);
    const s = (net.get(key) ?? 0) + m;
    if (Math.abs(s) > MAX_SAFE - P)
      throw new Error(`checkConstraints: multiplicities on bus "${bus.name}" overflow 2^53`);
    net.set(key, s);
  });
  const open = new Map<string, UnmatchedMessage>();
  for (const [key, s] of net) {
    if (s !== 0) open.set(key, null as unknown as UnmatchedMessage);
  }
  if (open.size === 0) return [];
  forEachMessage(tables, extra, (bus, values, off, _m, source) => {
    const key = messageKey(bus, values, off);
    if (!open.has(key)) return;
    let u = open.get(key);
    if (u === null || u === undefined) {
      const s = net.get(key)!;
      u = {
        bus,
        values: Array.from({ length: bus.width }, (_, k) => values[off + k]),
        net: s,
        wrapsModP: s % P === 0,
        sources: [],
        moreSources: 0,
      };
      open.set(key, u);
    }
    if (u.sources.length < MAX_SOURCES) u.sources.push(source());
    else u.moreSources++;
  });
  return [...open.values()];
}

function describeSource(s: MessageSource): string {
  const dir = s.multiplicity >= 0 ? `sent ×${s.multiplicity}` : `received ×${-s.multiplicity}`;
  return s.table < 0
    ? `${dir} by the caller's ${s.interaction}`
    : `${dir} by table ${s.table} ("${s.air}") row ${s.row}, interaction "${s.interaction}"`;
}

function formatReport(failures: ConstraintFailure[], unmatched: UnmatchedMessage[]): string {
  if (failures.length === 0 && unmatched.length === 0)
    return "all constraints hold and every bus balances";
  const lines: string[] = [];
  for (const f of failures) {
    lines.push(
      `table ${f.table} ("${f.air}"): constraint "${f.constraint}" fails at row ${f.row} (value ${f.value}); ${f.failingRows} row(s) fail`,
    );
  }
  for (const u of unmatched) {
    const wrap = u.wrapsModP ? " — balanced only modulo p: a multiplicity wraps" : "";
    lines.push(
      `bus "${u.bus.name}" (id ${u.bus.id}): message [${u.values.join(", ")}] is unmatched: net ${u.net}${wrap}`,
    );
    for (const s of u.sources) lines.push(`    ${describeSource(s)}`);
    if (u.moreSources > 0) lines.push(`    … and ${u.moreSources} more`);
  }
  return lines.join("\n");
}

/**
 * Evaluates every constraint on every row of every table and balances every bus (plus
 * `extraMessages`, the verifier's own contributions). Reports the first failing constraint of
 * each table and every unmatched message with its senders.
 *
 * @example
 * const report = checkConstraints([{ air: compileAir(fib), main, publicValues }]);
 * if (!report.ok) console.log(report.toString());
 */
export function checkConstraints(
  tables: readonly CheckTable[],
  extraMessages: readonly BusMessage[] = [],
): CheckReport {
  validateTables(tables);
  validateExtra(extraMessages);
  const failures: ConstraintFailure[] = [];
  tables.forEach((t, i) => {
    const f = checkTableConstraints(t, i);
    if (f !== null) failures.push(f);
  });
  const unmatched = balanceBuses(tables, extraMessages);
  const text = formatReport(failures, unmatched);
  return {
    ok: failures.length === 0 && unmatched.length === 0,
    failures,
    unmatched,
    toString: () => text,
  };
}

/** Thrown by `assertConstraints`; carries the report. */
export class ConstraintCheckError extends Error {
  override readonly name = "ConstraintCheckError";
  constructor(readonly report: CheckReport) {
    super(`trace check failed:\n${report.toString()}`);
  }
}

/** `checkConstraints`, throwing a `ConstraintCheckError` with the readable report on failure. */
export function assertConstraints(
  tables: readonly CheckTable[],
  extraMessages: readonly BusMessage[] = [],
): void {
  const report = checkConstraints(tables, extraMessages);
  if (!report.ok) throw new ConstraintCheckError(report);
}
