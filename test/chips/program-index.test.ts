import { describe, expect, it } from "vitest";
import { ProgramIndex } from "../../glue/chips/program/trace.js";

describe("ProgramIndex: pc → program row", () => {
  it("finds every row of contiguous text and nothing else", () => {
    const pcs = [0x10000, 0x10004, 0x10008, 0x10010]; // a gap at 0x1000c
    const index = new ProgramIndex(pcs);
    pcs.forEach((pc, row) => expect(index.get(pc)).toBe(row));
    for (const pc of [0x1000c, 0x10002, 0xfffc, 0x10014, 0, 2 ** 32 - 4])
      expect(index.get(pc), `pc 0x${pc.toString(16)}`).toBeUndefined();
  });

  it("falls back to a map for far-apart or misaligned pcs, with the same answers", () => {
    for (const pcs of [
      [0x10000, 0x80000000, 0x10004],
      [0x10000, 0x10002],
    ]) {
      const index = new ProgramIndex(pcs);
      pcs.forEach((pc, row) => expect(index.get(pc)).toBe(row));
      expect(index.get(0x10008)).toBeUndefined();
    }
    expect(new ProgramIndex([]).get(0)).toBeUndefined();
  });
});
