/**
 * TableBuilder: rows appended into room, the finished table padded with zero rows to a power of
 * two, and when the room is kept (no copy) or a short table is copied out of it.
 */
import { describe, expect, it } from "vitest";
import { MIN_HEIGHT, TableBuilder } from "../../glue/chips/table.js";

/** A builder of `width` columns with room for `capacity` rows and `rows` rows written (row r, column c = r·width + c + 1). */
function filled(width: number, capacity: number, rows: number): TableBuilder {
  const t = new TableBuilder(width, capacity);
  for (let r = 0; r < rows; r++) {
    const o = t.row();
    for (let c = 0; c < width; c++) t.values[o + c] = r * width + c + 1;
  }
  return t;
}

/** The finished table holds the written rows, then zero rows up to a power-of-two height. */
function expectPadded(m: { values: Uint32Array; width: number; height: number }, rows: number) {
  expect(m.height).toBe(Math.max(MIN_HEIGHT, 2 ** Math.ceil(Math.log2(rows))));
  expect(m.values.length).toBe(m.height * m.width);
  for (let i = 0; i < m.values.length; i++)
    expect(m.values[i]).toBe(i < rows * m.width ? i + 1 : 0);
}

describe("TableBuilder.finish", () => {
  it("keeps room of at most twice the padded table (no copy)", () => {
    const t = filled(3, 64, 40);
    const buffer = t.values.buffer;
    const m = t.finish();
    expectPadded(m, 40);
    expect(m.values.buffer).toBe(buffer);
  });

  it("copies a short table out of much larger room, so the room can be freed", () => {
    const t = filled(4, 1 << 16, 5);
    const m = t.finish();
    expectPadded(m, 5);
    expect(m.values.buffer.byteLength).toBe(4 * MIN_HEIGHT * 4);
  });

  it("keeps the room of a large table even when much larger (a copy costs more)", () => {
    const t = filled(8, 1 << 17, (1 << 15) + 3); // 2^16 padded rows · 8 words > the copy limit
    const buffer = t.values.buffer;
    const m = t.finish();
    expect(m.height).toBe(1 << 16);
    expect(m.values.buffer).toBe(buffer);
    expect(m.values[8 * ((1 << 15) + 2) + 7]).toBe(8 * ((1 << 15) + 2) + 8);
    expect(m.values.subarray(8 * ((1 << 15) + 3)).every((v) => v === 0)).toBe(true);
  });

  it("grows by doubling past its room, keeping the rows", () => {
    const t = filled(2, 2, 37);
    expectPadded(t.finish(), 37);
  });
});
