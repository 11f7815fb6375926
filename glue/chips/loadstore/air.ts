/**
 * Load/store chip: LB, LH, LW, LBU, LHU, SB, SH, SW. The CPU has accessed the memory word; this
 * chip computes the byte address rs1 + imm (limbs with carries) and checks how the word, the
 * address's low bits, rs2 and rd relate.
 *
 * Columns: one flag per op; addr lo/hi (the byte address), q and e[4] (lo = 4q + offset, offset
 * one-hot in e), ob[4] (old word's bytes), rs2 lo/hi with r0, r1 (its low bytes), rd lo/hi,
 * new lo/hi (the word after the access), sbyte (the byte holding a signed load's sign), s,
 * gLo/gHi (word index − 1024), above/xLo/xHi (a store's distance from the text).
 * - the word index w = q + 2^14·addr_hi lies in guest memory, [1024, 0x1E00_0000) (byte
 *   addresses [0x1000, 0x7800_0000)): q u14, addr_hi + 0x8800 u16 (so addr_hi < 0x7800), and
 *   w − 1024 = gLo + 2^16·gHi with gLo u16, gHi u14. A cheating addr_hi in [−0x8800, 0) (k1 set
 *   without a carry) makes w − 1024 an integer in (−2^30, 0), i.e. a field element above
 *   p − 2^30 > 2^30, which gLo, gHi cannot express. So the limbs are true integers,
 *   rs1 + imm = addr + 2^32·k1 holds over the integers, and the memory-bus address 32 + w neither
 *   wraps the field nor aliases a register;
 * - lw/sw need offset 0, lh/lhu/sh offset 0 or 2 (misaligned accesses have no proof);
 * - loads: new = old, rd = the selected byte/half/word, sign- or zero-extended;
 * - stores: new = old with the selected byte/half/word replaced by rs2's low bytes, rd = 0;
 *   the text distance (above, xLo, xHi) is 0 on loads.
 * Receives LS [op, addr, maddr, old, new, rs2, rd].
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import { LS_BUS, PAIR_BUS, U14_BUS, U16_BUS } from "../buses.js";
import { CODES, FLAGS, lsCols } from "./columns.js";
import { ADDR_HI_END, type TextRange } from "./constants.js";

/** The load/store AIR of a program whose text spans `text` (constants of the AIR). */
export const lsAir = (text: TextRange) =>
  defineAir({
    name: "rv.loadstore",
    mainColumns: lsCols,
    eval(b) {
      const l = b.local;
      for (const f of FLAGS) b.assertBool(`${f} bool`, l[f]);
      const sum = (xs: readonly Expr[]) => xs.reduce((x, y) => x.add(y));
      const real = sum(FLAGS.map((f) => l[f]));
      b.assertBool("one op per row", real);
      for (let k = 0; k < 4; k++) b.assertBool(`e${k} bool`, l.e[k]);
      b.assertEq("one offset per row", sum(l.e), real);
      const [e0, e1, e2, e3] = l.e;
      const [o0, o1, o2, o3] = l.ob;
      // The byte address is rs1 + imm mod 2^32 (carries k0, k1; addr limbs are range-checked below).
      b.assertBool("k0 bool", l.k0);
      b.assertBool("k1 bool", l.k1);
      b.assertZero(
        "address lo = rs1 + imm",
        l.addrLo.add(l.k0.mul(65536)).sub(l.rs1Lo).sub(l.immLo),
      );
      b.assertZero(
        "address hi = rs1 + imm",
        l.addrHi.add(l.k1.mul(65536)).sub(l.rs1Hi).sub(l.immHi).sub(l.k0),
      );
      b.assertEq(
        "addr_lo = 4q + offset",
        l.addrLo,
        l.q.mul(4).add(e1).add(e2.mul(2)).add(e3.mul(3)),
      );
      b.assertZero("lw/sw aligned", l.isLw.add(l.isSw).mul(e0.neg().add(1)));
      b.assertZero("lh/lhu/sh aligned", l.isLh.add(l.isLhu).add(l.isSh).mul(e1.add(e3)));
      const oldLo = o0.add(o1.mul(256));
      const oldHi = o2.add(o3.mul(256));
      b.assertEq("rs2 low bytes", l.rs2Lo, l.r0.add(l.r1.mul(256)));
      const bv = e0.mul(o0).add(e1.mul(o1)).add(e2.mul(o2)).add(e3.mul(o3));
      const hv = e0.mul(oldLo).add(e2.mul(oldHi));
      b.assertEq("sign byte", l.sbyte, l.isLb.mul(bv).add(l.isLh.mul(e0.mul(o1).add(e2.mul(o3)))));
      b.assertBool("s bool", l.s);
      b.assertZero("s only for signed loads", l.s.mul(l.isLb.add(l.isLh).sub(1)));
      b.assertZero("lw lo", l.isLw.mul(l.rdLo.sub(oldLo)));
      b.assertZero("lw hi", l.isLw.mul(l.rdHi.sub(oldHi)));
      b.assertZero("lbu lo", l.isLbu.mul(l.rdLo.sub(bv)));
      b.assertZero("lbu hi", l.isLbu.mul(l.rdHi));
      b.assertZero("lb lo", l.isLb.mul(l.rdLo.sub(bv).sub(l.s.mul(0xff00))));
      b.assertZero("lb hi", l.isLb.mul(l.rdHi.sub(l.s.mul(0xffff))));
      b.assertZero("lhu lo", l.isLhu.mul(l.rdLo.sub(hv)));
      b.assertZero("lhu hi", l.isLhu.mul(l.rdHi));
      b.assertZero("lh lo", l.isLh.mul(l.rdLo.sub(hv)));
      b.assertZero("lh hi", l.isLh.mul(l.rdHi.sub(l.s.mul(0xffff))));
      const isLoad = sum([l.isLb, l.isLh, l.isLw, l.isLbu, l.isLhu]);
      b.assertZero("load keeps lo", isLoad.mul(l.newLo.sub(oldLo)));
      b.assertZero("load keeps hi", isLoad.mul(l.newHi.sub(oldHi)));
      b.assertZero("sw lo", l.isSw.mul(l.newLo.sub(l.rs2Lo)));
      b.assertZero("sw hi", l.isSw.mul(l.newHi.sub(l.rs2Hi)));
      b.assertZero("sh lo", l.isSh.mul(l.newLo.sub(e0.mul(l.rs2Lo)).sub(e2.mul(oldLo))));
      b.assertZero("sh hi", l.isSh.mul(l.newHi.sub(e0.mul(oldHi)).sub(e2.mul(l.rs2Lo))));
      const dLo = e0.mul(l.r0.sub(o0)).add(e1.mul(l.r0.sub(o1)).mul(256));
      const dHi = e2.mul(l.r0.sub(o2)).add(e3.mul(l.r0.sub(o3)).mul(256));
      b.assertZero("sb lo", l.isSb.mul(l.newLo.sub(oldLo).sub(dLo)));
      b.assertZero("sb hi", l.isSb.mul(l.newHi.sub(oldHi).sub(dHi)));
      b.send(U14_BUS, [l.q], real);
      b.send(U16_BUS, [l.addrHi.add(65536 - ADDR_HI_END)], real, "address below 0x7800_0000");
      // Guest memory starts at 0x1000: word index − 1024 = gLo + 2^16·gHi ≥ 0.
      const w = l.q.add(l.addrHi.mul(16384));
      b.assertZero("address ≥ 0x1000", real.mul(w.sub(1024).sub(l.gLo).sub(l.gHi.mul(65536))));
      b.send(U16_BUS, [l.gLo], real);
      b.send(U14_BUS, [l.gHi], real);
      // Stores never write the program's text: w < text.lo or w ≥ text.hi, as
      // x = above ? w − text.hi : text.lo − 1 − w with x = xLo + 2^16·xHi < 2^30. A wrong branch
      // makes x a negative integer above −0x1E00_0000, never below 2^30 in the field.
      const isStore = l.isSb.add(l.isSh).add(l.isSw);
      b.assertBool("above bool", l.above);
      // A store writes no rd, and only stores use the text distance: 0 elsewhere.
      b.assertZero("stores: rd lo = 0", isStore.mul(l.rdLo));
      b.assertZero("stores: rd hi = 0", isStore.mul(l.rdHi));
      const notStore = isStore.neg().add(1);
      b.assertZero("above only for stores", notStore.mul(l.above));
      b.assertZero("xLo only for stores", notStore.mul(l.xLo));
      b.assertZero("xHi only for stores", notStore.mul(l.xHi));
      const x = l.above.mul(w.sub(text.hi)).add(
        l.above
          .neg()
          .add(1)
          .mul(w.neg().add(text.lo - 1)),
      );
      b.assertZero("stores stay out of the text", isStore.mul(l.xLo.add(l.xHi.mul(65536)).sub(x)));
      b.send(U16_BUS, [l.xLo], isStore);
      b.send(U14_BUS, [l.xHi], isStore);
      b.send(PAIR_BUS, [o0, o1], real);
      b.send(PAIR_BUS, [o2, o3], real);
      b.send(PAIR_BUS, [l.r0, l.r1], real);
      b.send(U16_BUS, [l.sbyte.sub(l.s.mul(128)).mul(512)], real);
      const op = sum(FLAGS.map((f, i) => l[f].mul(CODES[i])));
      const maddr = w.add(32);
      b.receive(
        LS_BUS,
        [
          op,
          l.rs1Lo,
          l.rs1Hi,
          l.immLo,
          l.immHi,
          maddr,
          oldLo,
          oldHi,
          l.newLo,
          l.newHi,
          l.rs2Lo,
          l.rs2Hi,
          l.rdLo,
          l.rdHi,
        ],
        real,
      );
    },
  });
