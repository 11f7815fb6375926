/**
 * The quotient kernel keeps its slots in a scratch block of the call (`scr`,
 * `quotientScratchWords(prog)` words): it must write nothing outside that block (calls on
 * other threads own the neighbouring blocks, and `runWasmQuotient` packs them back to back),
 * and read no slot before writing it in the same iteration (the block is uninitialised heap
 * memory, or what the previous iteration or call left there). Called directly, with guards
 * around the block and the block filled with garbage, the kernel must write exactly what the
 * vector interpreter writes and leave the guards alone.
 */
import { describe, expect, it } from "vitest";
import { add } from "../../core/field/babybear.js";
import { defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import { alphaPowers } from "../../core/air/point.js";
import { lowerQuotient, runVectorQuotient } from "../../core/air/vector-quotient.js";
import { scalarValues } from "../../core/air/vector-program.js";
import {
  quotientModuleBytes,
  quotientScratchWords,
  scalarBlock,
  scalarBlockWords,
} from "../../core/air/wasm-program.js";
import { kernelModule } from "../../core/air/wasm-run.js";
import type { CompiledAir, QuotientContext } from "../../core/air/types.js";
import { heap } from "../../core/wasm/heap.js";
import { runKernels } from "../../core/wasm/pool.js";
import { rng } from "./fixtures.js";

const bus = defineBus("test.scratch.pair", 2);

/**
 * Many values live at once (every column's square is read by a constraint far down the list),
 * next rows, preprocessed columns, public values, selectors and a bus (aux columns, extension
 * products: Dot, DotS, DotEnd).
 */
const air = compileAir(
  defineAir({
    name: "scratch",
    mainColumns: layout([["c", 24]] as const),
    preprocessedColumns: layout(["k", "t"] as const),
    numPublicValues: 2,
    eval(b) {
      const c = b.local.c;
      const n = b.next.c;
      const { k, t } = b.prepLocal;
      const sq = c.map((x) => x.mul(x));
      for (let j = 0; j < 24; j++) {
        const x = sq[j].mul(n[(j + 5) % 24]).sub(sq[23 - j].mul(b.prepNext.t));
        b.assertZero(`c${j}`, x.add(b.public(j % 2)));
        b.when(j % 2 ? b.isTransition : t).assertZero(`d${j}`, sq[(j + 7) % 24].sub(c[j]));
      }
      let acc = sq[0];
      for (let j = 1; j < 24; j++) acc = acc.add(sq[j].mul(j));
      b.whenFirstRow().assertZero("sum", acc.sub(k));
      b.whenLastRow().assertBool("last", c[3]);
      b.send(bus, [c[0], c[1].add(k)], c[2], "send");
      b.receive(bus, [n[0], t], c[4].mul(3), "receive");
    },
  }),
);

const N = 64;

function context(a: CompiledAir, seed: number): Omit<QuotientContext, "out"> {
  const r = rng(seed);
  const m = (w: number) => ({
    values: Uint32Array.from({ length: w * N }, r),
    width: w,
    height: N,
  });
  return {
    start: 0,
    end: N,
    N,
    nextStep: 4,
    rev: Uint32Array.from({ length: N }, (_, i) => {
      let y = 0;
      for (let b = 0, x = i; b < 6; b++, x >>= 1) y = (y << 1) | (x & 1);
      return y;
    }), // bit reversal of 6 bits
    main: m(a.mainWidth),
    preprocessed: m(a.preprocessedWidth),
    aux: m(4 * a.auxWidth),
    isFirst: Uint32Array.from({ length: N }, r),
    isLast: Uint32Array.from({ length: N }, r),
    isTransition: Uint32Array.from({ length: N }, r),
    publicValues: Uint32Array.from({ length: a.numPublicValues }, r),
    challenges: { z: [r(), r(), r(), r()], beta: [r(), r(), r(), r()] },
    finalSum: [r(), r(), r(), r()],
    alphaPowers: alphaPowers([r(), r(), r(), r()], a.constraints.length),
  };
}

/** Guard words on each side of the scratch block (64-byte aligned, like a heap block). */
const GUARD = 64;
const GUARD_WORD = 0x5a5a5a5a;

/** The kernel called directly on one range, with a scratch block of exactly the words it asks for. */
function runDirect(
  a: CompiledAir,
  ctx: Omit<QuotientContext, "out">,
  fill: (scratch: Uint32Array) => void,
): {
  out: Uint32Array;
  guardsIntact: boolean;
  scratch: Uint32Array;
  slots: number;
} {
  const prog = lowerQuotient(a.constraints);
  const shape = {
    mainWidth: a.mainWidth,
    prepWidth: a.preprocessedWidth,
    auxWidth: 4 * a.auxWidth,
  };
  const name = kernelModule(quotientModuleBytes(prog, shape));
  const H = heap();
  const held: Uint32Array[] = [];
  const put = (v: ArrayLike<number>): number => {
    const b = H.alloc(Math.max(1, v.length));
    b.set(v);
    held.push(b);
    return b.byteOffset;
  };
  try {
    const S = scalarValues(prog, ctx);
    const constAcc = [0, 0, 0, 0];
    for (const f of prog.constFolds) constAcc[f.coef] = add(constAcc[f.coef], S[f.s]);
    const scal = H.alloc(scalarBlockWords(S.length));
    held.push(scal);
    scalarBlock(S, constAcc, scal);
    const out = H.allocZeroed(4 * N);
    held.push(out);
    const words = quotientScratchWords(prog);
    const region = H.alloc(GUARD + words + GUARD);
    held.push(region);
    region.fill(GUARD_WORD);
    const scratch = region.subarray(GUARD, GUARD + words);
    fill(scratch);
    runKernels([
      {
        kernel: name,
        fn: "quotient",
        args: [
          ctx.start,
          ctx.end,
          put(ctx.main.values),
          put(ctx.preprocessed!.values),
          put(ctx.aux!.values),
          put(ctx.rev),
          N - 1,
          ctx.nextStep,
          put(ctx.isFirst),
          put(ctx.isLast),
          put(ctx.isTransition),
          scal.byteOffset,
          out.byteOffset,
          scratch.byteOffset,
        ],
      },
    ]);
    const guardsIntact =
      region.subarray(0, GUARD).every((x) => x === GUARD_WORD) &&
      region.subarray(GUARD + words).every((x) => x === GUARD_WORD);
    return {
      out: out.slice(),
      guardsIntact,
      scratch: scratch.slice(),
      slots: prog.slots,
    };
  } finally {
    for (const b of held) H.free(b);
  }
}

describe("the quotient kernel's scratch block", () => {
  it("is written only inside, and read only where this iteration wrote it", () => {
    for (const seed of [1, 2]) {
      const ctx = context(air, seed);
      const expected = new Uint32Array(4 * N);
      runVectorQuotient(lowerQuotient(air.constraints), { ...ctx, out: expected });
      // Garbage of three kinds: all ones (non-canonical), zero, and random words.
      const r = rng(seed + 100);
      for (const fill of [
        (s: Uint32Array) => s.fill(0xffffffff),
        (s: Uint32Array) => s.fill(0),
        (s: Uint32Array) => s.forEach((_, i) => (s[i] = (r() * 7 + i) >>> 0)),
      ]) {
        const run = runDirect(air, ctx, fill);
        expect(run.slots).toBeGreaterThan(24); // many slots live at once
        expect(run.guardsIntact).toBe(true);
        expect(run.out).toEqual(expected);
      }
      // Every slot's cell was written (values are canonical, so never all ones): a block of
      // fewer than 16 bytes per slot would be overrun.
      const run = runDirect(air, ctx, (s) => s.fill(0xffffffff));
      for (let i = 0; i < run.slots; i++)
        expect([...run.scratch.subarray(4 * i, 4 * i + 4)]).not.toEqual(Array(4).fill(0xffffffff));
    }
  });
});
