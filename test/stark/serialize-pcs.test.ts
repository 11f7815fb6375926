import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { DEFAULT_FRI_PARAMS } from "../../core/fri/params.js";
import { ProofFormatError, deserializeProof, serializeProof } from "../../core/stark/serialize.js";
import { PROOF_VERSION, type StarkProof } from "../../core/stark/types.js";

// A proof-shaped object (not a valid proof): the encoding of the multi-openings round-trips and
// malformed bytes are refused with a ProofFormatError naming what was being read.
const digest = (b: number) => new Uint8Array(32).fill(b);
const words = (...xs: number[]) => Uint32Array.from(xs);
const proof: StarkProof = {
  version: PROOF_VERSION,
  params: DEFAULT_FRI_PARAMS,
  tables: [{ logHeight: 4, finalSum: [1, 2, 3, 4] }],
  mainRoot: digest(1),
  auxRoot: undefined,
  quotientRoot: digest(2),
  openings: [[[[[5, 6, 7, 8]]]]],
  pcs: {
    commitments: [digest(3)],
    finalPoly: [[9, 10, 11, 12]],
    powNonce: 77,
    input: {
      batches: [{ rows: [[words(1, 2), words(3, 4)], [words(5)]], nodes: [digest(4), digest(5)] }],
    },
    rounds: [{ rows: [[words(1, 2, 3, 4, 5, 6, 7, 8)]], nodes: [] }],
  },
};
const bytes = serializeProof(proof);

describe("proof encoding v2 (multi-openings)", () => {
  it("round-trips", () => {
    expect(deserializeProof(bytes)).toEqual(proof);
  });

  it("writes encoding version 2 and refuses others", () => {
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(2);
    const v1 = bytes.slice();
    v1[4] = 1;
    expect(() => deserializeProof(v1)).toThrow(/unsupported proof version 1/);
  });

  it("refuses every truncation and trailing bytes", () => {
    for (let n = 0; n < bytes.length; n++)
      expect(() => deserializeProof(bytes.subarray(0, n))).toThrow(ProofFormatError);
    expect(() => deserializeProof(Uint8Array.from([...bytes, 0]))).toThrow(/trailing/);
  });

  it("refuses a non-canonical value in a FRI leaf, and a count past the end", () => {
    const leafAt = bytes.length - 4 - 8 * 4; // the round's nodes count, then its 8 words before it
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint32(leafAt, P, true);
    expect(() => deserializeProof(bad)).toThrow(/FRI round opening row.*not a canonical/);
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(bytes.length - 4, 1000, true); // nodes count of the round
    expect(() => deserializeProof(huge)).toThrow(/FRI round opening nodes count 1000 exceeds/);
  });
});
