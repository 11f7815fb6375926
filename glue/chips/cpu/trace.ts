/**
 * The rows of the CPU table: one per cycle, written while the run is replayed. Each row fetches
 * its program row, reads rs1/rs2 and writes rd in the replay's register shadow, accesses memory
 * for loads/stores, and hands its operation to the chip that proves it (`emitAlu`, the
 * load/store chip, the syscall table or a coprocessor), comparing every value with the
 * executor's record.
 */
import type { CoprocessorCall } from "../../coprocessor.js";
import type { RecordedRun } from "../../riscv/executor.js";
import type { CycleChunk } from "../../riscv/trace.js";
import { SYS_EXIT, SYS_TERMINATE } from "../../riscv/constants.js";
import { emitAdd } from "../add/trace.js";
import { emitBitwise } from "../bitwise/trace.js";
import { AluOp, LsOp } from "../buses.js";
import { emitCompare } from "../compare/trace.js";
import { type AluEmitter, TraceContext } from "../context.js";
import type { CoprocessorReplay } from "../coprocessor-calls.js";
import { emitDiv } from "../divrem/trace.js";
import { emitLoadStore, lsAddress } from "../loadstore/trace.js";
import { emitMul } from "../mul/trace.js";
import { PROGRAM_FIELDS, type ProgramField } from "../program/columns.js";
import { emitShift } from "../shift/trace.js";
import { type ReplayState, type MachineImage, TraceGenerationError } from "../state.js";
import { syscallRow, type SyscallTrace } from "../syscall/trace.js";
import { fe, type Lookups, paddedHeight } from "../table.js";
import { cpuCols } from "./columns.js";

const C = cpuCols.index;
const W = cpuCols.width;
type ProgramRow = Record<ProgramField, number>;

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

/** What the CPU rows read and update besides the shadows. */
export interface CpuState extends ReplayState {
  readonly cycles: RecordedRun["trace"]["cycles"];
  /** Each program row's fields as field elements (`cpuFieldRows`). */
  readonly fieldRows: readonly Uint32Array[];
  /** Executions per program row: the program table's multiplicities. */
  readonly counts: Uint32Array;
  readonly coprocessors: CoprocessorReplay;
  readonly syscalls: SyscallTrace;
}

/** Each program row's fields as field elements, copied into a CPU row in one call. */
export function cpuFieldRows(img: MachineImage): Uint32Array[] {
  PROGRAM_FIELDS.forEach((f, k) => {
    if (C[f] !== C.pc + k) throw new Error("cpu layout: program fields must be contiguous");
  });
  return img.rows.map((r) => Uint32Array.from(PROGRAM_FIELDS, (f) => fe(r[f])));
}

/**
 * One segment as the CPU rows fill it: its first cycle, its real rows, its CPU table, the
 * builders of the per-operation tables its rows hand off to, and its coprocessor calls.
 */
export interface OpenSegment {
  readonly start: number;
  readonly rows: number;
  readonly cpu: Uint32Array;
  readonly ctx: TraceContext;
  readonly calls: Map<string, CoprocessorCall[]>;
}

/** A segment of `rows` cycles from cycle `start`, its tables counting lookups into `lookups`. */
export function openSegment(
  start: number,
  rows: number,
  lookups: Lookups,
  coprocessors: readonly string[],
): OpenSegment {
  const cpu = new Uint32Array(paddedHeight(rows) * W);
  const calls = new Map<string, CoprocessorCall[]>(coprocessors.map((c) => [c, []]));
  return { start, rows, cpu, ctx: new TraceContext(lookups, paddedHeight(rows)), calls };
}

/**
 * The executor's record of cycle `c`: its chunk, whose fields are read at c & (chunkRows − 1) by
 * constant names (`ChunkedColumns.chunkOf`: monomorphic loads on the hot path).
 */
function recorded(st: CpuState, c: number): CycleChunk {
  return st.cycles.chunkOf(c);
}

