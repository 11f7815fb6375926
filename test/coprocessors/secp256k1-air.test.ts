/**
 * The secp256k1_add and secp256k1_double tables on their own: random points (@noble/curves'
 * results) and edge coordinates (0, 1, P − 1, λ = P − 1, the largest and smallest quotients,
 * the below-P check's every branch) give traces that pass `checkConstraints` with their buses
 * balanced by the counterpart messages; changing any cell of a real row is detected; a wrong
 * result on the bus is refused; the exceptional inputs have no satisfying row: add with
 * x1 = x2 (p = q with the tangent's λ, which would give 2p; p = −q, where no λ exists), double
 * with y = 0, a coordinate ≥ P written into the row (every choice of its below-P witness), and
 * the below-P gadget on its own against every value class around P. Prints the cost per call.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import { counterpart, rng } from "./helpers.js";
import { addCall, belowPCandidates, doubleCall } from "./secp256k1-calls.js";
import { checkConstraints } from "../../core/air/check.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { topoOrder } from "../../core/air/expr.js";
import { layout } from "../../core/air/layout.js";
import { P as BABYBEAR } from "../../core/field/babybear.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { Lookups, MEMORY_BUS, U16_BUS, wordAddress } from "../../glue/coprocessor-air.js";
import { secp256k1AddChip } from "../../coprocessors/secp256k1/add-air.js";
import { secp256k1AddCols } from "../../coprocessors/secp256k1/add-columns.js";
import {
  secp256k1AddTrace,
  writeAddCall,
  writeAddChord,
  writeAddField,
  writeAddReduced,
} from "../../coprocessors/secp256k1/add-trace.js";
import {
  SECP256K1_ADD_SYSCALL,
  SECP256K1_DOUBLE_SYSCALL,
  SECP256K1_P as P,
} from "../../coprocessors/secp256k1/constants.js";
import { secp256k1DoubleChip } from "../../coprocessors/secp256k1/double-air.js";
import { secp256k1DoubleCols } from "../../coprocessors/secp256k1/double-columns.js";
import {
  secp256k1DoubleTrace,
  writeDoubleCall,
  writeDoubleField,
} from "../../coprocessors/secp256k1/double-trace.js";
import type { Secp256k1AddEvent } from "../../coprocessors/secp256k1/events.js";
import { belowPCells, evalBelowP, modP } from "../../coprocessors/secp256k1/field.js";
import { ADD_CHAINS, DOUBLE_CHAINS } from "../../coprocessors/secp256k1/identities.js";
import {
  invModP,
  pointFromBigInts,
  pointToBigInts,
  secp256k1Add,
  secp256k1Double,
} from "../../coprocessors/secp256k1/reference.js";
import type { CompiledAir, Matrix } from "../../core/air/types.js";

const G = secp256k1.Point.BASE;
const Fp = secp256k1.Point.Fp;
type NoblePoint = typeof G;

const words = (pt: NoblePoint): Uint32Array => {
  const a = pt.toAffine();
  return pointFromBigInts(a.x, a.y);
};
const noble = (w: Uint32Array): NoblePoint => {
  const [x, y] = pointToBigInts(w);
  return secp256k1.Point.fromAffine({ x, y });
};
/** The curve point with the first x ≥ from (stepping by `step`) that has a square root. */
function liftX(from: bigint, step: bigint): NoblePoint {
  for (let x = from; ; x += step) {
    const y2 = modP(x * x * x + 7n);
    try {
      return secp256k1.Point.fromAffine({ x, y: Fp.sqrt(y2) });
    } catch {
      // not a square: next x
    }
  }
}
const scalar = (r: () => number) =>
  (BigInt(Math.floor(r() * 2 ** 52)) << 200n) + BigInt(Math.floor(r() * 2 ** 52)) + 1n;

/** Calls at increasing clk over the given operands (each a point pair, or a point). */
function addCalls(pairs: readonly [Uint32Array, Uint32Array][], seed: number) {
  const r = rng(seed);
  return pairs.map(([p, q], i) =>
    addCall(400 + 64 * i, 0x2000 + 0x100 * i, 0x8000 + 0x40 * i, p, q, secp256k1Add(p, q), r),
  );
}
function doubleCalls(points: readonly Uint32Array[], seed: number) {
  const r = rng(seed);
  return points.map((p, i) =>
    doubleCall(400 + 64 * i, 0x2000 + 0x100 * i, p, secp256k1Double(p), r),
  );
}

