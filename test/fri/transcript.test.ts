import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { Transcript } from "../../core/fri/transcript.js";
import { heap } from "../../core/wasm/heap.js";

function fresh(): Transcript {
  const t = new Transcript("test");
  t.absorbFields("a", [1, 2, 3]);
  return t;
}

describe("Fiat-Shamir transcript", () => {
  it("is deterministic and depends on everything absorbed", () => {
    expect(fresh().sampleExt()).toEqual(fresh().sampleExt());
    const other = new Transcript("test");
    other.absorbFields("a", [1, 2, 4]);
    expect(other.sampleExt()).not.toEqual(fresh().sampleExt());
    const relabelled = new Transcript("test");
    relabelled.absorbFields("b", [1, 2, 3]);
    expect(relabelled.sampleExt()).not.toEqual(fresh().sampleExt());
    expect(new Transcript("other").sampleExt()).not.toEqual(new Transcript("test").sampleExt());
  });

  it("framing: splitting the same bytes differently changes the challenge", () => {
    const a = new Transcript("t");
    a.absorbFields("x", [1, 2]);
    a.absorbFields("x", [3]);
    const b = new Transcript("t");
    b.absorbFields("x", [1]);
    b.absorbFields("x", [2, 3]);
    expect(a.sampleExt()).not.toEqual(b.sampleExt());
  });

  it("successive squeezes differ and samples are canonical", () => {
    const t = fresh();
    const xs = t.sampleFields(1000);
    expect(new Set(xs).size).toBeGreaterThan(990);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < P)).toBe(true);
    const idx = t.sampleBits(10, 500);
    expect(idx.every((i) => i >= 0 && i < 1024)).toBe(true);
    expect(new Set(idx).size).toBeGreaterThan(300);
  });

  it("proof of work: the ground nonce verifies, another does not", () => {
    const p = fresh();
    const nonce = p.grind(8);
    const after = p.sampleExt();
    const v = fresh();
    expect(v.checkWitness(8, nonce)).toBe(true);
    expect(v.sampleExt()).toEqual(after);
    // With 8 bits a wrong nonce passes with probability 1/256; find one that fails.
    let bad = nonce + 1;
    while (fresh().checkWitness(8, bad)) bad++;
    expect(fresh().checkWitness(8, bad)).toBe(false);
    expect(fresh().checkWitness(8, -1)).toBe(false);
  });

  it("proof of work: the smallest passing nonce, whatever the heap held before", () => {
    // Every nonce below the one ground must fail (the verifier's check, with noble), and the
    // result must not depend on leftover heap contents (the kernel's message slots are reused).
    const junk = heap().alloc(1 << 20);
    junk.fill(0xdeadbeef);
    heap().free(junk);
    for (const bits of [0, 1, 10, 13]) {
      const t = fresh();
      t.absorbFields("bits", [bits]);
      const nonce = t.grind(bits);
      const probe = (n: number): boolean => {
        const v = fresh();
        v.absorbFields("bits", [bits]);
        return v.checkWitness(bits, n);
      };
      expect(probe(nonce)).toBe(true);
      for (let n = 0; n < nonce; n++) expect(probe(n)).toBe(false);
    }
  });
});
