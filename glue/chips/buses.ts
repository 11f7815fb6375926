/**
 * The buses of the RISC-V machine and the operation codes carried on them. Every chip imports
 * its buses from here, so a bus's name, width and field order are declared exactly once.
 *
 * Words are never single field elements (2^32 > p): on every bus a 32-bit word travels as two
 * 16-bit limbs (lo, hi). A limb is range-checked where it is created (the ALU chip that computes
 * it, or the byte/range table for values read from outside), so every limb on a bus is a true
 * integer below 2^16 and every limb relation holds over the integers.
 *
 * Memory addresses on the memory bus: registers x0..x31 are addresses 0..31; guest memory word w
 * (byte address 4w) is address 32 + w. The two spaces can never alias.
 */
import { defineBus } from "../../core/air/bus.js";

/** (address, value lo, value hi, timestamp): offline memory checking. */
export const MEMORY_BUS = defineBus("rv.memory", 4);
/** (address, lo, hi): the initial image (ELF words, initial registers), sent by the image table. */
export const IMAGE_BUS = defineBus("rv.image", 3);
/** The decoded instruction at pc (see program/columns.ts for the fields). */
export const PROGRAM_BUS = defineBus("rv.program", 19);
/** (op, a lo, a hi, b lo, b hi, c lo, c hi): c = op(a, b). */
export const ALU_BUS = defineBus("rv.alu", 7);
/** (op, rs1 lo, hi, imm lo, hi, memory-bus address, old lo, hi, new lo, hi, rs2 lo, hi, rd lo, hi). */
export const LS_BUS = defineBus("rv.loadstore", 14);
/** (clk, a7 lo, a7 hi, a0 lo, a0 hi, result lo, result hi): a non-terminating ecall. */
export const SYSCALL_BUS = defineBus("rv.syscall", 7);
/** (timestamp, first byte address, byte count, journal position, kind): a byte run. */
export const IO_BUS = defineBus("rv.io", 5);
/** (position, byte): the public journal; the verifier receives every byte itself. */
export const JOURNAL_BUS = defineBus("rv.journal", 2);
/**
 * (w, n): the guest words [w, w + n) are written by a coprocessor; the writable-range chip
 * proves they lie outside the program text.
 */
export const WRITABLE_BUS = defineBus("rv.writable", 2);
/** (v): v < 2^16. */
export const U16_BUS = defineBus("rv.u16", 1);
/** (v): v < 2^14. */
export const U14_BUS = defineBus("rv.u14", 1);
/** (x, y): both bytes. */
export const PAIR_BUS = defineBus("rv.bytepair", 2);
/** (op, x, y, z): z = x op y on bytes, op in {AND, OR, XOR}. */
export const BITWISE_BUS = defineBus("rv.bitwise", 4);

/** ALU operation codes (ALU_BUS field 0). Distinct nonzero small integers. */
export const AluOp = {
  ADD: 1,
  SUB: 2,
  AND: 3,
  OR: 4,
  XOR: 5,
  EQ: 6,
  NE: 7,
  LT: 8,
  GE: 9,
  LTU: 10,
  GEU: 11,
  SLL: 12,
  SRL: 13,
  SRA: 14,
  MUL: 15,
  MULH: 16,
  MULHSU: 17,
  MULHU: 18,
  DIV: 19,
  DIVU: 20,
  REM: 21,
  REMU: 22,
} as const;

/** Load/store operation codes (LS_BUS field 0). */
export const LsOp = { LB: 1, LH: 2, LW: 3, LBU: 4, LHU: 5, SB: 6, SH: 7, SW: 8 } as const;

/** Byte-run kinds (IO_BUS field 4). */
export const IoKind = { JOURNAL: 1, INPUT: 2 } as const;

/** Memory-bus address of the guest word holding byte address `addr`. */
export function wordAddress(addr: number): number {
  return 32 + (addr >>> 2);
}
