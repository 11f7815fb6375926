/**
 * The rows of the syscall table: one per non-terminating ecall the machine's own table receives
 * (write to fd 1/2/3, read from fd 0), in cycle order. Each row reads a1/a2 in the replay's
 * register shadow and hands a journal write's or input read's bytes to the io table. After the
 * replay, `syscallTable` pads the table and fills the clk gaps between consecutive rows.
 */
import { invSmall } from "../small-inverse.js";
import type { ChipTrace } from "../../chip.js";
import { FD_JOURNAL, FD_STDERR, FD_STDOUT, SYS_READ, SYS_WRITE } from "../../riscv/constants.js";
import { IoKind } from "../buses.js";
import { ioRun, type IoTrace } from "../io/trace.js";
import { type ReplayState, TraceGenerationError } from "../state.js";
import { fe, type Lookups, TableBuilder } from "../table.js";
import { syscallCols } from "./columns.js";

const S = syscallCols.index;
/** Kinds: the index of the row's flag column. */
const JOURNAL = 2;
const INPUT = 3;

/** The syscall table as it fills, the journal position so far and the last row's clk. */
export interface SyscallTrace {
  readonly table: TableBuilder;
  readonly io: IoTrace;
  jpos: number;
  lastClk: number;
}

/** An empty syscall table whose byte runs go to `io`. */
export function newSyscallTrace(io: IoTrace): SyscallTrace {
  return { table: new TableBuilder(syscallCols.width, 64), io, jpos: 0, lastClk: -1 };
}

/** The row kind (flag column) of syscall `a7` with first argument `a0`. */
function syscallKind(a7: number, a0: number): number {
  if (a7 === SYS_WRITE && a0 === FD_STDOUT) return 0;
  if (a7 === SYS_WRITE && a0 === FD_STDERR) return 1;
  if (a7 === SYS_WRITE && a0 === FD_JOURNAL) return JOURNAL;
  if (a7 === SYS_READ && a0 === 0) return INPUT;
  throw new TraceGenerationError(`syscall ${a7} with a0 = ${a0} is not supported by the prover`);
}

/** Appends the row of the ecall at `clk` (a7, a0, result `res`) and its io rows. */
export function syscallRow(
  st: ReplayState,
  sys: SyscallTrace,
  clk: number,
  a7: number,
  a0: number,
  res: number,
): void {
  if (clk <= sys.lastClk) throw new TraceGenerationError("syscalls out of order");
  sys.lastClk = clk;
  const o = sys.table.row();
  const v = sys.table.values;
  const kind = syscallKind(a7, a0);
  v[o + kind] = 1;
  v[o + S.clk] = clk;
  v[o + S.resLo] = res & 0xffff;
  v[o + S.resHi] = res >>> 16;
  const ptr = st.shadow.regs[11];
  const len = st.shadow.regs[12];
  v[o + S.ptrLo] = ptr & 0xffff;
  v[o + S.ptrHi] = ptr >>> 16;
  v[o + S.lenLo] = len & 0xffff;
  v[o + S.lenHi] = len >>> 16;
  readArguments(st, v, o, clk);
  const count = kind === JOURNAL ? len : kind === INPUT ? res : 0;
  countCells(st.lookups, v, o, kind, count, len, res, sys.jpos);
  if (kind >= JOURNAL) st.lookups.range16((ptr >>> 16) + 0x8800);
  if (count > 0) {
    const ioKind = kind === JOURNAL ? IoKind.JOURNAL : IoKind.INPUT;
    ioRun(st, sys.io, { ts: clk + 3, ptr, count, pos: sys.jpos, kind: ioKind });
  }
  if (kind === JOURNAL) sys.jpos += len;
}

/** The reads of a1 and a2 (registers 11, 12) at clk + 3: previous timestamps and gaps. */
function readArguments(st: ReplayState, v: Uint32Array, o: number, clk: number): void {
  const { regTs } = st.shadow;
  [11, 12].forEach((reg, k) => {
    const prev = regTs[reg];
    const d = clk + 3 - prev - 1;
    v[o + S.prevTs + k] = prev;
    v[o + S.dLo + k] = d & 0xffff;
    v[o + S.dHi + k] = d >>> 16;
    regTs[reg] = clk + 3;
    st.lookups.range16(d & 0xffff);
    st.lookups.range14(d >>> 16);
  });
}

/** The byte count n (its inverse and nonzero flag), the journal cells and a read's slack. */
function countCells(
  L: Lookups,
  v: Uint32Array,
  o: number,
  kind: number,
  count: number,
  len: number,
  res: number,
  jpos: number,
): void {
  v[o + S.n] = fe(count);
  v[o + S.nInv] = count === 0 ? 0 : invSmall(count);
  v[o + S.nz] = count === 0 ? 0 : 1;
  v[o + S.jpos] = jpos;
  v[o + S.jn] = kind === JOURNAL ? fe(len) : 0;
  if (kind === JOURNAL) L.range14(len >>> 16);
  if (kind === INPUT) {
    L.range16(res & 0xffff);
    L.range14(res >>> 16);
    L.range14(len >>> 16);
    const slack = len - res;
    if (slack < 0)
      throw new TraceGenerationError(`read returned ${res} bytes for a buffer of ${len}`);
    v[o + S.sLo] = slack & 0xffff;
    v[o + S.sHi] = slack >>> 16;
    L.range16(slack & 0xffff);
    L.range14(slack >>> 16);
  }
}

/**
 * The padded syscall table, with each row's clk gap to the next real row (gLo, gHi) and the gap
 * lookups, which the AIR makes with the next row's realness.
 */
export function syscallTable(sys: SyscallTrace, L: Lookups): ChipTrace {
  const m = sys.table.finish();
  const { values, width, height } = m;
  const real = (r: number) =>
    values[r * width] + values[r * width + 1] + values[r * width + 2] + values[r * width + 3];
  for (let r = 0; r < height; r++) {
    const nr = (r + 1) % height;
    if (!real(nr) || !real(r)) continue;
    if (nr === 0) continue;
    const g = values[nr * width + S.clk] - values[r * width + S.clk] - 1;
    values[r * width + S.gLo] = g & 0xffff;
    values[r * width + S.gHi] = g >>> 16;
  }
  for (let r = 0; r < height; r++) {
    if (real((r + 1) % height)) {
      L.range16(values[r * width + S.gLo]);
      L.range14(values[r * width + S.gHi]);
    }
  }
  return { main: m, rows: sys.table.height };
}
