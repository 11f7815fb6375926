/**
 * The underconstraint fuzzer's core: mutate every cell of a valid table on sampled real and
 * padding rows and count the mutations nothing notices — no constraint of the table fails and
 * the table's messages on every bus stay the same (so every bus stays balanced). A column where
 * a mutation goes unnoticed is one a cheating prover can fill as it likes; unless the table's
 * author declares it free with a reason, that is a finding.
 */
import type { CheckTable } from "../../core/air/check.js";
import type { FreeCell } from "../coprocessor.js";
import { CELL_KINDS, type MutationKind, mutatedValue } from "./mutations.js";
import { changedInstances, type NetMessages, netOf, sameNet, TableProbe } from "./probe.js";
import { seededRandom } from "./sample-calls.js";

/** Rows holding work (a call, an instruction) or padding. */
export type RowKind = "real" | "padding";

/** One undetected mutation. */
export interface Escape {
  readonly column: string;
  readonly row: number;
  readonly kind: MutationKind;
  readonly from: number;
  readonly to: number;
}

/** The fuzzer's count for one column on one kind of row. */
export interface ColumnTally {
  readonly column: string;
  readonly rows: RowKind;
  tried: number;
  undetected: number;
  /** Undetected mutations in cells declared free there (their reasons in `reasons`). */
  excused: number;
  readonly reasons: Set<string>;
  /** The first few undetected mutations not excused. */
  readonly escapes: Escape[];
}

export interface FuzzOptions {
  /** Rows [0, realRows) are real, the rest padding. */
  readonly realRows: number;
  /** Seed of the mutation source (default 1). */
  readonly seed?: number;
  /** Real rows to mutate (default 6: the first, the last, and random others). */
  readonly realSamples?: number;
  /** Padding rows to mutate (default 3). */
  readonly paddingSamples?: number;
  /** Ids of buses whose counterparty a mirrored edit may change (default: none). */
  readonly mirrorBuses?: readonly number[];
  /**
   * Narrows a mirrored bus to the table's sends or its receives, for a table on both sides of
   * one bus whose counterparties differ (a chip that serves ALU calls and makes its own).
   */
  readonly mirrorSides?: Readonly<Record<number, "send" | "receive">>;
  readonly free?: readonly FreeCell[];
  /** Rows to mutate instead of sampled ones (e.g. chosen per kind of row by the caller). */
  readonly rows?: { readonly real?: readonly number[]; readonly padding?: readonly number[] };
  /**
   * Buses answered by a fixed table whose multiplicities are the prover's (a range or byte
   * table): an edit that only moves messages on them to values the table holds is absorbed by
   * its multiplicities, so it counts as undetected unless a constraint fails (default: none).
   */
  readonly lookups?: readonly LookupTable[];
}

/** A lookup table's bus and the messages it holds (every one of them, at any multiplicity). */
export interface LookupTable {
  readonly bus: number;
  holds(values: readonly number[]): boolean;
}

/** The fuzzer's findings for one table. */
export interface FuzzReport {
  readonly table: string;
  readonly rows: Readonly<Record<RowKind, number[]>>;
  readonly tallies: readonly ColumnTally[];
  readonly tried: number;
  readonly undetected: number;
  /** Tallies with undetected mutations in cells not declared free (undetected > excused). */
  readonly unexplained: readonly ColumnTally[];
  readonly ok: boolean;
}

const MAX_ESCAPES = 3;

/** `count` distinct rows of [from, to): the first, the last, and random others. */
function sampleRows(from: number, to: number, count: number, random: () => number): number[] {
  const n = to - from;
  if (n <= count) return Array.from({ length: n }, (_, i) => from + i);
  const rows = new Set(count === 1 ? [from] : [from, to - 1]);
  while (rows.size < count) rows.add(from + Math.floor(random() * n));
  return [...rows].sort((a, b) => a - b);
}

/** `rows` checked to lie in [from, to), sorted and distinct; undefined if not given. */
function givenRows(
  rows: readonly number[] | undefined,
  from: number,
  to: number,
  table: string,
): number[] | undefined {
  if (rows === undefined) return undefined;
  for (const r of rows) {
    if (!(Number.isInteger(r) && r >= from && r < to))
      throw new RangeError(`table ${table}: row ${r} to mutate is not in [${from}, ${to})`);
  }
  return [...new Set(rows)].sort((a, b) => a - b);
}

