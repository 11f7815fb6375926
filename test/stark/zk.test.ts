/**
 * Zero-knowledge proofs (core/stark/zk.ts): they verify, they differ from run to run unless a
 * test fixes the seed, round 1 and round 2 of a part agree through the seed, the format carries
 * the flag and refuses a ZK proof without its mask, and — the point — what a proof reveals has
 * the same distribution for two witnesses of one statement (and not without ZK).
 * The soundness tests of stark.test.ts run on ZK proofs too.
 */
import { describe, expect, it } from "vitest";
import { blake3 } from "@noble/hashes/blake3.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import { P } from "../../core/field/babybear.js";
import { type PartWitness, prove, proveLinked } from "../../core/stark/prover.js";
import { commitPart, type LinkedCommitments, provePartOf } from "../../core/stark/rounds.js";
import {
  deserializeLinkedProof,
  deserializeProof,
  serializeLinkedProof,
  serializeProof,
} from "../../core/stark/serialize.js";
import { setup } from "../../core/stark/setup.js";
import type { StarkProof } from "../../core/stark/types.js";
import { verify, verifyLinked } from "../../core/stark/verifier.js";
import { zkRandomizerCount, zkTableShape } from "../../core/stark/zk.js";
import { ZkRandom, streamBlocks } from "../../core/stark/zk-random.js";
import { CRITICAL, chiSquare, flat, histogram } from "./chi-square.js";
import {
  byteBus,
  byteMults,
  bytePrep,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  threeTables,
  threeTraces,
  TEST_PARAMS,
} from "../air/fixtures.js";

const fib = compileAir(fibAir);
const none = new Uint32Array(0);
/** A fixed seed per (run, part), for reproducible tests. */
const seeds =
  (run: number) =>
  (part: number): Uint8Array =>
    new Uint8Array(32).fill((run * 7 + part + 1) & 0xff);
const roundTrip = (p: StarkProof): StarkProof => deserializeProof(serializeProof(p));

describe("zero-knowledge proofs", () => {
  const fibW = fibTrace(64);
  const fibKey = setup([fib], [], TEST_PARAMS);

  it("verify, also after serialization: one table, a preprocessed table on a bus, several heights, external messages", () => {
    const p = prove(fibKey, [fibW], { zk: true });
    expect(p.zk).toBe(true);
    verify(fibKey.vk, p, [fibW.publicValues]);
    verify(fibKey.vk, roundTrip(p), [fibW.publicValues]);
    expect(roundTrip(p).zk).toBe(true);

    const xs = [0, 5, 255, 17, 5, 99, 200, 1];
    const rangeKey = setup(
      [compileAir(byteTableAir), compileAir(rangeUserAir)],
      [bytePrep],
      TEST_PARAMS,
    );
    const r = prove(rangeKey, [{ main: byteMults(xs) }, { main: matrix(xs.map((x) => [x])) }], {
      zk: true,
    });
    verify(rangeKey.vk, roundTrip(r), [none, none]);

    const t = threeTraces();
    const small = fibTrace(4);
    const key3 = setup(
      [threeTables.pair, threeTables.adder, threeTables.counter, fib],
      [],
      TEST_PARAMS,
    );
    const p3 = prove(key3, [{ main: t.pair }, { main: t.adder }, { main: t.counter }, small], {
      zk: true,
    });
    verify(key3.vk, roundTrip(p3), [none, none, none, small.publicValues]);

    const userKey = setup([compileAir(rangeUserAir)], [], TEST_PARAMS);
    const ext = [3, 4, 5, 6].map((x) => ({ bus: byteBus, values: [x], multiplicity: -1 }));
    const pe = prove(userKey, [{ main: matrix([3, 4, 5, 6].map((x) => [x])) }], {
      zk: true,
      external: ext,
    });
    verify(userKey.vk, pe, [none], ext);
  });

  it("two ZK proofs of one witness differ; a fixed seed makes one reproducible", () => {
    const a = serializeProof(prove(fibKey, [fibW], { zk: true }));
    const b = serializeProof(prove(fibKey, [fibW], { zk: true }));
    expect(a).not.toEqual(b);
    const s1 = serializeProof(prove(fibKey, [fibW], { zk: true, zkSeed: seeds(1) }));
    expect(serializeProof(prove(fibKey, [fibW], { zk: true, zkSeed: seeds(1) }))).toEqual(s1);
    expect(serializeProof(prove(fibKey, [fibW], { zk: true, zkSeed: seeds(2) }))).not.toEqual(s1);
    // zk off: the seed is not used, the proof is the ordinary one.
    expect(serializeProof(prove(fibKey, [fibW], { zkSeed: seeds(1) }))).toEqual(
      serializeProof(prove(fibKey, [fibW])),
    );
  });

  it("the ZK shapes: degree bound ≥ 2n and ≥ 2R, enough chunks for the quotient", () => {
    const R = zkRandomizerCount(TEST_PARAMS);
    expect(R).toBe(3 * 30 + 8);
    // 2^20 rows, degree 3: m = 2n, chunks of n, three of them.
    expect(zkTableShape(3, 20, TEST_PARAMS)).toEqual({ logExtra: 1, logChunk: 20, chunks: 3 });
    // 2^3 rows: the randomizers set the size.
    const s = zkTableShape(3, 3, TEST_PARAMS);
    expect(2 ** (3 + s.logExtra)).toBeGreaterThanOrEqual(2 * R);
    expect(s.chunks * 2 ** s.logChunk).toBeGreaterThanOrEqual(3 * (8 + R - 1) - 8 + 1);
    expect(() => zkTableShape(3, 24, TEST_PARAMS)).toThrow(/at most 2\^27/);
  });
});

