/**
 * How RV32IM operations map onto the machine's buses: the ALU operation of each ALU instruction
 * and branch, the load/store operation of each memory access, and which ALU instructions are
 * R-type (their b operand is rs2, not an immediate).
 */
import { Op } from "../../riscv/decode.js";
import { AluOp, LsOp } from "../buses.js";

/** ALU instructions (register and immediate forms) → ALU operation. */
export const ALU_OF: Partial<Record<number, number>> = {
  [Op.ADD]: AluOp.ADD,
  [Op.ADDI]: AluOp.ADD,
  [Op.SUB]: AluOp.SUB,
  [Op.SLT]: AluOp.LT,
  [Op.SLTI]: AluOp.LT,
  [Op.SLTU]: AluOp.LTU,
  [Op.SLTIU]: AluOp.LTU,
  [Op.XOR]: AluOp.XOR,
  [Op.XORI]: AluOp.XOR,
  [Op.OR]: AluOp.OR,
  [Op.ORI]: AluOp.OR,
  [Op.AND]: AluOp.AND,
  [Op.ANDI]: AluOp.AND,
  [Op.SLL]: AluOp.SLL,
  [Op.SLLI]: AluOp.SLL,
  [Op.SRL]: AluOp.SRL,
  [Op.SRLI]: AluOp.SRL,
  [Op.SRA]: AluOp.SRA,
  [Op.SRAI]: AluOp.SRA,
  [Op.MUL]: AluOp.MUL,
  [Op.MULH]: AluOp.MULH,
  [Op.MULHSU]: AluOp.MULHSU,
  [Op.MULHU]: AluOp.MULHU,
  [Op.DIV]: AluOp.DIV,
  [Op.DIVU]: AluOp.DIVU,
  [Op.REM]: AluOp.REM,
  [Op.REMU]: AluOp.REMU,
};
/** Branches → the comparison that decides them. */
export const BRANCH_OF: Partial<Record<number, number>> = {
  [Op.BEQ]: AluOp.EQ,
  [Op.BNE]: AluOp.NE,
  [Op.BLT]: AluOp.LT,
  [Op.BGE]: AluOp.GE,
  [Op.BLTU]: AluOp.LTU,
  [Op.BGEU]: AluOp.GEU,
};
/** Loads and stores → load/store operation. */
export const LS_OF: Partial<Record<number, number>> = {
  [Op.LB]: LsOp.LB,
  [Op.LH]: LsOp.LH,
  [Op.LW]: LsOp.LW,
  [Op.LBU]: LsOp.LBU,
  [Op.LHU]: LsOp.LHU,
  [Op.SB]: LsOp.SB,
  [Op.SH]: LsOp.SH,
  [Op.SW]: LsOp.SW,
};
/** The R-type ALU instructions. */
export const R_TYPE = new Set<number>([
  Op.ADD,
  Op.SUB,
  Op.SLL,
  Op.SLT,
  Op.SLTU,
  Op.XOR,
  Op.SRL,
  Op.SRA,
  Op.OR,
  Op.AND,
  Op.MUL,
  Op.MULH,
  Op.MULHSU,
  Op.MULHU,
  Op.DIV,
  Op.DIVU,
  Op.REM,
  Op.REMU,
]);