/** Writes the CPU row of cycle `c` and everything it hands off. */
export function cpuRow(st: CpuState, seg: OpenSegment, c: number): void {
  const cpu = seg.cpu;
  const o = (c - seg.start) * W;
  const pc = recorded(st, c).pc[c & (st.cycles.chunkRows - 1)];
  const r = fetch(st, cpu, o, c, pc);
  const [rs1, rs2] = readRegisters(st, cpu, o, c, r, pc);
  const imm = (r.immLo | (r.immHi << 16)) >>> 0;
  const bw = (imm + rs2) >>> 0; // one of the two is 0 (see air.ts)
  const out = r.useAlu ? emitAlu(seg.ctx, r.aluOp, rs1, bw) >>> 0 : 0;
  cpu[o + C.outLo] = out & 0xffff;
  cpu[o + C.outHi] = out >>> 16;
  let rdVal = 0;
  if (r.useAlu && !r.isBranch && !r.isJalr) rdVal = out;
  if (r.isLink) rdVal = (r.linkLo | (r.linkHi << 16)) >>> 0;
  if (r.isMem) {
    const loaded = memoryAccess(st, seg, o, c, r, rs1, imm, rs2);
    if (r.lsOp <= LsOp.LHU) rdVal = loaded;
  }
  if (r.isEcall) rdVal = ecall(st, seg, o, c, rs1, rs2);
  writeRd(st, cpu, o, c, r, pc, rdVal);
  nextPc(st, cpu, o, c, r, pc, out);
  for (let k = 0; k < 4; k++) {
    st.lookups.range16(cpu[o + C.dLo + k]);
    st.lookups.range14(cpu[o + C.dHi + k]);
  }
}

/** The fetch: the program row at `pc` (counted), isReal, clk and the decoded fields. */
function fetch(st: CpuState, cpu: Uint32Array, o: number, c: number, pc: number): ProgramRow {
  const ri = st.img.index.get(pc);
  if (ri === undefined)
    throw new TraceGenerationError(
      `cycle ${c}: pc 0x${pc.toString(16)} is not in the program table`,
    );
  st.counts[ri]++;
  cpu[o + C.isReal] = 1;
  cpu[o + C.clk] = 4 * c;
  cpu.set(st.fieldRows[ri], o + C.pc); // the program fields are contiguous in the CPU layout
  return st.img.rows[ri];
}

/** Access slot `k` at `ts` after the previous access at `prev`: the gap limbs dLo[k], dHi[k]. */
function gap(cpu: Uint32Array, o: number, k: number, ts: number, prev: number): void {
  const d = ts - prev - 1;
  if (d < 0 || d >= 2 ** 30) throw new TraceGenerationError(`timestamp gap ${d} out of range`);
  cpu[o + C.dLo + k] = d & 0xffff;
  cpu[o + C.dHi + k] = d >>> 16;
}

/** Reads rs1 at clk + 1 and rs2 at clk + 2; returns their values. */
function readRegisters(
  st: CpuState,
  cpu: Uint32Array,
  o: number,
  c: number,
  r: ProgramRow,
  pc: number,
): [number, number] {
  const { regs, regTs } = st.shadow;
  const clk = 4 * c;
  const rs1 = regs[r.rs1];
  gap(cpu, o, 0, clk + 1, regTs[r.rs1]);
  regTs[r.rs1] = clk + 1;
  const rs2 = regs[r.rs2];
  gap(cpu, o, 1, clk + 2, regTs[r.rs2]);
  regTs[r.rs2] = clk + 2;
  const rec = recorded(st, c);
  const k = c & (st.cycles.chunkRows - 1);
  if (rs1 !== rec.rs1Val[k] || rs2 !== rec.rs2Val[k]) {
    throw new TraceGenerationError(
      `cycle ${c} (pc 0x${pc.toString(16)}): register shadow disagrees with the executor`,
    );
  }
  cpu[o + C.rs1Lo] = rs1 & 0xffff;
  cpu[o + C.rs1Hi] = rs1 >>> 16;
  cpu[o + C.rs2Lo] = rs2 & 0xffff;
  cpu[o + C.rs2Hi] = rs2 >>> 16;
  return [rs1, rs2];
}

/** A load or store: the memory access at clk + 3 and the load/store row; returns the loaded value. */
function memoryAccess(
  st: CpuState,
  seg: OpenSegment,
  o: number,
  c: number,
  r: ProgramRow,
  rs1: number,
  imm: number,
  rs2: number,
): number {
  const cpu = seg.cpu;
  const addr = lsAddress(rs1, imm);
  const maddr = 32 + (addr >>> 2);
  const old = st.shadow.word(maddr);
  const [nw, rv] = emitLoadStore(seg.ctx, r.lsOp, rs1, imm, old, rs2, st.img.text);
  const rec = recorded(st, c);
  const k = c & (st.cycles.chunkRows - 1);
  if (nw !== rec.memVal[k] || old !== rec.memOld[k]) {
    throw new TraceGenerationError(
      `cycle ${c}: memory shadow disagrees with the executor at 0x${addr.toString(16)}`,
    );
  }
  gap(cpu, o, 2, 4 * c + 3, st.shadow.wordTs(maddr));
  st.shadow.setWord(maddr, nw, 4 * c + 3);
  cpu[o + C.maddr] = maddr;
  cpu[o + C.mOldLo] = old & 0xffff;
  cpu[o + C.mOldHi] = old >>> 16;
  cpu[o + C.mNewLo] = nw & 0xffff;
  cpu[o + C.mNewHi] = nw >>> 16;
  return rv;
}

