/**
 * The secp256k1_add and secp256k1_double coprocessors' execution side: the reference affine
 * formulas against @noble/curves on random points and on edge coordinates (x or y near 0 and near
 * p, ±G, P + (−P + G)), then ecalls 0x103 and 0x104 through the executor: the points they write,
 * the order of their memory accesses, and the calls they refuse — p = q, p = −q, y = 0, a
 * coordinate ≥ p, overlapping points — each stopping the run with a GuestError that names the
 * call, the coordinate, the ecall's pc and its cycle.
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { describe, expect, it } from "vitest";
import {
  SECP256K1_ADD_SYSCALL,
  SECP256K1_DOUBLE_SYSCALL,
  SECP256K1_P,
} from "../../coprocessors/secp256k1/constants.js";
import {
  executeSecp256k1Add,
  executeSecp256k1Double,
  secp256k1AddExecutor,
  secp256k1DoubleExecutor,
} from "../../coprocessors/secp256k1/execute.js";
import {
  pointFromBigInts,
  pointToBigInts,
  secp256k1Add,
  secp256k1Double,
} from "../../coprocessors/secp256k1/reference.js";
import { validateCoprocessor } from "../../glue/coprocessor.js";
import {
  execute,
  executeRecording,
  GuestError,
  type GuestErrorKind,
} from "../../glue/riscv/index.js";
import { addi, CODE_BASE, DATA_BASE, ECALL, EXIT, li, program } from "../riscv/asm.js";

const Point = secp256k1.Point;
type NoblePoint = InstanceType<typeof Point>;
const P = SECP256K1_P;
const N = Point.Fn.ORDER;

/** Deterministic scalars in [1, n) (xorshift32 words), so a failure reproduces. */
function scalar(seed: number): bigint {
  let x = seed >>> 0 || 1;
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    v = (v << 32n) | BigInt(x >>> 0);
  }
  return (v % (N - 1n)) + 1n;
}

const words = (pt: NoblePoint) => {
  const { x, y } = pt.toAffine();
  return pointFromBigInts(x, y);
};
const noble = (w: Uint32Array) => {
  const [x, y] = pointToBigInts(w);
  return Point.fromAffine({ x, y });
};

/** The point with x coordinate x (and the even or odd y), if x³ + 7 is a square mod p. */
function lift(x: bigint, odd: boolean): NoblePoint | null {
  const rhs = (((x * x) % P) * x + 7n) % P;
  let y: bigint;
  try {
    y = Point.Fp.sqrt(rhs);
  } catch {
    return null;
  }
  if ((y * y) % P !== rhs) return null;
  if ((y & 1n) === 1n) y = P - y;
  return Point.fromAffine({ x, y: odd ? P - y : y });
}

/** Points with edge coordinates: x just above 0 and just below p, both y parities (y near 0 or p). */
function edgePoints(): NoblePoint[] {
  const pts: NoblePoint[] = [Point.BASE, Point.BASE.negate(), Point.BASE.double()];
  for (const start of [1n, P - 200n]) {
    for (let x = start, found = 0; found < 3; x++) {
      const even = lift(x, false);
      if (even === null) continue;
      pts.push(even, even.negate());
      found++;
    }
  }
  pts.push(
    Point.BASE.multiply(N - 1n),
    Point.BASE.multiply(N - 2n),
    Point.BASE.multiply(2n ** 255n),
  );
  return pts;
}

describe("secp256k1 reference formulas", () => {
  it("add and double match @noble/curves on random points", () => {
    for (let s = 1; s <= 150; s++) {
      const p = Point.BASE.multiply(scalar(2 * s));
      const q = Point.BASE.multiply(scalar(2 * s + 1));
      expect(noble(secp256k1Add(words(p), words(q))).equals(p.add(q)), `seed ${s}`).toBe(true);
      expect(noble(secp256k1Double(words(p))).equals(p.double()), `seed ${s}`).toBe(true);
    }
  });

  it("add and double match @noble/curves on edge coordinates", () => {
    const pts = edgePoints();
    expect(pts.length).toBeGreaterThanOrEqual(18);
    for (const p of pts) {
      expect(noble(secp256k1Double(words(p))).equals(p.double())).toBe(true);
      for (const q of pts) {
        if (p.toAffine().x === q.toAffine().x) continue;
        expect(noble(secp256k1Add(words(p), words(q))).equals(p.add(q))).toBe(true);
      }
    }
    // A sum landing on G: (−P + G) + P with P far from G.
    const p = Point.BASE.multiply(scalar(99));
    const r = secp256k1Add(words(p.negate().add(Point.BASE)), words(p));
    expect(noble(r).equals(Point.BASE)).toBe(true);
  });

  it("results are fully reduced and the inputs untouched", () => {
    for (const p of edgePoints()) {
      const w = words(p);
      const before = w.slice();
      const [x, y] = pointToBigInts(secp256k1Double(w));
      expect(x < P && y < P).toBe(true);
      expect(w).toEqual(before);
    }
  });

  it("refuse the exceptional inputs: p = ±q for add, y = 0 for double", () => {
    const g = words(Point.BASE);
    expect(() => secp256k1Add(g, g)).toThrow(/p = ±q/);
    expect(() => secp256k1Add(g, words(Point.BASE.negate()))).toThrow(/p = ±q/);
    expect(() => secp256k1Double(pointFromBigInts(5n, 0n))).toThrow(/y = 0/);
  });
});

