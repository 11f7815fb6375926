import { describe, expect, it } from "vitest";
import { compileAir } from "../../core/air/compile.js";
import { P } from "../../core/field/babybear.js";
import { type TableWitness, prove } from "../../core/stark/prover.js";
import { deserializeProof, serializeProof } from "../../core/stark/serialize.js";
import { setup } from "../../core/stark/setup.js";
import type { ProvingKey, StarkProof } from "../../core/stark/types.js";
import { verify } from "../../core/stark/verifier.js";
import {
  byteBus,
  bytePrep,
  byteMults,
  byteTableAir,
  fibAir,
  fibTrace,
  matrix,
  rangeUserAir,
  threeTables,
  threeTraces,
  withCell,
  TEST_PARAMS,
} from "../air/fixtures.js";

const fib = compileAir(fibAir);

function fibSetup(): { pk: ProvingKey; witness: TableWitness[] } {
  const { main, publicValues } = fibTrace(64);
  return { pk: setup([fib], [], TEST_PARAMS), witness: [{ main, publicValues }] };
}

function roundTrip(p: StarkProof): StarkProof {
  return deserializeProof(serializeProof(p));
}

describe("multi-table STARK", () => {
  const { pk, witness } = fibSetup();
  const proof = prove(pk, witness);
  const publics = witness.map((w) => w.publicValues!);

  it("Fibonacci proves and verifies, also after serialization", () => {
    verify(pk.vk, proof, publics);
    verify(pk.vk, roundTrip(proof), publics);
    expect(serializeProof(prove(pk, witness))).toEqual(serializeProof(proof)); // deterministic
  });

  it("a range check against a preprocessed table over a bus", () => {
    const byteTable = compileAir(byteTableAir);
    const user = compileAir(rangeUserAir);
    const xs = [0, 5, 255, 17, 5, 99, 200, 1];
    const key = setup([byteTable, user], [bytePrep, undefined], TEST_PARAMS);
    const w: TableWitness[] = [{ main: byteMults(xs) }, { main: matrix(xs.map((x) => [x])) }];
    const p = prove(key, w);
    verify(key.vk, roundTrip(p), [new Uint32Array(0), new Uint32Array(0)]);
    // 256 is not a byte: the bus cannot balance.
    const bad: TableWitness[] = [
      { main: byteMults(xs) },
      { main: matrix([...xs.slice(0, 7), 256].map((x) => [x])) },
    ];
    expect(() => prove(key, bad)).toThrow(/buses do not balance/);
    const forced = prove(key, bad, { unsafeSkipChecks: true });
    expect(() => verify(key.vk, forced, [new Uint32Array(0), new Uint32Array(0)])).toThrow(
      /proof rejected/,
    );
  });

  it("three tables of different heights on two buses, beside a table with no interactions", () => {
    const t = threeTraces();
    const fibW = fibTrace(4);
    const airs = [threeTables.pair, threeTables.adder, threeTables.counter, fib];
    const key = setup(airs, [], TEST_PARAMS);
    const w: TableWitness[] = [{ main: t.pair }, { main: t.adder }, { main: t.counter }, fibW];
    const p = prove(key, w);
    const pub = [new Uint32Array(0), new Uint32Array(0), new Uint32Array(0), fibW.publicValues];
    verify(key.vk, roundTrip(p), pub);
    expect(p.tables.map((x) => x.logHeight)).toEqual([3, 4, 5, 2]);
  });

  it("external messages: the verifier's own side of a bus", () => {
    const user = compileAir(rangeUserAir);
    const key = setup([user], [], TEST_PARAMS);
    const xs = [3, 4, 5, 6];
    const ext = xs.map((x) => ({ bus: byteBus, values: [x], multiplicity: -1 }));
    const p = prove(key, [{ main: matrix(xs.map((x) => [x])) }], { external: ext });
    verify(key.vk, p, [new Uint32Array(0)], ext);
    const other = ext.map((m, i) => (i === 2 ? { ...m, values: [7] } : m));
    expect(() => verify(key.vk, p, [new Uint32Array(0)], other)).toThrow(/do not balance/);
  });
});

