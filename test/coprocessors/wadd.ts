/**
 * A small coprocessor written as a user would write one, for the interface tests: `wadd(dst,
 * src)` adds the word at src to the word at dst (mod 2^32). One row per call. It exercises every
 * part of the adapter: the call on the syscall bus (a0 = dst), a register read (a1 = src), two
 * guest pointers, a read and a read-modify-write access, and range-checked result limbs.
 *
 * Columns: isReal; clk; dst pointer (lo, hi, q, xLo, xHi); src pointer from a1 (lo, hi, its
 * register access's prevTs and gap, q, xLo, xHi); the src word (lo, hi, prevTs, gap); the dst
 * word before and after (lo, hi each, prevTs, gap); k0, k1 (the carries).
 */
import { defineAir, layout } from "../../core/air/index.js";
import type { Coprocessor, CoprocessorCall } from "../../glue/coprocessor.js";
import {
  accessGap,
  guestPointer,
  type Lookups,
  memoryAccess,
  pointerCells,
  receiveCall,
  TableBuilder,
  U16_BUS,
  wordAddress,
  writableWords,
} from "../../glue/coprocessor-air.js";

export const WADD_SYSCALL = 0x1000;

export const waddCols = layout([
  "isReal",
  "clk",
  ["dst", 5],
  ["src", 8],
  ["sw", 5],
  ["dw", 7],
  "k0",
  "k1",
] as const);

/** Pointer cells: lo, hi, q, xLo, xHi. Access cells: lo, hi, prevTs, gLo, gHi (+ new lo, hi). */
export const waddAir = defineAir({
  name: "cop.wadd",
  mainColumns: waddCols,
  eval(b) {
    const { isReal, clk, dst, src, sw, dw, k0, k1 } = b.local;
    b.assertBool("isReal bool", isReal);
    b.assertBool("k0 bool", k0);
    b.assertBool("k1 bool", k1);
    const ts = clk.add(3);
    receiveCall(b, WADD_SYSCALL, clk, [dst[0], dst[1]], isReal);
    const a1: [(typeof src)[0], (typeof src)[0]] = [src[0], src[1]];
    memoryAccess(
      b,
      "a1",
      { addr: 11, old: a1, value: a1, prevTs: src[2], ts, gap: [src[3], src[4]] },
      isReal,
    );
    const wd = guestPointer(
      b,
      "dst",
      { ptr: [dst[0], dst[1]], q: dst[2], xLo: dst[3], xHi: dst[4] },
      isReal,
    );
    const ws = guestPointer(b, "src", { ptr: a1, q: src[5], xLo: src[6], xHi: src[7] }, isReal);
    const s: [(typeof sw)[0], (typeof sw)[0]] = [sw[0], sw[1]];
    memoryAccess(
      b,
      "src word",
      { addr: ws.add(32), old: s, value: s, prevTs: sw[2], ts, gap: [sw[3], sw[4]] },
      isReal,
    );
    memoryAccess(
      b,
      "dst word",
      {
        addr: wd.add(32),
        old: [dw[0], dw[1]],
        value: [dw[5], dw[6]],
        prevTs: dw[2],
        ts,
        gap: [dw[3], dw[4]],
      },
      isReal,
    );
    writableWords(b, "dst", wd, 1, isReal);
    b.assertZero("sum lo", dw[0].add(sw[0]).sub(dw[5]).sub(k0.mul(65536)));
    b.assertZero("sum hi", dw[1].add(sw[1]).add(k0).sub(dw[6]).sub(k1.mul(65536)));
    b.send(U16_BUS, [dw[5]], isReal, "new lo");
    b.send(U16_BUS, [dw[6]], isReal, "new hi");
  },
});

/** What one call records. */
export interface WaddEvent {
  dst: number;
  src: number;
  sum: number;
}

const I = waddCols.index;

/** The table of a segment's calls: one row each. */
export function waddTrace(calls: readonly CoprocessorCall<WaddEvent>[], lookups: Lookups) {
  const t = new TableBuilder(waddCols.width, 8);
  for (const call of calls) {
    const o = t.row();
    const v = t.values;
    const [reg, ...words] = call.accesses;
    const srcAcc = words.find((a) => a.addr === wordAddress(call.args[1]))!;
    const dstAcc = words.find((a) => a.addr === wordAddress(call.args[0]))!;
    v[o + I.isReal] = 1;
    v[o + I.clk] = call.clk;
    const put = (at: number, xs: readonly number[]) => xs.forEach((x, k) => (v[o + at + k] = x));
    put(I.dst, [
      call.args[0] & 0xffff,
      call.args[0] >>> 16,
      ...pointerCells(call.args[0], lookups),
    ]);
    put(I.src, [reg.value & 0xffff, reg.value >>> 16, reg.prevTs, ...accessGap(reg, lookups)]);
    put(I.src + 5, pointerCells(call.args[1], lookups));
    put(I.sw, [
      srcAcc.old & 0xffff,
      srcAcc.old >>> 16,
      srcAcc.prevTs,
      ...accessGap(srcAcc, lookups),
    ]);
    put(I.dw, [
      dstAcc.old & 0xffff,
      dstAcc.old >>> 16,
      dstAcc.prevTs,
      ...accessGap(dstAcc, lookups),
    ]);
    put(I.dw + 5, [dstAcc.value & 0xffff, dstAcc.value >>> 16]);
    const lo = (dstAcc.old & 0xffff) + (srcAcc.old & 0xffff);
    v[o + I.k0] = lo >>> 16;
    v[o + I.k1] = ((dstAcc.old >>> 16) + (srcAcc.old >>> 16) + (lo >>> 16)) >>> 16;
    lookups.range16(dstAcc.value & 0xffff);
    lookups.range16(dstAcc.value >>> 16);
  }
  return t.finish();
}

/** The coprocessor value, exactly as a user would register it. */
export const wadd: Coprocessor<WaddEvent> = {
  name: "wadd",
  syscall: WADD_SYSCALL,
  execute(ctx) {
    const [dst, src] = ctx.args;
    if (dst === src) throw new Error("dst and src must differ");
    const sum = (ctx.readWord(dst) + ctx.readWord(src)) >>> 0;
    ctx.writeWord(dst, sum);
    return { dst, src, sum };
  },
  air: waddAir,
  trace: waddTrace,
  call: {
    function: "wadd",
    doc: "*dst += *src (mod 2^32)",
    args: [
      { name: "dst", kind: "readwrite", words: 1 },
      { name: "src", kind: "read", words: 1 },
    ],
  },
  reference: (a: number, b: number) => (a + b) >>> 0,
};
