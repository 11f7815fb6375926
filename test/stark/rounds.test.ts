/**
 * A linked proof in two rounds (core/stark/rounds.ts), as workers run it: commitments first,
 * then each part proven on its own from the commitments alone, in any order. The proofs must be
 * `proveLinked`'s byte for byte, and round 2 must refuse a witness other than round 1's.
 */
import { describe, expect, it } from "vitest";
import { compileAir } from "../../core/air/compile.js";
import { type PartWitness, proveLinked } from "../../core/stark/prover.js";
import {
  balances,
  checkLinkedBalance,
  commitPart,
  type LinkedCommitments,
  linkedChallenges,
  provePartOf,
} from "../../core/stark/rounds.js";
import { serializeProof } from "../../core/stark/serialize.js";
import { heap } from "../../core/wasm/heap.js";
import { setup } from "../../core/stark/setup.js";
import {
  byteMults,
  bytePrep,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  TEST_PARAMS,
} from "../air/fixtures.js";

const tableKey = setup([compileAir(byteTableAir)], [bytePrep], TEST_PARAMS);
const userKey = setup([compileAir(rangeUserAir), compileAir(fibAir)], [], TEST_PARAMS);
const xsA = [0, 5, 255, 17, 5, 99, 200, 1];
const xsB = [7, 7, 7, 7, 8, 9, 10, 11];

function parts(b = xsB): PartWitness[] {
  return [
    { pk: userKey, tables: [{ main: matrix(xsA.map((x) => [x])) }, fibTrace(8)] },
    { pk: userKey, tables: [{ main: matrix(b.map((x) => [x])) }, fibTrace(16)] },
    { pk: tableKey, tables: [{ main: byteMults([...xsA, ...xsB]) }] },
  ];
}

const commitAll = (ps: PartWitness[]): LinkedCommitments => ({
  parts: ps.map((p) => commitPart(p)),
  external: [],
});

describe("linked proofs in two rounds", () => {
  const whole = proveLinked(parts()).map(serializeProof);
  const c = commitAll(parts());

  it("parts proven apart, in reverse order, equal proveLinked's byte for byte", () => {
    const ps = parts();
    const proofs = [2, 1, 0].map((i) => ({ i, proof: provePartOf(c, i, ps[i]) }));
    proofs.sort((a, b) => a.i - b.i);
    expect(proofs.map((p) => serializeProof(p.proof))).toEqual(whole);
    checkLinkedBalance(
      c,
      proofs.map((p) => p.proof),
    );
  });

  it("the challenges depend on every root", () => {
    const other = commitAll(parts([7, 7, 7, 7, 8, 9, 10, 12]));
    expect(other.parts[0].root).toEqual(c.parts[0].root);
    expect(other.parts[1].root).not.toEqual(c.parts[1].root);
    expect(linkedChallenges(other).challenges).not.toEqual(linkedChallenges(c).challenges);
  });

  it("round 2 refuses a witness that is not round 1's", () => {
    const ps = parts([7, 7, 7, 7, 8, 9, 10, 12]);
    expect(() => provePartOf(c, 1, ps[1])).toThrow(/part 1's main trace changed/);
    expect(() => provePartOf(c, 0, parts()[1])).toThrow(/table heights differ/);
    expect(() => provePartOf(c, 2, parts()[0])).toThrow(/verifying key differs/);
    expect(() => provePartOf(c, 3, parts()[0])).toThrow(/part 3 of a proof of 3 parts/);
  });

  it("a missing part's sums leave the buses unbalanced", () => {
    const ps = parts();
    const proofs = [0, 1, 2].map((i) => provePartOf(c, i, ps[i]));
    expect(
      balances(
        c,
        proofs.flatMap((p) => p.tables.map((t) => t.finalSum)),
      ),
    ).toBe(true);
    expect(() => checkLinkedBalance(c, proofs.slice(0, 2))).toThrow(/do not balance/);
  });
});

describe("a short last part", () => {
  // The table first; the last part a quarter of the one before it.
  const short = (): PartWitness[] => [
    { pk: tableKey, tables: [{ main: byteMults([...xsA, ...xsB]) }] },
    { pk: userKey, tables: [{ main: matrix(xsA.map((x) => [x])) }, fibTrace(64)] },
    { pk: userKey, tables: [{ main: matrix(xsB.map((x) => [x])) }, fibTrace(8)] },
  ];

  it("keeps the part before it committed: one commit fewer, the same proofs", () => {
    const commits: number[] = [];
    const proofs = proveLinked(short(), {
      onPhase: (phase, part) => {
        if (phase === "commit main") commits.push(part);
      },
    });
    // Round 1 commits all three; round 2 only part 0 again (parts 2 and 1 are still committed).
    expect(commits).toEqual([0, 1, 2, 0]);
    const c = commitAll(short());
    const apart = [0, 1, 2].map((i) => serializeProof(provePartOf(c, i, short()[i])));
    expect(proofs.map(serializeProof)).toEqual(apart);
  });

  it("frees what it kept when a part fails", () => {
    // Proving part 2 fails (here its progress callback throws): the batch kept for part 1 goes
    // back to the heap with everything else.
    const before = heap().stats().allocatedBytes;
    expect(() =>
      proveLinked(short(), {
        onPhase: (phase, part) => {
          if (phase === "lookup" && part === 2) throw new Error("stop");
        },
      }),
    ).toThrow(/stop/);
    expect(heap().stats().allocatedBytes).toBe(before);
  });
});
