/**
 * The modmul256 table on its own, against BigInt as the independent reference: random and edge
 * operands (0, 1, m − 1, m = 0, m = 1, even m, a and b ≥ m, 2^256 − 1, squaring with b at a's
 * pointer) give rows whose out is a·b mod m and which pass `checkConstraints` with the buses
 * balanced by the counterpart messages (the CPU's call, the other halves of the accesses, the
 * range table, the writable-range chip). Changing any cell of a real row (an ordinary call, a
 * squaring, m = 0) is caught by a constraint or by a changed memory/call message — a changed
 * lookup counts only if its value leaves the table. Wrong results with otherwise consistent
 * witnesses (out + m with q − 1; a squaring flag left off; a wrong m = 0 flag) are refused. It
 * prints the cost per call.
 */
import { describe, expect, it } from "vitest";
import { counterpart, rng } from "./helpers.js";
import { checkConstraints } from "../../core/air/check.js";
import { topoOrder } from "../../core/air/expr.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { P } from "../../core/field/babybear.js";
import type { CoprocessorCall, MemoryAccess } from "../../glue/coprocessor.js";
import {
  Lookups,
  MEMORY_BUS,
  PAIR_BUS,
  U14_BUS,
  U16_BUS,
  wordAddress,
} from "../../glue/coprocessor-air.js";
import { modmul256Chip } from "../../coprocessors/modmul256/air.js";
import { modmul256Cols } from "../../coprocessors/modmul256/columns.js";
import { MODMUL256_SYSCALL } from "../../coprocessors/modmul256/constants.js";
import type { Modmul256Event } from "../../coprocessors/modmul256/events.js";
import { modmul256Trace } from "../../coprocessors/modmul256/trace.js";

const MAX = (1n << 256n) - 1n;
const toWords = (x: bigint) =>
  Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
const fromWords = (w: ArrayLike<number>) =>
  Array.from(w).reduceRight((acc, x) => (acc << 32n) | BigInt(x >>> 0), 0n);
/** The independent reference. */
const modmul = (a: bigint, b: bigint, m: bigint) => (m === 0n ? (a * b) & MAX : (a * b) % m);

/**
 * One call at `clk`: out at `ptrs[0]`, a, b, m at ptrs[1..3] (b at a's pointer: squaring), with
 * the accesses the machine records (register reads of a1..a3, then each word once).
 */
function makeCall(
  clk: number,
  ptrs: number[],
  [a, b, m]: bigint[],
  r: () => number,
): CoprocessorCall<Modmul256Event> {
  const ts = clk + 3;
  const prev = () => Math.floor(r() * ts);
  const ev = { a: toWords(a), b: toWords(b), m: toWords(m), out: toWords(modmul(a, b, m)) };
  const accesses: MemoryAccess[] = [1, 2, 3].map((i) => ({
    addr: 10 + i,
    old: ptrs[i],
    value: ptrs[i],
    prevTs: prev(),
    ts,
  }));
  const seen = new Set<number>();
  const words = (ptr: number, old: Uint32Array, value: Uint32Array) => {
    for (let k = 0; k < 8; k++) {
      const addr = wordAddress(ptr) + k;
      if (seen.has(addr)) continue;
      seen.add(addr);
      accesses.push({ addr, old: old[k], value: value[k], prevTs: prev(), ts });
    }
  };
  words(ptrs[1], ev.a, ev.a);
  words(ptrs[2], ev.b, ev.b);
  words(ptrs[3], ev.m, ev.m);
  const oldOut = Uint32Array.from({ length: 8 }, () => Math.floor(r() * 2 ** 32));
  words(ptrs[0], oldOut, ev.out);
  return { clk, cycle: clk / 4, args: [...ptrs, 0, 0], events: ev, accesses };
}

const big = (r: () => number, bytes = 32) => {
  let x = 0n;
  for (let i = 0; i < bytes; i++) x = (x << 8n) | BigInt(Math.floor(r() * 256));
  return x;
};
const SECP_P = 2n ** 256n - 2n ** 32n - 977n;

