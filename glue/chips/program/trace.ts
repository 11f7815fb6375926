/**
 * The program table's contents: the decoding of a program's executable words into rows
 * (preprocessed, part of the verifying key) and the main trace of execution counts.
 */
import type { Matrix } from "../../../core/field/matrix.js";
import { decodeInto, emptyDecoded, Op, RD_NONE } from "../../riscv/decode.js";
import type { Program } from "../../riscv/elf.js";
import { AluOp } from "../buses.js";
import { paddedHeight } from "../table.js";
import { PROGRAM_FIELDS, type ProgramField, programPrepCols } from "./columns.js";
import { ALU_OF, BRANCH_OF, LS_OF, R_TYPE } from "./constants.js";

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
  const w = programPrepCols.width;
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
export function programIndex(rows: readonly Record<ProgramField, number>[]): ProgramIndex {
  return new ProgramIndex(rows.map((r) => r.pc));
}

/**
 * pc → program row, read once per cycle by trace generation: a dense table over the text's
 * words (the fetch, a Map lookup and a row copy per cycle, was ~80 ms of a 2^20-cycle trace in
 * a profile); a Map when the pcs are too sparse for one (text far apart).
 */
export class ProgramIndex {
  private readonly base: number;
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(pcs: readonly number[]) {
    // A loop, not Math.min(...pcs): a large program's rows exceed the arguments limit.
    let lo = Infinity;
    let hi = -Infinity;
    for (const pc of pcs) ((lo = Math.min(lo, pc)), (hi = Math.max(hi, pc)));
    if (pcs.length === 0) lo = hi = 0;
    const span = (hi - lo) / 4 + 1;
    this.base = lo;
    if (pcs.every((pc) => (pc - lo) % 4 === 0) && span <= 4 * pcs.length + 1024) {
      this.dense = new Int32Array(span).fill(-1);
      pcs.forEach((pc, i) => (this.dense![(pc - lo) / 4] = i));
    } else {
      this.sparse = new Map(pcs.map((pc, i) => [pc, i]));
    }
  }

  /** The row of `pc`, or undefined when no row has it. */
  get(pc: number): number | undefined {
    if (this.sparse) return this.sparse.get(pc);
    const off = pc - this.base;
    if (off < 0 || (off & 3) !== 0) return undefined;
    const row = this.dense![off >>> 2];
    return row === undefined || row < 0 ? undefined : row;
  }
}

/** The main trace: how often each row was executed. */
export function programTrace(height: number, counts: Uint32Array): Matrix {
  const values = new Uint32Array(height);
  values.set(counts.subarray(0, height));
  return { values, width: 1, height };
}
