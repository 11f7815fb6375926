/**
 * Trace generation: turns a recorded run into the main trace of every chip.
 *
 * It replays the run's cycles against the decoded program, keeping its own register and memory
 * shadows and its own timestamps (the scheme of cpu.ts: clk = 4·cycle, accesses at clk+1..clk+4,
 * syscall accesses at clk+3), and emits each chip's rows as it goes. Every value a chip computes
 * is compared with the executor's, so a chip that disagrees with the executor fails here, loudly,
 * before any proving starts.
 *
 * The run is cut into segments of `segmentCycles` cycles (the last may be shorter): each segment
 * has its own CPU table and its own per-operation tables (ALU, load/store), with the CPU's
 * public values that chain it to the next; the shadows, timestamps and the byte/range counters
 * run on across segments, and the global tables (syscalls, io, memory boundary) cover the run.
 */
import { inv } from "../../core/field/babybear.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { ChipTrace } from "../chip.js";
import type { Coprocessor, CoprocessorCall } from "../coprocessor.js";
import type { RecordedRun } from "../riscv/executor.js";
import {
  SYS_EXIT,
  SYS_TERMINATE,
  SYS_READ,
  SYS_WRITE,
  FD_JOURNAL,
  FD_STDOUT,
  FD_STDERR,
} from "../riscv/constants.js";
import { emitAdd } from "./add.js";
import { emitBitwise } from "./bitwise.js";
import { AluOp, IoKind, LsOp } from "./buses.js";
import { emitCompare } from "./compare.js";
import { CoprocessorReplay, type MemoryShadow } from "./coprocessor-calls.js";
import { TraceContext, type AluEmitter } from "./context.js";
import { cpuCols } from "./cpu.js";
import { emitDiv } from "./divrem.js";
import { ioCols, ioWordCells } from "./io.js";
import { emitLoadStore, lsAddress, type TextRange } from "./loadstore.js";
import { boundaryTrace, type BoundaryEntry } from "./memory.js";
import { emitMul } from "./mul.js";
import { PROGRAM_FIELDS, type ProgramField } from "./program.js";
import { emitShift } from "./shift.js";
import { syscallCols } from "./syscall.js";
import { Lookups, MIN_HEIGHT, TableBuilder, fe, paddedHeight } from "./table.js";

/** The program-side inputs of trace generation. */
export interface MachineImage {
  rows: Record<ProgramField, number>[];
  index: Map<number, number>;
  /** Memory-bus address → nonzero initial word (ELF words and sp). */
  image: Map<number, number>;
  /** The text's word-index range (stores there are refused). */
  text: TextRange;
}

/**
 * One segment: its CPU table (and its real rows), its per-operation tables' builders, its
 * coprocessor calls by coprocessor name, and the CPU's public values.
 */
export interface SegmentTraces {
  cpu: Matrix;
  cpuRows: number;
  ctx: TraceContext;
  calls: Map<string, CoprocessorCall[]>;
  cpuPublics: Uint32Array;
}

/** Every segment's tables, the global tables by chip name, and the shared counters. */
export interface GeneratedTraces {
  segments: SegmentTraces[];
  tables: Map<string, ChipTrace>;
  programCounts: Uint32Array;
  lookups: Lookups;
}

export class TraceGenerationError extends Error {
  override readonly name = "TraceGenerationError";
}

/** Dispatches an ALU operation to its chip. */
export const emitAlu: AluEmitter = (ctx, op, a, b) => {
  switch (op) {
    case AluOp.ADD:
    case AluOp.SUB:
      return emitAdd(ctx, op, a, b);
    case AluOp.AND:
    case AluOp.OR:
    case AluOp.XOR:
      return emitBitwise(ctx, op, a, b);
    case AluOp.EQ:
    case AluOp.NE:
    case AluOp.LT:
    case AluOp.GE:
    case AluOp.LTU:
    case AluOp.GEU:
      return emitCompare(ctx, op, a, b);
    case AluOp.SLL:
    case AluOp.SRL:
    case AluOp.SRA:
      return emitShift(ctx, op, a, b);
    case AluOp.MUL:
    case AluOp.MULH:
    case AluOp.MULHSU:
    case AluOp.MULHU:
      return emitMul(ctx, op, a, b);
    case AluOp.DIV:
    case AluOp.DIVU:
    case AluOp.REM:
    case AluOp.REMU:
      return emitDiv(ctx, op, a, b, emitAlu);
    default:
      throw new TraceGenerationError(`ALU operation ${op} is not supported by the prover yet`);
  }
};

