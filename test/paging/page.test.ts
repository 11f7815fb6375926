/**
 * The page table (`rv.page`) on its own: honest traces of pages 0, 5 and 6 check with the rest
 * of the machine standing in as bus messages — the paged boundary (PAGE_WORD receives), the
 * Merkle-node table (the leaves, computed here naively with the Poseidon2 reference), the
 * permutation table and the u16 table. Then every kind of cell is tampered with on a real row,
 * and pages of 63 or 65 rows and a page hashed twice are built by hand: all are rejected.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints, type CheckReport } from "../../core/air/check.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { permute } from "../../core/poseidon2/reference.js";
import { U16_BUS } from "../../glue/chips/buses.js";
import { Lookups, TableBuilder } from "../../glue/chips/table.js";
import { NODE_BUS, PAGE_WORD_BUS, PERM_BUS } from "../../glue/paging/buses.js";
import { pageAddress } from "../../glue/paging/layout.js";
import { pageChip, pageCols, type PagedPage, pageTrace } from "../../glue/paging/page/index.js";
import { spongeDigest, words } from "./naive.js";

const C = pageCols.index;
const W = pageCols.width;

function samplePages(): PagedPage[] {
  const regs = words(1);
  regs[0] = 0;
  regs.fill(0, 32); // the register page: x0..x31, the rest inaccessible and 0
  const regsEnd = regs.slice();
  regsEnd[10] = 0xdeadbeef;
  const p5 = words(5);
  const p5End = p5.slice();
  p5End[0] = 7;
  p5End[255] ^= 0x10000;
  const p6 = words(6); // touched but unchanged
  return [
    { page: 0, init: regs, final: regsEnd },
    { page: 5, init: p5, final: p5End },
    { page: 6, init: p6, final: p6.slice() },
  ];
}

/** The paged boundary's receives: every word of every page, once. */
function boundaryMessages(pages: readonly PagedPage[]): BusMessage[] {
  return pages.flatMap(({ page, init, final }) =>
    Array.from(init, (w, s) => ({
      bus: PAGE_WORD_BUS,
      values: [pageAddress(page, s), w & 0xffff, w >>> 16, final[s] & 0xffff, final[s] >>> 16],
      multiplicity: -1,
    })),
  );
}

/** The Merkle-node table's leaf sends. */
function leafMessages(pages: readonly PagedPage[]): BusMessage[] {
  return pages.map(({ page, init, final }) => ({
    bus: NODE_BUS,
    values: [21, page, ...spongeDigest(init), ...spongeDigest(final)],
    multiplicity: 1,
  }));
}

/**
 * The report with honest other tables: `world`, plus a perfect permutation table (receives
 * (in, Poseidon2(in)) for every input sent) and u16 table (receives every value below 2^16
 * sent). With `cooperative`, every other unmatched message is balanced too (the rest of the
 * machine bends to the page table): only the page table's own constraints and its false
 * permutations or out-of-range lookups can still fail.
 */
function check(main: Matrix, world: BusMessage[], cooperative = false): CheckReport {
  const tables = [{ air: pageChip(), main }];
  const open = checkConstraints(tables, world).unmatched;
  const extra: BusMessage[] = [];
  for (const u of open) {
    if (u.net <= 0) {
      if (cooperative) extra.push({ bus: u.bus, values: u.values, multiplicity: -u.net });
      continue;
    }
    if (u.bus === PERM_BUS) {
      const out = permute(Uint32Array.from(u.values.slice(0, 16)));
      extra.push({
        bus: PERM_BUS,
        values: [...u.values.slice(0, 16), ...out],
        multiplicity: -u.net,
      });
    } else if (u.bus === U16_BUS) {
      if (u.values[0] < 65536) extra.push({ bus: U16_BUS, values: u.values, multiplicity: -u.net });
    } else if (cooperative) {
      extra.push({ bus: u.bus, values: u.values, multiplicity: -u.net });
    }
  }
  return checkConstraints(tables, [...world, ...extra]);
}

