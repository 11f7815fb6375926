/**
 * Adversarial review of the LogUp blinding (core/stark/zk-blind.ts): attacks on the zk flag, the
 * final sums, mixed ZK / ordinary parts and the reserved bus.
 *
 * The review found one gap, now closed: the reserved bus was only refused for ZK parts, so an
 * ordinary part of a mixed linked proof could use it and have its messages cancelled by the blind
 * messages of the ZK parts. The last describe block is that attack, now rejected.
 */
import { describe, expect, it } from "vitest";
import { type Bus, defineBus } from "../../core/air/bus.js";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Ext } from "../../core/field/extension.js";
import type { FriParams } from "../../core/fri/params.js";
import { P } from "../../core/field/babybear.js";
import { fingerprint } from "../../core/lookup/fingerprint.js";
import { type PartWitness, proveLinked } from "../../core/stark/prover.js";
import { commitPart, type LinkedCommitments, provePartOf } from "../../core/stark/rounds.js";
import { setup } from "../../core/stark/setup.js";
import type { StarkProof } from "../../core/stark/types.js";
import { verify, verifyLinked } from "../../core/stark/verifier.js";
import { blindedAir, blindedVk, ZK_BLIND_BUS } from "../../core/stark/zk-blind.js";
import { ZkRandom } from "../../core/stark/zk-random.js";
import {
  byteMults,
  bytePrep,
  byteTableAir,
  matrix,
  rangeUserAir,
  TEST_PARAMS,
} from "../air/fixtures.js";
import { rangeParts } from "./range-parts.js";

const none = new Uint32Array(0);
const seed = (k: number): Uint8Array => new Uint8Array(32).fill(k);

const { tableKey, userKey, partsOf, claims } = rangeParts(TEST_PARAMS);
const xs = [0, 5, 255, 17, 5, 99, 200, 1];
const zkSeeds = (j: number) => seed(40 + j);
const honestZk = proveLinked(partsOf(xs), { zk: true, zkSeed: zkSeeds });
const honestPlain = proveLinked(partsOf(xs));

const withTable = (p: StarkProof, i: number, finalSum: Ext): StarkProof => ({
  ...p,
  tables: p.tables.map((t, k) => (k === i ? { ...t, finalSum } : t)),
});
const addExt = (a: Ext, b: Ext): Ext => a.map((x, i) => (x + b[i]) % P) as unknown as Ext;
const subExt = (a: Ext, b: Ext): Ext => a.map((x, i) => (x + P - b[i]) % P) as unknown as Ext;

