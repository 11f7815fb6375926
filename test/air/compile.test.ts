import { describe, expect, it } from "vitest";
import { assertDistinctBuses, busIdOf, defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { describeAir } from "../../core/air/describe.js";
import { add, constant, mul, sub } from "../../core/air/expr.js";
import { layout } from "../../core/air/layout.js";
import { P } from "../../core/field/babybear.js";
import { adderAir, fibAir, threeTables } from "./fixtures.js";

describe("layout", () => {
  it("derives width, indices and grouped row accessors", () => {
    const cols = layout(["a", ["bits", 4], "c"] as const);
    expect(cols.width).toBe(6);
    expect([...cols]).toEqual(["a", "bits[0]", "bits[1]", "bits[2]", "bits[3]", "c"]);
    expect(cols.index).toEqual({ a: 0, bits: 1, c: 5 });
    const air = compileAir(
      defineAir({
        name: "groups",
        mainColumns: cols,
        eval(b) {
          b.local.bits.forEach((bit, i) => b.assertBool(`bit ${i}`, bit));
          b.assertEq(
            "c packs the bits",
            b.local.c,
            add(...b.local.bits.map((x, i) => mul(x, 1 << i))),
          );
        },
      }),
    );
    expect(air.mainWidth).toBe(6);
    expect(air.constraints.map((c) => [c.name, c.degree])).toEqual([
      ["bit 0", 2],
      ["bit 1", 2],
      ["bit 2", 2],
      ["bit 3", 2],
      ["c packs the bits", 1],
    ]);
  });
  it("types rows from the layout (checked by tsc: a misspelt column does not compile)", () => {
    const cols = layout(["a", ["g", 2]] as const);
    defineAir({
      name: "typed",
      mainColumns: cols,
      eval(b) {
        b.assertZero("a", b.local.a);
        b.assertZero("g1", b.local.g[1]);
        // @ts-expect-error — no column "b"
        void b.local.b;
        // @ts-expect-error — a group is an array, not an expression
        b.assertZero("g", b.local.g);
      },
    });
    expect(() =>
      compileAir(
        defineAir({
          name: "g",
          mainColumns: cols,
          eval: (b) => b.assertZero("g", b.local.g as never),
        }),
      ),
    ).toThrow(/got an array \(a layout group\? index it/);
  });

  it("plain string arrays give one expression per name", () => {
    const air = compileAir(
      defineAir({
        name: "plain",
        mainColumns: ["x", "y"],
        preprocessedColumns: ["k"],
        eval(b) {
          b.assertEq("x = y·k", b.local.x, b.local.y.mul(b.prepLocal.k));
        },
      }),
    );
    expect([air.mainWidth, air.preprocessedWidth, air.constraints[0].degree]).toEqual([2, 1, 2]);
  });

  it("refuses duplicate names", () => {
    expect(() => layout(["a", "a"])).toThrow(/"a" is declared twice/);
  });
});

describe("compileAir: degrees", () => {
  it("computes symbolic degrees; selectors count 1", () => {
    const fib = compileAir(fibAir);
    expect(fib.constraints.map((c) => c.degree)).toEqual([2, 2, 2, 2, 2]);
    expect(fib.maxDegree).toBe(2);
    expect(fib.auxWidth).toBe(0);
    expect(fib.numAirConstraints).toBe(5);
    const adder = compileAir(adderAir);
    expect(adder.constraints.slice(0, 2).map((c) => [c.name, c.degree])).toEqual([
      ["active is a bit", 2],
      ["s = u + v", 2],
    ]);
  });

  it("refuses a constraint above degree 3, naming AIR and constraint", () => {
    const cube = defineAir({
      name: "too high",
      mainColumns: layout(["x"] as const),
      eval(b) {
        b.assertZero("cube", b.local.x.mul(b.local.x).mul(b.local.x)); // degree 3: fine
        b.whenTransition().assertZero("cube on transitions", b.local.x.square().mul(b.local.x));
      },
    });
    expect(() => compileAir(cube)).toThrow(
      'AIR "too high": constraint "cube on transitions" has degree 4 (selectors count 1); the maximum is 3',
    );
  });

  it("constants fold and do not raise degrees", () => {
    expect(mul(3, 5)).toBe(constant(15));
    expect(sub(0, 1)).toBe(constant(P - 1));
    const x = compileAir(
      defineAir({
        name: "folds",
        mainColumns: layout(["x"] as const),
        eval(b) {
          b.assertZero(
            "x·x·x·0 + x",
            add(mul(b.local.x, b.local.x, b.local.x, b.local.x, 0), b.local.x),
          );
        },
      }),
    );
    expect(x.constraints[0].degree).toBe(1);
  });

  it("refuses duplicate constraint names, bad public indices and non-expressions", () => {
    const cols = layout(["x"] as const);
    expect(() =>
      compileAir(
        defineAir({
          name: "dup",
          mainColumns: cols,
          eval(b) {
            b.assertBool("x", b.local.x);
            b.assertZero("x", b.local.x);
          },
        }),
      ),
    ).toThrow(/"x" is used twice/);
    expect(() =>
      compileAir(
        defineAir({
          name: "pub",
          mainColumns: cols,
          numPublicValues: 1,
          eval: (b) => b.assertEq("p", b.local.x, b.public(1)),
        }),
      ),
    ).toThrow('AIR "pub": public value 1 does not exist (numPublicValues = 1)');
    expect(() =>
      compileAir(
        defineAir({
          name: "frac",
          mainColumns: cols,
          eval: (b) => b.assertEq("p", b.local.x, 0.5),
        }),
      ),
    ).toThrow(/constant 0.5 is not an integer/);
  });
});

describe("compileAir: bus interactions", () => {
  const bus3 = defineBus("test.compile.triple", 3);
  it("refuses a message whose length is not the bus width, naming AIR, bus and interaction", () => {
    const air = defineAir({
      name: "short sender",
      mainColumns: layout(["a", "b"] as const),
      eval(b) {
        b.send(bus3, [b.local.a, b.local.b], 1, "ab");
      },
    });
    expect(() => compileAir(air)).toThrow(
      'AIR "short sender": interaction "ab" sends 2 values on bus "test.compile.triple" of width 3',
    );
    const unnamed = defineAir({
      name: "long receiver",
      mainColumns: layout(["a"] as const),
      eval(b) {
        b.receive(bus3, [1, 2, 3, b.local.a], 1);
      },
    });
    expect(() => compileAir(unnamed)).toThrow(
      /"long receiver": interaction "receive test.compile.triple #0" receives 4 values/,
    );
  });

  it("refuses isTransition in a message or multiplicity (it is x − h, not 1, to the prover)", () => {
    const scoped = defineAir({
      name: "transition sender",
      mainColumns: layout(["a"] as const),
      eval(b) {
        b.whenTransition().send(bus3, [b.local.a, 0, 0], 1, "scoped");
      },
    });
    expect(() => compileAir(scoped)).toThrow(
      'AIR "transition sender": interaction "scoped" uses isTransition (whenTransition)',
    );
    const valued = defineAir({
      name: "transition value",
      mainColumns: layout(["a"] as const),
      eval(b) {
        b.receive(bus3, [b.isTransition, b.local.a, 0], 1, "valued");
      },
    });
    expect(() => compileAir(valued)).toThrow(/interaction "valued" uses isTransition/);
  });

  it("refuses an interaction that alone exceeds degree 3 in LogUp", () => {
    const air = defineAir({
      name: "deep message",
      mainColumns: layout(["a"] as const),
      eval(b) {
        b.send(bus3, [b.local.a.square().mul(b.local.a), 0, 0], 1, "cubic value");
      },
    });
    expect(() => compileAir(air)).toThrow(
      /"deep message": interaction "cubic value" on bus "test.compile.triple" needs degree 4/,
    );
  });

  it("groups interactions greedily so every LogUp constraint stays ≤ 3", () => {
    const bus1 = defineBus("test.compile.single", 1);
    const air = compileAir(
      defineAir({
        name: "five lookups",
        mainColumns: layout(["a", "b", "c", "d", "e", "on"] as const),
        eval(b) {
          const l = b.local;
          b.send(bus1, [l.a], 1);
          b.send(bus1, [l.b], l.on);
          b.receive(bus1, [l.c], 1);
          b.send(bus1, [7], l.on.mul(l.d)); // constant message, degree-2 multiplicity
          b.send(bus1, [l.e.mul(l.e)], 1); // degree-2 fingerprint: alone
        },
      }),
    );
    // {a, b}: h·(z−a)(z−b) degree 3; {c, 7}: max(1+1, 1+0, 2+1) = 3; {e²}: 1 + 2 = 3.
    expect(air.interactions.map((i) => i.group)).toEqual([0, 0, 1, 1, 2]);
    expect(air.auxWidth).toBe(4);
    expect(air.constraints.slice(air.numAirConstraints).map((c) => [c.name, c.degree])).toEqual([
      ["logup: group 0", 3],
      ["logup: group 1", 3],
      ["logup: group 2", 3],
      ["logup: accumulator first row", 2],
      ["logup: accumulator transition", 2],
      ["logup: accumulator last row", 2],
    ]);
    expect(air.maxDegree).toBe(3);
  });

  it("scoped sends multiply the multiplicity by the selector", () => {
    const { counter } = threeTables;
    expect(counter.interactions[0].multiplicity.degree).toBe(1);
    const bus1 = defineBus("test.compile.single", 1);
    const air = compileAir(
      defineAir({
        name: "scoped",
        mainColumns: layout(["a"] as const),
        eval(b) {
          b.whenFirstRow().send(bus1, [b.local.a], b.local.a);
        },
      }),
    );
    expect(air.interactions[0].multiplicity.degree).toBe(2);
  });
});

describe("describeAir", () => {
  it("lists columns, constraints in folding order with degrees, and interactions with groups", () => {
    const text = describeAir(threeTables.adder);
    expect(text).toContain(
      'AIR "adder": 4 main columns, 0 preprocessed, 0 public values, max degree 3',
    );
    expect(text).toContain("main: u, v, s, active");
    expect(text).toContain("0. active is a bit (degree 2)");
    expect(text).toContain("2. logup: group 0 (degree 3)");
    expect(text).toContain("5. logup: accumulator last row (degree 2)");
    expect(text).toContain('send "send test.small #1" on bus "test.small"');
  });
});

describe("buses", () => {
  it("have stable, nonzero, name-derived ids", () => {
    const a = defineBus("test.bus.a", 2);
    expect(a.id).toBe(busIdOf("test.bus.a"));
    expect(a.id).toBeGreaterThan(0);
    expect(a.id).toBeLessThan(2 ** 27);
    expect(defineBus("test.bus.a", 2)).toBe(a);
    expect(() => defineBus("test.bus.a", 3)).toThrow(/already defined with width 2/);
    expect(() => defineBus("test.bus.b", 1, { id: a.id })).toThrow(
      /already used by bus "test.bus.a"/,
    );
    expect(() => defineBus("test.bus.c", 0)).toThrow(/width must be an integer/);
    expect(() => assertDistinctBuses([a, { id: a.id, name: "other", width: 2 }])).toThrow(
      /"test.bus.a" and "other" share id/,
    );
    expect(() => assertDistinctBuses([a, { id: 0, name: "zero", width: 1 }])).toThrow(
      /invalid id 0/,
    );
    expect(() => assertDistinctBuses([a, a, defineBus("test.bus.d", 1)])).not.toThrow();
    // FNV-1a known answer: "a" → 0xe40c292c.
    expect(busIdOf("a")).toBe((0xe40c292c % (2 ** 27 - 1)) + 1);
  });
});