const point = (x: bigint, y: bigint) => pointFromBigInts(x, y);

/**
 * Edge operands of add, off the curve (the table does not use the curve equation): coordinates
 * 0, 1, P − 1, P − 2^16 (below-P branches), λ = P − 1 with x2 − x1 = ±(P − 1) (the largest and
 * smallest quotients of the first identity), a result of P − 1.
 */
const ADD_EDGES: [Uint32Array, Uint32Array][] = [
  [point(0n, 0n), point(P - 1n, 1n)], // λ = P − 1, λ·(x2 − x1) = (P − 1)²: k1 = 2^256 + P − 2
  [point(P - 1n, 1n), point(0n, 0n)], // x2 − x1 = −(P − 1): k1 = 2^256 − P + 2
  [point(1n, P - 1n), point(P - 2n, P - 1n)], // λ = 0, x3 = P − 1 − 1 − (P − 2) ≡ 0
  [point(P - 1n, P - 1n), point(P - 0x10000n, 5n)],
  [point(2n ** 255n, P - 2n), point(3n, P - 1n)],
];

/** A real row's messages (sorted) and whether any constraint fails on it. */
function rowProbe(air: CompiledAir, m: Matrix) {
  const h = m.height;
  const cons = new Uint32Array(air.numAirConstraints);
  const buf = new Uint32Array(air.rows.interactionWords);
  return {
    violated(row: number): boolean {
      air.rows.constraints(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, cons);
      return cons.some((x) => x !== 0);
    },
    failing(row: number): string[] {
      air.rows.constraints(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, cons);
      return air.constraints.filter((_, i) => i < cons.length && cons[i] !== 0).map((c) => c.name);
    },
    messages(row: number): string {
      const keys: string[] = [];
      air.rows.interactions(m.values, null, new Uint32Array(0), row, (row + 1) % h, h, buf);
      air.interactions.forEach((it, i) => {
        const off = air.rows.interactionOffsets[i];
        const mult = buf[off + it.bus.width];
        if (mult === 0) return;
        const vals = Array.from(buf.subarray(off, off + it.bus.width));
        keys.push(`${it.bus.id}:${it.kind}:${vals.join(",")}×${mult}`);
      });
      return keys.sort().join("|");
    },
  };
}

/** Columns of row `row` whose change (+1, and a random value) no constraint or message sees. */
function freeColumns(air: CompiledAir, m: Matrix, columns: readonly string[], row: number) {
  const probe = rowProbe(air, m);
  const W = m.width;
  expect(probe.violated(row)).toBe(false);
  const honest = probe.messages(row);
  const r = rng(99);
  const free: string[] = [];
  for (let c = 0; c < W; c++) {
    const cell = row * W + c;
    const old = m.values[cell];
    let caught = true;
    for (const nv of [(old + 1) % BABYBEAR, Math.floor(r() * BABYBEAR)]) {
      if (nv === old) continue;
      m.values[cell] = nv;
      if (!probe.violated(row) && probe.messages(row) === honest) caught = false;
      m.values[cell] = old;
    }
    if (!caught) free.push(columns[c]);
  }
  return free;
}

const coordOf = (m: Matrix, row: number, at: number, n: number, radix: number): bigint => {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = x * BigInt(radix) + BigInt(m.values[row * m.width + at + i]);
  return x;
};

const ok = "all constraints hold and every bus balances";

