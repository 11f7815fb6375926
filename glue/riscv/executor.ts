/**
 * The RV32IM interpreter, in two modes with one semantics: `execute` (fast: counts cycles and
 * produces the outputs) and `executeRecording` (also emits the per-cycle events of
 * ./trace.ts). Both run the same loop, `run`, whose recording work sits behind `rec !== null`
 * tests; V8 predicts those branches perfectly, so the fast mode pays two well-predicted
 * branches per instruction instead of a second copy of the instruction semantics.
 *
 * Speed comes from decoding each executable word once (./decode.ts) and from keeping pc, the
 * cycle count and the decoded arrays in locals. Registers are an Int32Array with a 33rd
 * scratch slot that absorbs writes to x0. Memory accesses check alignment, then the guest
 * range with one unsigned compare, then index a lazily allocated 64 KiB page.
 */
import { registerArgs } from "../coprocessor.js";
import { type Checkpoint, CheckpointRecorder } from "./checkpoint.js";
import { MEM_END, MEM_START } from "./constants.js";
import { Op, RD_NONE } from "./decode.js";
import type { Program } from "./elf.js";
import { GuestError, hex32, type GuestErrorKind } from "./errors.js";
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from "./muldiv.js";
import { MachineState, type RunOptions } from "./state.js";
import { handleSyscall } from "./syscalls.js";
import { Recorder, type ExecutionTrace } from "./trace.js";

export type { RunOptions } from "./state.js";
export type { Checkpoint } from "./checkpoint.js";

/** The outcome of a run that terminated (a faulting run throws `GuestError` instead). */
export interface RunResult {
  /** a0 of the terminating call, as a signed 32-bit integer; 0 = success. */
  exitCode: number;
  /** Executed instructions, the terminating `ecall` included. */
  cycles: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** Bytes written to fd 3: the public output bound to a proof. */
  journal: Uint8Array;
}

/** A terminated recording run: its outcome and its events. */
export interface RecordedRun extends RunResult {
  trace: ExecutionTrace;
}

// Local copies of the operation numbers: V8 folds module-level constants into the switch's
// jump table, but not property loads such as `Op.ADD` (measured: about 3x slower).
const LUI = Op.LUI;
const AUIPC = Op.AUIPC;
const JAL = Op.JAL;
const JALR = Op.JALR;
const BEQ = Op.BEQ;
const BNE = Op.BNE;
const BLT = Op.BLT;
const BGE = Op.BGE;
const BLTU = Op.BLTU;
const BGEU = Op.BGEU;
const LB = Op.LB;
const LH = Op.LH;
const LW = Op.LW;
const LBU = Op.LBU;
const LHU = Op.LHU;
const SB = Op.SB;
const SH = Op.SH;
const SW = Op.SW;
const ADDI = Op.ADDI;
const SLTI = Op.SLTI;
const SLTIU = Op.SLTIU;
const XORI = Op.XORI;
const ORI = Op.ORI;
const ANDI = Op.ANDI;
const SLLI = Op.SLLI;
const SRLI = Op.SRLI;
const SRAI = Op.SRAI;
const ADD = Op.ADD;
const SUB = Op.SUB;
const SLL = Op.SLL;
const SLT = Op.SLT;
const SLTU = Op.SLTU;
const XOR = Op.XOR;
const SRL = Op.SRL;
const SRA = Op.SRA;
const OR = Op.OR;
const AND = Op.AND;
const MUL = Op.MUL;
const MULH = Op.MULH;
const MULHSU = Op.MULHSU;
const MULHU = Op.MULHU;
const DIV = Op.DIV;
const DIVU = Op.DIVU;
const REM = Op.REM;
const REMU = Op.REMU;
const FENCE = Op.FENCE;
const ECALL = Op.ECALL;
const EBREAK = Op.EBREAK;
const CSR = Op.CSR;
const ILLEGAL = Op.ILLEGAL;
const NOFETCH = Op.NOFETCH;
export const DEFAULT_MAX_CYCLES = 2 ** 40;
// Module-level copies: imported bindings may cost a getter call per use under some loaders.
const MEM_LO = MEM_START;
const MEM_SPAN = MEM_END - MEM_START;

/**
 * Runs `program` to termination, fast.
 *
 * @example
 * const { exitCode, journal } = execute(loadElf(bytes), { input });
 */
export function execute(program: Program, options: RunOptions = {}): RunResult {
  const m = new MachineState(program, options, null);
  run(m, options.maxCycles ?? DEFAULT_MAX_CYCLES);
  return result(m);
}