describe("LogUp blinding: attacks that must fail", () => {
  it("stripping the zk flag from a ZK proof, or adding it to a plain one, is rejected", () => {
    verifyLinked(claims(honestZk));
    const { zk: _drop, ...stripped } = honestZk[0];
    expect(() => verifyLinked(claims([stripped as StarkProof, honestZk[1]]))).toThrow();
    expect(() => verifyLinked(claims([{ ...honestPlain[0], zk: true }, honestPlain[1]]))).toThrow();
    // Swapping the flags between parts of a mixed proof changes the transcript too.
    expect(() => verifyLinked(claims([{ ...honestPlain[0], zk: true }, honestZk[1]]))).toThrow();
  });

  it("moving δ between two tables' revealed sums (total unchanged) is rejected", () => {
    const d: Ext = [1, 2, 3, 4] as unknown as Ext;
    const a = withTable(honestZk[0], 0, addExt(honestZk[0].tables[0].finalSum, d));
    const b = withTable(honestZk[1], 0, subExt(honestZk[1].tables[0].finalSum, d));
    expect(() => verifyLinked(claims([a, b]))).toThrow();
  });

  it("an unbalanced lookup cannot be hidden behind the blinding (forced with unsafeSkipChecks)", () => {
    // 300 is not a byte: the table's multiplicities ignore it, the user sends it anyway.
    const bad = [0, 5, 255, 17, 5, 99, 200, 300];
    const forced = proveLinked(partsOf(bad), {
      zk: true,
      zkSeed: zkSeeds,
      unsafeSkipChecks: true,
    });
    expect(() => verifyLinked(claims(forced))).toThrow(/do not balance/);
  });

  it("replaying one part's ZK proof with another seed's partner is rejected", () => {
    const other = proveLinked(partsOf(xs), { zk: true, zkSeed: (j) => seed(90 + j) });
    expect(() => verifyLinked(claims([honestZk[0], other[1]]))).toThrow();
  });

  it("tables of height 2 are blinded and verify; their sums are not the plain ones", () => {
    // A FRI final height that allows a 2-row table in a plain proof too.
    const small: FriParams = { ...TEST_PARAMS, logFinalPolyLen: 0 };
    const uk = setup([compileAir(rangeUserAir)], [], small);
    const tk = setup([compileAir(byteTableAir)], [bytePrep], small);
    const two = [3, 4];
    const parts: PartWitness[] = [
      { pk: uk, tables: [{ main: matrix(two.map((x) => [x])) }] },
      { pk: tk, tables: [{ main: byteMults(two) }] },
    ];
    const zk = proveLinked(parts, { zk: true, zkSeed: zkSeeds });
    const plain = proveLinked(parts);
    const cl = (ps: StarkProof[]) => [
      { vk: uk.vk, proof: ps[0], publicValues: [none] },
      { vk: tk.vk, proof: ps[1], publicValues: [none] },
    ];
    verifyLinked(cl(zk), [], { requireZk: true });
    verifyLinked(cl(plain));
    expect(zk[0].tables[0].finalSum).not.toEqual(plain[0].tables[0].finalSum);
  });

  it("the verifier's blinded AIRs match the prover's and the count bound counts the blind interaction", () => {
    const air = userKey.vk.airs[0];
    const b = blindedAir(air);
    expect(b.interactions.length).toBe(air.interactions.length + 1);
    expect(b.mainWidth).toBe(air.mainWidth + 4);
    // A fresh copy of the key (another object) derives the same AIRs and accepts the proof.
    const copy = { ...userKey.vk };
    expect(blindedVk(copy).airs[0]).toBe(blindedVk(userKey.vk).airs[0]);
    verifyLinked([
      { vk: copy, proof: honestZk[0], publicValues: [none] },
      { vk: { ...tableKey.vk }, proof: honestZk[1], publicValues: [none] },
    ]);
  });

  it("the fingerprint separates the blind bus from any other width sharing a prefix", () => {
    const ch = { z: [1, 2, 3, 4] as unknown as Ext, beta: [5, 6, 7, 8] as unknown as Ext };
    const id = ZK_BLIND_BUS.id;
    const blind = fingerprint(ZK_BLIND_BUS, [1, 2, 3, id], ch);
    // Same id, width 3 (a literal, the registry would refuse it) and width 5.
    const w3 = fingerprint({ id, name: "x3", width: 3 }, [1, 2, 3], ch);
    const w5 = fingerprint({ id, name: "x5", width: 5 }, [1, 2, 3, id, 0], ch);
    expect(blind).not.toEqual(w3);
    expect(blind).not.toEqual(w5);
  });

  it("the blind stream labels are separate from every other ZK stream", () => {
    const r = new ZkRandom(seed(1));
    const labels = ["blind:0", "blind:out", "main:0", "aux:0", "quotient:0:0", "mask"];
    const firsts = labels.map((l) => Array.from(r.elements(l, 4)).join(","));
    expect(new Set(firsts).size).toBe(labels.length);
  });
});