describe("secp256k1_add AIR", () => {
  const air = secp256k1AddChip();
  const C = secp256k1AddCols.index;

  it("has degree 3 and reports its cost per call", () => {
    // Declared (README, add-air.ts): degree ≤ 3, reached by W·T·inv and Σ d²·dInv.
    expect(air.maxDegree).toBe(3);
    const total = air.mainWidth + 4 * air.auxWidth;
    console.log(
      `cop.secp256k1_add: ${air.mainWidth} main + ${air.auxWidth} ext aux columns, 1 row per call: ${air.mainWidth} main cells, ${total} in all; ${air.interactions.length} interactions, ${air.constraints.length} constraints, ${topoOrder(air.constraints.map((c) => c.expr)).length} DAG nodes; carries ${ADD_CHAINS.map((c) => c.carries).join(" + ")}`,
    );
    expect(air.mainWidth).toBe(462);
    expect(ADD_CHAINS.map((c) => c.carries)).toEqual([32, 31, 32]);
    expect(air.interactions.length).toBe(371);
    expect(total).toBe(462 + 4 * 187);
    expect(air.mainWidth).toBeLessThanOrEqual(600); // the target
  });

  it("adds random points as @noble/curves does and passes checkConstraints", () => {
    const r = rng(7);
    const pairs: [Uint32Array, Uint32Array][] = Array.from({ length: 6 }, () => [
      words(G.multiply(scalar(r))),
      words(G.multiply(scalar(r))),
    ]);
    const calls = addCalls(pairs, 1);
    const L = new Lookups();
    const m = secp256k1AddTrace(calls, L);
    expect(m.height).toBe(8);
    calls.forEach((c, row) => {
      const expected = noble(c.events.p).add(noble(c.events.q)).toAffine();
      expect(pointToBigInts(c.events.out)).toEqual([expected.x, expected.y]);
      expect(coordOf(m, row, C.x3, 32, 256)).toBe(expected.x);
      expect(coordOf(m, row, C.y3, 16, 65536)).toBe(expected.y);
    });
    const report = checkConstraints(
      [{ air, main: m }],
      counterpart(SECP256K1_ADD_SYSCALL, 16, calls, L),
    );
    expect(report.toString()).toBe(ok);
    expect(m.values.subarray(6 * m.width).every((x) => x === 0)).toBe(true);
  });

  it("edge coordinates: small and large x on the curve, off-curve extremes", () => {
    const lowX = liftX(1n, 1n);
    const highX = liftX(P - 200n, 1n);
    const pairs: [Uint32Array, Uint32Array][] = [
      [words(lowX), words(highX)],
      [words(lowX.negate()), words(highX)], // y near P − 1 against y small/large
      [words(highX.negate()), words(G)],
      ...ADD_EDGES,
    ];
    for (const [p, q] of pairs.slice(0, 3)) {
      const e = noble(p).add(noble(q)).toAffine();
      expect(pointToBigInts(secp256k1Add(p, q))).toEqual([e.x, e.y]);
    }
    const calls = addCalls(pairs, 2);
    const L = new Lookups();
    const m = secp256k1AddTrace(calls, L);
    // The first identity's quotient at both ends: 2^256 + P − 2 and 2^256 − P + 2.
    expect(coordOf(m, 3, C.k1, 33, 256)).toBe(2n ** 256n + P - 2n);
    expect(coordOf(m, 4, C.k1, 33, 256)).toBe(2n ** 256n - P + 2n);
    // P − 1 in x1 takes the below-P check's z = 1 branch.
    expect(m.values[4 * m.width + C.ltZ]).toBe(1);
    const report = checkConstraints(
      [{ air, main: m }],
      counterpart(SECP256K1_ADD_SYSCALL, 16, calls, L),
    );
    expect(report.toString()).toBe(ok);
  });

  it("an empty table is all zero and satisfies everything", () => {
    const m = secp256k1AddTrace([], new Lookups());
    expect(m.height).toBe(8);
    expect(m.values.every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }]).ok).toBe(true);
  });

  it("rejects a wrong result word claimed on the memory bus", () => {
    const calls = addCalls([[words(G), words(G.double())]], 3);
    const L = new Lookups();
    const m = secp256k1AddTrace(calls, L);
    for (const k of [0, 12]) {
      const msgs = counterpart(SECP256K1_ADD_SYSCALL, 16, calls, L);
      const addr = wordAddress(0x2000) + k;
      const i = msgs.findIndex(
        (x) => x.bus === MEMORY_BUS && x.multiplicity < 0 && x.values[0] === addr,
      );
      const v = Array.from(msgs[i].values);
      v[2] = (v[2] + 1) % 65536;
      msgs[i] = { ...msgs[i], values: v };
      expect(checkConstraints([{ air, main: m }], msgs).ok).toBe(false);
    }
  });

  it("detects a change of any cell of a real row", () => {
    const calls = addCalls(
      [
        [words(G.multiply(3n)), words(G.multiply(5n))],
        [point(P - 1n, 2n), point(7n, P - 1n)], // below-P flags set (z = 1)
      ],
      4,
    );
    for (const row of [0, 1]) {
      const m = secp256k1AddTrace(calls, new Lookups());
      expect(freeColumns(air, m, secp256k1AddCols, row)).toEqual([]);
    }
  });

  it("p = q has no row: the tangent's λ satisfies the identities, but x1 ≠ x2 fails", () => {
    // A cheating prover claiming p + p = 2p: λ·(x2 − x1) − (y2 − y1) = 0 for any λ.
    const p = words(G.multiply(11n));
    const twice = secp256k1Double(p);
    const call = addCall(400, 0x2000, 0x8000, p, p, twice, rng(5));
    const v = new Uint32Array(8 * secp256k1AddCols.width);
    const L = new Lookups();
    writeAddCall(v, 0, call, L);
    const [x, y] = pointToBigInts(p);
    writeAddField(v, 0, call.events, modP(3n * x * x * invModP(2n * y)), L);
    writeAddReduced(v, 0, L);
    const m = { values: v, width: secp256k1AddCols.width, height: 8 };
    const probe = rowProbe(air, m);
    for (const dInv of [0, 1, 12345, BABYBEAR - 1]) {
      v[C.dInv] = dInv;
      expect(probe.failing(0)).toEqual(["x1 ≠ x2"]);
    }
    const msgs = counterpart(SECP256K1_ADD_SYSCALL, 16, [call], L);
    expect(checkConstraints([{ air, main: m }], msgs).failures[0].constraint).toBe("x1 ≠ x2");
  });

  it("p = −q has no row: no λ satisfies λ·0 ≡ y2 − y1", () => {
    const p = words(G.multiply(11n));
    const minus = words(G.multiply(11n).negate());
    const call = addCall(400, 0x2000, 0x8000, p, minus, p, rng(6));
    for (const lambda of [0n, 1n, P - 1n, 2n ** 255n])
      expect(() =>
        writeAddField(
          new Uint32Array(secp256k1AddCols.width),
          0,
          call.events,
          lambda,
          new Lookups(),
        ),
      ).toThrow(/not ≡ 0 mod P/);
  });

  it("a coordinate ≥ P has no row: y1 + P satisfies the identities, not y1 < P", () => {
    // Memory holds y1 + P (< 2^256 since y1 < 2^32 + 977); the row claims p + q for y1 mod P.
    const p = point(123456789n, 5n);
    const q = words(G.multiply(9n));
    const out = secp256k1Add(p, q);
    const forged = point(123456789n, P + 5n);
    const lambda = addSlopeOf(p, q);
    const make = (ev: Secp256k1AddEvent) => {
      const call = addCall(400, 0x2000, 0x8000, ev.p, ev.q, ev.out, rng(8));
      const v = new Uint32Array(8 * secp256k1AddCols.width);
      const L = new Lookups();
      writeAddCall(v, 0, call, L);
      writeAddField(v, 0, ev, lambda, L);
      return { call, v, L };
    };
    // The honest row (y1 = 5) passes; its six other below-P witnesses are z = 0 (no lookup).
    const honest = make({ p, q, out });
    writeAddReduced(honest.v, 0, honest.L);
    writeAddChord(honest.v, 0);
    const main = (v: Uint32Array) => ({ values: v, width: secp256k1AddCols.width, height: 8 });
    const msgs = (x: ReturnType<typeof make>, L: Lookups) =>
      counterpart(SECP256K1_ADD_SYSCALL, 16, [x.call], L);
    expect(
      checkConstraints([{ air, main: main(honest.v) }], msgs(honest, honest.L)).toString(),
    ).toBe(ok);
    expect(Array.from(honest.v.subarray(C.ltZ, C.ltZ + 7))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // The forged row: every witness for y1's below-P check fails (a constraint, or a U16 lookup
    // of a negative value that the range table cannot answer).
    const bad = make({ p: forged, q, out });
    bad.v[C.dInv] = honest.v[C.dInv];
    const limbs = Array.from(bad.v.subarray(C.y1, C.y1 + 16));
    for (const [z, zInv] of belowPCandidates(limbs)) {
      const v = bad.v.slice();
      v.set(honest.v.subarray(C.ltZ, C.ltZ + 7), C.ltZ);
      v.set(honest.v.subarray(C.ltInv, C.ltInv + 7), C.ltInv);
      v[C.ltZ + 1] = z;
      v[C.ltInv + 1] = zInv;
      const L = new Lookups();
      L.u16.set(bad.L.u16);
      L.u14.set(bad.L.u14);
      L.pair.set(bad.L.pair);
      if (z === 1 && limbs[0] <= 0xfc2e) L.range16(0xfc2e - limbs[0]);
      const report = checkConstraints([{ air, main: main(v) }], msgs(bad, L));
      expect(report.ok).toBe(false);
      const failing = rowProbe(air, main(v)).failing(0);
      expect(failing.every((n) => n.startsWith("y1 < P"))).toBe(true);
    }
  });
});