/**
 * Runs `program` to termination, recording every cycle's events for trace generation.
 *
 * @example
 * const { trace } = executeRecording(loadElf(bytes));
 * trace.cycles.column("pc"); // Uint32Array, one entry per cycle
 */
export function executeRecording(program: Program, options: RunOptions = {}): RecordedRun {
  const rec = new Recorder();
  const m = new MachineState(program, options, rec);
  run(m, options.maxCycles ?? DEFAULT_MAX_CYCLES);
  return { ...result(m), trace: rec.finish(m.regs) };
}

/** A terminated run with a checkpoint at the start of every segment. */
export interface CheckpointedRun extends RunResult {
  /** One per segment, in cycle order; the last one's segment holds the terminating cycle. */
  checkpoints: Checkpoint[];
}

/**
 * Runs `program` to termination, fast, recording a checkpoint at the start of every segment of
 * `segmentCycles` cycles (./checkpoint.ts): any segment's trace can then be generated from its
 * checkpoint alone (`executeSegment`).
 *
 * @example
 * const { checkpoints } = executeWithCheckpoints(program, 1 << 20, { input });
 * const seg = executeSegment(program, checkpoints[3], { input });
 */
export function executeWithCheckpoints(
  program: Program,
  segmentCycles: number,
  options: RunOptions = {},
): CheckpointedRun {
  if (!Number.isInteger(segmentCycles) || segmentCycles < 1)
    throw new RangeError(`segment length ${segmentCycles} cycles: must be a positive integer`);
  const m = new MachineState(program, options, null);
  const ck = new CheckpointRecorder(segmentCycles);
  m.checkpoints = ck;
  ck.open(0, m.pc, m.regs, 0, 0);
  run(m, options.maxCycles ?? DEFAULT_MAX_CYCLES);
  return { ...result(m), checkpoints: ck.finish(m.cycle) };
}

/** One segment's recording run (`executeSegment`). */
export interface SegmentRun extends RecordedRun {
  /** The pc after the segment's last cycle (where the next segment starts; unused if last). */
  nextPc: number;
}

/**
 * Runs the segment of `checkpoint` alone, recording its cycles (at their cycle numbers in the
 * whole run: `trace.cycles.at(field, c)` for c in the segment). Its outputs (journal, stdout)
 * are the segment's only; its `cycles` is the run's cycle count at the segment's end. The
 * previous-timestamp columns of its first accesses to a register or word are the memory
 * argument's (the checkpoint's), which trace generation does not read.
 *
 * Throws if the segment does not end as its checkpoint says (terminating on its last cycle, or
 * running through it), which would mean a checkpoint of another program, input or machine.
 *
 * @example
 * const seg = executeSegment(program, checkpoint, { input, coprocessors });
 */
export function executeSegment(
  program: Program,
  checkpoint: Checkpoint,
  options: RunOptions = {},
): SegmentRun {
  const rec = new Recorder();
  const m = new MachineState(program, options, rec);
  restore(m, rec, checkpoint);
  const end = checkpoint.startCycle + checkpoint.cycles;
  run(m, options.maxCycles ?? DEFAULT_MAX_CYCLES, end);
  if (m.halted !== checkpoint.last || m.cycle !== end) {
    throw new Error(
      `segment ${checkpoint.index} (cycles ${checkpoint.startCycle}..${end}): the run ` +
        `${m.halted ? `terminated at cycle ${m.cycle - 1}` : `ran on past cycle ${end - 1}`}, ` +
        `but its checkpoint says it ${checkpoint.last ? "terminates there" : "runs on"}`,
    );
  }
  return { ...result(m), trace: rec.finish(m.regs), nextPc: m.pc };
}

/** Puts `m` (and the recorder's timestamp shadows) in the state `c` records. */
function restore(m: MachineState, rec: Recorder, c: Checkpoint): void {
  if (c.regs.length !== 32 || c.regTs.length !== 32)
    throw new RangeError(`checkpoint ${c.index}: needs 32 registers and 32 register timestamps`);
  const n = c.words.length;
  if (c.values.length !== n || c.wordTs.length !== n)
    throw new RangeError(`checkpoint ${c.index}: touched words, values and timestamps differ`);
  m.pc = c.pc;
  m.cycle = c.startCycle;
  m.inputPos = c.inputPos;
  m.regs.set(c.regs); // u32 → int32 wraps, as the register file holds words
  m.regs[0] = 0;
  rec.regTs.set(c.regTs);
  for (let i = 0; i < n; i++) {
    const a = 4 * (c.words[i] - 32);
    m.mem.storeWord(a, c.values[i]);
    rec.memTs.swap(a, c.wordTs[i]);
  }
}

