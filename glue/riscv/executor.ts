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
import { MEM_END, MEM_START } from "./constants.js";
import { Op, RD_NONE } from "./decode.js";
import type { Program } from "./elf.js";
import { GuestError, hex32, type GuestErrorKind } from "./errors.js";
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from "./muldiv.js";
import { MachineState, type RunOptions } from "./state.js";
import { handleSyscall } from "./syscalls.js";
import { Recorder, type ExecutionTrace } from "./trace.js";

export type { RunOptions } from "./state.js";

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
const DEFAULT_MAX_CYCLES = 2 ** 40;
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

function result(m: MachineState): RunResult {
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

/** The interpreter loop: runs until the guest terminates (or throws GuestError). */
function run(m: MachineState, maxCycles: number): void {
  const regs = m.regs;
  const pageIndex = m.mem.index;
  const pages = m.mem.slots;
  const { op: ops, rd: rds, rs1: rs1s, rs2: rs2s, imm: imms, word: words } = m.code;
  const codeBase = m.codeBase;
  const codeWords = ops.length;
  const codeBytes = m.codeBytes;
  const rec = m.rec;
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
    }

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
    cycle++;
    if (halted) break;
  }
  m.cycle = cycle;
  if (rec !== null) rec.cycles.length = cycle;
}
