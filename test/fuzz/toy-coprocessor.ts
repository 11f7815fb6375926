/**
 * A toy coprocessor for the fuzzer's tests: syscall 0x1000 swaps the 16-bit halves of the word
 * at a0 ("halfswap"). Written against the public interface like any user's coprocessor, with one
 * deliberate flaw on request: a column `junk` that the AIR never reads, which the fuzzer must
 * report and nothing else.
 */
import { defineAir } from "../../core/air/compile.js";
import { add, mul, sub } from "../../core/air/expr.js";
import { layout } from "../../core/air/layout.js";
import type { Coprocessor, CoprocessorCall, FreeCell } from "../../glue/coprocessor.js";
import {
  accessGap,
  guestPointer,
  type Lookups,
  memoryAccess,
  paddedHeight,
  pointerCells,
  receiveCall,
  writableWords,
} from "../../glue/coprocessor-air.js";

const cols = layout([
  "isReal",
  "clk",
  "ptrLo",
  "ptrHi",
  "q",
  "xLo",
  "xHi",
  "lo",
  "hi",
  "gLo",
  "gHi",
  "junk",
] as const);
const C = cols.index;

const swap = (w: number) => ((w >>> 16) | (w << 16)) >>> 0;

/** Padding rows: every cell is read only under isReal (junk aside). */
const PADDING_FREE: FreeCell[] = [
  "clk",
  "ptrLo",
  "ptrHi",
  "q",
  "xLo",
  "xHi",
  "lo",
  "hi",
  "gLo",
  "gHi",
].map((column) => ({ column, rows: "padding", reason: "scaled by isReal = 0" }));

/**
 * The halfswap coprocessor. `junk`: "free" leaves the column unread (a flaw unless declared),
 * "declared" leaves it unread and declares it free, "pinned" constrains it to 0, "written"
 * makes it the written word's low half without tying it to the read word (the flaw of a
 * coprocessor that writes a value it never computes: only a mirrored edit shows it).
 */
export function halfswap(junk: "free" | "declared" | "pinned" | "written"): Coprocessor<number> {
  const air = defineAir({
    name: "cop.halfswap",
    mainColumns: cols,
    eval(b) {
      const l = b.local;
      b.assertBool("isReal bool", l.isReal);
      receiveCall(b, 0x1000, l.clk, [l.ptrLo, l.ptrHi], l.isReal);
      const w = guestPointer(
        b,
        "x",
        { ptr: [l.ptrLo, l.ptrHi], q: l.q, xLo: l.xLo, xHi: l.xHi },
        l.isReal,
      );
      writableWords(b, "x", w, 1, l.isReal);
      memoryAccess(
        b,
        "x",
        {
          addr: add(w, 32),
          old: [l.lo, l.hi],
          value: [junk === "written" ? l.junk : l.hi, l.lo],
          prevTs: sub(add(l.clk, 2), add(l.gLo, mul(l.gHi, 65536))),
          ts: add(l.clk, 3),
          gap: [l.gLo, l.gHi],
        },
        l.isReal,
      );
      if (junk === "pinned") b.assertZero("junk is 0", l.junk);
    },
  });
  const trace = (calls: readonly CoprocessorCall<number>[], lookups: Lookups) => {
    const height = paddedHeight(calls.length);
    const values = new Uint32Array(height * cols.width);
    calls.forEach((call, i) => {
      const o = i * cols.width;
      const ptr = call.args[0];
      const [q, xLo, xHi] = pointerCells(ptr, lookups);
      const a = call.accesses[0];
      const [gLo, gHi] = accessGap(a, lookups);
      const row: [number, number][] = [
        [C.isReal, 1],
        [C.clk, call.clk],
        [C.ptrLo, ptr & 0xffff],
        [C.ptrHi, ptr >>> 16],
        [C.q, q],
        [C.xLo, xLo],
        [C.xHi, xHi],
        [C.lo, a.old & 0xffff],
        [C.hi, a.old >>> 16],
        [C.gLo, gLo],
        [C.gHi, gHi],
        [C.junk, junk === "written" ? a.old >>> 16 : 0],
      ];
      for (const [c, v] of row) values[o + c] = v;
    });
    return { values, width: cols.width, height };
  };
  return {
    name: "halfswap",
    syscall: 0x1000,
    execute: (ctx) => {
      const v = ctx.readWord(ctx.args[0]);
      ctx.writeWord(ctx.args[0], swap(v));
      return v;
    },
    air,
    trace,
    call: {
      function: "halfswap",
      doc: "swaps the halves of *x",
      args: [{ name: "x", kind: "readwrite", words: 1 }],
    },
    samples: (random) =>
      [0, 0xffff_ffff, 0x1234_5678, Math.floor(random() * 2 ** 32)].map((v, i) => ({
        args: [0x1000 + 8 * i],
        memory: [{ addr: 0x1000 + 8 * i, words: [v] }],
      })),
    free:
      junk === "declared"
        ? [...PADDING_FREE, { column: "junk", rows: "all", reason: "the test says so" }]
        : PADDING_FREE,
  };
}