/** A fake context over a word map: logs the access order. */
function fakeContext(mem: Map<number, number>, args: number[]) {
  const log: string[] = [];
  return {
    log,
    ctx: {
      args,
      cycle: 7,
      timestamp: 31,
      readWord: (a: number) => (log.push(`r${a}`), mem.get(a) ?? 0),
      writeWord: (a: number, v: number) => (log.push(`w${a}`), void mem.set(a, v >>> 0)),
      readWords(a: number, n: number) {
        return Uint32Array.from({ length: n }, (_, i) => this.readWord(a + 4 * i));
      },
      writeWords(a: number, w: ArrayLike<number>) {
        for (let i = 0; i < w.length; i++) this.writeWord(a + 4 * i, w[i]);
      },
    },
  };
}
const put = (mem: Map<number, number>, at: number, w: Uint32Array) =>
  w.forEach((x, i) => mem.set(at + 4 * i, x));
const range = (at: number, n: number) => Array.from({ length: n }, (_, i) => at + 4 * i);

describe("executeSecp256k1Add / executeSecp256k1Double", () => {
  it("add reads p then q, writes p + q over p; double reads p, writes 2p; events", () => {
    const p = words(Point.BASE.multiply(scalar(5)));
    const q = words(Point.BASE.multiply(scalar(6)));
    const mem = new Map<number, number>();
    put(mem, 0x2000, p);
    put(mem, 0x3000, q);
    const add = fakeContext(mem, [0x2000, 0x3000, 0, 0, 0, 0]);
    const ev = executeSecp256k1Add(add.ctx);
    expect(ev).toEqual({ p, q, out: secp256k1Add(p, q) });
    expect(Uint32Array.from(range(0x2000, 16), (a) => mem.get(a)!)).toEqual(ev.out);
    expect(add.log).toEqual([
      ...range(0x2000, 16).map((a) => `r${a}`),
      ...range(0x3000, 16).map((a) => `r${a}`),
      ...range(0x2000, 16).map((a) => `w${a}`),
    ]);
    const dbl = fakeContext(mem, [0x2000, 0, 0, 0, 0, 0]);
    const ev2 = executeSecp256k1Double(dbl.ctx);
    expect(ev2).toEqual({ p: ev.out, out: secp256k1Double(ev.out) });
    expect(dbl.log).toEqual([
      ...range(0x2000, 16).map((a) => `r${a}`),
      ...range(0x2000, 16).map((a) => `w${a}`),
    ]);
  });

  it("refuse p = q, p = −q, y = 0, coordinates ≥ p and overlapping points, writing nothing", () => {
    const g = words(Point.BASE);
    const minusG = words(Point.BASE.negate());
    const big = (x: bigint, y: bigint) => pointFromBigInts(x, y);
    const [gx, gy] = pointToBigInts(g);
    const addCases: [Uint32Array, Uint32Array, RegExp][] = [
      [g, g, /secp256k1_add: p = q .*p\.x = q\.x = 0x79be667e/],
      [g, minusG, /secp256k1_add: p = −q .*point at infinity/],
      [big(P + 3n, gy), g, /secp256k1_add: p\.x \(at 0x00002000\) is 0x.*not a field element/],
      [
        g,
        big(gx, P),
        /secp256k1_add: q\.y \(at 0x00003020\) is 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f, not a field element/,
      ],
      [g, big(2n ** 256n - 1n, 0n), /secp256k1_add: q\.x \(at 0x00003000\)/],
    ];
    for (const [p, q, message] of addCases) {
      const mem = new Map<number, number>();
      put(mem, 0x2000, p);
      put(mem, 0x3000, q);
      const { ctx, log } = fakeContext(mem, [0x2000, 0x3000, 0, 0, 0, 0]);
      expect(() => executeSecp256k1Add(ctx), message.source).toThrow(message);
      expect(log.some((l) => l.startsWith("w"))).toBe(false);
    }
    for (const qAt of [0x2000, 0x2004, 0x203c, 0x1fc4]) {
      const { ctx, log } = fakeContext(new Map(), [0x2000, qAt, 0, 0, 0, 0]);
      expect(() => executeSecp256k1Add(ctx)).toThrow(
        /secp256k1_add: p \(a0 = 0x00002000\) overlaps q/,
      );
      expect(log).toEqual([]);
    }
    const doubleCases: [Uint32Array, RegExp][] = [
      [big(5n, 0n), /secp256k1_double: p\.y \(at 0x00002020\) is 0: 2p is the point at infinity/],
      [big(P, gy), /secp256k1_double: p\.x \(at 0x00002000\) is 0x.*not a field element/],
      [big(gx, P + 7n), /secp256k1_double: p\.y \(at 0x00002020\)/],
    ];
    for (const [p, message] of doubleCases) {
      const mem = new Map<number, number>();
      put(mem, 0x2000, p);
      const { ctx, log } = fakeContext(mem, [0x2000, 0, 0, 0, 0, 0]);
      expect(() => executeSecp256k1Double(ctx), message.source).toThrow(message);
      expect(log.some((l) => l.startsWith("w"))).toBe(false);
    }
    // Adjacent points are fine.
    const mem = new Map<number, number>();
    put(mem, 0x2000, g);
    put(mem, 0x2040, words(Point.BASE.double()));
    expect(() =>
      executeSecp256k1Add(fakeContext(mem, [0x2000, 0x2040, 0, 0, 0, 0]).ctx),
    ).not.toThrow();
  });

  it("are valid executor-only coprocessors with their call descriptions", () => {
    for (const [c, name, syscall, fn] of [
      [secp256k1AddExecutor, "secp256k1_add", SECP256K1_ADD_SYSCALL, "zkglue_secp256k1_add"],
      [
        secp256k1DoubleExecutor,
        "secp256k1_double",
        SECP256K1_DOUBLE_SYSCALL,
        "zkglue_secp256k1_double",
      ],
    ] as const) {
      expect(() => validateCoprocessor(c)).not.toThrow();
      expect([c.name, c.syscall, c.call?.function]).toEqual([name, syscall, fn]);
    }
    expect(secp256k1AddExecutor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["p", "readwrite", 16],
      ["q", "read", 16],
    ]);
    expect(secp256k1DoubleExecutor.call?.args.map((a) => [a.name, a.kind, a.words])).toEqual([
      ["p", "readwrite", 16],
    ]);
  });
});

