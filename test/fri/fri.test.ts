import { describe, expect, it } from "vitest";
import { P, add, pow, twoAdicGenerator } from "../../core/field/babybear.js";
import { type Ext, add4, getAt, mul4 } from "../../core/field/extension.js";
import { reverseBits } from "../../core/fri/fold.js";
import { type FriParams, checkFriParams } from "../../core/fri/params.js";
import { FriError, type FriInput, type FriProof } from "../../core/fri/proof.js";
import { proveFri } from "../../core/fri/prover.js";
import { Transcript } from "../../core/fri/transcript.js";
import { verifyFri } from "../../core/fri/verifier.js";
import { foldSchedule } from "../../core/fri/schedule.js";

// Small but real parameters: rate 1/4, enough queries that a bad codeword cannot slip through.
const PARAMS: FriParams = { logBlowup: 2, numQueries: 30, powBits: 4, logFinalPolyLen: 1 };

let seed = 12345;
function rand(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % P;
}
const randExt = (): Ext => [rand(), rand(), rand(), rand()];

/** Bit-reversed evaluations over the subgroup of order 2^logN of a random ext polynomial. */
function lowDegreeCodeword(logN: number, degree: number): Uint32Array {
  const coeffs = Array.from({ length: degree }, randExt);
  const n = 1 << logN;
  const w = twoAdicGenerator(logN);
  const out = new Uint32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const y = pow(w, reverseBits(i, logN));
    let acc: Ext = [0, 0, 0, 0];
    for (let k = degree - 1; k >= 0; k--) acc = add4(mul4(acc, [y, 0, 0, 0]), coeffs[k]);
    out.set(acc, 4 * i);
  }
  return out;
}

function inputsFor(logs: number[]): FriInput[] {
  return logs.map((logHeight) => ({
    logHeight,
    codeword: lowDegreeCodeword(logHeight, 1 << (logHeight - PARAMS.logBlowup)),
  }));
}

function prove(inputs: FriInput[], skipCheck = false, params = PARAMS): FriProof<number[]> {
  return proveFri(params, inputs, new Transcript("fri-test"), (indices) => indices, skipCheck);
}

function verify(inputs: FriInput[], proof: FriProof<number[]>, params = PARAMS): void {
  const logHeights = inputs.map((i) => i.logHeight);
  const logMax = Math.max(...logHeights);
  verifyFri(params, logHeights, proof, new Transcript("fri-test"), (indices, opened) => {
    // The "input opening" here is the indices themselves; the verifier reads its own codewords.
    // (As the PCS does, a bad input opening is reported as a FriError.)
    if (opened.join() !== indices.join()) throw new FriError("opened the wrong indices");
    return indices.map(
      (index) =>
        new Map(
          inputs.map((inp) => [
            inp.logHeight,
            getAt(inp.codeword, index >>> (logMax - inp.logHeight)),
          ]),
        ),
    );
  });
}

function clone<I>(p: FriProof<I>): FriProof<I> {
  return structuredClone(p);
}