describe("secp256k1_double AIR", () => {
  const air = secp256k1DoubleChip();
  const C = secp256k1DoubleCols.index;

  it("has degree 3 and reports its cost per call", () => {
    expect(air.maxDegree).toBe(3);
    const total = air.mainWidth + 4 * air.auxWidth;
    console.log(
      `cop.secp256k1_double: ${air.mainWidth} main + ${air.auxWidth} ext aux columns, 1 row per call: ${air.mainWidth} main cells, ${total} in all; ${air.interactions.length} interactions, ${air.constraints.length} constraints, ${topoOrder(air.constraints.map((c) => c.expr)).length} DAG nodes; carries ${DOUBLE_CHAINS.map((c) => c.carries).join(" + ")}`,
    );
    expect(air.mainWidth).toBe(406);
    expect(DOUBLE_CHAINS.map((c) => c.carries)).toEqual([51, 31, 32]);
    expect(air.interactions.length).toBe(317);
    expect(total).toBe(406 + 4 * 160);
    expect(air.mainWidth).toBeLessThanOrEqual(600);
  });

  it("doubles random and edge points as @noble/curves does and passes checkConstraints", () => {
    const r = rng(17);
    const points = [
      ...Array.from({ length: 4 }, () => words(G.multiply(scalar(r)))),
      words(liftX(1n, 1n)),
      words(liftX(P - 200n, 1n).negate()),
    ];
    const edges = [point(P - 1n, 1n), point(0n, P - 1n), point(P - 1n, P - 1n), point(5n, 1n)];
    const calls = doubleCalls([...points, ...edges], 9);
    const L = new Lookups();
    const m = secp256k1DoubleTrace(calls, L);
    expect(m.height).toBe(16);
    calls.slice(0, points.length).forEach((c, row) => {
      const e = noble(c.events.p).double().toAffine();
      expect(pointToBigInts(c.events.out)).toEqual([e.x, e.y]);
      expect(coordOf(m, row, C.x3, 32, 256)).toBe(e.x);
      expect(coordOf(m, row, C.y3, 16, 65536)).toBe(e.y);
    });
    const report = checkConstraints(
      [{ air, main: m }],
      counterpart(SECP256K1_DOUBLE_SYSCALL, 16, calls, L),
    );
    expect(report.toString()).toBe(ok);
  });

  it("an empty table is all zero and satisfies everything", () => {
    const m = secp256k1DoubleTrace([], new Lookups());
    expect(m.values.every((x) => x === 0)).toBe(true);
    expect(checkConstraints([{ air, main: m }]).ok).toBe(true);
  });

  it("rejects a wrong result word claimed on the memory bus", () => {
    const calls = doubleCalls([words(G)], 3);
    const L = new Lookups();
    const m = secp256k1DoubleTrace(calls, L);
    const msgs = counterpart(SECP256K1_DOUBLE_SYSCALL, 16, calls, L);
    const i = msgs.findIndex(
      (x) => x.bus === MEMORY_BUS && x.multiplicity < 0 && x.values[0] === wordAddress(0x2000) + 9,
    );
    const v = Array.from(msgs[i].values);
    v[1] = (v[1] + 1) % 65536;
    msgs[i] = { ...msgs[i], values: v };
    expect(checkConstraints([{ air, main: m }], msgs).ok).toBe(false);
  });

  it("detects a change of any cell of a real row", () => {
    const calls = doubleCalls([words(G.multiply(3n)), point(P - 1n, P - 1n)], 4);
    for (const row of [0, 1]) {
      const m = secp256k1DoubleTrace(calls, new Lookups());
      expect(freeColumns(air, m, secp256k1DoubleCols, row)).toEqual([]);
    }
  });

  it("y = 0 has no row: with x = 0 any λ satisfies the identities, but y ≠ 0 fails", () => {
    // (0, 0): 2y·λ − 3x² = 0 for every λ; the row claims "2p" = (λ², −λ³) for λ = 5.
    const p = point(0n, 0n);
    const out = point(25n, modP(-125n));
    const call = doubleCall(400, 0x2000, p, out, rng(5));
    const v = new Uint32Array(8 * secp256k1DoubleCols.width);
    const L = new Lookups();
    writeDoubleCall(v, 0, call, L);
    writeDoubleField(v, 0, call.events, 5n, L);
    for (let i = 0; i < 5; i++) {
      const at = [C.x, C.y, C.x3, C.y3, C.lambda][i];
      const u =
        i !== 3
          ? Array.from({ length: 16 }, (_, j) => v[at + 2 * j] + 256 * v[at + 2 * j + 1])
          : Array.from(v.subarray(C.y3, C.y3 + 16));
      [v[C.ltZ + i], v[C.ltInv + i]] = belowPCells(`v${i}`, u, L);
    }
    const m = { values: v, width: secp256k1DoubleCols.width, height: 8 };
    const probe = rowProbe(air, m);
    for (const yInv of [0, 1, 777, BABYBEAR - 1]) {
      v[C.yInv] = yInv;
      expect(probe.failing(0)).toEqual(["y ≠ 0"]);
    }
    // y = 0 with x ≠ 0: −3x² ≢ 0, so no λ exists.
    const q = point(9n, 0n);
    for (const lambda of [0n, 1n, P - 1n])
      expect(() =>
        writeDoubleField(new Uint32Array(m.width), 0, { p: q, out: q }, lambda, new Lookups()),
      ).toThrow(/not ≡ 0 mod P/);
  });
});

