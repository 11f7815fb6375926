/**
 * The rows of the io table: one per memory word of a journal write or an input read, in the
 * order the syscall table requests the runs. Each row reads its word in the replay's shadow and
 * writes the word back (unchanged for the journal, with the input's bytes for a read).
 */
import { IoKind } from "../buses.js";
import { ADDR_HI_END } from "../loadstore/constants.js";
import { type ReplayState, TraceGenerationError } from "../state.js";
import { type Lookups, TableBuilder } from "../table.js";
import { ioCols } from "./columns.js";

const I = ioCols.index;

/** The io table as it fills, and how much of the private input the reads have consumed. */
export interface IoTrace {
  readonly table: TableBuilder;
  readonly input: Uint8Array;
  inputPos: number;
}

/** An empty io table reading from private input `input`. */
export function newIoTrace(input: Uint8Array): IoTrace {
  return { table: new TableBuilder(ioCols.width, 64), input, inputPos: 0 };
}

/** One byte run (the syscall table's IO request): `count` bytes at `ptr`, all at `ts`. */
export interface IoRequest {
  ts: number;
  ptr: number;
  count: number;
  /** Journal position of the first byte. */
  pos: number;
  kind: number;
}

/** Appends the rows of one byte run, one per word it touches. */
export function ioRun(st: ReplayState, io: IoTrace, req: IoRequest): void {
  const end = req.ptr + req.count; // exclusive
  for (let w = req.ptr >>> 2; 4 * w < end; w++) ioRow(st, io, req, w);
}

/** The row of word `w` of run `req`: flags, word cells, bytes, position and the memory access. */
function ioRow(st: ReplayState, io: IoTrace, req: IoRequest, w: number): void {
  const { ts, ptr, count, kind } = req;
  const L = st.lookups;
  const end = ptr + count;
  const o = io.table.row();
  const v = io.table.values;
  const lo = 4 * w <= ptr ? ptr & 3 : 0;
  const maddr = 32 + w;
  const old = st.shadow.word(maddr);
  v[o + I.isJournal] = kind === IoKind.JOURNAL ? 1 : 0;
  v[o + I.isInput] = kind === IoKind.INPUT ? 1 : 0;
  v[o + I.isFirst] = 4 * w <= ptr ? 1 : 0;
  v[o + I.isLast] = 4 * w + 4 >= end ? 1 : 0;
  v[o + I.ts] = ts;
  if (w < 1024)
    throw new TraceGenerationError(`io at 0x${(4 * w).toString(16)} is below guest memory`);
  ioWordCells(v, o, w, L);
  if (kind === IoKind.INPUT) inputTextCells(st, v, o, w);
  const nw = ioBytes(io, req, v, o, w, old);
  v[o + I.start] = lo;
  const before = Math.max(0, 4 * w + lo - ptr);
  v[o + I.pos] = req.pos + before;
  v[o + I.rem] = count - before;
  const prev = st.shadow.wordTs(maddr);
  const d = ts - prev - 1;
  v[o + I.prevTs] = prev;
  v[o + I.dLo] = d & 0xffff;
  v[o + I.dHi] = d >>> 16;
  st.shadow.setWord(maddr, nw, ts);
  L.range16(d & 0xffff);
  L.range14(d >>> 16);
  L.bytes(old & 255, (old >>> 8) & 255);
  L.bytes((old >>> 16) & 255, old >>> 24);
  L.bytes(nw & 255, (nw >>> 8) & 255);
  L.bytes((nw >>> 16) & 255, nw >>> 24);
}

/**
 * The enabled bytes of word `w` (e), the word before (b) and after (nb); a read takes its bytes
 * from the private input. Returns the word after.
 */
function ioBytes(
  io: IoTrace,
  req: IoRequest,
  v: Uint32Array,
  o: number,
  w: number,
  old: number,
): number {
  const lo = 4 * w <= req.ptr ? req.ptr & 3 : 0;
  const hi = Math.min(3, req.ptr + req.count - 1 - 4 * w);
  let nw = old;
  for (let k = lo; k <= hi; k++) {
    v[o + I.e + k] = 1;
    if (req.kind === IoKind.INPUT) {
      const byte = io.input[io.inputPos++];
      nw = ((nw & ~(0xff << (8 * k))) | (byte << (8 * k))) >>> 0;
    }
  }
  for (let k = 0; k < 4; k++) {
    v[o + I.b + k] = (old >>> (8 * k)) & 255;
    v[o + I.nb + k] = (nw >>> (8 * k)) & 255;
  }
  return nw;
}

/** An input word's distance from the program text (above, xLo, xHi); input never lands there. */
function inputTextCells(st: ReplayState, v: Uint32Array, o: number, w: number): void {
  const { lo: tlo, hi: thi } = st.img.text;
  if (w >= tlo && w < thi) {
    throw new TraceGenerationError(`read into the program text at 0x${(4 * w).toString(16)}`);
  }
  const x = w >= thi ? w - thi : tlo - 1 - w;
  v[o + I.above] = w >= thi ? 1 : 0;
  v[o + I.xLo] = x & 0xffff;
  v[o + I.xHi] = x >>> 16;
  st.lookups.range16(x & 0xffff);
  st.lookups.range14(x >>> 16);
}

/** Writes an io row's word-index cells (wLo, wHi, z) for word `w` and counts their lookups. */
export function ioWordCells(v: Uint32Array, o: number, w: number, L: Lookups): void {
  if (!(Number.isInteger(w) && w >= 1024 && w < ADDR_HI_END * 16384))
    throw new RangeError(`io at byte address 0x${(4 * w).toString(16)}: outside guest memory`);
  const lo = w & 16383;
  const hi = w >>> 14;
  const z = hi === 0 ? 0 : 1;
  v[o + I.wLo] = lo;
  v[o + I.wHi] = hi;
  v[o + I.z] = z;
  L.range14(lo - 1024 + 1024 * z);
  L.range16(hi - z);
  L.range16(hi + 65536 - ADDR_HI_END);
}