/** The buses (and sides) mirrored edits act on. */
interface Mirror {
  readonly buses: ReadonlySet<number>;
  readonly sides: Readonly<Record<number, "send" | "receive">>;
}

/** Whether a change from net `a` to net `b` unbalances a bus no lookup table can absorb. */
type Noticer = (a: NetMessages, b: NetMessages) => boolean;

function busNoticer(lookups: readonly LookupTable[]): Noticer {
  const tables = new Map(lookups.map((t) => [t.bus, t]));
  const absorbed = (key: string): boolean => {
    const colon = key.indexOf(":");
    const table = tables.get(Number(key.slice(0, colon)));
    return (
      table !== undefined &&
      table.holds(
        key
          .slice(colon + 1)
          .split(",")
          .map(Number),
      )
    );
  };
  return (a, b) => {
    if (sameNet(a, b)) return false;
    if (tables.size === 0) return true;
    for (const [k, v] of a) if (b.get(k) !== v && !absorbed(k)) return true;
    for (const [k, v] of b) if (a.get(k) !== v && !absorbed(k)) return true;
    return false;
  };
}

/** The declarations that can excuse `column` on rows of `kind`. */
function freeFor(free: readonly FreeCell[], column: string, kind: RowKind): FreeCell[] {
  const group = column.replace(/\[\d+\]$/, "");
  return free.filter(
    (f) => (f.column === column || f.column === group) && (f.rows === "all" || f.rows === kind),
  );
}

/** Reads a cell by column name: `cell(row)(name)`, as a free cell's `where` test sees a row. */
type CellReader = (row: number) => (name: string) => number;

/** The reader of `probe`'s trace, its column map built once per table. */
function cellReader(probe: TableProbe): CellReader {
  const { air, main } = probe;
  const W = air.mainWidth;
  const index = new Map(air.air.mainColumns.map((name, c) => [name, c]));
  return (row) => (name) => {
    const c = index.get(name);
    if (c === undefined)
      throw new Error(`table ${air.name}: a free cell's test reads "${name}", no such column`);
    return main[row * W + c];
  };
}

/** The reason that excuses a mutation of row `r`, if one of `free` applies there. */
function excuse(
  cell: CellReader,
  height: number,
  free: readonly FreeCell[],
  r: number,
): string | undefined {
  if (free.length === 0) return undefined;
  const local = cell(r);
  const next = cell((r + 1) % height);
  return free.find((f) => f.where === undefined || f.where.test(local, next))?.reason;
}

/** Mutates one table; throws if the table is not valid on the sampled rows to begin with. */
export function fuzzTable(t: CheckTable, o: FuzzOptions): FuzzReport {
  const probe = new TableProbe(t);
  const { air, height: h } = probe;
  const random = seededRandom(o.seed ?? 1);
  const rows: Record<RowKind, number[]> = {
    real:
      givenRows(o.rows?.real, 0, o.realRows, air.name) ??
      sampleRows(0, o.realRows, o.realSamples ?? 6, random),
    padding:
      givenRows(o.rows?.padding, o.realRows, h, air.name) ??
      sampleRows(o.realRows, h, o.paddingSamples ?? 3, random),
  };
  const all = [...rows.real, ...rows.padding];
  const invalid = probe.firstFailure(probe.windows(all));
  if (invalid !== null)
    throw new Error(
      `table ${air.name}: the sample trace is not valid: constraint ${invalid} fails`,
    );
  const mirror: Mirror = { buses: new Set(o.mirrorBuses ?? []), sides: o.mirrorSides ?? {} };
  const noticed = busNoticer(o.lookups ?? []);
  const cell = cellReader(probe);
  const tallies: ColumnTally[] = [];
  for (const kind of ["real", "padding"] as const) {
    if (rows[kind].length === 0) continue;
    air.air.mainColumns.forEach((column, c) => {
      const tally: ColumnTally = {
        column,
        rows: kind,
        tried: 0,
        undetected: 0,
        excused: 0,
        reasons: new Set(),
        escapes: [],
      };
      const free = freeFor(o.free ?? [], column, kind);
      for (const r of rows[kind]) {
        const [before, shown] = [tally.undetected, tally.escapes.length];
        mutateCell(probe, r, c, tally, random, mirror, noticed);
        const missed = tally.undetected - before;
        const reason = missed > 0 ? excuse(cell, h, free, r) : undefined;
        if (reason !== undefined) {
          tally.excused += missed;
          tally.reasons.add(reason);
          tally.escapes.length = shown;
        }
      }
      tallies.push(tally);
    });
  }
  const unexplained = tallies.filter((x) => x.undetected > x.excused);
  return {
    table: air.name,
    rows,
    tallies,
    tried: tallies.reduce((s, x) => s + x.tried, 0),
    undetected: tallies.reduce((s, x) => s + x.undetected, 0),
    unexplained,
    ok: unexplained.length === 0,
  };
}