describe("the ZK randomness", () => {
  it("the kernel and noble compute the same stream; labels and seeds give other streams", () => {
    const rng = new ZkRandom(seeds(3)(0));
    const key = rng.key("mask");
    const big = streamBlocks(key, 5, 2048); // the WebAssembly kernel
    const small = streamBlocks(key, 5, 3); // noble
    expect(big.subarray(0, 24)).toEqual(small);
    const last = new Uint8Array(4);
    new DataView(last.buffer).setUint32(0, 5 + 2047, true);
    const d = blake3(last, { key });
    expect(new Uint8Array(big.buffer, big.byteOffset + 32 * 2047, 32)).toEqual(d);
    const xs = rng.elements("mask", 10_000);
    expect(xs.every((x) => x < P)).toBe(true);
    expect(rng.elements("mask", 10_000)).toEqual(xs);
    expect(rng.elements("main:0", 16)).not.toEqual(xs.subarray(0, 16));
    expect(new ZkRandom(seeds(4)(0)).elements("mask", 16)).not.toEqual(xs.subarray(0, 16));
    expect(() => new ZkRandom(new Uint8Array(16))).toThrow(/32 bytes/);
  });
});

describe("ZK linked proofs in two rounds", () => {
  const tableKey = setup([compileAir(byteTableAir)], [bytePrep], TEST_PARAMS);
  const userKey = setup([compileAir(rangeUserAir), fib], [], TEST_PARAMS);
  const xsA = [0, 5, 255, 17, 5, 99, 200, 1];
  const xsB = [7, 7, 7, 7, 8, 9, 10, 11];
  const parts = (): PartWitness[] => [
    { pk: userKey, tables: [{ main: matrix(xsA.map((x) => [x])) }, fibTrace(8)] },
    { pk: userKey, tables: [{ main: matrix(xsB.map((x) => [x])) }, fibTrace(16)] },
    { pk: tableKey, tables: [{ main: byteMults([...xsA, ...xsB]) }] },
  ];
  const seed = seeds(5);

  it("round 1 and round 2 agree through the seed; the parts verify together", () => {
    const whole = proveLinked(parts(), { zk: true, zkSeed: seed });
    const c: LinkedCommitments = {
      // Each part's LogUp blinding links to the previous part's seed (zk-blind.ts).
      parts: parts().map((p, i) => commitPart(p, undefined, seed(i), seed((i + 2) % 3))),
      external: [],
    };
    const ps = parts();
    const apart = [2, 0, 1].map((i) => ({ i, p: provePartOf(c, i, ps[i], { zkSeed: seed }) }));
    apart.sort((a, b) => a.i - b.i);
    expect(apart.map((x) => serializeProof(x.p))).toEqual(whole.map(serializeProof));
    const back = deserializeLinkedProof(serializeLinkedProof(whole));
    verifyLinked([
      { vk: userKey.vk, proof: back[0], publicValues: [none, fibTrace(8).publicValues] },
      { vk: userKey.vk, proof: back[1], publicValues: [none, fibTrace(16).publicValues] },
      { vk: tableKey.vk, proof: back[2], publicValues: [none] },
    ]);
    // Round 2 without the seed, or with another, is refused.
    expect(() => provePartOf(c, 1, ps[1])).toThrow(/give its seed/);
    expect(() => provePartOf(c, 1, ps[1], { zkSeed: seeds(6) })).toThrow(/zkSeed differs/);
  });
});