describe("FRI", () => {
  const inputs = inputsFor([9, 7, 6]);
  const proof = prove(inputs);

  it("a low-degree batch of three heights verifies", () => {
    verify(inputs, proof);
  });

  it("a single input verifies", () => {
    const ins = inputsFor([10]);
    verify(ins, prove(ins));
  });

  it("is deterministic", () => {
    expect(prove(inputs)).toEqual(proof);
  });

  it("the prover refuses a codeword that is not low-degree", () => {
    const bad = inputsFor([8]);
    bad[0].codeword[5] = add(bad[0].codeword[5], 1);
    expect(() => prove(bad)).toThrow(/not low-degree/);
  });

  it("the verifier rejects a codeword that is not low-degree", () => {
    const bad = inputsFor([8]);
    for (let i = 0; i < bad[0].codeword.length; i++) bad[0].codeword[i] = rand();
    const p = prove(bad, true);
    expect(() => verify(bad, p)).toThrow(/FRI verification failed/);
  });

  it("rejects an input value that differs from what was proven", () => {
    const changed = inputs.map((i) => ({ ...i, codeword: Uint32Array.from(i.codeword) }));
    changed[1].codeword.fill(7);
    expect(() => verify(changed, proof)).toThrow(/FRI verification failed/);
  });

  it("folds with arity 8, then shortens the step at roll-ins and at the final height", () => {
    expect(foldSchedule([9, 7, 6], 3)).toEqual([2, 1, 3]);
    expect(foldSchedule([21], 4)).toEqual([3, 3, 3, 3, 3, 2]);
    expect(foldSchedule([17, 16, 4], 4)).toEqual([1, 3, 3, 3, 3]);
    expect(foldSchedule([5, 4], 4)).toEqual([1]);
    // every round uses arity > 2 somewhere in the tested batch (the round leaves are 2^s exts)
    expect(proof.rounds.map((r) => r.rows[0][0].length)).toEqual([16, 8, 32]);
    // 30 queries into the last round's 8 leaves open all of them: no digest is needed there.
    expect(proof.rounds[2].rows[0].length).toBe(8);
    expect(proof.rounds[2].nodes.length).toBe(0);
  });

  it("verifies where the folded height meets the final height exactly at a roll-in", () => {
    const params = { ...PARAMS, logFinalPolyLen: 2 }; // final height 2^4 = the shortest input
    const ins = inputsFor([8, 4]);
    verify(ins, prove(ins, false, params), params);
  });

  it("rejects every kind of tampering", () => {
    const bump = (w: Uint32Array, i: number) => (w[i] = (w[i] + 1) % P);
    const tamper: [string, (p: FriProof<number[]>) => void][] = [
      ["merkle node", (p) => (p.rounds[1].nodes[0][0] ^= 1)],
      [
        "last node of a round",
        (p) => (p.rounds[1].nodes[p.rounds[1].nodes.length - 1][31] ^= 0x80),
      ],
      ["a node where none is needed", (p) => p.rounds[2].nodes.push(p.rounds[1].nodes[0])],
      ["opened leaf value (queried position)", (p) => bump(p.rounds[0].rows[0][0], 0)],
      ["opened leaf value (sibling in the block)", (p) => bump(p.rounds[2].rows[0][1], 17)],
      ["final polynomial", (p) => (p.finalPoly[0] = [add(p.finalPoly[0][0], 1), 0, 0, 0])],
      ["pow nonce", (p) => (p.powNonce += 1)],
      ["commitment", (p) => (p.commitments[0][5] ^= 0x10)],
      ["dropped round", (p) => p.rounds.pop()],
      ["dropped node", (p) => p.rounds[0].nodes.splice(3, 1)],
      ["duplicated node", (p) => p.rounds[0].nodes.splice(3, 0, p.rounds[0].nodes[3])],
      ["extra node at the end", (p) => p.rounds[1].nodes.push(p.rounds[1].nodes[0])],
      [
        "swapped nodes",
        (p) =>
          ([p.rounds[0].nodes[0], p.rounds[0].nodes[1]] = [
            p.rounds[0].nodes[1],
            p.rounds[0].nodes[0],
          ]),
      ],
      ["dropped leaf", (p) => p.rounds[0].rows[0].pop()],
      ["duplicated leaf", (p) => p.rounds[0].rows[0].push(p.rounds[0].rows[0][0])],
      [
        "leaf of the wrong arity (8 words short)",
        (p) => (p.rounds[0].rows[0][0] = p.rounds[0].rows[0][0].slice(8)),
      ],
      [
        "leaf of the wrong arity (one block more)",
        (p) => {
          const r = p.rounds[2].rows[0];
          r[0] = Uint32Array.from([...r[0], ...r[0]]);
        },
      ],
      ["short node", (p) => (p.rounds[0].nodes[2] = p.rounds[0].nodes[2].slice(1))],
      ["missing rows", (p) => ((p.rounds[0] as { rows: unknown }).rows = [])],
      ["no rounds", (p) => ((p as { rounds: unknown }).rounds = undefined)],
    ];
    for (const [what, f] of tamper) {
      const p = clone(proof);
      f(p);
      expect(() => verify(inputs, p), what).toThrow(/FRI verification failed/);
    }
  });

  it("refuses input heights that are missing, repeated or below the final height", () => {
    const run = (heights: number[]) => () =>
      verifyFri(PARAMS, heights, proof, new Transcript("fri-test"), (indices) =>
        indices.map(() => new Map()),
      );
    expect(run([])).toThrow(/non-empty/);
    expect(run([9, 9])).toThrow(/not distinct/);
    expect(run([9, 2])).toThrow(/below the final height/);
    expect(run([9, 7])).toThrow(/FRI verification failed/); // a different schedule than proven
  });

  it("refuses parameters below the security minimum", () => {
    expect(() =>
      checkFriParams({ logBlowup: 1, numQueries: 80, powBits: 16, logFinalPolyLen: 0 }),
    ).toThrow(/96\.0 bits.*at least 100/);
    expect(
      checkFriParams({ logBlowup: 1, numQueries: 100, powBits: 16, logFinalPolyLen: 3 }).numQueries,
    ).toBe(100);
    expect(() =>
      checkFriParams({ logBlowup: 0, numQueries: 1000, powBits: 0, logFinalPolyLen: 0 }),
    ).toThrow(/logBlowup/);
  });
});
