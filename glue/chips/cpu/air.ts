/**
 * The CPU chip: one row per executed instruction (cycle), padded with rows where isReal = 0.
 *
 * Fetch: the row's decoded fields (PROGRAM_FIELDS) are looked up in the program table by pc, so
 * the CPU never decodes and never constrains a decoding.
 * Timestamps: clk = 4·row; the row reads rs1 at clk+1, rs2 at clk+2, accesses memory at clk+3
 * and writes rd at clk+4. Every access receives the previous (value, timestamp) of its address on
 * the memory bus and sends the new one. The previous timestamp is not a column: it is
 * ts − 1 − (d_lo + 2^16·d_hi) with d_lo ∈ u16, d_hi ∈ u14, so prevTs < ts (no wrap: ts < 2^29).
 * Registers: address = index; x0 is never written (the program table sets writesRd = 0 for
 * rd = x0), so it always reads its initial 0.
 * Execution: the ALU operation (aluOp, rs1, b = imm + rs2; one of them is 0 by the program
 * table) goes to the ALU chips and comes back as out; rd is out (ALU instructions), the
 * link/constant (isLink: lui, auipc, jal, jalr), the load/store chip's value (that chip also adds
 * rs1 + imm), or the syscall table's result. nextPc = pc + 4 + off·(isJal +
 * isBranch·out) + isJalr·(out − jbit − pc − 4) with out_hi ∈ u14 on jalr (no field wrap).
 * Unused cells: jbit off jalr rows, out without the ALU, rd where nothing produces it (branch,
 * fence), rd's old value and gap where rd is not written, and the memory cells (address, old
 * and new word, gap) off loads and stores are pinned to 0, so every cell of a real row is
 * determined by the run (the underconstraint fuzzer, glue/fuzz/machine.ts, checks it).
 * Halting: isHalt marks the terminating ecall (a7 ∈ {0, 93}, a0 = 0 — the exit code is pinned
 * to success); it is the last real row: isReal' = isReal − isHalt. Every multiplicity is gated
 * by isReal: padding rows send nothing.
 * Segments: a long run is proven as several CPU tables (one per segment, glue/segments.ts), each
 * with public values (startPc, startClk, endPc, endClk, continues). The first row is real at
 * (startPc, startClk); on the last row, isReal·(1 − isHalt) = continues, and if the segment
 * continues its last row's nextPc and clk + 4 are (endPc, endClk). So a segment either runs to
 * its last row and hands over, or halts inside it; the verifier chains the segments' values
 * (the first starts at the entry point at clk 0, only the last stops).
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import {
  ALU_BUS,
  LS_BUS,
  MEMORY_BUS,
  PROGRAM_BUS,
  SYSCALL_BUS,
  U14_BUS,
  U16_BUS,
} from "../buses.js";
import { PROGRAM_FIELDS } from "../program/columns.js";
import { CpuPublic, cpuCols } from "./columns.js";

/** The CPU AIR (the same for every program: where it starts is a public value). */
export const cpuAir = defineAir({
  name: "rv.cpu",
  mainColumns: cpuCols,
  numPublicValues: 5,
  eval(b) {
    const l = b.local;
    const n = b.next;
    const real = l.isReal;
    b.assertBool("isReal bool", real);
    b.assertBool("isHalt bool", l.isHalt);
    b.assertBool("jbit bool", l.jbit);
    const pv = (k: keyof typeof CpuPublic) => b.public(CpuPublic[k]);
    b.whenFirstRow().assertEq("starts real", real, 1);
    b.whenFirstRow().assertEq("starts at startPc", l.pc, pv("startPc"));
    b.whenFirstRow().assertEq("clk starts at startClk", l.clk, pv("startClk"));
    b.whenTransition().assertEq("clk advances by 4", n.clk, l.clk.add(4));
    b.whenTransition().assertEq("runs until it halts", n.isReal, real.sub(l.isHalt));
    b.whenTransition().assertZero("pc' = nextPc", n.isReal.mul(n.pc.sub(l.nextPc)));
    const last = b.whenLastRow();
    last.assertEq(
      "continues iff the last row runs on",
      real.mul(l.isHalt.neg().add(1)),
      pv("continues"),
    );
    last.assertZero("hands over at endPc", pv("continues").mul(l.nextPc.sub(pv("endPc"))));
    last.assertZero("hands over at endClk", pv("continues").mul(l.clk.add(4).sub(pv("endClk"))));

    // Fetch.
    b.send(
      PROGRAM_BUS,
      PROGRAM_FIELDS.map((f) => l[f]),
      real,
    );

    // Register and memory accesses.
    const access = (
      k: number,
      addr: Expr,
      oldLo: Expr,
      oldHi: Expr,
      lo: Expr,
      hi: Expr,
      mult: Expr,
      what: string,
    ) => {
      // prevTs = ts − 1 − (d_lo + 2^16·d_hi) with both limbs range-checked: prevTs < ts.
      const ts = l.clk.add(k + 1);
      const prevTs = ts.sub(1).sub(l.dLo[k]).sub(l.dHi[k].mul(65536));
      b.receive(MEMORY_BUS, [addr, oldLo, oldHi, prevTs], mult, `${what} read`);
      b.send(MEMORY_BUS, [addr, lo, hi, ts], mult, `${what} write`);
      b.send(U16_BUS, [l.dLo[k]], real);
      b.send(U14_BUS, [l.dHi[k]], real);
    };
    access(0, l.rs1, l.rs1Lo, l.rs1Hi, l.rs1Lo, l.rs1Hi, real, "rs1");
    access(1, l.rs2, l.rs2Lo, l.rs2Hi, l.rs2Lo, l.rs2Hi, real, "rs2");
    access(2, l.maddr, l.mOldLo, l.mOldHi, l.mNewLo, l.mNewHi, l.isMem.mul(real), "memory");
    access(3, l.rd, l.rdOldLo, l.rdOldHi, l.rdLo, l.rdHi, l.writesRd.mul(real), "rd");

    // Execute.
    // b = imm + rs2: R-type and branches have imm = 0, I-type reads rs2 = x0 (always 0).
    const bLo = l.immLo.add(l.rs2Lo);
    const bHi = l.immHi.add(l.rs2Hi);
    b.send(ALU_BUS, [l.aluOp, l.rs1Lo, l.rs1Hi, bLo, bHi, l.outLo, l.outHi], l.useAlu.mul(real));
    b.send(
      LS_BUS,
      [
        l.lsOp,
        l.rs1Lo,
        l.rs1Hi,
        l.immLo,
        l.immHi,
        l.maddr,
        l.mOldLo,
        l.mOldHi,
        l.mNewLo,
        l.mNewHi,
        l.rs2Lo,
        l.rs2Hi,
        l.rdLo,
        l.rdHi,
      ],
      l.isMem.mul(real),
    );
    // ALU instructions proper: useAlu without branch or jalr.
    const rdFromAlu = l.useAlu.sub(l.isBranch).sub(l.isJalr);
    b.assertZero("rd lo from the ALU", rdFromAlu.mul(l.rdLo.sub(l.outLo)));
    b.assertZero("rd hi from the ALU", rdFromAlu.mul(l.rdHi.sub(l.outHi)));
    b.assertZero("rd lo link", l.isLink.mul(l.rdLo.sub(l.linkLo)));
    b.assertZero("rd hi link", l.isLink.mul(l.rdHi.sub(l.linkHi)));

    // Cells the row's instruction does not use hold 0 (an unused cell would otherwise be free
    // for a prover to fill; pinned, every cell of a real row is determined by the run).
    const notMem = l.isMem.neg().add(1);
    const noRd = l.writesRd.neg().add(1);
    // rd's sources: the ALU proper, the link, load/store (a store's rd is 0 there), the syscall.
    const rdSource = rdFromAlu.add(l.isLink).add(l.isMem).add(l.isEcall);
    b.assertZero("jbit only on jalr", l.isJalr.neg().add(1).mul(l.jbit));
    b.assertZero("out lo only with the ALU", l.useAlu.neg().add(1).mul(l.outLo));
    b.assertZero("out hi only with the ALU", l.useAlu.neg().add(1).mul(l.outHi));
    b.assertZero("rd lo only from a source", rdSource.neg().add(1).mul(l.rdLo));
    b.assertZero("rd hi only from a source", rdSource.neg().add(1).mul(l.rdHi));
    b.assertZero("rd old lo only when written", noRd.mul(l.rdOldLo));
    b.assertZero("rd old hi only when written", noRd.mul(l.rdOldHi));
    b.assertZero("rd gap lo only when written", noRd.mul(l.dLo[3]));
    b.assertZero("rd gap hi only when written", noRd.mul(l.dHi[3]));
    const memoryCells = [l.maddr, l.mOldLo, l.mOldHi, l.mNewLo, l.mNewHi, l.dLo[2], l.dHi[2]];
    memoryCells.forEach((x, i) =>
      b.assertZero(`memory cell ${i} only on loads/stores`, notMem.mul(x)),
    );

    // Control flow.
    const taken = l.isJal.add(l.isBranch.mul(l.outLo));
    const target = l.outLo.add(l.outHi.mul(65536)).sub(l.jbit).sub(l.pc).sub(4);
    b.assertEq("nextPc", l.nextPc, l.pc.add(4).add(l.off.mul(taken)).add(l.isJalr.mul(target)));
    b.send(U14_BUS, [l.outHi], l.isJalr.mul(real), "jalr target below 2^30");

    // Syscalls: terminate/exit halts with a0 = 0; the others go to the syscall table.
    b.assertZero("halt is an ecall", l.isHalt.mul(l.isEcall.neg().add(1)));
    b.assertZero("halt: a7 hi = 0", l.isHalt.mul(l.rs1Hi));
    b.assertZero("halt: a7 ∈ {0, 93}", l.isHalt.mul(l.rs1Lo).mul(l.rs1Lo.sub(93)));
    b.assertZero("halt: exit code lo = 0", l.isHalt.mul(l.rs2Lo));
    b.assertZero("halt: exit code hi = 0", l.isHalt.mul(l.rs2Hi));
    b.assertZero("halt: a0 stays lo", l.isHalt.mul(l.rdLo));
    b.assertZero("halt: a0 stays hi", l.isHalt.mul(l.rdHi));
    b.send(
      SYSCALL_BUS,
      [l.clk, l.rs1Lo, l.rs1Hi, l.rs2Lo, l.rs2Hi, l.rdLo, l.rdHi],
      l.isEcall.sub(l.isHalt).mul(real),
    );
  },
});
