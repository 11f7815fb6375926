/**
 * Linked proofs: parts proven separately whose buses balance only together. The byte table is in
 * one part, its users in two others; each part is a complete STARK proof, but the LogUp
 * challenges are shared and the verifier balances all parts at once. Every case runs for plain
 * and for zero-knowledge proofs (ZK with a fixed test seed per part, so its proofs repeat).
 */
import { describe, expect, it } from "vitest";
import { compileAir } from "../../core/air/compile.js";
import { P } from "../../core/field/babybear.js";
import type { Ext } from "../../core/field/extension.js";
import {
  type PartWitness,
  prove as proveWith,
  proveLinked as proveLinkedWith,
} from "../../core/stark/prover.js";
import type { ProveOptions, TableWitness } from "../../core/stark/witness.js";
import type { ProvingKey } from "../../core/stark/types.js";
import { deserializeLinkedProof, serializeLinkedProof } from "../../core/stark/serialize.js";
import { setup } from "../../core/stark/setup.js";
import type { StarkProof } from "../../core/stark/types.js";
import { type PartClaim, verify, verifyLinked } from "../../core/stark/verifier.js";
import {
  byteBus,
  byteMults,
  bytePrep,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  TEST_PARAMS,
} from "../air/fixtures.js";

const byteTable = compileAir(byteTableAir);
const user = compileAir(rangeUserAir);
const fib = compileAir(fibAir);
const tableKey = setup([byteTable], [bytePrep], TEST_PARAMS);
const userKey = setup([user, fib], [], TEST_PARAMS);
const none = new Uint32Array(0);

const xsA = [0, 5, 255, 17, 5, 99, 200, 1];
const xsB = [7, 7, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
const fibA = fibTrace(8);
const fibB = fibTrace(16);

function parts(a = xsA, b = xsB): PartWitness[] {
  return [
    { pk: userKey, tables: [{ main: matrix(a.map((x) => [x])) }, fibA] },
    { pk: userKey, tables: [{ main: matrix(b.map((x) => [x])) }, fibB] },
    { pk: tableKey, tables: [{ main: byteMults([...xsA, ...xsB]) }] },
  ];
}

function claims(proofs: StarkProof[]): PartClaim[] {
  return [
    { vk: userKey.vk, proof: proofs[0], publicValues: [none, fibA.publicValues] },
    { vk: userKey.vk, proof: proofs[1], publicValues: [none, fibB.publicValues] },
    { vk: tableKey.vk, proof: proofs[2], publicValues: [none] },
  ];
}

/** Plain, or zero-knowledge with a fixed seed per part (test only: real seeds are random). */
const modes: [string, ProveOptions][] = [
  ["plain", {}],
  ["zero-knowledge", { zk: true, zkSeed: (i: number) => new Uint8Array(32).fill(i + 1) }],
];

describe.each(modes)("linked proofs (%s)", (_, mode) => {
  const proveLinked = (ps: PartWitness[], o: ProveOptions = {}) =>
    proveLinkedWith(ps, { ...mode, ...o });
  const prove = (pk: ProvingKey, w: TableWitness[]) => proveWith(pk, w, mode);
  const proofs = proveLinked(parts());

  it("three parts verify together, also after serialization", () => {
    expect(proofs.every((p) => p.zk === mode.zk)).toBe(true);
    verifyLinked(claims(proofs));
    verifyLinked(claims(deserializeLinkedProof(serializeLinkedProof(proofs))));
    expect(serializeLinkedProof(proveLinked(parts()))).toEqual(serializeLinkedProof(proofs));
  });

  it("no part balances alone", () => {
    for (const c of claims(proofs))
      expect(() => verify(c.vk, c.proof, c.publicValues)).toThrow(/do not balance/);
  });

  it("a dropped, duplicated or reordered part is rejected", () => {
    const c = claims(proofs);
    expect(() => verifyLinked([c[0], c[2]])).toThrow(/do not balance/);
    expect(() => verifyLinked([c[0], c[0], c[1], c[2]])).toThrow(/proof rejected/);
    expect(() => verifyLinked([c[1], c[0], c[2]])).toThrow(/proof rejected/);
  });

  it("a part from another linked proof is rejected", () => {
    const other = proveLinked(parts(xsA, [...xsB].reverse()));
    const mixed = claims(proofs);
    mixed[1] = { ...mixed[1], proof: other[1] };
    expect(() => verifyLinked(mixed)).toThrow(/proof rejected/);
  });

  it("the prover refuses parts that balance only with a value outside the table", () => {
    const bad = parts(xsA, [...xsB.slice(0, 15), 256]);
    expect(() => proveLinked(bad)).toThrow(/buses do not balance/);
    const forced = proveLinked(bad, { unsafeSkipChecks: true });
    const c = claims(forced);
    expect(() => verifyLinked(c)).toThrow(/proof rejected/);
  });

  it("a tampered public value, or LogUp mass moved between parts, is rejected", () => {
    const c = claims(proofs);
    const pub = Uint32Array.from(fibB.publicValues);
    pub[0] = (pub[0] + 1) % P;
    expect(() => verifyLinked([c[0], { ...c[1], publicValues: [none, pub] }, c[2]])).toThrow(
      /proof rejected/,
    );
    // Moving LogUp mass between two parts keeps the total but breaks each part's own proof.
    const moved = structuredClone(proofs);
    const bump = ([a, b, c, d]: Ext, by: number): Ext => [(a + by) % P, b, c, d];
    moved[0].tables[0].finalSum = bump(moved[0].tables[0].finalSum, 1);
    moved[1].tables[0].finalSum = bump(moved[1].tables[0].finalSum, P - 1);
    expect(() => verifyLinked(claims(moved))).toThrow(/proof rejected: part 0: /);
  });

  it("a single part is the ordinary proof", () => {
    const key = setup([byteTable, user], [bytePrep, undefined], TEST_PARAMS);
    const w = [{ main: byteMults(xsA) }, { main: matrix(xsA.map((x) => [x])) }];
    const single = prove(key, w);
    expect(proveLinked([{ pk: key, tables: w }])).toEqual([single]);
    verifyLinked([{ vk: key.vk, proof: single, publicValues: [none, none] }]);
  });

  it("external messages balance against all parts", () => {
    const key = setup([user], [], TEST_PARAMS);
    const ext = [3, 4].map((x) => ({ bus: byteBus, values: [x], multiplicity: -1 }));
    const ps: PartWitness[] = [
      { pk: key, tables: [{ main: matrix([[3], [3], [3], [3]]) }] },
      { pk: key, tables: [{ main: matrix([[4], [4], [4], [4]]) }] },
    ];
    const ext2 = [...ext, ...ext, ...ext, ...ext];
    const [p0, p1] = proveLinked(ps, { external: ext2 });
    const c = [
      { vk: key.vk, proof: p0, publicValues: [none] },
      { vk: key.vk, proof: p1, publicValues: [none] },
    ];
    verifyLinked(c, ext2);
    expect(() => verifyLinked(c, ext)).toThrow(/do not balance/);
  });
});