/** Edge operands [a, b, m], then random ones. */
function operands(r: () => number): bigint[][] {
  const m = big(r) | 1n;
  return [
    [0n, big(r), m],
    [1n, 1n, m],
    [m - 1n, m - 1n, m],
    [MAX, MAX, 0n],
    [big(r), big(r), 0n],
    [MAX, MAX, 1n],
    [big(r), big(r), 1n],
    [MAX, MAX, MAX],
    [MAX, MAX - 1n, 2n],
    [big(r), big(r), big(r) & ~0xffffn], // even m, a and b ≥ m likely
    [MAX, big(r), 1n << 255n],
    [big(r), big(r), 3n],
    [SECP_P - 1n, SECP_P - 2n, SECP_P],
    [MAX, MAX, SECP_P],
    [big(r), big(r), big(r, 5)], // a short m: q has most of its 64 bytes
    [big(r), big(r), big(r)],
    [big(r), big(r), (1n << 128n) + 1n], // m and out differ low in the value
  ];
}

/** Calls for `ops`, at increasing clk, at distinct pointers; `square[i]` puts b at a's pointer. */
function callsFor(ops: bigint[][], seed: number, square: boolean[] = []) {
  const r = rng(seed);
  let clk = 4 * (1 + Math.floor(r() * 1000));
  return ops.map(([a, b, m], i) => {
    const base = 0x1000 + 4 * Math.floor(r() * 2 ** 24);
    const ptrs = [base, base + 32, square[i] ? base + 32 : base + 64, base + 96];
    const call = makeCall(clk, ptrs, [a, square[i] ? a : b, m], r);
    clk += 4 * (1 + Math.floor(r() * 100));
    return call;
  });
}

const C = modmul256Cols.index;
const W = modmul256Cols.width;
const air = modmul256Chip();
const honestReport = "all constraints hold and every bus balances";
const check = (m: ReturnType<typeof modmul256Trace>, calls: CoprocessorCall[], L: Lookups) =>
  checkConstraints([{ air, main: m }], counterpart(MODMUL256_SYSCALL, 8, calls, L));