describe("ecalls 0x103 and 0x104 through the executor", () => {
  const PT = DATA_BASE;
  const Q = DATA_BASE + 64;
  const COPS = [secp256k1AddExecutor, secp256k1DoubleExecutor];
  // Instruction index of the ecall: three li of two instructions (a7, a0, a1).
  const ECALL_AT = 6;

  /** One call (add with a1 = q, or double) then the 64 bytes at PT go to the journal. */
  function callProgram(syscall: number, p: number, q: number) {
    return [
      ...li(17, syscall),
      ...li(10, p),
      ...li(11, q),
      ECALL,
      ...li(17, 64),
      addi(10, 0, 3),
      ...li(11, PT),
      addi(12, 0, 64),
      ECALL,
      addi(10, 0, 0),
      ...EXIT,
    ];
  }
  const image = (p: Uint32Array, q: Uint32Array) => {
    const data = new Uint8Array(128);
    data.set(new Uint8Array(p.slice().buffer), 0);
    data.set(new Uint8Array(q.slice().buffer), 64);
    return data;
  };
  const journalPoint = (j: Uint8Array) => new Uint32Array(j.slice().buffer);

  it("write p + q and 2p like @noble/curves, in both modes, and record the calls", () => {
    for (let s = 1; s <= 20; s++) {
      const p = Point.BASE.multiply(scalar(100 + s));
      const q = Point.BASE.multiply(scalar(200 + s));
      const add = program(callProgram(SECP256K1_ADD_SYSCALL, PT, Q), image(words(p), words(q)));
      const f = execute(add, { coprocessors: COPS });
      expect(noble(journalPoint(f.journal)).equals(p.add(q))).toBe(true);
      const dbl = program(callProgram(SECP256K1_DOUBLE_SYSCALL, PT, 0), image(words(p), words(q)));
      const d = execute(dbl, { coprocessors: COPS });
      expect(noble(journalPoint(d.journal)).equals(p.double())).toBe(true);
      if (s === 1) {
        const r = executeRecording(add, { coprocessors: COPS });
        expect(r.journal).toEqual(f.journal);
        expect(r.trace.coprocessorCalls).toEqual([
          {
            name: "secp256k1_add",
            syscall: SECP256K1_ADD_SYSCALL,
            cycle: ECALL_AT,
            events: { p: words(p), q: words(q), out: words(p.add(q)) },
          },
        ]);
        const mem = r.trace.syscallMemory;
        const at = (i: number) => [mem.at("addr", i), mem.at("write", i), mem.at("cycle", i)];
        expect(Array.from({ length: 48 }, (_, i) => at(i))).toEqual([
          ...range(PT, 16).map((a) => [a, 0, ECALL_AT]),
          ...range(Q, 16).map((a) => [a, 0, ECALL_AT]),
          ...range(PT, 16).map((a) => [a, 1, ECALL_AT]),
        ]);
      }
    }
  });

  /** Runs one call in both modes; expects a fault at the ecall naming `message`, pc and cycle. */
  function expectFault(code: number[], data: Uint8Array, kind: GuestErrorKind, message: RegExp) {
    const p = program(code, data);
    for (const run of [execute, executeRecording]) {
      let err: unknown;
      try {
        run(p, { coprocessors: COPS });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GuestError);
      const g = err as GuestError;
      expect(g.kind).toBe(kind);
      expect(g.pc).toBe(CODE_BASE + 4 * ECALL_AT);
      expect(g.cycle).toBe(ECALL_AT);
      expect(g.message).toMatch(message);
      const pc = "0x" + (CODE_BASE + 4 * ECALL_AT).toString(16).padStart(8, "0");
      expect(g.message).toContain(`at pc ${pc} (cycle ${ECALL_AT})`);
    }
  }

  it("exceptional inputs stop the run, naming the call, the coordinate, the pc and the cycle", () => {
    const g = words(Point.BASE);
    const [gx, gy] = pointToBigInts(g);
    const add = callProgram(SECP256K1_ADD_SYSCALL, PT, Q);
    const dbl = callProgram(SECP256K1_DOUBLE_SYSCALL, PT, 0);
    const name = (c: string, n: number) =>
      `coprocessor "${c}" \\(syscall 0x${n.toString(16).padStart(8, "0")}\\) failed: ${c}: `;
    const add0 = name("secp256k1_add", SECP256K1_ADD_SYSCALL);
    const dbl0 = name("secp256k1_double", SECP256K1_DOUBLE_SYSCALL);
    expectFault(add, image(g, g), "coprocessor", new RegExp(add0 + "p = q"));
    expectFault(
      add,
      image(g, words(Point.BASE.negate())),
      "coprocessor",
      new RegExp(add0 + "p = −q"),
    );
    expectFault(
      add,
      image(pointFromBigInts(gx, P + 7n), g),
      "coprocessor",
      new RegExp(add0 + "p\\.y \\(at 0x00300020\\)"),
    );
    expectFault(
      add,
      image(g, pointFromBigInts(P + 1n, gy)),
      "coprocessor",
      new RegExp(add0 + "q\\.x \\(at 0x00300040\\)"),
    );
    expectFault(
      callProgram(SECP256K1_ADD_SYSCALL, PT, PT + 32),
      image(g, g),
      "coprocessor",
      new RegExp(add0 + "p \\(a0 = 0x00300000\\) overlaps q \\(a1 = 0x00300020\\)"),
    );
    expectFault(
      dbl,
      image(pointFromBigInts(gx, 0n), g),
      "coprocessor",
      new RegExp(dbl0 + "p\\.y \\(at 0x00300020\\) is 0"),
    );
    expectFault(
      dbl,
      image(pointFromBigInts(P + 5n, gy), g),
      "coprocessor",
      new RegExp(dbl0 + "p\\.x \\(at 0x00300000\\)"),
    );
  });

  it("misaligned or read-only points stop the run at the ecall", () => {
    const g = words(Point.BASE);
    const two = words(Point.BASE.double());
    expectFault(
      callProgram(SECP256K1_ADD_SYSCALL, PT, Q + 2),
      image(g, two),
      "misaligned-access",
      /0x00300042/,
    );
    expectFault(
      callProgram(SECP256K1_DOUBLE_SYSCALL, CODE_BASE, 0),
      image(g, two),
      "write-to-program",
      /0x00200800/,
    );
  });
});