describe("the ZK flag in the proof format", () => {
  const fibW = fibTrace(32);
  const key = setup([fib], [], TEST_PARAMS);
  const pub = [fibW.publicValues];
  const zk = prove(key, [fibW], { zk: true, zkSeed: seeds(7) });
  const plain = prove(key, [fibW]);

  it("a flag in the version word: absent on an ordinary proof, unknown flags refused", () => {
    const z = serializeProof(zk);
    const o = serializeProof(plain);
    const version = (b: Uint8Array): number =>
      new DataView(b.buffer, b.byteOffset).getUint32(4, true);
    expect(version(o)).toBe(4);
    expect(version(z)).toBe(4 | (1 << 16));
    const unknown = z.slice();
    unknown[6] |= 2;
    expect(() => deserializeProof(unknown)).toThrow(
      /malformed proof at byte 4: unknown proof flags/,
    );
  });

  it("a proof claiming ZK without its mask, or with the flag changed, is rejected", () => {
    const q = zk.openings.length - 1;
    const noMask = structuredClone(zk);
    noMask.openings[q].pop();
    noMask.pcs.input.batches[q].rows.pop();
    expect(() => verify(key.vk, noMask, pub)).toThrow(/proof rejected/);
    expect(() => verify(key.vk, roundTrip(noMask), pub)).toThrow(/proof rejected/);
    const unflagged = structuredClone(zk);
    delete unflagged.zk;
    expect(() => verify(key.vk, unflagged, pub)).toThrow(/proof rejected/);
    const flagged = { ...structuredClone(plain), zk: true as const };
    expect(() => verify(key.vk, flagged, pub)).toThrow(/proof rejected/);
    expect(() => verify(key.vk, roundTrip(flagged), pub)).toThrow(/proof rejected/);
    const bytes = serializeProof(zk);
    bytes[6] ^= 1; // clear the flag in the encoding
    expect(() => verify(key.vk, deserializeProof(bytes), pub)).toThrow(
      /malformed proof|proof rejected/,
    );
    expect(() => verify(key.vk, { ...zk, zk: 1 } as unknown as StarkProof, pub)).toThrow(
      /malformed zero-knowledge flag/,
    );
  });
});

/**
 * The simulator test. The statement: "there is a column x with y = x² on 16 rows" (no public
 * values, no buses). Witness A is all zeros, witness B is x = 1..16. Every value a proof reveals
 * (opened values, opened rows of every committed matrix, FRI round rows and final polynomial)
 * is put in one of 16 buckets by its size; a two-sample χ² test compares A's proofs with B's.
 * With ZK the two are indistinguishable; without, A's proof is all zeros and the test fails.
 */
describe("simulator test: what a ZK proof reveals does not depend on the witness", () => {
  const squares = compileAir(
    defineAir({
      name: "squares",
      mainColumns: layout(["x", "y"] as const),
      eval(b) {
        b.assertEq("y = x²", b.local.y, b.local.x.mul(b.local.x));
      },
    }),
  );
  const key = setup([squares], [], TEST_PARAMS);
  const witnessA = matrix(Array.from({ length: 16 }, () => [0, 0]));
  const witnessB = matrix(Array.from({ length: 16 }, (_, i) => [i + 1, (i + 1) ** 2]));

  function revealed(p: StarkProof): number[] {
    const out: number[] = [];
    for (const batch of p.openings)
      for (const mat of batch) for (const pt of mat) for (const e of pt) out.push(...e);
    for (const b of [...p.pcs.input.batches, ...p.pcs.rounds])
      for (const mat of b.rows) for (const row of mat) out.push(...row);
    for (const e of p.pcs.finalPoly) out.push(...e);
    return out;
  }
  const histogramOf = (proofs: StarkProof[]): number[] => histogram(proofs.flatMap(revealed));

  const RUNS = 12;

  it("ZK: the two witnesses' revealed values pass the same test", () => {
    const proofsOf = (main: typeof witnessA, base: number): StarkProof[] =>
      Array.from({ length: RUNS }, (_, r) =>
        prove(key, [{ main }], { zk: true, zkSeed: seeds(base + r) }),
      );
    const a = proofsOf(witnessA, 100);
    const b = proofsOf(witnessB, 200);
    for (const p of [a[0], b[0]]) verify(key.vk, p, [none]);
    const ha = histogramOf(a);
    const hb = histogramOf(b);
    expect(chiSquare(ha, hb)).toBeLessThan(CRITICAL);
    // And each is uniform: against the flat histogram of as many values.
    expect(chiSquare(ha, flat(ha))).toBeLessThan(CRITICAL);
  });

  it("without ZK the same test tells the witnesses apart", () => {
    const a = Array.from({ length: RUNS }, () => prove(key, [{ main: witnessA }]));
    const b = Array.from({ length: RUNS }, () => prove(key, [{ main: witnessB }]));
    expect(chiSquare(histogramOf(a), histogramOf(b))).toBeGreaterThan(100 * CRITICAL);
  });
});
