import { readFileSync } from "node:fs";
import { blake3 } from "@noble/hashes/blake3.js";
import { describe, expect, it } from "vitest";
import { generateBlake3x4Wat } from "../../core/commit/gen-blake3x4.js";
import { blake3Many } from "../../core/commit/kernel.js";

// Deterministic bytes: message j of a batch differs from the others in every byte.
function messages(count: number, len: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, j) => {
    const m = new Uint8Array(len);
    let x = (seed * 2654435761 + j * 40503 + 1) >>> 0;
    for (let i = 0; i < len; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      m[i] = x & 255;
    }
    return m;
  });
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const KEY = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255);

describe("BLAKE3 x4 kernel", () => {
  it("matches the published BLAKE3 digest of 'abc' and of the empty string", () => {
    // Known answers from the BLAKE3 reference (also what @noble/hashes gives).
    const [abc, empty] = [
      blake3Many([new TextEncoder().encode("abc")]),
      blake3Many([new Uint8Array(0)]),
    ];
    expect(hex(abc[0])).toBe("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    expect(hex(empty[0])).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  });

  it("agrees with @noble/hashes on every length 0..3000, plain and keyed, both entry points", () => {
    let checked = 0;
    for (let len = 0; len <= 3000; len++) {
      // 1..7 messages: full groups of four lanes and every size of partial last group.
      const msgs = messages((len % 7) + 1, len, len);
      const keyed = len % 2 === 1;
      const want = msgs.map((m) => hex(keyed ? blake3(m, { key: KEY }) : blake3(m)));
      const path = len % 3 === 0 ? "table" : "contiguous";
      const got = blake3Many(msgs, keyed ? KEY : undefined, path).map(hex);
      expect(got, `length ${len}, ${keyed ? "keyed" : "plain"}, ${path}`).toEqual(want);
      checked += msgs.length;
    }
    expect(checked).toBeGreaterThan(10000);
  });

  it("handles deep chunk trees (up to 40 chunks) and both entry points agree", () => {
    for (const len of [4096, 5000, 8192, 8193, 16 * 1024 + 3, 33 * 1024 + 5, 40 * 1024]) {
      const msgs = messages(5, len, len);
      const want = msgs.map((m) => hex(blake3(m, { key: KEY })));
      expect(blake3Many(msgs, KEY, "contiguous").map(hex)).toEqual(want);
      expect(blake3Many(msgs, KEY, "table").map(hex)).toEqual(want);
    }
  });

  it("gives the same digests when a big batch is split over threads", () => {
    // 2,500 messages of 300 bytes = 12,500 compressions: above the threshold for the pool.
    const msgs = messages(2500, 300, 7);
    const got = blake3Many(msgs, KEY).map(hex);
    msgs.forEach((m, i) => expect(got[i]).toBe(hex(blake3(m, { key: KEY }))));
  });

  it("the committed blake3x4.wat is what the generator produces", () => {
    const committed = readFileSync(
      new URL("../../core/commit/blake3x4.wat", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(generateBlake3x4Wat());
  });
});
