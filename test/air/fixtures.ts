/**
 * Small AIRs and their traces, shared by the AIR and LogUp tests: Fibonacci, a range check
 * against a preprocessed byte table, and three tables of different heights on two buses.
 */
import { P } from "../../core/field/babybear.js";
import { defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Matrix } from "../../core/air/types.js";
import type { FriParams } from "../../core/fri/params.js";
import { rng as words } from "../commit/helpers.js";

/**
 * Proof parameters that keep the suites fast: rate 1/8 with 30 queries and light grinding,
 * 30 × 3 + 10 = 100 bits, the verifier's minimum.
 */
export const TEST_PARAMS: FriParams = Object.freeze({
  logBlowup: 3,
  numQueries: 30,
  powBits: 10,
  logFinalPolyLen: 2,
});

/** Deterministic PRNG (test/commit's xorshift32, values reduced below p) so failures reproduce. */
export function rng(seed: number): () => number {
  const next = words(seed);
  return () => next() % P;
}

/** A matrix from rows of numbers (reduced mod p). */
export function matrix(rows: readonly (readonly number[])[]): Matrix {
  const width = rows[0].length;
  const values = new Uint32Array(rows.length * width);
  rows.forEach((row, r) => row.forEach((v, c) => (values[r * width + c] = ((v % P) + P) % P)));
  return { values, width, height: rows.length };
}

/** A copy with cell (row, col) set to `value`. */
export function withCell(m: Matrix, row: number, col: number, value: number): Matrix {
  const values = m.values.slice();
  values[row * m.width + col] = value;
  return { values, width: m.width, height: m.height };
}

// ---- Fibonacci ----

export const fibCols = layout(["a", "b"] as const);

export const fibAir = defineAir({
  name: "fibonacci",
  mainColumns: fibCols,
  numPublicValues: 3,
  eval(b) {
    const { a, b: y } = b.local;
    b.whenFirstRow().assertEq("a starts at public 0", a, b.public(0));
    b.whenFirstRow().assertEq("b starts at public 1", y, b.public(1));
    b.whenTransition().assertEq("a' = b", b.next.a, y);
    b.whenTransition().assertEq("b' = a + b", b.next.b, a.add(y));
    b.whenLastRow().assertEq("result is public 2", y, b.public(2));
  },
});

/** n rows of Fibonacci from (0, 1) and the public values [0, 1, result]. */
export function fibTrace(n: number): { main: Matrix; publicValues: Uint32Array } {
  const rows: number[][] = [];
  let a = 0;
  let y = 1;
  for (let i = 0; i < n; i++) {
    rows.push([a, y]);
    [a, y] = [y, (a + y) % P];
  }
  return { main: matrix(rows), publicValues: Uint32Array.of(0, 1, rows[n - 1][1]) };
}

// ---- range check over a preprocessed byte table ----

export const byteBus = defineBus("test.byte", 1);

export const byteTableAir = defineAir({
  name: "byte table",
  mainColumns: layout(["mult"] as const),
  preprocessedColumns: layout(["value"] as const),
  eval(b) {
    b.receive(byteBus, [b.prepLocal.value], b.local.mult, "provide byte");
  },
});

export const rangeUserAir = defineAir({
  name: "range user",
  mainColumns: layout(["x"] as const),
  eval(b) {
    b.send(byteBus, [b.local.x], 1, "x is a byte");
  },
});

export const bytePrep = matrix(Array.from({ length: 256 }, (_, i) => [i]));

/** The byte table's multiplicities for the values `xs` looked up. */
export function byteMults(xs: readonly number[]): Matrix {
  const mult = new Array<number>(256).fill(0);
  for (const x of xs) if (x < 256) mult[x]++;
  return matrix(mult.map((m) => [m]));
}

// ---- three tables of different heights on two buses ----

export const pairBus = defineBus("test.pair", 2);
export const smallBus = defineBus("test.small", 1);

/** A (8 rows): sends (x, y) on the pair bus every row. */
export const pairSenderAir = defineAir({
  name: "pair sender",
  mainColumns: layout(["x", "y"] as const),
  eval(b) {
    b.send(pairBus, [b.local.x, b.local.y], 1);
  },
});

/** B (16 rows): when active, receives (u, v) and sends u + v on the small bus. */
export const adderAir = defineAir({
  name: "adder",
  mainColumns: layout(["u", "v", "s", "active"] as const),
  eval(b) {
    const { u, v, s, active } = b.local;
    b.assertBool("active is a bit", active);
    b.when(active).assertEq("s = u + v", s, u.add(v));
    b.receive(pairBus, [u, v], active);
    b.send(smallBus, [s], active);
  },
});

/** C (32 rows): a counter 0..31 that provides each value with a multiplicity. */
export const counterAir = defineAir({
  name: "counter",
  mainColumns: layout(["value", "mult"] as const),
  eval(b) {
    b.whenFirstRow().assertZero("counter starts at 0", b.local.value);
    b.whenTransition().assertEq("counter steps by 1", b.next.value, b.local.value.add(1));
    b.receive(smallBus, [b.local.value], b.local.mult);
  },
});

export const threeTables = {
  pair: compileAir(pairSenderAir),
  adder: compileAir(adderAir),
  counter: compileAir(counterAir),
};

/** A balanced trace set for the three tables. */
export function threeTraces(): { pair: Matrix; adder: Matrix; counter: Matrix } {
  const pairs = Array.from({ length: 8 }, (_, i) => [i, (3 * i) % 7]);
  const adderRows = Array.from({ length: 16 }, (_, i) =>
    i < 8 ? [pairs[i][0], pairs[i][1], pairs[i][0] + pairs[i][1], 1] : [i, i, 5, 0],
  );
  const mult = new Array<number>(32).fill(0);
  for (const [x, y] of pairs) mult[x + y]++;
  return {
    pair: matrix(pairs),
    adder: matrix(adderRows),
    counter: matrix(Array.from({ length: 32 }, (_, i) => [i, mult[i]])),
  };
}