describe("LogUp blinding: an ordinary part on the reserved bus in a mixed linked proof", () => {
  // An application AIR whose statement is "public x (first row) equals public y (last row)",
  // enforced only by its bus: it sends x on the first row and receives y on the last. If it were
  // allowed on the reserved bus, the blind messages of ZK parts in the same linked proof (values
  // the prover chooses) could cancel its messages: found by this review, fixed by refusing the
  // bus in every part (refuseReservedBus).
  const victimOn = (bus: Bus) =>
    compileAir(
      defineAir({
        name: "victim",
        mainColumns: layout([["x", 4]] as const),
        numPublicValues: 8,
        eval(b) {
          const x = b.local.x;
          for (let i = 0; i < 4; i++) {
            b.whenFirstRow().assertEq(`x${i} = public ${i}`, x[i], b.public(i));
            b.whenLastRow().assertEq(`x${i} = public ${4 + i}`, x[i], b.public(4 + i));
          }
          b.send(bus, x, b.isFirstRow.sub(b.isLastRow), "x = y");
        },
      }),
    );
  const victimAir = victimOn(defineBus("zkglue.zk-blind", 4));
  // The same AIR on a bus literal with another name but the reserved id (the registry would
  // refuse to define it): refused by id, not by name.
  const aliasAir = victimOn({ id: ZK_BLIND_BUS.id, name: "victim.alias", width: 4 });
  // A key for the victim made around `setup` (as a hand-built or older key would be): setup of a
  // twin on a harmless bus, with the victim's AIR put in its place.
  const twinKey = setup([victimOn(defineBus("victim.twin", 4))], [], TEST_PARAMS);
  const victimKey = { ...twinKey, vk: { ...twinKey.vk, airs: [victimAir] } };
  const victimPart = (x: Uint32Array, y: Uint32Array): PartWitness => ({
    pk: victimKey,
    tables: [
      {
        // 8 rows (FRI's final height): x first, y last, the middle ones unconstrained.
        main: matrix([Array.from(x), ...Array(6).fill([0, 0, 0, 0]), Array.from(y)]),
        publicValues: Uint32Array.from([...x, ...y]),
      },
    ],
  });

  it("setup refuses an AIR on the reserved bus id, under its name or another", () => {
    expect(() => setup([victimAir], [], TEST_PARAMS)).toThrow(
      /setup: .*reserved for zero-knowledge/,
    );
    expect(() => setup([aliasAir], [], TEST_PARAMS)).toThrow(/reserved for zero-knowledge/);
    expect(() => blindedVk(victimKey.vk)).toThrow(/reserved/);
  });

  it("the prover refuses a part or an external message on the reserved bus", () => {
    const x = Uint32Array.of(1, 2, 3, 4);
    expect(() => proveLinked([...partsOf(xs), victimPart(x, x)])).toThrow(/reserved/);
    const external = [{ bus: ZK_BLIND_BUS, values: x, multiplicity: 1 }];
    expect(() => proveLinked(partsOf(xs), { external })).toThrow(/external message 0 .*reserved/);
  });

  it("the verifier refuses an external message on the reserved bus", () => {
    const external = [{ bus: ZK_BLIND_BUS, values: Uint32Array.of(1, 2, 3, 4), multiplicity: 1 }];
    expect(() => verifyLinked(claims(honestZk), external)).toThrow(/external message 0/);
  });

  it("ZK parts with a dangling blinding link cannot make the victim accept x ≠ y", () => {
    // The prover picks the seeds. Part 0 (user, ZK) sends out(seedU) and receives out(L) for a
    // seed L of no part; part 1 (table, ZK) sends out(seedT), receives out(seedU). The blind
    // messages' net is +out(seedT) − out(L); the victim's is +x − y; x = out(L), y = out(seedT).
    const [seedU, seedT, L] = [seed(1), seed(2), seed(3)];
    const out = (s: Uint8Array) => new ZkRandom(s).elements("blind:out", 4);
    const x = out(L);
    const y = out(seedT);
    expect(Array.from(x)).not.toEqual(Array.from(y));
    const [user, table] = partsOf(xs);
    const victim = victimPart(x, y);
    // The round functions directly (proveLinked refuses the victim before committing anything).
    const c: LinkedCommitments = {
      parts: [
        commitPart(user, undefined, seedU, L),
        commitPart(table, undefined, seedT, seedU),
        commitPart(victim),
      ],
      external: [],
    };
    const zkSeed = (j: number) => [seedU, seedT, L][j];
    const proofs = [0, 1, 2].map((i) => provePartOf(c, i, [user, table, victim][i], { zkSeed }));
    const forged = [
      ...claims(proofs),
      { vk: victimKey.vk, proof: proofs[2], publicValues: [Uint32Array.from([...x, ...y])] },
    ];
    // The buses balance (the attack works on the LogUp sums) but the victim's key is refused.
    expect(() => verifyLinked(forged)).toThrow(/part 2: .*reserved for zero-knowledge/);
    expect(() => verifyLinked(forged, [], { requireZk: true })).toThrow(/not zero-knowledge/);
  });
});