/** Rows written by hand: blocks of any length (words.length / 4 steps), `last` on each end. */
function handRows(blocks: readonly PagedPage[]): Matrix {
  const t = new TableBuilder(W, 8);
  for (const { page, init, final } of blocks) {
    const caps = [new Uint32Array(8), new Uint32Array(8)];
    const n = init.length / 4;
    for (let k = 0; k < n; k++) {
      const o = t.row();
      const v = t.values;
      v[o + C.isReal] = 1;
      v[o + C.page] = page;
      v[o + C.isRegs] = page === 0 ? 1 : 0;
      v[o + C.k] = k;
      v[o + C.last] = k === n - 1 ? 1 : 0;
      [init, final].forEach((ws, img) => {
        const [lo, hi, cap, out] =
          img === 0
            ? [C.initLo, C.initHi, C.capIn, C.outIn]
            : [C.finLo, C.finHi, C.capOut, C.outOut];
        const input = new Uint32Array(16);
        for (let j = 0; j < 4; j++) {
          v[o + lo + j] = input[2 * j] = ws[4 * k + j] & 0xffff;
          v[o + hi + j] = input[2 * j + 1] = ws[4 * k + j] >>> 16;
        }
        input.set(caps[img], 8);
        const y = permute(input);
        v.set(caps[img], o + cap);
        v.set(y, o + out);
        caps[img] = y.slice(8);
      });
    }
  }
  return t.finish();
}

