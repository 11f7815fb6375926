/**
 * Test programs for the machine, assembled with the executor tests' independent assembler:
 * every RV32IM instruction over corner-case operands, loads/stores of every width at every
 * offset, branches both ways, jumps, x0 writes, rs1 = rs2, and the journal/input syscalls.
 */
import * as A from "../riscv/asm.js";

export const CORNER = [
  0, 1, -1, 0x7fffffff, 0x80000000, 0x12345678, -0x12345679, 31, 32, 0xffff, 0x10000,
];

/** a7 := 64; a0 := 3; a1 := ptr; a2 := len; ecall — appends to the journal. */
export function journalWrite(ptr: number, len: number): number[] {
  return [...A.li(17, 64), ...A.li(10, 3), ...A.li(11, ptr), ...A.li(12, len), A.ECALL];
}

/** exit(0) through the terminate syscall number 0. */
export const TERMINATE = [A.addi(10, 0, 0), A.addi(17, 0, 0), A.ECALL];

/** Every R-type op over the corner values (results also stored to memory for the journal). */
export function aluProgram(
  ops: readonly string[] = Object.keys(A.R_OPS),
  values: readonly number[] = CORNER,
): number[] {
  const w: number[] = [];
  for (const op of ops) {
    for (const x of values) {
      for (const y of values) {
        w.push(...A.li(5, x), ...A.li(6, y), A.rtype(op, 7, 5, 6));
      }
    }
    w.push(A.rtype(op, 8, 5, 5)); // rs1 = rs2
  }
  return w;
}

/** Immediate forms, including shifts by 0 and 31, and negative immediates. */
export function immProgram(): number[] {
  const w: number[] = [];
  for (const x of CORNER) {
    w.push(...A.li(5, x));
    for (const imm of [0, 1, -1, 2047, -2048, 0x555]) {
      w.push(
        A.addi(7, 5, imm),
        A.slti(7, 5, imm),
        A.sltiu(7, 5, imm),
        A.xori(7, 5, imm),
        A.ori(7, 5, imm),
        A.andi(7, 5, imm),
      );
    }
    for (const sh of [0, 1, 15, 16, 31])
      w.push(A.slli(7, 5, sh), A.srli(7, 5, sh), A.srai(7, 5, sh));
  }
  w.push(A.addi(0, 5, 7), A.rtype("add", 7, 0, 0)); // x0 stays 0
  w.push(A.lui(7, 0xfffff), A.auipc(7, 0x80000), A.auipc(7, 0));
  return w;
}

/** Stores and loads of every width at every legal offset of a data word (base in x5). */
export function memoryProgram(): number[] {
  const w: number[] = [...A.li(5, A.DATA_BASE), ...A.li(6, 0x80ff7f01)];
  w.push(A.sw(6, 5, 0), A.sw(6, 5, 8));
  for (let off = 0; off < 4; off++)
    w.push(A.sb(6, 5, 16 + off), A.lb(7, 5, off), A.lbu(7, 5, off), A.lb(7, 5, 16 + off));
  for (const off of [0, 2])
    w.push(A.sh(6, 5, 24 + off), A.lh(7, 5, off), A.lhu(7, 5, off), A.lhu(7, 5, 24 + off));
  w.push(A.lw(7, 5, 24), A.lw(7, 5, 8), A.lw(7, 5, 100), A.sw(7, 5, -4 + 8));
  return w;
}

/** Branches taken and not taken, jal and jalr (odd target: bit 0 is cleared). */
export function controlProgram(): number[] {
  const w: number[] = [...A.li(5, 5), ...A.li(6, -3)];
  const branches = [A.beq, A.bne, A.blt, A.bge, A.bltu, A.bgeu];
  for (const br of branches) {
    for (const [a, b] of [
      [5, 6],
      [6, 5],
      [5, 5],
    ])
      w.push(br(a, b, 8), A.addi(7, 7, 1));
  }
  w.push(A.jal(1, 8), A.addi(7, 7, 100));
  // jalr to pc + 9 (odd): lands at pc + 8.
  w.push(A.auipc(8, 0), A.jalr(1, 8, 9), A.addi(7, 7, 100), A.addi(7, 7, 1));
  w.push(A.FENCE);
  // a backward loop: x9 counts 5 down to 0.
  w.push(A.addi(9, 0, 5), A.addi(9, 9, -1), A.bne(9, 0, -4));
  return w;
}

/** Assembles a whole test program: body, a journal write of `journalLen` data bytes, exit. */
export function withExit(body: number[], journal?: { ptr: number; len: number }): number[] {
  return [
    ...body,
    ...(journal ? journalWrite(journal.ptr, journal.len) : []),
    ...A.li(10, 0),
    ...A.EXIT,
  ];
}
