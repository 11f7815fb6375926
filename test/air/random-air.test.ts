/**
 * Random constraint expressions, evaluated on random data by a BigInt interpreter of the
 * expression tree (the reference, independent of `Expr`), the generated row evaluator
 * (checkConstraints), the generated prover evaluator (JavaScript), the vector interpreter, the
 * generated WebAssembly kernel, the DAG evaluator and the verifier's interpreter. Random bus
 * interactions (every bus width 1–3, sends and receives, messages and multiplicities of every
 * degree the LogUp budget allows) check the LogUp fingerprints (generated JavaScript, vector
 * program, DAG program, WebAssembly) and the quotient with its LogUp constraints the same way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import * as E from "../../core/field/extension.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { type Expr, add, mul, neg, sub } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import { defineBus } from "../../core/air/bus.js";
import { rowsModule, runWasmRows } from "../../core/air/wasm-run.js";
import { buildFingerprintKernel } from "../../core/lookup/fingerprint-kernel.js";
import { lowerFingerprints, runVectorFingerprints } from "../../core/lookup/vector-fingerprints.js";
import { encodeFingerprints, runDagFingerprints } from "../../core/lookup/dag-fingerprints.js";
import { rng } from "./fixtures.js";

const p = BigInt(P);

type Tree =
  | { t: "const"; v: number }
  | { t: "main"; c: number; next: boolean }
  | { t: "prep"; c: number; next: boolean }
  | { t: "pub"; i: number }
  | { t: "sel"; s: "first" | "last" | "transition" }
  | { t: "add" | "sub" | "mul"; a: Tree; b: Tree }
  | { t: "neg"; a: Tree };

const leaf: fc.Arbitrary<Tree> = fc.oneof(
  fc.record({
    t: fc.constant("const" as const),
    v: fc.oneof(fc.constantFrom(0, 1, 2, P - 1, -1, -7), fc.integer({ min: 0, max: P - 1 })),
  }),
  fc.record({
    t: fc.constant("main" as const),
    c: fc.integer({ min: 0, max: 2 }),
    next: fc.boolean(),
  }),
  fc.record({
    t: fc.constant("prep" as const),
    c: fc.integer({ min: 0, max: 1 }),
    next: fc.boolean(),
  }),
  fc.record({ t: fc.constant("pub" as const), i: fc.integer({ min: 0, max: 1 }) }),
  fc.record({
    t: fc.constant("sel" as const),
    s: fc.constantFrom("first" as const, "last" as const, "transition" as const),
  }),
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      t: fc.constantFrom("add" as const, "sub" as const, "mul" as const),
      a: tie("node"),
      b: tie("node"),
    }),
    fc.record({ t: fc.constant("neg" as const), a: tie("node") }),
  ),
})).node;

function degree(x: Tree): number {
  switch (x.t) {
    case "const":
    case "pub":
      return 0;
    case "main":
    case "prep":
    case "sel":
      return 1;
    case "neg":
      return degree(x.a);
    case "mul":
      return degree(x.a) + degree(x.b);
    default:
      return Math.max(degree(x.a), degree(x.b));
  }
}

/** The same tree as an Expr, through the builder and the arithmetic helpers. */
function build(x: Tree, b: AirBuilder): Expr | number {
  switch (x.t) {
    case "const":
      return x.v;
    case "main":
      return (x.next ? b.next : b.local)[`m${x.c}`];
    case "prep":
      return (x.next ? b.prepNext : b.prepLocal)[`q${x.c}`];
    case "pub":
      return b.public(x.i);
    case "sel":
      return x.s === "first" ? b.isFirstRow : x.s === "last" ? b.isLastRow : b.isTransition;
    case "neg":
      return neg(build(x.a, b));
    case "add":
      return add(build(x.a, b), build(x.b, b));
    case "sub":
      return sub(build(x.a, b), build(x.b, b));
    case "mul":
      return mul(build(x.a, b), build(x.b, b));
  }
}

interface Env {
  main: bigint[];
  mainNext: bigint[];
  prep: bigint[];
  prepNext: bigint[];
  pub: bigint[];
  sel: Record<string, bigint>;
}

