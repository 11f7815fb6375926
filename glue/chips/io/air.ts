/**
 * IO table: the bytes of journal writes and private-input reads, one row per memory word a run
 * touches. A run (from the syscall table's IO request: timestamp, first byte address, byte
 * count, journal position, kind) spans consecutive rows: the first row starts at the address's
 * byte offset, middle rows use all four bytes, the last row ends where the count runs out.
 *
 * Columns: isJournal, isInput (kind; their sum is isReal), isFirst, isLast, ts, wLo, wHi, z (the
 * word index w = wLo + 2^14·wHi; z = [wHi ≠ 0]), e[4] (the run's bytes in this word:
 * contiguous), b[4] (word before), nb[4] (word after), start (first enabled byte), pos (journal
 * position of that byte), rem (bytes left in the run, this row's included), prevTs, dLo, dHi,
 * above, xLo, xHi (an input word's distance from the text).
 * - w lies in guest memory, [1024, 0x1E00_0000), exactly: wHi − z and wHi + 0x8800 are u16 (so
 *   wHi is an integer in [z, 0x7800)), z = 0 forces wHi = 0, and wLo − 1024·(1 − z) is u14 (so
 *   wLo < 2^14 when z = 1, wLo ∈ [1024, 2^14 + 1024) when z = 0). Then 4w + 3 < p: the run's
 *   first byte address 4w + start equals the syscall's pointer as an integer, not mod p;
 * - each row accesses word 32 + w at the call's timestamp (each word once per call, so
 *   prevTs < ts holds strictly);
 * - journal rows leave the word unchanged and send JOURNAL [pos + k − start, b_k] for every
 *   enabled byte k; the verifier receives the public journal's bytes itself;
 * - input rows may change enabled bytes only (the private input is a hint), to bytes; their
 *   distance from the text (above, xLo, xHi) is 0 on journal and padding rows.
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import { IO_BUS, IoKind, JOURNAL_BUS, MEMORY_BUS, PAIR_BUS, U14_BUS, U16_BUS } from "../buses.js";
import { ADDR_HI_END, type TextRange } from "../loadstore/constants.js";
import { ioCols } from "./columns.js";

/** The IO AIR of a program whose text spans `text` (input never lands there; see the end). */
export const ioAir = (text: TextRange) =>
  defineAir({
    name: "rv.io",
    mainColumns: ioCols,
    eval(b) {
      const l = b.local;
      const nx = b.next;
      b.assertBool("isJournal bool", l.isJournal);
      b.assertBool("isInput bool", l.isInput);
      const real = l.isJournal.add(l.isInput);
      const nreal = nx.isJournal.add(nx.isInput);
      b.assertBool("one kind per row", real);
      b.assertBool("isFirst bool", l.isFirst);
      b.assertBool("isLast bool", l.isLast);
      b.assertZero("isFirst ⇒ real", l.isFirst.mul(real.neg().add(1)));
      b.assertZero("isLast ⇒ real", l.isLast.mul(real.neg().add(1)));
      const [e0, e1, e2, e3] = l.e;
      l.e.forEach((e, k) => {
        b.assertBool(`e${k} bool`, e);
        b.assertZero(`e${k} ⇒ real`, e.mul(real.neg().add(1)));
      });
      b.assertZero("contiguous 0-2", e0.mul(e2).mul(e1.neg().add(1)));
      b.assertZero("contiguous 0-3 (1)", e0.mul(e3).mul(e1.neg().add(1)));
      b.assertZero("contiguous 0-3 (2)", e0.mul(e3).mul(e2.neg().add(1)));
      b.assertZero("contiguous 1-3", e1.mul(e3).mul(e2.neg().add(1)));
      b.assertZero(
        "only a first row starts inside a word",
        real.sub(l.isFirst).mul(e0.neg().add(1)),
      );
      b.assertZero("only a last row ends inside a word", real.sub(l.isLast).mul(e3.neg().add(1)));
      b.assertEq(
        "start",
        l.start,
        e1
          .mul(e0.neg().add(1))
          .add(e2.mul(e1.neg().add(1)).mul(2))
          .add(e3.mul(e2.neg().add(1)).mul(3)),
      );
      const count = e0.add(e1).add(e2).add(e3);
      const w = l.wLo.add(l.wHi.mul(16384));
      const nw = nx.wLo.add(nx.wHi.mul(16384));

      b.whenFirstRow().assertEq("the table starts a run", l.isFirst, real);
      b.whenTransition().assertZero("padding only at the end", nreal.mul(real.neg().add(1)));
      b.whenTransition().assertZero(
        "a run ends before a new one starts",
        nreal.mul(nx.isFirst.sub(l.isLast)),
      );
      const cont = real.sub(l.isLast);
      b.whenTransition().assertZero("a run continues on a real row", cont.mul(nreal.neg().add(1)));
      b.whenTransition().assertZero("next word", cont.mul(nw.sub(w).sub(1)));
      b.whenTransition().assertZero("same timestamp", cont.mul(nx.ts.sub(l.ts)));
      b.whenTransition().assertZero("same kind", cont.mul(nx.isJournal.sub(l.isJournal)));
      b.whenTransition().assertZero("bytes left", cont.mul(nx.rem.sub(l.rem).add(count)));
      b.whenTransition().assertZero("positions", cont.mul(nx.pos.sub(l.pos).sub(count)));
      b.whenLastRow().assertZero("the table ends a run", real.sub(l.isLast));
      b.assertZero("a run ends with its last byte", l.isLast.mul(l.rem.sub(count)));

      // w ∈ [1024, 0x1E00_0000): guest memory, from 0x1000 to the guest range's end.
      b.assertBool("z bool", l.z);
      b.assertZero("z = 0 ⇒ wHi = 0", l.z.neg().add(1).mul(l.wHi));
      b.send(U14_BUS, [l.wLo.sub(1024).add(l.z.mul(1024))], real, "w ≥ 1024");
      b.send(U16_BUS, [l.wHi.sub(l.z)], real, "wHi ≥ z");
      b.send(U16_BUS, [l.wHi.add(65536 - ADDR_HI_END)], real, "w < 0x1E00_0000");
      const kind = l.isJournal.mul(IoKind.JOURNAL).add(l.isInput.mul(IoKind.INPUT));
      b.receive(IO_BUS, [l.ts, w.mul(4).add(l.start), l.rem, l.pos, kind], l.isFirst);

      const limb = (x: readonly Expr[], i: number) => x[i].add(x[i + 1].mul(256));
      const addr = w.add(32);
      b.receive(MEMORY_BUS, [addr, limb(l.b, 0), limb(l.b, 2), l.prevTs], real);
      b.send(MEMORY_BUS, [addr, limb(l.nb, 0), limb(l.nb, 2), l.ts], real);
      b.assertZero(
        "prevTs < ts",
        real.mul(l.ts.sub(l.prevTs).sub(1).sub(l.dLo).sub(l.dHi.mul(65536))),
      );
      b.send(U16_BUS, [l.dLo], real);
      b.send(U14_BUS, [l.dHi], real);
      b.send(PAIR_BUS, [l.b[0], l.b[1]], real);
      b.send(PAIR_BUS, [l.b[2], l.b[3]], real);
      b.send(PAIR_BUS, [l.nb[0], l.nb[1]], real);
      b.send(PAIR_BUS, [l.nb[2], l.nb[3]], real);
      for (let k = 0; k < 4; k++) {
        b.assertZero(
          `byte ${k} outside the run unchanged`,
          l.e[k].neg().add(1).mul(l.nb[k].sub(l.b[k])),
        );
        b.assertZero(`journal byte ${k} unchanged`, l.isJournal.mul(l.nb[k].sub(l.b[k])));
        b.send(JOURNAL_BUS, [l.pos.add(k).sub(l.start), l.b[k]], l.isJournal.mul(l.e[k]));
      }
      // Input never lands in the program's text (the executor faults on that, as stores do):
      // w < text.lo or w ≥ text.hi, as x = above ? w − text.hi : text.lo − 1 − w with
      // x = xLo + 2^16·xHi < 2^30 (no wrap) — the load/store chip's rule for stores.
      b.assertBool("above bool", l.above);
      const x = l.above.mul(w.sub(text.hi)).add(
        l.above
          .neg()
          .add(1)
          .mul(w.neg().add(text.lo - 1)),
      );
      b.assertZero(
        "input stays out of the text",
        l.isInput.mul(l.xLo.add(l.xHi.mul(65536)).sub(x)),
      );
      b.send(U16_BUS, [l.xLo], l.isInput);
      b.send(U14_BUS, [l.xHi], l.isInput);
      const notInput = l.isInput.neg().add(1);
      b.assertZero("above only for input", notInput.mul(l.above));
      b.assertZero("xLo only for input", notInput.mul(l.xLo));
      b.assertZero("xHi only for input", notInput.mul(l.xHi));
    },
  });