/**
 * An ecall (a7 = rs1, a0 = rs2): the terminating one halts; a coprocessor's call is replayed for
 * its table; any other goes to the syscall table. Returns the value the row shows as rd.
 */
function ecall(
  st: CpuState,
  seg: OpenSegment,
  o: number,
  c: number,
  a7: number,
  a0: number,
): number {
  if (a7 === SYS_TERMINATE || a7 === SYS_EXIT) {
    if (c !== st.cycles.length - 1)
      throw new TraceGenerationError(`cycle ${c}: terminating ecall is not the last cycle`);
    seg.cpu[o + C.isHalt] = 1;
    return st.shadow.regs[10];
  }
  const rdVal = recorded(st, c).rdVal[c & (st.cycles.chunkRows - 1)];
  const cop = st.coprocessors.coprocessor(a7);
  if (cop !== undefined) {
    // A coprocessor leaves a0 as it was: its table receives result = a0.
    if (rdVal !== a0)
      throw new TraceGenerationError(`cycle ${c}: coprocessor "${cop.name}" changed a0`);
    seg.calls.get(cop.name)!.push(st.coprocessors.call(cop, c, st.shadow));
  } else {
    syscallRow(st, st.syscalls, 4 * c, a7, a0, rdVal);
  }
  return rdVal;
}

/** Writes rd at clk + 4 (when the instruction writes one) and the row's rd columns. */
function writeRd(
  st: CpuState,
  cpu: Uint32Array,
  o: number,
  c: number,
  r: ProgramRow,
  pc: number,
  rdVal: number,
): void {
  if (r.writesRd) {
    const expected = recorded(st, c).rdVal[c & (st.cycles.chunkRows - 1)];
    if (rdVal !== expected) {
      throw new TraceGenerationError(
        `cycle ${c} (pc 0x${pc.toString(16)}): rd value ${rdVal} differs from the executor's ${expected}`,
      );
    }
    const { regs, regTs } = st.shadow;
    const old = regs[r.rd];
    gap(cpu, o, 3, 4 * c + 4, regTs[r.rd]);
    regTs[r.rd] = 4 * c + 4;
    regs[r.rd] = rdVal;
    cpu[o + C.rdOldLo] = old & 0xffff;
    cpu[o + C.rdOldHi] = old >>> 16;
  }
  cpu[o + C.rdLo] = rdVal & 0xffff;
  cpu[o + C.rdHi] = rdVal >>> 16;
}

/** nextPc per the AIR's formula (the next cycle's pc on every real row but the last). */
function nextPc(
  st: CpuState,
  cpu: Uint32Array,
  o: number,
  c: number,
  r: ProgramRow,
  pc: number,
  out: number,
): void {
  let jbit = 0;
  let next = pc + 4;
  if (r.isJal || (r.isBranch && out === 1)) next = pc + 4 + r.off;
  if (r.isJalr) {
    jbit = out & 1;
    next = out - jbit;
    st.lookups.range14(out >>> 16);
  }
  cpu[o + C.jbit] = jbit;
  cpu[o + C.nextPc] = fe(next);
  if (
    c + 1 < st.cycles.length &&
    next !== recorded(st, c + 1).pc[(c + 1) & (st.cycles.chunkRows - 1)]
  ) {
    throw new TraceGenerationError(
      `cycle ${c}: next pc 0x${next.toString(16)} differs from the executor's`,
    );
  }
}

/**
 * Fills the segment's padding rows (clk runs on; nextPc is the formula's value on an all-zero
 * row) and returns its CPU public values: where it starts and where it hands over.
 */
export function closeCpuSegment(
  seg: OpenSegment,
  endPc: number,
  endClk: number,
  continues: number,
): Uint32Array {
  for (let r = seg.rows; r < seg.cpu.length / W; r++) {
    seg.cpu[r * W + C.clk] = 4 * (seg.start + r);
    seg.cpu[r * W + C.nextPc] = 4;
  }
  return Uint32Array.of(seg.cpu[C.pc], 4 * seg.start, endPc, endClk, continues);
}

/** Whether the segment's last real row is the terminating ecall. */
export function endsHalted(seg: OpenSegment): boolean {
  return seg.rows > 0 && seg.cpu[(seg.rows - 1) * W + C.isHalt] === 1;
}
