/**
 * Syscall table: one row per ecall that does not terminate (write to fd 1/2/3, read), in cycle
 * order. The CPU sends SYSCALL [clk, a7, a0, result]; this table receives it with a7 and a0 fixed
 * by its kind flags, so an unknown syscall number or fd has no receiver.
 *
 * Columns: isStdout, isStderr, isJournal, isInput (one-hot on real rows), clk, res (lo, hi),
 * ptr = a1 and len = a2 (lo, hi, read from registers 11, 12 at clk + 3 with range-checked
 * timestamp gaps), n (bytes in the run), nInv, nz (n ≠ 0), jn (= n·isJournal), jpos (journal bytes before this
 * call), gLo, gHi (clk gap to the next row: rows are in strictly increasing clk order).
 * - write: result = len. stdout/stderr are not proven (n = 0); journal: n = len, the bytes go
 *   through the io table at their journal positions; jpos' = jpos + n·isJournal, jpos starts at 0.
 * - read: result = count = n ≤ len, a free hint (the private input); the io table writes n bytes.
 * Sends IO [clk + 3, ptr, n, jpos, kind] when n ≠ 0.
 * Cells a row does not read are 0: nInv when n = 0, the slack off reads, the clk gap where no
 * call follows (the last call, padding).
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import { IO_BUS, IoKind, MEMORY_BUS, SYSCALL_BUS, U14_BUS, U16_BUS } from "../buses.js";
import { syscallCols } from "./columns.js";

export const syscallAir = defineAir({
  name: "rv.syscall",
  mainColumns: syscallCols,
  eval(b) {
    const l = b.local;
    const nx = b.next;
    const flags = [l.isStdout, l.isStderr, l.isJournal, l.isInput];
    flags.forEach((f, i) => b.assertBool(`flag ${i} bool`, f));
    const realOf = (r: typeof l): Expr =>
      r.isStdout.add(r.isStderr).add(r.isJournal).add(r.isInput);
    const real = realOf(l);
    const nreal = realOf(nx);
    b.assertBool("one kind per row", real);
    b.whenTransition().assertZero("padding only at the end", nreal.mul(real.neg().add(1)));
    const isWrite = l.isStdout.add(l.isStderr).add(l.isJournal);
    const num = isWrite.mul(64).add(l.isInput.mul(63));
    const fd = l.isStdout.add(l.isStderr.mul(2)).add(l.isJournal.mul(3));
    b.receive(SYSCALL_BUS, [l.clk, num, 0, fd, 0, l.resLo, l.resHi], real);

    const ts = l.clk.add(3);
    [
      [11, l.ptrLo, l.ptrHi],
      [12, l.lenLo, l.lenHi],
    ].forEach(([reg, lo, hi], k) => {
      b.receive(MEMORY_BUS, [reg, lo, hi, l.prevTs[k]], real);
      b.send(MEMORY_BUS, [reg, lo, hi, ts], real);
      b.assertZero(
        `a${k + 1}: prevTs < ts`,
        real.mul(ts.sub(l.prevTs[k]).sub(1).sub(l.dLo[k]).sub(l.dHi[k].mul(65536))),
      );
      b.send(U16_BUS, [l.dLo[k]], real);
      b.send(U14_BUS, [l.dHi[k]], real);
    });
    b.assertZero("write returns len (lo)", isWrite.mul(l.resLo.sub(l.lenLo)));
    b.assertZero("write returns len (hi)", isWrite.mul(l.resHi.sub(l.lenHi)));
    b.assertZero("journal: n = len", l.isJournal.mul(l.n.sub(l.lenLo).sub(l.lenHi.mul(65536))));
    b.assertZero("read: n = count", l.isInput.mul(l.n.sub(l.resLo).sub(l.resHi.mul(65536))));
    b.assertZero("stdout/stderr: n = 0", l.isStdout.add(l.isStderr).mul(l.n));
    const io = l.isJournal.add(l.isInput);
    b.send(U14_BUS, [l.lenHi], l.isJournal);
    // read's count goes to a0: both limbs must be valid (writes return len, already valid).
    b.send(U16_BUS, [l.resLo], l.isInput);
    b.send(U14_BUS, [l.resHi], l.isInput);
    b.send(U14_BUS, [l.lenHi], l.isInput);
    // read: count ≤ len (len − count = sLo + 2^16·sHi; both below 2^30, so no wrap).
    b.assertZero(
      "read: count ≤ len",
      l.isInput.mul(l.lenLo.add(l.lenHi.mul(65536)).sub(l.n).sub(l.sLo).sub(l.sHi.mul(65536))),
    );
    b.send(U16_BUS, [l.sLo], l.isInput);
    b.send(U14_BUS, [l.sHi], l.isInput);
    b.assertZero("slack lo only for reads", l.isInput.neg().add(1).mul(l.sLo));
    b.assertZero("slack hi only for reads", l.isInput.neg().add(1).mul(l.sHi));
    // ptr < 0x7800_0000 (ptrHi is a u16 limb from the register): the pointer is an integer below
    // p, so the io table's 4w + start meets it without wrapping.
    b.send(U16_BUS, [l.ptrHi.add(0x8800)], io);
    b.assertEq("nz = n·nInv", l.nz, l.n.mul(l.nInv));
    b.assertZero("n ≠ 0 ⇒ nz", l.n.mul(l.nz.neg().add(1)));
    b.assertZero("nInv only when n ≠ 0", l.nz.neg().add(1).mul(l.nInv));
    const kind = l.isJournal.mul(IoKind.JOURNAL).add(l.isInput.mul(IoKind.INPUT));
    b.send(IO_BUS, [ts, l.ptrLo.add(l.ptrHi.mul(65536)), l.n, l.jpos, kind], io.mul(l.nz));

    b.whenFirstRow().assertZero("journal starts at 0", l.jpos);
    b.assertEq("journal bytes of this call", l.jn, l.isJournal.mul(l.n));
    b.whenTransition().assertZero(
      "journal positions advance",
      nreal.mul(nx.jpos.sub(l.jpos).sub(l.jn)),
    );
    b.whenTransition().assertZero(
      "calls in cycle order",
      nreal.mul(nx.clk.sub(l.clk).sub(1).sub(l.gLo).sub(l.gHi.mul(65536))),
    );
    b.send(U16_BUS, [l.gLo], nreal);
    b.send(U14_BUS, [l.gHi], nreal);
    // The gap is read only before a real row (not across the wrap): 0 elsewhere.
    // (isLastRow is 0/1 on the trace domain; isTransition is x − h there, usable only as a scope.)
    const noGap = nreal.neg().add(1).add(b.isLastRow.mul(nreal));
    b.assertZero("clk gap lo only before a call", noGap.mul(l.gLo));
    b.assertZero("clk gap hi only before a call", noGap.mul(l.gHi));
  },
});