describe("page table", () => {
  const pages = samplePages();
  const world = [...boundaryMessages(pages), ...leafMessages(pages)];

  it("compiles with degree ≤ 3", () => {
    expect(pageChip().maxDegree).toBeLessThanOrEqual(3);
    expect(pageChip().mainWidth).toBe(69);
  });

  it("an honest trace checks against its permutations, lookups, words and leaves", () => {
    const lookups = new Lookups();
    const { main, rows, perms } = pageTrace(pages, lookups);
    expect(rows).toBe(192);
    expect(main.height).toBe(256);
    expect(perms.length).toBe(2 * 192);
    const permMessages = perms.map((x) => ({
      bus: PERM_BUS,
      values: [...x, ...permute(x)],
      multiplicity: -1,
    }));
    const u16: BusMessage[] = [];
    lookups.u16.forEach((c, v) => {
      if (c > 0) u16.push({ bus: U16_BUS, values: [v], multiplicity: -c });
    });
    expect(u16.length).toBe(64);
    const report = checkConstraints(
      [{ air: pageChip(), main }],
      [...world, ...permMessages, ...u16],
    );
    expect(report.toString()).toBe("all constraints hold and every bus balances");
  });

  it("the trace matches hand-written rows, and refuses unsorted pages", () => {
    const { main } = pageTrace(pages, new Lookups());
    expect(main.values).toEqual(handRows(pages).values);
    expect(() => pageTrace([pages[1], pages[0]], new Lookups())).toThrow(/not sorted/);
    expect(() => pageTrace([pages[1], pages[1]], new Lookups())).toThrow(/not sorted/);
  });

  const honest = () => pageTrace(pages, new Lookups()).main;

  it("the honest trace balances with the permutation and u16 oracles", () => {
    expect(check(honest(), world).ok).toBe(true);
  });

  // Rows: 0..63 the register page, 64..127 page 5, 128..191 page 6.
  const mutations: [string, number, number, (x: number) => number][] = [
    ["page", 64 + 10, C.page, (x) => x + 1],
    ["page (register page)", 5, C.page, (x) => x + 1],
    ["isRegs (set)", 64 + 10, C.isRegs, () => 1],
    ["isRegs (cleared)", 10, C.isRegs, () => 0],
    ["k", 64 + 10, C.k, (x) => x + 1],
    ["k (first row)", 0, C.k, (x) => x + 1],
    ["last (set)", 64 + 10, C.last, () => 1],
    ["last (cleared)", 127, C.last, () => 0],
    ["isReal (cleared)", 64 + 10, C.isReal, () => 0],
    ["isReal (set on padding)", 200, C.isReal, () => 1],
    ["initLo[2]", 64 + 10, C.initLo + 2, (x) => x + 1],
    ["initHi[0]", 3, C.initHi, (x) => x + 1],
    ["finLo[3]", 128 + 63, C.finLo + 3, (x) => x ^ 1],
    ["finHi[1]", 64 + 10, C.finHi + 1, (x) => x + 1],
    ["capIn[3]", 64 + 10, C.capIn + 3, (x) => x + 1],
    ["capIn[0] (first step)", 64, C.capIn, (x) => x + 1],
    ["capOut[7]", 64 + 10, C.capOut + 7, (x) => x + 1],
    ["outIn[5]", 64 + 10, C.outIn + 5, (x) => x + 1],
    ["outIn[12]", 64 + 10, C.outIn + 12, (x) => x + 1],
    ["outIn[0] (leaf)", 127, C.outIn, (x) => x + 1],
    ["outOut[12]", 64 + 10, C.outOut + 12, (x) => x + 1],
    ["outOut[3] (leaf)", 191, C.outOut + 3, (x) => x + 1],
  ];
  it.each(mutations)("tampering with %s on a real row is rejected", (_, row, col, f) => {
    const main = honest();
    main.values[row * W + col] = (f(main.values[row * W + col]) + 2013265921) % 2013265921;
    const report = check(main, world);
    expect(report.ok).toBe(false);
  });

  it("no cell of a real row is free (first, middle and last rows of a page)", () => {
    const two = pages.slice(0, 2); // the register page and page 5
    const w2 = [...boundaryMessages(two), ...leafMessages(two)];
    const base = pageTrace(two, new Lookups()).main;
    for (const row of [0, 63, 64, 90, 127])
      for (let col = 0; col < W; col++) {
        const main = { ...base, values: base.values.slice() };
        main.values[row * W + col] = (main.values[row * W + col] + 1) % 2013265921;
        expect(check(main, w2).ok, `row ${row}, ${pageCols[col]}`).toBe(false);
      }
  });

  it("a page moved to another leaf (all 64 rows) is unmatched", () => {
    const main = honest();
    for (let r = 64; r < 128; r++) main.values[r * W + C.page] = 7;
    const report = check(main, world);
    expect(report.failures).toEqual([]);
    expect(report.unmatched.some((u) => u.bus === NODE_BUS)).toBe(true);
    expect(report.unmatched.some((u) => u.bus === PAGE_WORD_BUS)).toBe(true);
  });

  it("a page hashed from other words is unmatched at its leaf and words", () => {
    const other = pages.map((p) => (p.page === 5 ? { ...p, init: words(55) } : p));
    const report = check(pageTrace(other, new Lookups()).main, world);
    expect(report.failures).toEqual([]);
    expect(report.unmatched.some((u) => u.bus === NODE_BUS)).toBe(true);
    expect(report.unmatched.some((u) => u.bus === PAGE_WORD_BUS)).toBe(true);
  });

  it("a page of 63 or 65 rows is rejected even if every other table bends", () => {
    for (const n of [63, 65]) {
      const ws = words(9, 4 * n);
      const blocks = [pages[0], { page: 5, init: ws, final: ws }, pages[2]];
      const main = handRows(blocks);
      const report = check(main, [], true);
      expect(report.ok, `${n} rows`).toBe(false);
      // 63 rows: the last row is at k = 62; 65 rows: 63 − 64 is no u16 (and last at k = 64).
      expect(report.failures.map((f) => f.constraint)).toContain("the last step is 63");
      // Unmarked, the short page runs into the next one's k = 0; the long one's k = 64 is no u16.
      const unmarked = main.values.slice();
      unmarked[(64 + n - 1) * W + C.last] = 0;
      const r2 = check({ ...main, values: unmarked }, [], true);
      expect(r2.ok, `${n} rows, unmarked`).toBe(false);
      if (n === 65) expect(r2.unmatched.some((u) => u.bus === U16_BUS)).toBe(true);
      else expect(r2.failures.length).toBeGreaterThan(0);
    }
  });

  it("two pages claiming the same leaf cannot balance", () => {
    const twice = handRows([pages[0], pages[1], pages[1], pages[2]]);
    // Everything but the node bus bends (words, permutations): leaf 5 is sent once.
    const others = checkConstraints([{ air: pageChip(), main: twice }], leafMessages(pages))
      .unmatched.filter((u) => u.bus !== NODE_BUS && u.bus !== U16_BUS)
      .map((u) => ({ bus: u.bus, values: u.values, multiplicity: -u.net }));
    const report = check(twice, [...leafMessages(pages), ...others]);
    expect(report.failures).toEqual([]);
    expect(report.unmatched.map((u) => [u.bus.name, u.values[1], u.net])).toEqual([
      ["rv.node", 5, -1],
    ]);
  });
});
