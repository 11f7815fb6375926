/**
 * The program table: one preprocessed row per instruction of the ELF's executable segments,
 * holding the instruction already decoded into the fields the CPU needs. Being preprocessed,
 * it is part of the verifying key — the program id binds the exact code — and the CPU never
 * has to constrain a decoding: it looks its row up by pc and copies the fields.
 *
 * Preprocessed: the PROGRAM_BUS fields (FIELDS below) and isInsn (0 on padding rows).
 * Main: mult, the number of times the row was executed.
 * Receives PROGRAM_BUS [fields] with multiplicity mult; mult · (1 − isInsn) = 0.
 * Words that do not decode to an executable instruction (illegal, CSR, ebreak) have no row, so
 * no proof can execute them.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Matrix } from "../../core/field/matrix.js";
import { decodeInto, emptyDecoded, Op, RD_NONE } from "../riscv/decode.js";
import type { Program } from "../riscv/elf.js";
import { AluOp, LsOp, PROGRAM_BUS } from "./buses.js";
import { paddedHeight } from "./table.js";

/** The fields of a program row, in PROGRAM_BUS order. */
export const PROGRAM_FIELDS = [
  "pc",
  "rs1",
  "rs2",
  "rd",
  "writesRd",
  "immLo",
  "immHi",
  "aluOp",
  "useAlu",
  "isLink",
  "linkLo",
  "linkHi",
  "isJal",
  "isBranch",
  "isJalr",
  "off",
  "lsOp",
  "isMem",
  "isEcall",
] as const;
export type ProgramField = (typeof PROGRAM_FIELDS)[number];

const prep = layout([...PROGRAM_FIELDS, "isInsn"] as const);
const main = layout(["mult"] as const);

export const programAir = defineAir({
  name: "rv.program",
  mainColumns: main,
  preprocessedColumns: prep,
  eval(b) {
    const p = b.prepLocal;
    b.assertZero("only instruction rows are executed", b.local.mult.mul(p.isInsn.neg().add(1)));
    b.receive(
      PROGRAM_BUS,
      PROGRAM_FIELDS.map((f) => p[f]),
      b.local.mult,
    );
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled program AIR. */
export function programChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(programAir));
}

const ALU_OF: Partial<Record<number, number>> = {
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
const BRANCH_OF: Partial<Record<number, number>> = {
  [Op.BEQ]: AluOp.EQ,
  [Op.BNE]: AluOp.NE,
  [Op.BLT]: AluOp.LT,
  [Op.BGE]: AluOp.GE,
  [Op.BLTU]: AluOp.LTU,
  [Op.BGEU]: AluOp.GEU,
};
const LS_OF: Partial<Record<number, number>> = {
  [Op.LB]: LsOp.LB,
  [Op.LH]: LsOp.LH,
  [Op.LW]: LsOp.LW,
  [Op.LBU]: LsOp.LBU,
  [Op.LHU]: LsOp.LHU,
  [Op.SB]: LsOp.SB,
  [Op.SH]: LsOp.SH,
  [Op.SW]: LsOp.SW,
};
const R_TYPE = new Set<number>([
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

/** The decoded row of instruction `word` at `pc`, or null if it cannot be executed. */
export function decodeRow(pc: number, word: number): Record<ProgramField, number> | null {
  const d = emptyDecoded(1);
  decodeInto(d, 0, word);
  const op = d.op[0];
  const imm = d.imm[0];
  const r: Record<ProgramField, number> = Object.fromEntries(
    PROGRAM_FIELDS.map((f) => [f, 0]),
  ) as Record<ProgramField, number>;
  r.pc = pc;
  r.rs1 = d.rs1[0];
  r.rs2 = d.rs2[0];
  const writes = d.rd[0] !== RD_NONE;
  r.writesRd = writes ? 1 : 0;
  r.rd = writes ? d.rd[0] : 0;
  const setImm = (v: number): void => {
    r.immLo = v & 0xffff;
    r.immHi = (v >>> 16) & 0xffff;
  };
  const setLink = (v: number): void => {
    r.isLink = 1;
    r.linkLo = v & 0xffff;
    r.linkHi = (v >>> 16) & 0xffff;
  };
  const alu = ALU_OF[op];
  const br = BRANCH_OF[op];
  const ls = LS_OF[op];
  if (alu !== undefined) {
    r.aluOp = alu;
    r.useAlu = 1;
    // R-type: b = rs2 (imm 0); I-type: b = imm (rs2 is x0, which is always 0).
    if (!R_TYPE.has(op)) setImm(imm);
  } else if (br !== undefined) {
    r.aluOp = br;
    r.useAlu = 1;
    r.isBranch = 1;
    r.off = imm - 4;
  } else if (ls !== undefined) {
    // The load/store chip adds rs1 + imm itself.
    setImm(imm);
    r.lsOp = ls;
    r.isMem = 1;
  } else if (op === Op.LUI) {
    setLink(imm);
  } else if (op === Op.AUIPC) {
    setLink((pc + imm) >>> 0);
  } else if (op === Op.JAL) {
    setLink(pc + 4);
    r.isJal = 1;
    r.off = imm - 4;
  } else if (op === Op.JALR) {
    setLink(pc + 4);
    r.aluOp = AluOp.ADD;
    r.useAlu = 1;
    setImm(imm);
    r.isJalr = 1;
  } else if (op === Op.ECALL) {
    r.isEcall = 1;
  } else if (op !== Op.FENCE) {
    return null;
  }
  return r;
}

/** The instructions of a program: every executable word that decodes, by pc. */
export function programRows(program: Program): Record<ProgramField, number>[] {
  const rows: Record<ProgramField, number>[] = [];
  for (const s of program.segments) {
    if (!s.executable) continue;
    const view = new DataView(s.data.buffer, s.data.byteOffset, s.data.byteLength);
    for (let a = 0; a + 4 <= s.memsz; a += 4) {
      const word = a + 4 <= s.data.length ? view.getUint32(a, true) : 0;
      const row = decodeRow(s.vaddr + a, word);
      if (row !== null) rows.push(row);
    }
  }
  rows.sort((x, y) => x.pc - y.pc);
  return rows;
}

/** The preprocessed matrix of the program table. */
export function programPreprocessed(rows: readonly Record<ProgramField, number>[]): Matrix {
  const h = paddedHeight(rows.length);
  const w = prep.width;
  const values = new Uint32Array(h * w);
  rows.forEach((r, i) => {
    PROGRAM_FIELDS.forEach((f, k) => {
      values[i * w + k] = fieldOf(r[f]);
    });
    values[i * w + w - 1] = 1;
  });
  return { values, width: w, height: h };
}

function fieldOf(x: number): number {
  return x < 0 ? x + 2013265921 : x;
}

/** Row index of each pc (for counting executions). */
export function programIndex(rows: readonly Record<ProgramField, number>[]): Map<number, number> {
  return new Map(rows.map((r, i) => [r.pc, i]));
}

/** The main trace: how often each row was executed. */
export function programTrace(height: number, counts: Uint32Array): Matrix {
  const values = new Uint32Array(height);
  values.set(counts.subarray(0, height));
  return { values, width: 1, height };
}