function evalRef(x: Tree, env: Env): bigint {
  const m = (v: bigint): bigint => ((v % p) + p) % p;
  switch (x.t) {
    case "const":
      return m(BigInt(x.v));
    case "main":
      return (x.next ? env.mainNext : env.main)[x.c];
    case "prep":
      return (x.next ? env.prepNext : env.prep)[x.c];
    case "pub":
      return env.pub[x.i];
    case "sel":
      return env.sel[x.s];
    case "neg":
      return m(-evalRef(x.a, env));
    case "add":
      return m(evalRef(x.a, env) + evalRef(x.b, env));
    case "sub":
      return m(evalRef(x.a, env) - evalRef(x.b, env));
    case "mul":
      return m(evalRef(x.a, env) * evalRef(x.b, env));
  }
}

const elem = fc.oneof(fc.integer({ min: 0, max: P - 1 }), fc.constantFrom(0, 1, P - 1));

describe("random constraints: generated code and interpreters agree with BigInt", () => {
  it("row evaluator, prover evaluator and verifier evaluator", () => {
    fc.assert(
      fc.property(
        fc.array(
          tree.filter((t) => degree(t) <= 3),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(elem, { minLength: 4 * 3 + 4 * 2 + 2, maxLength: 4 * 3 + 4 * 2 + 2 }),
        fc.array(elem, { minLength: 4, maxLength: 4 }),
        (trees, data, alpha) => {
          const air = compileAir(
            defineAir({
              name: "random",
              mainColumns: ["m0", "m1", "m2"],
              preprocessedColumns: ["q0", "q1"],
              numPublicValues: 2,
              eval(b) {
                trees.forEach((t, j) => b.assertZero(`c${j}`, build(t, b)));
              },
            }),
          );
          // A 4-row trace: rows 0..3 of main (3 wide) and prep (2 wide), then 2 public values.
          const main = Uint32Array.from(data.slice(0, 12));
          const prep = Uint32Array.from(data.slice(12, 20));
          const pub = Uint32Array.from(data.slice(20, 22));
          const out = new Uint32Array(trees.length);
          for (let r = 0; r < 4; r++) {
            const rn = (r + 1) % 4;
            const env: Env = {
              main: [...main.subarray(3 * r, 3 * r + 3)].map(BigInt),
              mainNext: [...main.subarray(3 * rn, 3 * rn + 3)].map(BigInt),
              prep: [...prep.subarray(2 * r, 2 * r + 2)].map(BigInt),
              prepNext: [...prep.subarray(2 * rn, 2 * rn + 2)].map(BigInt),
              pub: [...pub].map(BigInt),
              sel: {
                first: r === 0 ? 1n : 0n,
                last: r === 3 ? 1n : 0n,
                transition: r === 3 ? 0n : 1n,
              },
            };
            air.rows.constraints(main, prep, pub, r, rn, 4, out);
            trees.forEach((t, j) => expect(BigInt(out[j])).toBe(evalRef(t, env)));
          }
          // Prover (N = 4, identity order, arbitrary selector values) vs verifier vs BigInt fold.
          const a: E.Ext = [alpha[0], alpha[1], alpha[2], alpha[3]];
          const powers: E.Ext[] = [E.ONE];
          for (let j = 1; j < trees.length; j++) powers.push(E.mul4(powers[j - 1], a));
          const alphaPowers = new Uint32Array(4 * trees.length);
          powers.forEach((x, j) => E.setAt(alphaPowers, j, x));
          const sels = [data[0], data[5], data[9], data[13]];
          const rev = Uint32Array.of(0, 1, 2, 3);
          const q = new Uint32Array(16);
          const qctx = {
            start: 0,
            end: 4,
            N: 4,
            nextStep: 1,
            rev,
            main: { values: main, width: 3, height: 4 },
            preprocessed: { values: prep, width: 2, height: 4 },
            isFirst: Uint32Array.from(sels),
            isLast: Uint32Array.from(sels.map((s) => (s * 3) % P)),
            isTransition: Uint32Array.from(sels.map((s) => (s + 5) % P)),
            publicValues: pub,
            alphaPowers,
          };
          air.quotientEvaluator().evaluate({ ...qctx, out: q });
          // The vector interpreter, the generated WebAssembly kernel and the DAG evaluator write
          // the same values.
          const qv = new Uint32Array(16);
          const qw = new Uint32Array(16);
          const qd = new Uint32Array(16);
          air.evaluateQuotientVector({ ...qctx, out: qv });
          air.evaluateQuotientWasm({ ...qctx, out: qw });
          air.evaluateQuotientDag({ ...qctx, out: qd });
          expect(qv).toEqual(q);
          expect(qw).toEqual(q);
          expect(qd).toEqual(q);
          for (let k = 0; k < 4; k++) {
            const kn = (k + 1) % 4;
            const env: Env = {
              main: [...main.subarray(3 * k, 3 * k + 3)].map(BigInt),
              mainNext: [...main.subarray(3 * kn, 3 * kn + 3)].map(BigInt),
              prep: [...prep.subarray(2 * k, 2 * k + 2)].map(BigInt),
              prepNext: [...prep.subarray(2 * kn, 2 * kn + 2)].map(BigInt),
              pub: [...pub].map(BigInt),
              sel: {
                first: BigInt(sels[k]),
                last: BigInt((sels[k] * 3) % P),
                transition: BigInt((sels[k] + 5) % P),
              },
            };
            let ref: E.Ext = E.ZERO;
            trees.forEach(
              (t, j) => (ref = E.add4(ref, E.scale4(powers[j], Number(evalRef(t, env))))),
            );
            expect(E.getAt(q, k)).toEqual(ref);
            const ext = (v: bigint): E.Ext => E.fromBase(Number(v));
            const atPoint = air.evaluateAtPoint({
              mainLocal: env.main.map(ext),
              mainNext: env.mainNext.map(ext),
              prepLocal: env.prep.map(ext),
              prepNext: env.prepNext.map(ext),
              isFirst: ext(env.sel.first),
              isLast: ext(env.sel.last),
              isTransition: ext(env.sel.transition),
              publicValues: pub,
              alphaPowers,
            });
            expect(atPoint).toEqual(ref);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

const buses = [defineBus("random.w1", 1), defineBus("random.w2", 2), defineBus("random.w3", 3)];

interface RandomInteraction {
  bus: number;
  send: boolean;
  values: Tree[];
  m: Tree;
}

/** isTransition is a constraint scope only: refused in bus messages and multiplicities. */
function usesTransition(x: Tree): boolean {
  if (x.t === "sel") return x.s === "transition";
  if (x.t === "add" || x.t === "sub" || x.t === "mul")
    return usesTransition(x.a) || usesTransition(x.b);
  if (x.t === "neg") return usesTransition(x.a);
  return false;
}
const busTree = tree.filter((t) => degree(t) <= 2 && !usesTransition(t));

const interaction: fc.Arbitrary<RandomInteraction> = fc
  .record({
    bus: fc.integer({ min: 0, max: 2 }),
    send: fc.boolean(),
    values: fc.array(busTree, { minLength: 3, maxLength: 3 }),
    m: busTree,
  })
  .map((it) => ({ ...it, values: it.values.slice(0, it.bus + 1) }));

describe("random bus interactions: fingerprints and LogUp quotient agree everywhere", () => {
  it("generated JavaScript, vector program, DAG program, WebAssembly and the verifier", () => {
    fc.assert(
      fc.property(
        fc.array(interaction, { minLength: 1, maxLength: 5 }),
        fc.array(
          tree.filter((t) => degree(t) <= 3),
          { minLength: 0, maxLength: 2 },
        ),
        fc.integer({ min: 1, max: 0x7fffffff }),
        (its, trees, seed) => {
          const air = compileAir(
            defineAir({
              name: "random buses",
              mainColumns: ["m0", "m1", "m2"],
              preprocessedColumns: ["q0", "q1"],
              numPublicValues: 2,
              eval(b) {
                trees.forEach((t, j) => b.assertZero(`c${j}`, build(t, b)));
                for (const it of its) {
                  const values = it.values.map((v) => build(v, b));
                  if (it.send) b.send(buses[it.bus], values, build(it.m, b));
                  else b.receive(buses[it.bus], values, build(it.m, b));
                }
              },
            }),
          );
          const r = rng(seed);
          const ext = (): E.Ext => [r(), r(), r(), r()];
          const challenges = { z: ext(), beta: ext() };
          const pub = Uint32Array.from({ length: 2 }, r);
          // Fingerprints over an 8-row trace.
          const n = 8;
          const I = air.interactions.length;
          const main = Uint32Array.from({ length: 3 * n }, r);
          const prep = Uint32Array.from({ length: 2 * n }, r);
          const ch = new Uint32Array(8 + 4 * 4);
          ch.set(challenges.z, 0);
          ch[8] = 1;
          const beta = new Uint32Array(challenges.beta);
          for (let k = 1; k <= 3; k++) E.mulInto(ch, 8 + 4 * k, ch, 8 + 4 * (k - 1), beta, 0);
          const outs = () => [new Uint32Array(4 * n * I), new Uint32Array(n * I)];
          const generated = outs();
          buildFingerprintKernel(3, 2, air.interactions)(
            main,
            prep,
            pub,
            n,
            ch,
            generated[0],
            generated[1],
          );
          const program = lowerFingerprints(air.interactions);
          const vector = outs();
          const mainM = { values: main, width: 3, height: n };
          const prepM = { values: prep, width: 2, height: n };
          runVectorFingerprints(program, I, mainM, prepM, pub, n, challenges, vector[0], vector[1]);
          const wasm = outs();
          const module = rowsModule(
            () => program,
            { mainWidth: 3, prepWidth: 2, auxWidth: 0 },
            () => [4 * I, I],
          );
          runWasmRows(
            program,
            module,
            main,
            prep,
            n,
            { publicValues: pub, challenges },
            wasm[0],
            wasm[1],
          );
          const dag = outs();
          runDagFingerprints(encodeFingerprints(air.interactions), {
            interactions: I,
            main: mainM,
            preprocessed: prepM,
            publicValues: pub,
            n,
            challenges,
            den: dag[0],
            mult: dag[1],
          });
          expect(vector).toEqual(generated);
          expect(wasm).toEqual(generated);
          expect(dag).toEqual(generated);
          // The quotient, LogUp constraints included, on 16 random points (bit-reversed order).
          const N = 16;
          const rev = Uint32Array.from({ length: N }, (_, i) => {
            let y = 0;
            for (let b = 0; b < 4; b++) y |= ((i >> b) & 1) << (3 - b);
            return y;
          });
          const mat = (w: number) => ({
            values: Uint32Array.from({ length: w * N }, r),
            width: w,
            height: N,
          });
          const finalSum = ext();
          const alpha = ext();
          const alphaPowers = new Uint32Array(4 * air.constraints.length);
          let power: E.Ext = E.ONE;
          for (let j = 0; j < air.constraints.length; j++, power = E.mul4(power, alpha))
            E.setAt(alphaPowers, j, power);
          const ctx = {
            start: 0,
            end: N,
            N,
            nextStep: 2,
            rev,
            main: mat(3),
            preprocessed: mat(2),
            aux: mat(4 * air.auxWidth),
            isFirst: Uint32Array.from({ length: N }, r),
            isLast: Uint32Array.from({ length: N }, r),
            isTransition: Uint32Array.from({ length: N }, r),
            publicValues: pub,
            challenges,
            finalSum,
            alphaPowers,
          };
          const qs = [0, 1, 2, 3].map(() => new Uint32Array(4 * N));
          air.quotientEvaluator().evaluate({ ...ctx, out: qs[0] });
          air.evaluateQuotientVector({ ...ctx, out: qs[1] });
          air.evaluateQuotientWasm({ ...ctx, out: qs[2] });
          air.evaluateQuotientDag({ ...ctx, out: qs[3] });
          expect(qs[1]).toEqual(qs[0]);
          expect(qs[2]).toEqual(qs[0]);
          expect(qs[3]).toEqual(qs[0]);
          const row = (m: { values: Uint32Array; width: number }, i: number) =>
            Array.from(m.values.subarray(i * m.width, (i + 1) * m.width), (v) => E.fromBase(v));
          const auxRow = (i: number) =>
            Array.from({ length: air.auxWidth }, (_, c) =>
              E.getAt(ctx.aux.values.subarray(i * ctx.aux.width), c),
            );
          for (let k = 0; k < N; k++) {
            const kn = rev[(rev[k] + 2) % N];
            const atPoint = air.evaluateAtPoint({
              mainLocal: row(ctx.main, k),
              mainNext: row(ctx.main, kn),
              prepLocal: row(ctx.preprocessed, k),
              prepNext: row(ctx.preprocessed, kn),
              auxLocal: auxRow(k),
              auxNext: auxRow(kn),
              isFirst: E.fromBase(ctx.isFirst[k]),
              isLast: E.fromBase(ctx.isLast[k]),
              isTransition: E.fromBase(ctx.isTransition[k]),
              publicValues: pub,
              challenges,
              finalSum,
              alphaPowers,
            });
            expect(E.getAt(qs[0], k)).toEqual(atPoint);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