export function result(m: MachineState): RunResult {
  return {
    exitCode: m.exitCode,
    cycles: m.cycle,
    stdout: m.stdout.bytes(),
    stderr: m.stderr.bytes(),
    journal: m.journal.bytes(),
  };
}

function fault(kind: GuestErrorKind, pc: number, cycle: number, what: string): GuestError {
  return new GuestError(kind, pc, cycle, what);
}

function memFault(
  pc: number,
  cycle: number,
  addr: number,
  align: number,
  store: boolean,
): GuestError {
  const what = `${store ? "store to" : "load from"} ${hex32(addr)}`;
  if ((addr & (align - 1)) !== 0)
    return fault("misaligned-access", pc, cycle, `misaligned ${what}`);
  return fault("out-of-bounds", pc, cycle, `${what} outside guest memory`);
}

/** The number of argument registers (a1..) the syscall or coprocessor table reads for `a7`. */
function syscallArgRegisters(m: MachineState, a7: number): number {
  const cp = m.coprocessors.get(a7);
  return cp === undefined ? 2 : registerArgs(cp); // write/read: a1, a2
}

/**
 * The interpreter loop: runs until the guest terminates (or throws GuestError), or until cycle
 * `stopAt` (a segment's end) is reached.
 */
export function run(m: MachineState, maxCycles: number, stopAt = -1): void {
  const regs = m.regs;
  const pageIndex = m.mem.index;
  const pages = m.mem.slots;
  const { op: ops, rd: rds, rs1: rs1s, rs2: rs2s, imm: imms, word: words } = m.code;
  const codeBase = m.codeBase;
  const codeWords = ops.length;
  const codeBytes = m.codeBytes;
  const rec = m.rec;
  // Checkpoint mode: the memory argument's timestamps and the next segment's first cycle.
  const ck = m.checkpoints;
  const ckTs = ck !== null ? ck.regTs : new Uint32Array(33);
  const segmentCycles = ck !== null ? ck.segmentCycles : 0;
  let nextCheckpoint = segmentCycles;
  let pc = m.pc;
  let cycle = m.cycle;
  let halted = false;

  // Recording state. The current chunk's columns are locals (refreshed when a chunk fills):
  // a property load per column and cycle measurably slowed recording. `k` is the row in the
  // chunk, `cap` the chunk's length. In fast mode they stay empty and are never touched.
  const regTs = rec !== null ? rec.regTs : new Uint32Array(33);
  const memTs = rec !== null ? rec.memTs : null;
  const chunkMask = rec !== null ? rec.cycles.chunkRows - 1 : 0;
  const none: Uint32Array = new Uint32Array(0);
  let [cPc, cInsn, cR1, cR2, cR1Ts, cR2Ts, cRd, cRdOld, cRdTs, cMemAddr, cMemVal, cMemOld, cMemTs] =
    [none, none, none, none, none, none, none, none, none, none, none, none, none];
  let k = 0;
  let cap = 0;
  // Per-cycle values the recorder needs: operands before execution, the memory access.
  let v1 = 0;
  let v2 = 0;
  let rdOld = 0;
  let memAddr = 0;
  let memVal = 0;
  let memOld = 0;

  for (;;) {
    if (cycle === stopAt) break;
    const i = (pc - codeBase) >>> 2;
    if (i >= codeWords) throw fault("fetch", pc, cycle, "instruction fetch outside the program");
    if (cycle === maxCycles)
      throw fault("cycle-limit", pc, cycle, `cycle limit ${maxCycles} reached`);
    const d = rds[i];
    const s1 = rs1s[i];
    const s2 = rs2s[i];
    const imm = imms[i];

    const pc0 = pc;
    if (rec !== null) {
      v1 = regs[s1];
      v2 = regs[s2];
      rdOld = regs[d];
      memAddr = 0;
    } else if (ck !== null) memAddr = 0;

    switch (ops[i]) {
      case LUI:
        regs[d] = imm;
        pc += 4;
        break;
      case AUIPC:
        regs[d] = pc + imm;
        pc += 4;
        break;
      case JAL:
        if ((imm & 3) !== 0)
          throw fault("misaligned-jump", pc, cycle, `jump to ${hex32(pc + imm)}`);
        regs[d] = pc + 4;
        pc = (pc + imm) >>> 0;
        break;
      case JALR: {
        const target = ((regs[s1] + imm) & ~1) >>> 0;
        if ((target & 3) !== 0)
          throw fault("misaligned-jump", pc, cycle, `jump to ${hex32(target)}`);
        regs[d] = pc + 4;
        pc = target;
        break;
      }
      case BEQ:
      case BNE:
      case BLT:
      case BGE:
      case BLTU:
      case BGEU: {
        const a = regs[s1];
        const b = regs[s2];
        const o = ops[i];
        const taken =
          o === BEQ
            ? a === b
            : o === BNE
              ? a !== b
              : o === BLT
                ? a < b
                : o === BGE
                  ? a >= b
                  : o === BLTU
                    ? a >>> 0 < b >>> 0
                    : a >>> 0 >= b >>> 0;
        if (taken) {
          if ((imm & 3) !== 0)
            throw fault("misaligned-jump", pc, cycle, `branch to ${hex32(pc + imm)}`);
          pc = (pc + imm) >>> 0;
        } else pc += 4;
        break;
      }
      case LB:
      case LH:
      case LW:
      case LBU:
      case LHU: {
        const a = (regs[s1] + imm) | 0;
        const o = ops[i];
        const align = o === LW ? 4 : o === LH || o === LHU ? 2 : 1;
        if ((a & (align - 1)) !== 0 || (a - MEM_LO) >>> 0 >= MEM_SPAN) {
          throw memFault(pc, cycle, a, align, false);
        }
        const w = pages[pageIndex[a >>> 16]][(a & 0xffff) >>> 2];
        const sh = (a & 3) << 3;
        regs[d] =
          o === LW
            ? w
            : o === LBU
              ? (w >>> sh) & 0xff
              : o === LB
                ? (w << (24 - sh)) >> 24
                : o === LHU
                  ? (w >>> sh) & 0xffff
                  : (w << (16 - sh)) >> 16;
        memAddr = a;
        memVal = memOld = w;
        pc += 4;
        break;
      }
      case SB:
      case SH:
      case SW: {
        const a = (regs[s1] + imm) | 0;
        const o = ops[i];
        const align = o === SW ? 4 : o === SH ? 2 : 1;
        if ((a & (align - 1)) !== 0 || (a - MEM_LO) >>> 0 >= MEM_SPAN) {
          throw memFault(pc, cycle, a, align, true);
        }
        if ((a - codeBase) >>> 0 < codeBytes && m.isProgramWord(a)) {
          throw fault("write-to-program", pc, cycle, `store to program memory ${hex32(a)}`);
        }
        const slot = pageIndex[a >>> 16];
        const page = slot !== 0 ? pages[slot] : m.mem.page(a);
        const wi = (a & 0xffff) >>> 2;
        const old = page[wi];
        const v = regs[s2];
        const sh = (a & 3) << 3;
        const w =
          o === SW
            ? v
            : o === SB
              ? (old & ~(0xff << sh)) | ((v & 0xff) << sh)
              : (old & ~(0xffff << sh)) | ((v & 0xffff) << sh);
        page[wi] = w;
        memAddr = a;
        memVal = w;
        memOld = old;
        pc += 4;
        break;
      }
      case ADDI:
        regs[d] = regs[s1] + imm;
        pc += 4;
        break;
      case SLTI:
        regs[d] = regs[s1] < imm ? 1 : 0;
        pc += 4;
        break;
      case SLTIU:
        regs[d] = regs[s1] >>> 0 < imm >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case XORI:
        regs[d] = regs[s1] ^ imm;
        pc += 4;
        break;
      case ORI:
        regs[d] = regs[s1] | imm;
        pc += 4;
        break;
      case ANDI:
        regs[d] = regs[s1] & imm;
        pc += 4;
        break;
      case SLLI:
        regs[d] = regs[s1] << imm;
        pc += 4;
        break;
      case SRLI:
        regs[d] = regs[s1] >>> imm;
        pc += 4;
        break;
      case SRAI:
        regs[d] = regs[s1] >> imm;
        pc += 4;
        break;
      case ADD:
        regs[d] = regs[s1] + regs[s2];
        pc += 4;
        break;
      case SUB:
        regs[d] = regs[s1] - regs[s2];
        pc += 4;
        break;
      case SLL:
        regs[d] = regs[s1] << regs[s2]; // JS shifts use the low 5 bits, as RV32 does
        pc += 4;
        break;
      case SLT:
        regs[d] = regs[s1] < regs[s2] ? 1 : 0;
        pc += 4;
        break;
      case SLTU:
        regs[d] = regs[s1] >>> 0 < regs[s2] >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case XOR:
        regs[d] = regs[s1] ^ regs[s2];
        pc += 4;
        break;
      case SRL:
        regs[d] = regs[s1] >>> regs[s2];
        pc += 4;
        break;
      case SRA:
        regs[d] = regs[s1] >> regs[s2];
        pc += 4;
        break;
      case OR:
        regs[d] = regs[s1] | regs[s2];
        pc += 4;
        break;
      case AND:
        regs[d] = regs[s1] & regs[s2];
        pc += 4;
        break;
      case MUL:
        regs[d] = Math.imul(regs[s1], regs[s2]);
        pc += 4;
        break;
      case MULH:
        regs[d] = mulh(regs[s1], regs[s2]);
        pc += 4;
        break;
      case MULHSU:
        regs[d] = mulhsu(regs[s1], regs[s2]);
        pc += 4;
        break;
      case MULHU:
        regs[d] = mulhu(regs[s1], regs[s2]);
        pc += 4;
        break;
      case DIV:
        regs[d] = div(regs[s1], regs[s2]);
        pc += 4;
        break;
      case DIVU:
        regs[d] = divu(regs[s1], regs[s2]);
        pc += 4;
        break;
      case REM:
        regs[d] = rem(regs[s1], regs[s2]);
        pc += 4;
        break;
      case REMU:
        regs[d] = remu(regs[s1], regs[s2]);
        pc += 4;
        break;
      case FENCE:
        pc += 4;
        break;
      case ECALL:
        m.pc = pc;
        m.cycle = cycle;
        halted = handleSyscall(m, pc, cycle);
        if (ck !== null && !halted)
          ck.syscallRegisters(syscallArgRegisters(m, regs[17] >>> 0), 4 * cycle + 3);
        pc += 4;
        break;
      case EBREAK:
        throw fault("ebreak", pc, cycle, "ebreak");
      case CSR:
        throw fault(
          "csr",
          pc,
          cycle,
          `CSR instruction ${hex32(words[i])} (the guest ABI has no CSRs)`,
        );
      case NOFETCH:
        throw fault("fetch", pc, cycle, "instruction fetch from non-executable memory");
      case ILLEGAL:
      default:
        throw fault("illegal-instruction", pc, cycle, `illegal instruction ${hex32(words[i])}`);
    }

    if (rec !== null) {
      // Every column of the row is written (zeros included), so recycled chunks need no fill.
      if (k === cap) {
        const c = rec.cycles.chunkFor(cycle);
        [
          cPc,
          cInsn,
          cR1,
          cR2,
          cR1Ts,
          cR2Ts,
          cRd,
          cRdOld,
          cRdTs,
          cMemAddr,
          cMemVal,
          cMemOld,
          cMemTs,
        ] = [
          c.pc,
          c.insn,
          c.rs1Val,
          c.rs2Val,
          c.rs1Ts,
          c.rs2Ts,
          c.rdVal,
          c.rdOld,
          c.rdTs,
          c.memAddr,
          c.memVal,
          c.memOld,
          c.memTs,
        ];
        cap = cPc.length;
        k = cycle & chunkMask;
      }
      const t = 4 * cycle;
      cPc[k] = pc0;
      cInsn[k] = words[i];
      cR1[k] = v1;
      cR1Ts[k] = regTs[s1];
      regTs[s1] = t + 1;
      cR2[k] = v2;
      cR2Ts[k] = regTs[s2];
      regTs[s2] = t + 2;
      cMemAddr[k] = memAddr;
      if (memAddr !== 0) {
        cMemVal[k] = memVal;
        cMemOld[k] = memOld;
        cMemTs[k] = memTs!.swap(memAddr & ~3, t + 3);
      } else {
        cMemVal[k] = cMemOld[k] = cMemTs[k] = 0;
      }
      if (d !== RD_NONE) {
        cRd[k] = regs[d];
        cRdOld[k] = rdOld;
        cRdTs[k] = regTs[d];
        regTs[d] = t + 4;
      } else {
        cRd[k] = cRdOld[k] = cRdTs[k] = 0;
      }
      k++;
    }
    if (ck !== null) {
      const t = 4 * cycle;
      ckTs[s1] = t + 1;
      ckTs[s2] = t + 2;
      if (memAddr !== 0) ck.word(memAddr & ~3, memOld, t + 3);
      ckTs[d] = t + 4; // d = RD_NONE (the scratch slot) when nothing is written
      if (cycle + 1 === nextCheckpoint && !halted) {
        ck.open(cycle + 1, pc, regs, m.inputPos, m.journal.length);
        nextCheckpoint += segmentCycles;
      }
    }
    cycle++;
    if (halted) break;
  }
  m.cycle = cycle;
  m.pc = pc;
  if (rec !== null) rec.cycles.length = cycle;
}