function record(tally: ColumnTally, detected: boolean, e: Omit<Escape, "column">): void {
  tally.tried++;
  if (detected) return;
  tally.undetected++;
  if (tally.escapes.length < MAX_ESCAPES) tally.escapes.push({ column: tally.column, ...e });
}

/** Every mutation kind on cell (r, c); the trace is restored after each. */
function mutateCell(
  probe: TableProbe,
  r: number,
  c: number,
  tally: ColumnTally,
  random: () => number,
  mirror: Mirror,
  noticed: Noticer,
): void {
  const W = probe.air.mainWidth;
  const M = probe.main;
  const at = r * W + c;
  const from = M[at];
  const windows = probe.windows([r]);
  const before = probe.emitted(windows);
  const beforeNet = netOf(before);
  for (const kind of CELL_KINDS) {
    const to = mutatedValue(kind, from, random);
    if (to === null) continue;
    M[at] = to;
    const detected =
      probe.firstFailure(windows) !== null || noticed(beforeNet, netOf(probe.emitted(windows)));
    M[at] = from;
    record(tally, detected, { row: r, kind, from, to });
  }
  swapCell(probe, r, c, tally, random, noticed);
  if (mirror.buses.size > 0) mirroredCell(probe, r, c, tally, random, mirror, before);
}

/** Exchanges (r, c) with (s, c) for a row s holding another value there, if there is one. */
function swapCell(
  probe: TableProbe,
  r: number,
  c: number,
  tally: ColumnTally,
  random: () => number,
  noticed: Noticer,
): void {
  const W = probe.air.mainWidth;
  const M = probe.main;
  const h = probe.height;
  let s = -1;
  for (let tries = 0; tries < 16 && s < 0; tries++) {
    const cand = Math.floor(random() * h);
    if (cand !== r && M[cand * W + c] !== M[r * W + c]) s = cand;
  }
  if (s < 0) return;
  // Rows that differ in this cell only: the swap exchanges the two rows, the same table.
  let differ = false;
  for (let k = 0; k < W && !differ; k++) differ = k !== c && M[r * W + k] !== M[s * W + k];
  if (!differ) return;
  const windows = probe.windows([r, s]);
  const beforeNet = netOf(probe.emitted(windows));
  const [a, b] = [M[r * W + c], M[s * W + c]];
  M[r * W + c] = b;
  M[s * W + c] = a;
  const detected =
    probe.firstFailure(windows) !== null || noticed(beforeNet, netOf(probe.emitted(windows)));
  M[r * W + c] = a;
  M[s * W + c] = b;
  record(tally, detected, { row: r, kind: "swap", from: a, to: b });
}

/**
 * A random value at (r, c) that changes exactly one message, on a bus whose counterparty could
 * change it too (the memory argument, the CPU): detected only if a constraint fails. A cell that
 * reaches a single message and no constraint is data the table does not tie to its work — a
 * written value it never computes, a read value it never uses. Skipped (not counted) when the
 * edit changes anything else: a range lookup, a second message (a cell that is both read and
 * written, or a timestamp, moves several counterparties, which the table cannot pin).
 */
function mirroredCell(
  probe: TableProbe,
  r: number,
  c: number,
  tally: ColumnTally,
  random: () => number,
  mirror: Mirror,
  before: ReturnType<TableProbe["emitted"]>,
): void {
  const M = probe.main;
  const at = r * probe.air.mainWidth + c;
  const from = M[at];
  const to = mutatedValue("random", from, random);
  if (to === null) return;
  const windows = probe.windows([r]);
  M[at] = to;
  const changed = changedInstances(before, probe.emitted(windows));
  const eligible =
    changed.size === 1 &&
    [...changed].every((id) => {
      const it = probe.air.interactions[+id.split(":")[1]];
      const side = mirror.sides[it.bus.id];
      return mirror.buses.has(it.bus.id) && (side === undefined || side === it.kind);
    });
  const detected = eligible && probe.firstFailure(windows) !== null;
  M[at] = from;
  if (eligible) record(tally, detected, { row: r, kind: "mirrored", from, to });
}