describe("below P (field.ts)", () => {
  const cols = layout(["isReal", ["u", 16], "z", "inv"] as const);
  const air = compileAir(
    defineAir({
      name: "test.below_p",
      mainColumns: cols,
      eval(b) {
        evalBelowP(b, "x", b.local.u, b.local.z, b.local.inv, b.local.isReal);
      },
    }),
  );
  const limbsOf = (x: bigint) =>
    Array.from({ length: 16 }, (_, i) => Number((x >> BigInt(16 * i)) & 0xffffn));
  /** Does some witness (z, inv) pass, with the lookup answered only when its value is a u16? */
  const provable = (x: bigint): boolean =>
    belowPCandidates(limbsOf(x)).some(([z, zInv]) => {
      const values = new Uint32Array(8 * cols.width);
      values.set([1, ...limbsOf(x), z, zInv]);
      const msgs: BusMessage[] = [];
      const lo = 0xfc2e - limbsOf(x)[0];
      if (z === 1 && lo >= 0) msgs.push({ bus: U16_BUS, values: [lo], multiplicity: -1 });
      return checkConstraints([{ air, main: { values, width: cols.width, height: 8 } }], msgs).ok;
    });

  it("accepts every value below P and refuses every value from P on, in each branch", () => {
    const two256 = 2n ** 256n;
    const below = [
      0n,
      1n,
      P - 1n, // T = 1, U = 0, u0 = 0xFC2E: z = 1
      P - 2n,
      P - 0x10000n, // T = 1, U = 1
      two256 - 2n ** 32n - 2n ** 16n, // T = 1, U = 0, u0 = 0
      two256 - 2n ** 33n - 1n, // T = 2 (u2 = 0xFFFD), the largest value with T = 2 below
      two256 - 2n ** 48n - 1n, // S_top = 1
      two256 - 2n ** 32n - 0x10000n - 1n, // T = 1, U = 1, u0 = 0xFFFF
    ];
    const above = [
      P, // T = 1, U = 0, u0 = 0xFC2F
      P + 1n,
      two256 - 2n ** 32n - 1n, // T = 1, U = 0, u0 = 0xFFFF
      two256 - 2n ** 32n, // T = 0 (u2 = 0xFFFF), U = 0xFFFF
      two256 - 1n, // T = 0, U = 0
      two256 - 2n ** 32n + 0x1234_5678n, // T = 0
    ];
    for (const x of below) expect(provable(x), `0x${x.toString(16)}`).toBe(true);
    for (const x of above) expect(provable(x), `0x${x.toString(16)}`).toBe(false);
  });
});

/** λ = (y2 − y1)/(x2 − x1) mod P. */
function addSlopeOf(p: Uint32Array, q: Uint32Array): bigint {
  const [x1, y1] = pointToBigInts(p);
  const [x2, y2] = pointToBigInts(q);
  return modP((y2 - y1) * invModP(x2 - x1));
}