describe("modmul256 AIR", () => {
  it("has degree 3 (the declared budget) and reports its cost per call", () => {
    expect(air.maxDegree).toBe(3);
    for (const c of air.constraints) expect(c.degree).toBe(c.expr.degree);
    const total = air.mainWidth + 4 * air.auxWidth;
    console.log(
      `cop.modmul256: ${air.mainWidth} main + ${air.auxWidth} ext aux columns, 1 row per call: ${air.mainWidth} main cells, ${total} in all; ${air.interactions.length} interactions, ${air.numAirConstraints} AIR constraints (${air.constraints.length} with LogUp's), ${topoOrder(air.constraints.map((c) => c.expr)).length} DAG nodes`,
    );
    // The target: ≤ 370 main cells per call.
    expect(air.mainWidth).toBe(342);
    expect(air.interactions.length).toBe(298);
    expect(total).toBe(342 + 4 * 150);
  });

  it("computes a·b mod m (BigInt) on edge and random operands and passes checkConstraints", () => {
    const r = rng(7);
    const ops = operands(r);
    const square = ops.map((_, i) => [2, 3, 7, 11, 15].includes(i)); // m − 1, m = 0, all ones, …
    const calls = callsFor(ops, 7, square);
    const L = new Lookups();
    const m = modmul256Trace(calls, L);
    expect(m.height).toBe(32);
    calls.forEach((c, row) => {
      const [a, b, mod] = [c.events.a, c.events.b, c.events.m].map(fromWords);
      const out = Array.from({ length: 16 }, (_, i) => m.values[row * W + C.out + i]);
      const value = out.reduceRight((acc, x) => (acc << 16n) | BigInt(x), 0n);
      expect(value).toBe(modmul(a, b, mod));
      expect(m.values[row * W + C.sq]).toBe(square[row] ? 1 : 0);
    });
    expect(check(m, calls, L).toString()).toBe(honestReport);
    expect(m.values.subarray(calls.length * W).every((x) => x === 0)).toBe(true);
  });

  it("an empty table is all zero and satisfies everything", () => {
    const m = modmul256Trace([], new Lookups());
    expect(m.height).toBe(8);
    expect(m.values.every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }]).ok).toBe(true);
  });

  it("rejects a wrong result word claimed on the memory bus", () => {
    const calls = callsFor(operands(rng(11)).slice(0, 3), 11);
    const L = new Lookups();
    const m = modmul256Trace(calls, L);
    const msgs = counterpart(MODMUL256_SYSCALL, 8, calls, L);
    const addr = wordAddress(calls[2].args[0]) + 5;
    const i = msgs.findIndex(
      (x) => x.bus === MEMORY_BUS && x.multiplicity < 0 && x.values[0] === addr,
    );
    const v = Array.from(msgs[i].values);
    v[2] = (v[2] + 1) % 65536;
    msgs[i] = { ...msgs[i], values: v };
    expect(checkConstraints([{ air, main: m }], msgs).ok).toBe(false);
  });

  it("refuses out + m (with q − 1): the identity holds, out < m does not", () => {
    // a·b = (q − 1)·m + (out + m), both below 2^256: every range check and carry is honest, only
    // the comparison can refuse it; no marker position and hi value passes (nor no marker).
    const m = 1n << 200n;
    const [a, b] = [MAX, 12345n];
    const [q, out] = [(a * b) / m, (a * b) % m];
    expect(q > 0n && out + m < MAX).toBe(true);
    const calls = callsFor([[a, b, m]], 3);
    const forgedOut = toWords(out + m);
    const outAt = wordAddress(calls[0].args[0]);
    const forged = {
      ...calls[0],
      accesses: calls[0].accesses.map((x) =>
        x.addr >= outAt && x.addr < outAt + 8 ? { ...x, value: forgedOut[x.addr - outAt] } : x,
      ),
    };
    const digits = (x: bigint, n: number, bits: number) =>
      Array.from({ length: n }, (_, i) =>
        Number((x >> BigInt(bits * i)) & ((1n << BigInt(bits)) - 1n)),
      );
    const out16 = digits(out + m, 16, 16);
    const m16 = digits(m, 16, 16);
    let tried = 0;
    for (let word = -1; word < 8; word++)
      for (const hi of [0, 1]) {
        const main = modmul256Trace(calls, new Lookups());
        const v = main.values;
        out16.forEach((x, i) => (v[C.out + i] = x));
        digits(q - 1n, 64, 8).forEach((x, i) => (v[C.q + i] = x));
        recomputeCarries(v, 0);
        v.fill(0, C.ltMarker, C.ltDiff + 1);
        if (word >= 0) v[C.ltMarker + word] = 1;
        v[C.ltHi] = hi;
        const D = word < 0 ? 0 : m16[2 * word + hi] - out16[2 * word + hi];
        v[C.ltDiff] = (D + P) % P;
        const rep = checkConstraints(
          [{ air, main }],
          [...counterpart(MODMUL256_SYSCALL, 8, [forged], new Lookups()), ...rangeTable(main)],
        );
        expect(rep.ok).toBe(false);
        expect(rep.toString()).not.toContain("a·b = q·m + out");
        tried++;
      }
    expect(tried).toBe(18);
  });

  it("refuses a squaring flag left off (b's accesses repeat a's) and a wrong m = 0 flag", () => {
    const calls = callsFor([[big(rng(1)), 0n, big(rng(2))]], 5, [true]);
    const L = new Lookups();
    const m = modmul256Trace(calls, L);
    expect(check(m, calls, L).ok).toBe(true);
    // sq = 0 with b = a at one pointer: b's accesses (with a's gaps) duplicate a's; every
    // constraint holds and every lookup is in range, the memory bus cannot balance.
    const off = m.values.slice();
    off[C.sq] = 0;
    for (let k = 0; k < 8; k++) {
      off[C.gapLo + 8 + k] = off[C.gapLo + k];
      off[C.gapHi + 8 + k] = off[C.gapHi + k];
    }
    const main = { ...m, values: off };
    const rep = checkConstraints(
      [{ air, main }],
      [...counterpart(MODMUL256_SYSCALL, 8, calls, new Lookups()), ...rangeTable(main)],
    );
    expect(rep.ok).toBe(false);
    expect(rep.toString()).not.toContain("constraint");
    expect(rep.toString()).toContain("rv.memory");
    // m ≠ 0 claimed as m = 0: drop the comparison (S = 0 ⇒ mZero = 1); mZero·Σm fails.
    const m2 = modmul256Trace(calls, new Lookups());
    m2.values.fill(0, C.ltMarker, C.ltDiff + 1);
    expect(checkConstraints([{ air, main: m2 }]).toString()).toContain("mZero ⇒ m = 0");
  });

  it("detects a change of any cell of a real row (ordinary, squaring, m = 0)", () => {
    const r = rng(99);
    const ops = [
      [big(r), big(r), big(r)],
      [big(r), big(r), big(r)],
      [big(r), big(r), 0n],
    ];
    const calls = callsFor(ops, 3, [false, true, false]);
    const m = modmul256Trace(calls, new Lookups());
    const h = m.height;
    const cons = new Uint32Array(air.numAirConstraints);
    const buf = new Uint32Array(air.rows.interactionWords);
    /**
     * The row's messages as keys, except lookups whose value is in range: a prover can rebalance
     * those with the table's multiplicities, so a changed in-range lookup proves nothing.
     */
    const messages = (row: number): string => {
      const keys: string[] = [];
      air.rows.interactions(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, buf);
      air.interactions.forEach((it, i) => {
        const off = air.rows.interactionOffsets[i];
        const mult = buf[off + it.bus.width];
        if (mult === 0) return;
        const vals = Array.from(buf.subarray(off, off + it.bus.width));
        if (inRange(it.bus.id, vals)) return;
        keys.push(`${it.bus.id}:${it.kind}:${vals.join(",")}×${mult}`);
      });
      return keys.sort().join("|");
    };
    const violated = (row: number): boolean => {
      air.rows.constraints(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, cons);
      return cons.some((x) => x !== 0);
    };
    for (const row of [0, 1, 2]) {
      expect(violated(row)).toBe(false);
      const honest = messages(row);
      const free: string[] = [];
      for (let c = 0; c < W; c++) {
        const cell = row * W + c;
        const old = m.values[cell];
        let caught = true;
        for (const nv of [(old + 1) % P, Math.floor(r() * P)]) {
          if (nv === old) continue;
          m.values[cell] = nv;
          if (!violated(row) && messages(row) === honest) caught = false;
          m.values[cell] = old;
        }
        if (!caught) free.push(modmul256Cols[c]);
      }
      // No free cell: every column is pinned by a constraint or a message of its own row.
      expect(free, `row ${row}`).toEqual([]);
    }
  });
});

