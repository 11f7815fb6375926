import { describe, expect, it } from "vitest";
import { P, add, pow, twoAdicGenerator } from "../../core/field/babybear.js";
import { type Ext, add4, getAt, mul4 } from "../../core/field/extension.js";
import { reverseBits } from "../../core/fri/fold.js";
import { type FriParams, checkFriParams } from "../../core/fri/params.js";
import type { FriInput, FriProof } from "../../core/fri/proof.js";
import { proveFri } from "../../core/fri/prover.js";
import { Transcript } from "../../core/fri/transcript.js";
import { verifyFri } from "../../core/fri/verifier.js";

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

function prove(inputs: FriInput[], skipCheck = false): FriProof<number> {
  return proveFri(PARAMS, inputs, new Transcript("fri-test"), (index) => index, skipCheck);
}

function verify(inputs: FriInput[], proof: FriProof<number>): void {
  const logMax = Math.max(...inputs.map((i) => i.logHeight));
  verifyFri(PARAMS, logMax, proof, new Transcript("fri-test"), (index, opened) => {
    // The "input opening" here is the index itself; the verifier reads its own codewords.
    if (opened !== index) throw new Error("opened the wrong index");
    return new Map(inputs.map((inp) => [inp.logHeight, getAt(inp.codeword, index >>> (logMax - inp.logHeight))]));
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

  it("rejects every kind of tampering", () => {
    const tamper: [string, (p: FriProof<number>) => void][] = [
      ["merkle path node", (p) => (p.queries[3].rounds[1].path[0][0] ^= 1)],
      ["opened pair value", (p) => (p.queries[0].rounds[2].pair[1] = (p.queries[0].rounds[2].pair[1] + 1) % P)],
      ["final polynomial", (p) => (p.finalPoly[0] = [add(p.finalPoly[0][0], 1), 0, 0, 0])],
      ["pow nonce", (p) => (p.powNonce += 1)],
      ["commitment", (p) => (p.commitments[0][5] ^= 0x10)],
      ["dropped query", (p) => p.queries.pop()],
      ["dropped round", (p) => p.queries[0].rounds.pop()],
      ["short path", (p) => p.queries[1].rounds[0].path.pop()],
    ];
    for (const [what, f] of tamper) {
      const p = clone(proof);
      f(p);
      expect(() => verify(inputs, p), what).toThrow(/FRI verification failed/);
    }
  });

  it("refuses parameters below the security minimum", () => {
    expect(() => checkFriParams({ logBlowup: 1, numQueries: 80, powBits: 16, logFinalPolyLen: 0 })).toThrow(
      /96\.0 bits.*at least 100/,
    );
    expect(checkFriParams({ logBlowup: 1, numQueries: 100, powBits: 16, logFinalPolyLen: 3 }).numQueries).toBe(100);
    expect(() => checkFriParams({ logBlowup: 0, numQueries: 1000, powBits: 0, logFinalPolyLen: 0 })).toThrow(/logBlowup/);
  });
});