const C = cpuCols.index;
const F = Object.fromEntries(PROGRAM_FIELDS.map((f) => [f, cpuCols.index[f]])) as Record<
  ProgramField,
  number
>;

/**
 * Generates every chip's main trace for `run` (which must have terminated with exit code 0), in
 * segments of `segmentCycles` cycles.
 */
export function generateTraces(
  img: MachineImage,
  run: RecordedRun,
  input: Uint8Array,
  segmentCycles: number,
  coprocessors: readonly Coprocessor[] = [],
): GeneratedTraces {
  if (run.exitCode !== 0) {
    throw new TraceGenerationError(
      `the run exited with code ${run.exitCode}; only exit code 0 can be proven`,
    );
  }
  checkSegmentCycles(segmentCycles);
  const L = new Lookups();
  const cyc = run.trace.cycles;
  const n = cyc.length;
  const W = cpuCols.width;
  const segments: SegmentTraces[] = [];
  const newSegment = (start: number) => {
    const rows = Math.min(segmentCycles, n - start);
    const height = paddedHeight(rows);
    const calls = new Map<string, CoprocessorCall[]>(coprocessors.map((c) => [c.name, []]));
    return { start, rows, cpu: new Uint32Array(height * W), ctx: new TraceContext(L), calls };
  };
  let seg = newSegment(0);
  let cpu = seg.cpu;
  let ctx = seg.ctx;
  // A segment's public values: where it starts and where it hands over (cpu.ts).
  const closeSegment = (endPc: number, endClk: number, continues: number) => {
    segments.push({
      cpu: { values: seg.cpu, width: W, height: seg.cpu.length / W },
      cpuRows: seg.rows,
      ctx: seg.ctx,
      calls: seg.calls,
      cpuPublics: Uint32Array.of(seg.cpu[C.pc], 4 * seg.start, endPc, endClk, continues),
    });
  };
  const counts = new Uint32Array(Math.max(2, img.rows.length));

  // Each program row's fields as field elements, copied into the CPU row in one call.
  const fieldRows = img.rows.map((r) => Uint32Array.from(PROGRAM_FIELDS, (f) => fe(r[f])));
  PROGRAM_FIELDS.forEach((f, k) => {
    if (F[f] !== C.pc + k) throw new Error("cpu layout: program fields must be contiguous");
  });
  const regs = new Uint32Array(32);
  const regTs = new Uint32Array(32);
  regs[2] = img.image.get(2) ?? 0;
  const mem = new Map<number, number>();
  const memTs = new Map<number, number>();
  const memGet = (a: number): number => mem.get(a) ?? img.image.get(a) ?? 0;
  const shadow: MemoryShadow = {
    get: (a) => (a < 32 ? regs[a] : memGet(a)),
    ts: (a) => (a < 32 ? regTs[a] : (memTs.get(a) ?? 0)),
    set(a, value, ts) {
      if (a < 32) {
        regs[a] = value;
        regTs[a] = ts;
      } else {
        mem.set(a, value);
        memTs.set(a, ts);
      }
    },
  };
  const replay = new CoprocessorReplay(run, coprocessors);

  const sys = new TableBuilder(syscallCols.width, 64);
  const io = new TableBuilder(ioCols.width, 64);
  let jpos = 0;
  let inputPos = 0;
  let lastSysClk = -1;

  const gap = (o: number, k: number, ts: number, prev: number): void => {
    const d = ts - prev - 1;
    if (d < 0 || d >= 2 ** 30) throw new TraceGenerationError(`timestamp gap ${d} out of range`);
    cpu[o + C.dLo + k] = d & 0xffff;
    cpu[o + C.dHi + k] = d >>> 16;
  };

  for (let c = 0; c < n; c++) {
    const pc = cyc.at("pc", c);
    if (c === seg.start + segmentCycles) {
      closeSegment(pc, 4 * c, 1);
      seg = newSegment(c);
      ({ cpu, ctx } = seg);
    }
    const o = (c - seg.start) * W;
    const ri = img.index.get(pc);
    if (ri === undefined)
      throw new TraceGenerationError(
        `cycle ${c}: pc 0x${pc.toString(16)} is not in the program table`,
      );
    counts[ri]++;
    const r = img.rows[ri];
    const clk = 4 * c;
    cpu[o + C.isReal] = 1;
    cpu[o + C.clk] = clk;
    cpu.set(fieldRows[ri], o + C.pc); // the program fields are contiguous in the CPU layout

    const rs1 = regs[r.rs1];
    gap(o, 0, clk + 1, regTs[r.rs1]);
    regTs[r.rs1] = clk + 1;
    const rs2 = regs[r.rs2];
    gap(o, 1, clk + 2, regTs[r.rs2]);
    regTs[r.rs2] = clk + 2;
    if (rs1 !== cyc.at("rs1Val", c) || rs2 !== cyc.at("rs2Val", c)) {
      throw new TraceGenerationError(
        `cycle ${c} (pc 0x${pc.toString(16)}): register shadow disagrees with the executor`,
      );
    }
    cpu[o + C.rs1Lo] = rs1 & 0xffff;
    cpu[o + C.rs1Hi] = rs1 >>> 16;
    cpu[o + C.rs2Lo] = rs2 & 0xffff;
    cpu[o + C.rs2Hi] = rs2 >>> 16;
    const imm = (r.immLo | (r.immHi << 16)) >>> 0;
    const bw = (imm + rs2) >>> 0; // one of the two is 0 (see cpu.ts)
    const out = r.useAlu ? emitAlu(ctx, r.aluOp, rs1, bw) >>> 0 : 0;
    cpu[o + C.outLo] = out & 0xffff;
    cpu[o + C.outHi] = out >>> 16;

    let rdVal = 0;
    if (r.useAlu && !r.isBranch && !r.isJalr) rdVal = out;
    if (r.isLink) rdVal = (r.linkLo | (r.linkHi << 16)) >>> 0;
    if (r.isMem) {
      const addr = lsAddress(rs1, imm);
      const maddr = 32 + (addr >>> 2);
      const old = memGet(maddr);
      const [nw, rv] = emitLoadStore(ctx, r.lsOp, rs1, imm, old, rs2, img.text);
      if (nw !== cyc.at("memVal", c) || old !== cyc.at("memOld", c)) {
        throw new TraceGenerationError(
          `cycle ${c}: memory shadow disagrees with the executor at 0x${addr.toString(16)}`,
        );
      }
      const prev = memTs.get(maddr) ?? 0;
      gap(o, 2, clk + 3, prev);
      memTs.set(maddr, clk + 3);
      mem.set(maddr, nw);
      cpu[o + C.maddr] = maddr;
      cpu[o + C.mOldLo] = old & 0xffff;
      cpu[o + C.mOldHi] = old >>> 16;
      cpu[o + C.mNewLo] = nw & 0xffff;
      cpu[o + C.mNewHi] = nw >>> 16;
      if (r.lsOp <= LsOp.LHU) rdVal = rv;
    }
    if (r.isEcall) {
      const a7 = rs1;
      if (a7 === SYS_TERMINATE || a7 === SYS_EXIT) {
        if (c !== n - 1)
          throw new TraceGenerationError(`cycle ${c}: terminating ecall is not the last cycle`);
        cpu[o + C.isHalt] = 1;
        rdVal = regs[10];
      } else {
        rdVal = cyc.at("rdVal", c);
        const cop = replay.coprocessor(a7);
        if (cop !== undefined) {
          // A coprocessor leaves a0 as it was: its table receives result = a0.
          if (rdVal !== rs2)
            throw new TraceGenerationError(`cycle ${c}: coprocessor "${cop.name}" changed a0`);
          seg.calls.get(cop.name)!.push(replay.call(cop, c, shadow));
        } else {
          if (clk <= lastSysClk) throw new TraceGenerationError("syscalls out of order");
          lastSysClk = clk;
          syscallRow(clk, a7, rs2, rdVal);
        }
      }
    }
    if (r.writesRd) {
      if (rdVal !== cyc.at("rdVal", c)) {
        throw new TraceGenerationError(
          `cycle ${c} (pc 0x${pc.toString(16)}): rd value ${rdVal} differs from the executor's ${cyc.at("rdVal", c)}`,
        );
      }
      const old = regs[r.rd];
      gap(o, 3, clk + 4, regTs[r.rd]);
      regTs[r.rd] = clk + 4;
      regs[r.rd] = rdVal;
      cpu[o + C.rdOldLo] = old & 0xffff;
      cpu[o + C.rdOldHi] = old >>> 16;
    }
    cpu[o + C.rdLo] = rdVal & 0xffff;
    cpu[o + C.rdHi] = rdVal >>> 16;
    // nextPc per the AIR's formula (it is the next cycle's pc on every real row but the last).
    let jbit = 0;
    let next = pc + 4;
    if (r.isJal || (r.isBranch && out === 1)) next = pc + 4 + r.off;
    if (r.isJalr) {
      jbit = out & 1;
      next = out - jbit;
      L.range14(out >>> 16);
    }
    cpu[o + C.jbit] = jbit;
    cpu[o + C.nextPc] = fe(next);
    if (c + 1 < n && next !== cyc.at("pc", c + 1)) {
      throw new TraceGenerationError(
        `cycle ${c}: next pc 0x${next.toString(16)} differs from the executor's`,
      );
    }
    for (let k = 0; k < 4; k++) {
      L.range16(cpu[o + C.dLo + k]);
      L.range14(cpu[o + C.dHi + k]);
    }
  }
  for (let r = seg.rows; r < cpu.length / W; r++) {
    cpu[r * W + C.clk] = 4 * (seg.start + r);
    cpu[r * W + C.nextPc] = 4; // the nextPc formula on an all-zero row
  }
  if (n === 0 || cpu[(seg.rows - 1) * W + C.isHalt] !== 1)
    throw new TraceGenerationError("the run does not end with a terminating ecall");
  closeSegment(0, 0, 0);
  replay.finish();

  function syscallRow(clk: number, a7: number, a0: number, res: number): void {
    const o = sys.row();
    const v = sys.values;
    const S = syscallCols.index;
    let kind: number;
    if (a7 === SYS_WRITE && a0 === FD_STDOUT) kind = 0;
    else if (a7 === SYS_WRITE && a0 === FD_STDERR) kind = 1;
    else if (a7 === SYS_WRITE && a0 === FD_JOURNAL) kind = 2;
    else if (a7 === SYS_READ && a0 === 0) kind = 3;
    else
      throw new TraceGenerationError(
        `syscall ${a7} with a0 = ${a0} is not supported by the prover`,
      );
    v[o + kind] = 1;
    v[o + S.clk] = clk;
    v[o + S.resLo] = res & 0xffff;
    v[o + S.resHi] = res >>> 16;
    const ptr = regs[11];
    const len = regs[12];
    v[o + S.ptrLo] = ptr & 0xffff;
    v[o + S.ptrHi] = ptr >>> 16;
    v[o + S.lenLo] = len & 0xffff;
    v[o + S.lenHi] = len >>> 16;
    [11, 12].forEach((reg, k) => {
      const prev = regTs[reg];
      const d = clk + 3 - prev - 1;
      v[o + S.prevTs + k] = prev;
      v[o + S.dLo + k] = d & 0xffff;
      v[o + S.dHi + k] = d >>> 16;
      regTs[reg] = clk + 3;
      L.range16(d & 0xffff);
      L.range14(d >>> 16);
    });
    const count = kind === 2 ? len : kind === 3 ? res : 0;
    v[o + S.n] = fe(count);
    v[o + S.nInv] = count === 0 ? 0 : inv(count);
    v[o + S.nz] = count === 0 ? 0 : 1;
    v[o + S.jpos] = jpos;
    v[o + S.jn] = kind === 2 ? fe(len) : 0;
    if (kind === 2) L.range14(len >>> 16);
    if (kind === 3) {
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
    if (kind >= 2) L.range16((ptr >>> 16) + 0x8800);
    if (count > 0) ioRun(clk + 3, ptr, count, jpos, kind === 2 ? IoKind.JOURNAL : IoKind.INPUT);
    if (kind === 2) jpos += len;
  }

  function ioRun(ts: number, ptr: number, count: number, pos: number, kind: number): void {
    const I = ioCols.index;
    const end = ptr + count; // exclusive
    for (let w = ptr >>> 2; 4 * w < end; w++) {
      const o = io.row();
      const v = io.values;
      const first = 4 * w <= ptr;
      const lo = first ? ptr & 3 : 0;
      const hi = Math.min(3, end - 1 - 4 * w);
      const maddr = 32 + w;
      const old = memGet(maddr);
      let nw = old;
      v[o + I.isJournal] = kind === IoKind.JOURNAL ? 1 : 0;
      v[o + I.isInput] = kind === IoKind.INPUT ? 1 : 0;
      v[o + I.isFirst] = first ? 1 : 0;
      v[o + I.isLast] = 4 * w + 4 >= end ? 1 : 0;
      v[o + I.ts] = ts;
      if (w < 1024)
        throw new TraceGenerationError(`io at 0x${(4 * w).toString(16)} is below guest memory`);
      ioWordCells(v, o, w, L);
      if (kind === IoKind.INPUT) {
        const { lo: tlo, hi: thi } = img.text;
        if (w >= tlo && w < thi) {
          throw new TraceGenerationError(`read into the program text at 0x${(4 * w).toString(16)}`);
        }
        const x = w >= thi ? w - thi : tlo - 1 - w;
        v[o + I.above] = w >= thi ? 1 : 0;
        v[o + I.xLo] = x & 0xffff;
        v[o + I.xHi] = x >>> 16;
        L.range16(x & 0xffff);
        L.range14(x >>> 16);
      }
      for (let k = lo; k <= hi; k++) {
        v[o + I.e + k] = 1;
        if (kind === IoKind.INPUT) {
          const byte = input[inputPos++];
          nw = ((nw & ~(0xff << (8 * k))) | (byte << (8 * k))) >>> 0;
        }
      }
      for (let k = 0; k < 4; k++) {
        v[o + I.b + k] = (old >>> (8 * k)) & 255;
        v[o + I.nb + k] = (nw >>> (8 * k)) & 255;
      }
      v[o + I.start] = lo;
      const before = Math.max(0, 4 * w + lo - ptr);
      v[o + I.pos] = pos + before;
      v[o + I.rem] = count - before;
      const prev = memTs.get(maddr) ?? 0;
      const d = ts - prev - 1;
      v[o + I.prevTs] = prev;
      v[o + I.dLo] = d & 0xffff;
      v[o + I.dHi] = d >>> 16;
      memTs.set(maddr, ts);
      mem.set(maddr, nw);
      L.range16(d & 0xffff);
      L.range14(d >>> 16);
      L.bytes(old & 255, (old >>> 8) & 255);
      L.bytes((old >>> 16) & 255, old >>> 24);
      L.bytes(nw & 255, (nw >>> 8) & 255);
      L.bytes((nw >>> 16) & 255, nw >>> 24);
    }
  }

  // The syscall table's clk-gap lookups (made with the next row's realness).
  const sysM = sys.finish();
  {
    const S = syscallCols.index;
    const real = (r: number) =>
      sysM.values[r * sysM.width] +
      sysM.values[r * sysM.width + 1] +
      sysM.values[r * sysM.width + 2] +
      sysM.values[r * sysM.width + 3];
    for (let r = 0; r < sysM.height; r++) {
      const nr = (r + 1) % sysM.height;
      if (!real(nr) || !real(r)) continue;
      if (nr === 0) continue;
      const g = sysM.values[nr * sysM.width + S.clk] - sysM.values[r * sysM.width + S.clk] - 1;
      sysM.values[r * sysM.width + S.gLo] = g & 0xffff;
      sysM.values[r * sysM.width + S.gHi] = g >>> 16;
    }
    for (let r = 0; r < sysM.height; r++) {
      if (real((r + 1) % sysM.height)) {
        L.range16(sysM.values[r * sysM.width + S.gLo]);
        L.range14(sysM.values[r * sysM.width + S.gHi]);
      }
    }
  }

  // Memory boundary: every touched address plus every image word, and x0 (the table starts at
  // address 0: memory.ts).
  const entries: BoundaryEntry[] = [];
  const addrs = new Set<number>([0, ...img.image.keys(), ...memTs.keys()]);
  for (let i = 0; i < 32; i++) if (regTs[i] !== 0) addrs.add(i);
  for (const a of [...addrs].sort((x, y) => x - y)) {
    const init = img.image.get(a) ?? 0;
    const isReg = a < 32;
    entries.push({
      addr: a,
      init,
      inImage: img.image.has(a),
      final: isReg ? regs[a] : memGet(a),
      finalTs: isReg ? regTs[a] : (memTs.get(a) ?? 0),
    });
  }
  const tables = new Map<string, ChipTrace>();
  tables.set("rv.boundary", { main: boundaryTrace(L, entries), rows: entries.length });
  tables.set("rv.syscall", { main: sysM, rows: sys.height });
  tables.set("rv.io", { main: io.finish(), rows: io.height });
  return { segments, tables, programCounts: counts, lookups: L };
}

/** Largest segment: a 2^22-row CPU table is already more than one proof's memory allows. */
export const MAX_SEGMENT_CYCLES = 2 ** 22;

/** Refuses a segment length that is not a power of two in [MIN_HEIGHT, MAX_SEGMENT_CYCLES]. */
export function checkSegmentCycles(segmentCycles: number): void {
  if (
    !Number.isInteger(segmentCycles) ||
    segmentCycles < MIN_HEIGHT ||
    segmentCycles > MAX_SEGMENT_CYCLES ||
    (segmentCycles & (segmentCycles - 1)) !== 0
  ) {
    throw new RangeError(
      `segment length ${segmentCycles} cycles: must be a power of two in [${MIN_HEIGHT}, 2^22]`,
    );
  }
}