/** Rewrites row o's carries for the identity its cells now state (a test's forged row). */
function recomputeCarries(v: Uint32Array, o: number): void {
  // E_k on the row's cells, then each step's carry (two byte positions per step).
  const a = Array.from({ length: 32 }, (_, i) => v[o + C.a + i]);
  const b = Array.from({ length: 32 }, (_, i) => v[o + C.b + i]);
  const mm = Array.from({ length: 32 }, (_, i) => v[o + C.m + i]);
  const q = Array.from({ length: 64 }, (_, i) => v[o + C.q + i]);
  const out = Array.from({ length: 16 }, (_, i) => v[o + C.out + i]);
  const mZero = mm.every((x) => x === 0) ? 1 : 0;
  const E = new Array<number>(96).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => (E[i + j] += x * y)));
  q.forEach((x, i) => mm.forEach((y, j) => (E[i + j] -= x * y)));
  q.forEach((x, i) => (E[32 + i] -= mZero * x));
  out.forEach((x, i) => (E[2 * i] -= x));
  let c = 0;
  for (let t = 0; t < 47; t++) {
    c = (E[2 * t] + 256 * E[2 * t + 1] + c) / 65536;
    expect(Number.isInteger(c)).toBe(true);
    v[o + C.carry + t] = (c + P) % P;
  }
  expect(E[94] + 256 * E[95] + c).toBe(0);
}

/**
 * The byte/range table's side of every in-range lookup the table sends: a cheating prover sets
 * the table's multiplicities freely, so only an out-of-range value can fail a lookup.
 */
function rangeTable(main: { values: Uint32Array; height: number }): BusMessage[] {
  const out: BusMessage[] = [];
  const buf = new Uint32Array(air.rows.interactionWords);
  const h = main.height;
  for (let row = 0; row < h; row++) {
    air.rows.interactions(main.values, null, new Uint32Array(0), row, (row + 1) % h, h, buf);
    air.interactions.forEach((it, i) => {
      const off = air.rows.interactionOffsets[i];
      const mult = buf[off + it.bus.width];
      const vals = Array.from(buf.subarray(off, off + it.bus.width));
      if (mult === 0 || !inRange(it.bus.id, vals)) return;
      out.push({ bus: it.bus, values: vals, multiplicity: -mult });
    });
  }
  return out;
}

/** A lookup message whose value the range table holds (false for any other bus). */
function inRange(bus: number, vals: number[]): boolean {
  if (bus === U16_BUS.id) return vals[0] < 65536;
  if (bus === U14_BUS.id) return vals[0] < 16384;
  if (bus === PAIR_BUS.id) return vals[0] < 256 && vals[1] < 256;
  return false;
}
