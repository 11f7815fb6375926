/**
 * RV32IM decoder. Each instruction word becomes an operation number plus rd, rs1, rs2 and a
 * sign-extended immediate, stored in typed arrays indexed by (pc − base)/4: the executor
 * decodes every executable word once, at load time, and its loop only reads these arrays.
 *
 * Conventions the executor relies on:
 * - `rd` is 32 (a scratch register that is never read) when the instruction writes no register
 *   or writes x0, so writes need no x0 test and x0 stays 0.
 * - `rs1`/`rs2` are 0 (x0, always 0) when the format has no such operand, so a recorder can read
 *   both operands of every instruction unconditionally.
 * - `ecall` reads a7 as rs1 and a0 as rs2 and writes a0 (its result) as rd.
 * - Shift immediates hold the shift amount; LUI/AUIPC hold imm << 12.
 */

/** Operation numbers; dense, so the executor's switch compiles to a jump table. */
export const Op = {
  LUI: 0,
  AUIPC: 1,
  JAL: 2,
  JALR: 3,
  BEQ: 4,
  BNE: 5,
  BLT: 6,
  BGE: 7,
  BLTU: 8,
  BGEU: 9,
  LB: 10,
  LH: 11,
  LW: 12,
  LBU: 13,
  LHU: 14,
  SB: 15,
  SH: 16,
  SW: 17,
  ADDI: 18,
  SLTI: 19,
  SLTIU: 20,
  XORI: 21,
  ORI: 22,
  ANDI: 23,
  SLLI: 24,
  SRLI: 25,
  SRAI: 26,
  ADD: 27,
  SUB: 28,
  SLL: 29,
  SLT: 30,
  SLTU: 31,
  XOR: 32,
  SRL: 33,
  SRA: 34,
  OR: 35,
  AND: 36,
  MUL: 37,
  MULH: 38,
  MULHSU: 39,
  MULHU: 40,
  DIV: 41,
  DIVU: 42,
  REM: 43,
  REMU: 44,
  FENCE: 45,
  ECALL: 46,
  EBREAK: 47,
  CSR: 48,
  ILLEGAL: 49,
  /** Not an instruction: the address is not in an executable segment. */
  NOFETCH: 50,
} as const;
export type OpNumber = (typeof Op)[keyof typeof Op];

/** Mnemonics by operation number, for messages and tests. */
export const OP_NAMES: readonly string[] = Object.keys(Op).map((k) => k.toLowerCase());

/** Scratch register index that absorbs writes to x0. */
export const RD_NONE = 32;

/** The decoded fields of a code range, one entry per 4-byte word. */
export interface DecodedCode {
  op: Uint8Array;
  rd: Uint8Array;
  rs1: Uint8Array;
  rs2: Uint8Array;
  imm: Int32Array;
  /** The raw instruction words (recorded per cycle for the program bus). */
  word: Uint32Array;
}

/** Allocates decoded arrays for `n` words, all NOFETCH. */
export function emptyDecoded(n: number): DecodedCode {
  return {
    op: new Uint8Array(n).fill(Op.NOFETCH),
    rd: new Uint8Array(n).fill(RD_NONE),
    rs1: new Uint8Array(n),
    rs2: new Uint8Array(n),
    imm: new Int32Array(n),
    word: new Uint32Array(n),
  };
}

const OP_BRANCH = [Op.BEQ, Op.BNE, -1, -1, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU];
const OP_LOAD = [Op.LB, Op.LH, Op.LW, -1, Op.LBU, Op.LHU, -1, -1];
const OP_STORE = [Op.SB, Op.SH, Op.SW, -1, -1, -1, -1, -1];
const OP_IMM = [Op.ADDI, Op.SLLI, Op.SLTI, Op.SLTIU, Op.XORI, Op.SRLI, Op.ORI, Op.ANDI];
const OP_REG = [Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND];
const OP_MULDIV = [Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU];

/** Decodes `w` into entry `i` of `out` (RISC-V unprivileged spec, ch. 2 and 7 encodings). */
export function decodeInto(out: DecodedCode, i: number, w: number): void {
  w >>>= 0;
  const opcode = w & 0x7f;
  const rd = (w >>> 7) & 31;
  const f3 = (w >>> 12) & 7;
  const rs1 = (w >>> 15) & 31;
  const rs2 = (w >>> 20) & 31;
  const f7 = w >>> 25;
  const immI = (w | 0) >> 20;
  const immS = (((w | 0) >> 25) << 5) | rd;
  const immB =
    (((w | 0) >> 31) << 12) |
    (((w >>> 7) & 1) << 11) |
    (((w >>> 25) & 0x3f) << 5) |
    (((w >>> 8) & 0xf) << 1);
  const immJ =
    (((w | 0) >> 31) << 20) |
    (w & 0xff000) |
    (((w >>> 20) & 1) << 11) |
    (((w >>> 21) & 0x3ff) << 1);

  let op: number = Op.ILLEGAL;
  let d = 0,
    s1 = 0,
    s2 = 0,
    imm = 0;
  switch (opcode) {
    case 0x37:
      op = Op.LUI;
      d = rd;
      imm = w & 0xfffff000;
      break;
    case 0x17:
      op = Op.AUIPC;
      d = rd;
      imm = w & 0xfffff000;
      break;
    case 0x6f:
      op = Op.JAL;
      d = rd;
      imm = immJ;
      break;
    case 0x67:
      if (f3 === 0) {
        op = Op.JALR;
        d = rd;
        s1 = rs1;
        imm = immI;
      }
      break;
    case 0x63:
      op = OP_BRANCH[f3];
      s1 = rs1;
      s2 = rs2;
      imm = immB;
      break;
    case 0x03:
      op = OP_LOAD[f3];
      d = rd;
      s1 = rs1;
      imm = immI;
      break;
    case 0x23:
      op = OP_STORE[f3];
      s1 = rs1;
      s2 = rs2;
      imm = immS;
      break;
    case 0x13:
      op = OP_IMM[f3];
      d = rd;
      s1 = rs1;
      imm = immI;
      if (f3 === 1) {
        op = f7 === 0 ? Op.SLLI : -1;
        imm = rs2;
      } else if (f3 === 5) {
        op = f7 === 0 ? Op.SRLI : f7 === 0x20 ? Op.SRAI : -1;
        imm = rs2;
      }
      break;
    case 0x33:
      d = rd;
      s1 = rs1;
      s2 = rs2;
      if (f7 === 0) op = OP_REG[f3];
      else if (f7 === 1) op = OP_MULDIV[f3];
      else if (f7 === 0x20 && (f3 === 0 || f3 === 5)) op = f3 === 0 ? Op.SUB : Op.SRA;
      else op = -1;
      break;
    case 0x0f:
      if (f3 === 0) op = Op.FENCE;
      break; // fence.i (f3 = 1) is Zifencei, not RV32IM
    case 0x73:
      if (w === 0x00000073) {
        op = Op.ECALL;
        d = 10;
        s1 = 17;
        s2 = 10;
      } else if (w === 0x00100073) op = Op.EBREAK;
      else if (f3 !== 0 && f3 !== 4) op = Op.CSR;
      break;
  }
  if (op < 0) {
    op = Op.ILLEGAL;
    d = 0;
    s1 = 0;
    s2 = 0;
    imm = 0;
  }
  out.op[i] = op;
  out.rd[i] = d === 0 ? RD_NONE : d;
  out.rs1[i] = s1;
  out.rs2[i] = s2;
  out.imm[i] = imm;
  out.word[i] = w;
}
