import { blake3 } from "@noble/hashes/blake3.js";
import { describe, expect, it } from "vitest";
import { K_INJECT, K_NODE, compressNode, injectLeaf } from "../../core/commit/index.js";
import { hex, rng } from "./helpers.js";

describe("node hashing by one direct BLAKE3 compression", () => {
  it("equals noble's keyed blake3 of the 64 bytes, for random inputs (also unaligned views)", () => {
    const next = rng(5);
    for (let t = 0; t < 200; t++) {
      const buf = Uint8Array.from({ length: 65 }, () => next() & 0xff);
      const a = buf.subarray(1, 33); // odd byte offset
      const b = Uint8Array.from({ length: 32 }, () => next() & 0xff);
      const both = new Uint8Array(64);
      both.set(a);
      both.set(b, 32);
      expect(hex(compressNode(a, b))).toBe(hex(blake3(both, { key: K_NODE })));
      expect(hex(injectLeaf(a, b))).toBe(hex(blake3(both, { key: K_INJECT })));
    }
  });

  it("refuses inputs that are not 32 bytes", () => {
    expect(() => compressNode(new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
    expect(() => injectLeaf(new Uint8Array(32), new Uint8Array(33))).toThrow(RangeError);
  });
});