// Every soundness test runs on ordinary and on zero-knowledge proofs.
describe.each([false, true])("STARK soundness (zk: %s)", (zk) => {
  const { pk, witness } = fibSetup();
  const publics = witness.map((w) => w.publicValues!);
  const proof = prove(pk, witness, { zk });

  it("a changed trace cell: the prover refuses, a forced proof is rejected", () => {
    const bad = [{ ...witness[0], main: withCell(witness[0].main, 10, 1, 12345) }];
    expect(() => prove(pk, bad, { zk })).toThrow(/does not satisfy its constraints/);
    const forced = prove(pk, bad, { unsafeSkipChecks: true, zk });
    expect(() => verify(pk.vk, forced, publics)).toThrow(/proof rejected/);
  });

  it("a tampered public value is rejected", () => {
    const pub = [Uint32Array.from(publics[0])];
    pub[0][2] = (pub[0][2] + 1) % P;
    expect(() => verify(pk.vk, proof, pub)).toThrow(/proof rejected/);
  });

  it("a proof of one statement is rejected for another", () => {
    const other = fibTrace(128);
    const otherKey = setup([fib], [], TEST_PARAMS);
    const p2 = prove(otherKey, [other], { zk });
    expect(() => verify(pk.vk, p2, publics)).toThrow(/proof rejected/);
    const user = setup([compileAir(rangeUserAir)], [], TEST_PARAMS);
    expect(() => verify(user.vk, proof, [new Uint32Array(0)])).toThrow(/proof rejected/);
  });

  it("weaker-than-minimum parameters are refused", () => {
    expect(() => setup([fib], [], { ...TEST_PARAMS, numQueries: 29 })).toThrow(/at least 100/);
    const weak = { ...proof, params: { ...TEST_PARAMS, numQueries: 20 } };
    expect(() => verify(pk.vk, weak, publics)).toThrow(/proof rejected/);
  });

  it("a forged accumulator or final sum is rejected", () => {
    const sums = structuredClone(proof);
    // Fibonacci has no interactions: any non-zero final sum is refused outright.
    sums.tables[0].finalSum = [1, 0, 0, 0];
    expect(() => verify(pk.vk, sums, publics)).toThrow(/proof rejected/);
  });

  it("changed openings are rejected (they are bound before the FRI challenges)", () => {
    for (let b = 0; b < proof.openings.length; b++) {
      const p = structuredClone(proof);
      const v = p.openings[b][0][0][0];
      p.openings[b][0][0][0] = [(v[0] + 1) % P, v[1], v[2], v[3]];
      expect(() => verify(pk.vk, p, publics), `batch ${b}`).toThrow(/proof rejected/);
    }
  });

  it("sampled byte flips across a serialized proof are all rejected", () => {
    const bytes = serializeProof(proof);
    let state = 7;
    for (let trial = 0; trial < 150; trial++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const pos = state % bytes.length;
      const flipped = bytes.slice();
      flipped[pos] ^= 1 << (trial % 8);
      expect(() => verify(pk.vk, deserializeProof(flipped), publics), `byte ${pos}`).toThrow(
        /malformed proof|proof rejected/,
      );
    }
    expect(() => deserializeProof(bytes.subarray(0, bytes.length - 3))).toThrow(
      /malformed proof at byte/,
    );
    expect(() => deserializeProof(new Uint8Array([1, 2, 3]))).toThrow(/malformed proof/);
  });
});

describe("LogUp count bound", () => {
  it("refuses Σ interactions × height ≥ p, so multiplicities cannot wrap", async () => {
    const { checkLookupBound } = await import("../../core/stark/bound.js");
    const { defineAir } = await import("../../core/air/compile.js");
    const { layout } = await import("../../core/air/layout.js");
    const many = compileAir(
      defineAir({
        name: "many lookups",
        mainColumns: layout(["x"] as const),
        eval(b) {
          for (let i = 0; i < 64; i++) b.send(byteBus, [b.local.x], 1);
        },
      }),
    );
    expect(() => checkLookupBound([many], [24], 0)).not.toThrow();
    expect(() => checkLookupBound([many], [25], 0)).toThrow(/not below p/);
  });
});

