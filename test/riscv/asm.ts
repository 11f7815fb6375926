/**
 * A tiny RV32IM assembler for tests: encoders for each instruction format (RISC-V unprivileged
 * spec, ch. 2 and 7) and `program(words)`, which wraps instruction words into a `Program` at
 * 0x00200800 with an optional writable data segment. Written independently of the decoder so
 * that decoder bugs cannot cancel out.
 */
import type { Program } from "../../glue/riscv/index.js";

export const CODE_BASE = 0x0020_0800;
export const DATA_BASE = 0x0030_0000;

const r = (f7: number, rs2: number, rs1: number, f3: number, rd: number, opc: number) =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc) >>> 0;
const i = (imm: number, rs1: number, f3: number, rd: number, opc: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc) >>> 0;
const s = (imm: number, rs2: number, rs1: number, f3: number, opc: number) =>
  ((((imm >> 5) & 0x7f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    ((imm & 0x1f) << 7) |
    opc) >>>
  0;
const b = (imm: number, rs2: number, rs1: number, f3: number) =>
  ((((imm >> 12) & 1) << 31) |
    (((imm >> 5) & 0x3f) << 25) |
    (rs2 << 20) |
    (rs1 << 15) |
    (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) |
    (((imm >> 11) & 1) << 7) |
    0x63) >>>
  0;

export const lui = (rd: number, imm20: number) =>
  (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0;
export const auipc = (rd: number, imm20: number) =>
  (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x17) >>> 0;
export const jal = (rd: number, off: number) =>
  ((((off >> 20) & 1) << 31) |
    (((off >> 1) & 0x3ff) << 21) |
    (((off >> 11) & 1) << 20) |
    (((off >> 12) & 0xff) << 12) |
    (rd << 7) |
    0x6f) >>>
  0;
export const jalr = (rd: number, rs1: number, imm: number) => i(imm, rs1, 0, rd, 0x67);
export const beq = (a: number, c: number, off: number) => b(off, c, a, 0);
export const bne = (a: number, c: number, off: number) => b(off, c, a, 1);
export const blt = (a: number, c: number, off: number) => b(off, c, a, 4);
export const bge = (a: number, c: number, off: number) => b(off, c, a, 5);
export const bltu = (a: number, c: number, off: number) => b(off, c, a, 6);
export const bgeu = (a: number, c: number, off: number) => b(off, c, a, 7);
export const lb = (rd: number, rs1: number, imm: number) => i(imm, rs1, 0, rd, 0x03);
export const lh = (rd: number, rs1: number, imm: number) => i(imm, rs1, 1, rd, 0x03);
export const lw = (rd: number, rs1: number, imm: number) => i(imm, rs1, 2, rd, 0x03);
export const lbu = (rd: number, rs1: number, imm: number) => i(imm, rs1, 4, rd, 0x03);
export const lhu = (rd: number, rs1: number, imm: number) => i(imm, rs1, 5, rd, 0x03);
export const sb = (rs2: number, rs1: number, imm: number) => s(imm, rs2, rs1, 0, 0x23);
export const sh = (rs2: number, rs1: number, imm: number) => s(imm, rs2, rs1, 1, 0x23);
export const sw = (rs2: number, rs1: number, imm: number) => s(imm, rs2, rs1, 2, 0x23);
export const addi = (rd: number, rs1: number, imm: number) => i(imm, rs1, 0, rd, 0x13);
export const slti = (rd: number, rs1: number, imm: number) => i(imm, rs1, 2, rd, 0x13);
export const sltiu = (rd: number, rs1: number, imm: number) => i(imm, rs1, 3, rd, 0x13);
export const xori = (rd: number, rs1: number, imm: number) => i(imm, rs1, 4, rd, 0x13);
export const ori = (rd: number, rs1: number, imm: number) => i(imm, rs1, 6, rd, 0x13);
export const andi = (rd: number, rs1: number, imm: number) => i(imm, rs1, 7, rd, 0x13);
export const slli = (rd: number, rs1: number, sh: number) => i(sh, rs1, 1, rd, 0x13);
export const srli = (rd: number, rs1: number, sh: number) => i(sh, rs1, 5, rd, 0x13);
export const srai = (rd: number, rs1: number, sh: number) => i(0x400 | sh, rs1, 5, rd, 0x13);

/** R-type ALU and M-extension instructions by mnemonic. */
export const R_OPS: Record<string, [f7: number, f3: number]> = {
  add: [0, 0],
  sub: [0x20, 0],
  sll: [0, 1],
  slt: [0, 2],
  sltu: [0, 3],
  xor: [0, 4],
  srl: [0, 5],
  sra: [0x20, 5],
  or: [0, 6],
  and: [0, 7],
  mul: [1, 0],
  mulh: [1, 1],
  mulhsu: [1, 2],
  mulhu: [1, 3],
  div: [1, 4],
  divu: [1, 5],
  rem: [1, 6],
  remu: [1, 7],
};
export const rtype = (name: string, rd: number, rs1: number, rs2: number) => {
  const [f7, f3] = R_OPS[name];
  return r(f7, rs2, rs1, f3, rd, 0x33);
};

export const ECALL = 0x00000073;
export const EBREAK = 0x00100073;
export const FENCE = 0x0ff0000f;

/** Loads the 32-bit constant `v` into `rd` (lui + addi, with the usual carry fix-up). */
export function li(rd: number, v: number): number[] {
  const lo = (v << 20) >> 20;
  const hi = ((v - lo) >>> 12) & 0xfffff;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

/** `exit(a0)` via the exit syscall: a7 := 93; ecall. */
export const EXIT = [addi(17, 0, 93), ECALL];

/** A program of `words` at CODE_BASE, plus `data` (writable) at DATA_BASE. */
export function program(words: number[], data: Uint8Array = new Uint8Array(16)): Program {
  const code = new Uint8Array(new Uint32Array(words).buffer);
  return {
    entry: CODE_BASE,
    segments: [
      { vaddr: CODE_BASE, memsz: code.length, data: code, executable: true, writable: false },
      {
        vaddr: DATA_BASE,
        memsz: Math.max(data.length, 4096),
        data,
        executable: false,
        writable: true,
      },
    ],
  };
}
