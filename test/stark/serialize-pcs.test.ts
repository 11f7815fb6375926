import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { DEFAULT_FRI_PARAMS } from "../../core/fri/params.js";
import {
  ProofFormatError,
  deserializeLinkedProof,
  deserializeProof,
  serializeLinkedProof,
  serializeProof,
} from "../../core/stark/serialize.js";
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

describe("proof encoding v3 (multi-openings)", () => {
  it("round-trips", () => {
    expect(deserializeProof(bytes)).toEqual(proof);
  });

  it("writes encoding version 4 and refuses others", () => {
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(4);
    for (const v of [1, 2, 3]) {
      const old = bytes.slice();
      old[4] = v;
      expect(() => deserializeProof(old)).toThrow(`unsupported proof version ${v}`);
    }
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

describe("linked proof encoding", () => {
  const other = { ...proof, mainRoot: digest(9) };
  const linked = serializeLinkedProof([proof, other]);

  it("round-trips the parts in order", () => {
    expect(deserializeLinkedProof(linked)).toEqual([proof, other]);
  });

  it("refuses every truncation, trailing bytes, no parts and a plain proof", () => {
    for (let n = 0; n < linked.length; n++)
      expect(() => deserializeLinkedProof(linked.subarray(0, n))).toThrow(ProofFormatError);
    expect(() => deserializeLinkedProof(Uint8Array.from([...linked, 0]))).toThrow(/trailing/);
    expect(() => deserializeLinkedProof(serializeLinkedProof([]))).toThrow(/at least one part/);
    expect(() => deserializeLinkedProof(bytes)).toThrow(/not a zkglue linked proof/);
  });

  it("names the offset of a bad value inside a part from the linked proof's start", () => {
    // magic, version, count, part 0's length (16 bytes), then part 0's magic and version
    const badVersion = linked.slice();
    badVersion[16 + 4] = 7;
    expect(() => deserializeLinkedProof(badVersion)).toThrow(
      "malformed proof at byte 24: part: unsupported proof version 7",
    );
  });
});
