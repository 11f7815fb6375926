/**
 * The LogUp blinding of zero-knowledge proofs (core/stark/zk-blind.ts): each table's revealed
 * final sum no longer depends on its messages, the sums still balance, a broken blinding cycle is
 * rejected, the reserved bus cannot be used by an AIR, and a verifier can demand ZK.
 */
import { describe, expect, it } from "vitest";
import { defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Ext } from "../../core/field/extension.js";
import { prove, proveLinked } from "../../core/stark/prover.js";
import { commitPart, type LinkedCommitments, provePartOf } from "../../core/stark/rounds.js";
import { setup } from "../../core/stark/setup.js";
import type { StarkProof } from "../../core/stark/types.js";
import { verify, verifyLinked } from "../../core/stark/verifier.js";
import { blindedAir, blindedWitness, ZK_BLIND_BUS } from "../../core/stark/zk-blind.js";
import { fibAir, fibTrace, TEST_PARAMS } from "../air/fixtures.js";
import { rangeParts } from "./range-parts.js";
import { CRITICAL, chiSquare, flat, histogram } from "./chi-square.js";

const none = new Uint32Array(0);
const seeds =
  (run: number) =>
  (part: number): Uint8Array =>
    new Uint8Array(32).fill((run * 13 + part + 3) & 0xff);

const { tableKey, userKey, partsOf, claims } = rangeParts(TEST_PARAMS);
const xsA = [0, 0, 0, 0, 0, 0, 0, 0];
const xsB = [0, 5, 255, 17, 5, 99, 200, 1];
const sums = (proofs: StarkProof[]): Ext[] =>
  proofs.flatMap((p) => p.tables.map((t) => t.finalSum));

describe("LogUp blinding in ZK proofs", () => {
  it("the revealed sums change with the seed, differ from the plain proof's, and still balance", () => {
    const plain = proveLinked(partsOf(xsB));
    const zk1 = proveLinked(partsOf(xsB), { zk: true, zkSeed: seeds(1) });
    const zk2 = proveLinked(partsOf(xsB), { zk: true, zkSeed: seeds(2) });
    for (const p of [plain, zk1, zk2]) verifyLinked(claims(p));
    // The plain user table's sum is a function of xs alone; the blinded ones are not.
    expect(sums(zk1)[0]).not.toEqual(sums(plain)[0]);
    expect(sums(zk1)[0]).not.toEqual(sums(zk2)[0]);
    expect(sums(zk1)[1]).not.toEqual(sums(zk2)[1]);
  });

  /**
   * The simulator side of the LogUp sums: for fixed challenges, the user table's final sum over
   * 300 seeds is bucketed (4 coordinates each) for witness A (all zeros) and witness B; the two
   * histograms pass a two-sample χ² test and each passes against the flat one. Without blinding
   * the sum is one value per witness and the test tells them apart.
   */
  it("a table's revealed sum does not depend on its messages (χ² over 300 seeds)", () => {
    const challenges = { z: [11, 22, 33, 44] as Ext, beta: [5, 6, 7, 8] as Ext };
    const RUNS = 300;
    const userSum = (xs: number[], run: number, blind: boolean): Ext => {
      const parts = partsOf(xs);
      const part = blind ? blindedWitness(parts[0], seeds(run)(0), seeds(run)(1)) : parts[0];
      const air = part.pk.vk.airs[0];
      return air.buildAuxTrace(part.tables[0].main, undefined, none, challenges).finalSum;
    };
    const hist = (xs: number[], base: number, blind: boolean) =>
      histogram(Array.from({ length: RUNS }, (_, r) => userSum(xs, base + r, blind)).flat());
    const ha = hist(xsA, 1000, true);
    const hb = hist(xsB, 2000, true);
    expect(chiSquare(ha, hb)).toBeLessThan(CRITICAL);
    expect(chiSquare(ha, flat(ha))).toBeLessThan(CRITICAL);
    expect(chiSquare(hist(xsA, 0, false), hist(xsB, 0, false))).toBeGreaterThan(10 * CRITICAL);
  });

  it("a broken blinding cycle (a part linked to the wrong seed) is refused by the prover and, forced, by the verifier", () => {
    const parts = partsOf(xsB);
    const seed = seeds(3);
    const wrongLink = seeds(4)(0);
    const c: LinkedCommitments = {
      parts: [
        commitPart(parts[0], undefined, seed(0), seed(1)),
        commitPart(parts[1], undefined, seed(1), wrongLink),
      ],
      external: [],
    };
    const zkSeed = (j: number) => seed(j);
    // Round 2 recomputes the link from zkSeed: part 1's root no longer matches.
    expect(() => provePartOf(c, 1, parts[1], { zkSeed })).toThrow(/changed since it was committed/);
    // A prover that uses the wrong link in both rounds gets an unbalanced proof.
    const forced = [
      provePartOf(c, 0, parts[0], { zkSeed, unsafeSkipChecks: true }),
      provePartOf(c, 1, parts[1], {
        zkSeed: (j) => (j === 0 ? wrongLink : seed(j)),
        unsafeSkipChecks: true,
      }),
    ];
    expect(() => verifyLinked(claims(forced))).toThrow(/do not balance/);
  });

  it("an AIR on the reserved bus is refused; a zero-knowledge part without interactions cannot be linked", () => {
    const reserved = defineBus("zkglue.zk-blind", 4);
    expect(reserved).toBe(ZK_BLIND_BUS);
    const sneaky = compileAir(
      defineAir({
        name: "sneaky",
        mainColumns: layout([["m", 4]] as const),
        eval(b) {
          b.send(reserved, b.local.m, 1);
        },
      }),
    );
    expect(() => blindedAir(sneaky)).toThrow(/reserved for zero-knowledge blinding/);
    const fib = setup([compileAir(fibAir)], [], TEST_PARAMS);
    // Alone a table without interactions is fine (its sum is 0); linked it cannot carry a blinding.
    verify(fib.vk, prove(fib, [fibTrace(8)], { zk: true, zkSeed: seeds(5) }), [
      fibTrace(8).publicValues,
    ]);
    expect(() =>
      proveLinked([...partsOf(xsB), { pk: fib, tables: [fibTrace(8)] }], { zk: true }),
    ).toThrow(/no bus interactions/);
  });

  it("requireZk refuses an ordinary proof and an ordinary part among ZK parts", () => {
    const zk = proveLinked(partsOf(xsB), { zk: true, zkSeed: seeds(6) });
    const plain = proveLinked(partsOf(xsB));
    verifyLinked(claims(zk), [], { requireZk: true });
    verifyLinked(claims(plain));
    expect(() => verifyLinked(claims(plain), [], { requireZk: true })).toThrow(
      /part 0: the proof is not zero-knowledge/,
    );
    expect(() => verifyLinked(claims([zk[0], plain[1]]), [], { requireZk: true })).toThrow(
      /part 1: the proof is not zero-knowledge/,
    );
    const fib = setup([compileAir(fibAir)], [], TEST_PARAMS);
    const single = prove(fib, [fibTrace(8)]);
    expect(() =>
      verify(fib.vk, single, [fibTrace(8).publicValues], [], { requireZk: true }),
    ).toThrow(/not zero-knowledge/);
  });
});