describe.each([false, true])("LogUp soundness in the proof (zk: %s)", (zk) => {
  const user = compileAir(rangeUserAir);
  const byteTable = compileAir(byteTableAir);
  const xs = [1, 2, 3, 4, 5, 6, 7, 300];
  const key = setup([byteTable, user], [bytePrep, undefined], TEST_PARAMS);
  const none = [new Uint32Array(0), new Uint32Array(0)];
  // 300 is not a byte; the user's true LogUp sum leaves the buses unbalanced.
  const witness: TableWitness[] = [{ main: byteMults(xs) }, { main: matrix(xs.map((x) => [x])) }];
  // ZK: one fixed seed, so the honest proof below draws the same challenges as the forged one.
  const zkSeed = zk ? () => new Uint8Array(32).fill(9) : undefined;

  it("an accumulator that starts from a prover-chosen value is rejected", () => {
    // Shift the user's whole accumulator column (aux ext column 1) by d so that it ends at the
    // balancing sum: only the first-row constraint can notice.
    const forged = prove(key, witness, {
      zk,
      zkSeed,
      unsafeSkipChecks: true,
      unsafeTamperAux: (t, aux) => {
        if (t !== 1) return undefined;
        const honest = prove(key, witness, { unsafeSkipChecks: true, zk, zkSeed }).tables.map(
          (x) => x.finalSum,
        );
        // d = −(sum of both final sums): makes Σ final sums = 0.
        const d = [0, 1, 2, 3].map((k) => (2 * P - honest[0][k] - honest[1][k]) % P);
        const accCol = aux.width - 4;
        for (let r = 0; r < aux.height; r++) {
          for (let k = 0; k < 4; k++)
            aux.values[r * aux.width + accCol + k] =
              (aux.values[r * aux.width + accCol + k] + d[k]) % P;
        }
        const last = (aux.height - 1) * aux.width + accCol;
        return [aux.values[last], aux.values[last + 1], aux.values[last + 2], aux.values[last + 3]];
      },
    });
    const total = [0, 1, 2, 3].map(
      (k) => (forged.tables[0].finalSum[k] + forged.tables[1].finalSum[k]) % P,
    );
    expect(total).toEqual([0, 0, 0, 0]); // the buses "balance" ...
    expect(() => verify(key.vk, forged, none)).toThrow(/proof rejected/); // ... and it is still caught
  });

  it("a final sum that disagrees with the accumulator is rejected", () => {
    const forged = prove(key, witness, {
      zk,
      zkSeed,
      unsafeSkipChecks: true,
      unsafeTamperAux: (t) => {
        if (t !== 1) return undefined;
        const honest = prove(key, witness, { unsafeSkipChecks: true, zk, zkSeed }).tables.map(
          (x) => x.finalSum,
        );
        return [0, 1, 2, 3].map((k) => (P - honest[0][k]) % P) as unknown as [
          number,
          number,
          number,
          number,
        ];
      },
    });
    expect(() => verify(key.vk, forged, none)).toThrow(/proof rejected/);
  });
});

describe("the verifier's own bus messages are part of the statement", () => {
  it("messages changed after the proof are rejected even when their LogUp sum is unchanged", () => {
    const user = compileAir(rangeUserAir);
    const key = setup([user], [], TEST_PARAMS);
    const xs = [3, 4, 5, 6];
    const ext = xs.map((x) => ({ bus: byteBus, values: [x], multiplicity: -1 }));
    const p = prove(key, [{ main: matrix(xs.map((x) => [x])) }], { external: ext });
    verify(key.vk, p, [new Uint32Array(0)], ext);
    // A cancelling pair leaves Σ m/(z − fp) as it was, for any challenges: only the transcript
    // binding of the messages (before z and β are drawn) tells the two statements apart.
    const padded = [
      ...ext,
      { bus: byteBus, values: [77], multiplicity: 1 },
      { bus: byteBus, values: [77], multiplicity: -1 },
    ];
    expect(() => verify(key.vk, p, [new Uint32Array(0)], padded)).toThrow(/proof rejected/);
    const reordered = [ext[1], ext[0], ext[2], ext[3]];
    expect(() => verify(key.vk, p, [new Uint32Array(0)], reordered)).toThrow(/proof rejected/);
  });

  it("malformed proof objects are rejected with a VerificationError", () => {
    const { pk, witness } = fibSetup();
    const p = prove(pk, witness);
    const pub = [witness[0].publicValues!];
    for (const bad of [
      { ...p, tables: [null] },
      { ...p, mainRoot: null },
      { ...p, openings: null },
      { ...p, pcs: undefined },
    ]) {
      expect(() => verify(pk.vk, bad as unknown as StarkProof, pub)).toThrow(/proof rejected/);
    }
  });
});
