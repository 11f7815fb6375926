/**
 * The Merkle-node table (`rv.merkle`), alone and with the page table: the start and end trees
 * are computed here naively (sparse, with the Poseidon2 reference), an honest table checks
 * against the verifier's root message, the leaves and the permutations, and every kind of cell
 * tampered with on a real row, a wrong end tree, a skipped page and a page paged twice are
 * rejected.
 */
import { describe, expect, it } from "vitest";
import { checkConstraints, type CheckReport } from "../../core/air/check.js";
import type { Matrix } from "../../core/field/matrix.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { permute } from "../../core/poseidon2/reference.js";
import { U16_BUS } from "../../glue/chips/buses.js";
import { prove } from "../../core/stark/prover.js";
import { setup } from "../../core/stark/setup.js";
import { verify } from "../../core/stark/verifier.js";
import { Lookups } from "../../glue/chips/table.js";
import { NODE_BUS, PAGE_WORD_BUS, PERM_BUS } from "../../glue/paging/buses.js";
import { pageDigest, pageSpongeInputs } from "../../glue/paging/hash.js";
import { pageAddress } from "../../glue/paging/layout.js";
import { merkleChip, merkleCols, merkleTrace } from "../../glue/paging/merkle/index.js";
import { pageChip, type PagedPage, pageTrace } from "../../glue/paging/page/index.js";
import { permutationChip, permutationTrace } from "../../glue/paging/permutation/index.js";
import { spongeDigest, words } from "./naive.js";
import { TEST_PARAMS } from "../air/fixtures.js";

const C = merkleCols.index;
const W = merkleCols.width;
const DEPTH = 21;
const P = 2013265921;

function compress(l: Uint32Array, r: Uint32Array): Uint32Array {
  const s = new Uint32Array(16);
  s.set(l);
  s.set(r, 8);
  return permute(s).slice(0, 8);
}

/** A naive sparse page tree: node(l, i) from the nonzero pages, all-zero subtrees shared. */
function naiveTree(pages: ReadonlyMap<number, Uint32Array>): (l: number, i: number) => Uint32Array {
  const zero: Uint32Array[] = [];
  zero[DEPTH] = spongeDigest(new Uint32Array(256));
  for (let l = DEPTH - 1; l >= 0; l--) zero[l] = compress(zero[l + 1], zero[l + 1]);
  const leaves = new Map([...pages].map(([p, ws]) => [p, spongeDigest(ws)]));
  const memo = new Map<string, Uint32Array>();
  const node = (l: number, i: number): Uint32Array => {
    if (l === DEPTH) return leaves.get(i) ?? zero[DEPTH];
    const span = 2 ** (DEPTH - l);
    if (![...leaves.keys()].some((p) => p >= i * span && p < (i + 1) * span)) return zero[l];
    const key = `${l}:${i}`;
    let d = memo.get(key);
    if (d === undefined) memo.set(key, (d = compress(node(l + 1, 2 * i), node(l + 1, 2 * i + 1))));
    return d;
  };
  return node;
}

// The start image: registers, pages 5, 6, 1000 (untouched) and the top page; the chunk pages
// 0, 5 and 6, writes a register and page 5, and leaves page 6 as it was.
const regs = new Uint32Array(256);
regs.set(words(1).subarray(0, 32));
regs[0] = 0;
const startPages = new Map<number, Uint32Array>([
  [0, regs],
  [5, words(5)],
  [6, words(6)],
  [1000, words(1000)],
  [2 ** DEPTH - 1, words(77)],
]);
const endPages = new Map(startPages);
const regsEnd = regs.slice();
regsEnd[3] = 12345;
const p5End = words(5);
p5End[100] = 0;
endPages.set(0, regsEnd);
endPages.set(5, p5End);
const paged = [0, 5, 6];
const startTree = naiveTree(startPages);
const endTree = naiveTree(endPages);
const pagedPages: PagedPage[] = paged.map((page) => ({
  page,
  init: startPages.get(page)!,
  final: endPages.get(page)!,
}));

const rootMessage: BusMessage = {
  bus: NODE_BUS,
  values: [0, 0, ...startTree(0, 0), ...endTree(0, 0)],
  multiplicity: 1,
};
/** The page table's leaf receives (standing in for it). */
const leafReceives: BusMessage[] = paged.map((p) => ({
  bus: NODE_BUS,
  values: [DEPTH, p, ...startTree(DEPTH, p), ...endTree(DEPTH, p)],
  multiplicity: -1,
}));

const permReceives = (perms: readonly Uint32Array[]): BusMessage[] =>
  perms.map((x) => ({ bus: PERM_BUS, values: [...x, ...permute(x)], multiplicity: -1 }));

/** The range table's receives of the u16 lookups `lookups` counted. */
function u16Receives(lookups: Lookups): BusMessage[] {
  const u16: BusMessage[] = [];
  lookups.u16.forEach((c, v) => {
    if (c > 0) u16.push({ bus: U16_BUS, values: [v], multiplicity: -c });
  });
  return u16;
}

/**
 * The report with `world`, a perfect permutation table (receives (in, Poseidon2(in))) and a
 * perfect range table (receives any v < 2^16, as often as it is sent).
 */
function check(main: Matrix, world: BusMessage[]): CheckReport {
  const tables = [{ air: merkleChip(), main }];
  const extra: BusMessage[] = [];
  for (const u of checkConstraints(tables, world).unmatched) {
    if (u.net <= 0) continue;
    if (u.bus === U16_BUS && u.values[0] < 65536)
      extra.push({ bus: U16_BUS, values: [u.values[0]], multiplicity: -u.net });
    if (u.bus !== PERM_BUS) continue;
    const out = permute(Uint32Array.from(u.values.slice(0, 16)));
    extra.push({ bus: PERM_BUS, values: [...u.values.slice(0, 16), ...out], multiplicity: -u.net });
  }
  return checkConstraints(tables, [...world, ...extra]);
}

describe("Merkle-node table", () => {
  const honest = (lookups = new Lookups()) => merkleTrace(startTree, endTree, paged, lookups);

  it("compiles with degree ≤ 3", () => {
    expect(merkleChip().maxDegree).toBeLessThanOrEqual(3);
    expect(merkleChip().mainWidth).toBe(69);
  });

  it("has one row per ancestor of a paged page, by level then index", () => {
    const { main, rows, perms } = honest();
    // Level 20: nodes 0, 2, 3; level 19: 0, 1; levels 0..18: node 0.
    expect(rows).toBe(3 + 2 + 19);
    expect(perms.length).toBe(2 * rows);
    const at = (r: number) => [main.values[r * W + C.level], main.values[r * W + C.index]];
    expect(at(0)).toEqual([0, 0]);
    expect([at(19), at(20), at(21), at(22), at(23)]).toEqual([
      [19, 0],
      [19, 1],
      [20, 0],
      [20, 2],
      [20, 3],
    ]);
    // Node 2 of level 20 has pages 4 (untouched) and 5; node 3 has 6 and 7 (untouched).
    const flags = (r: number) => [main.values[r * W + C.lT], main.values[r * W + C.rT]];
    expect([flags(21), flags(22), flags(23)]).toEqual([
      [1, 0],
      [0, 1],
      [1, 0],
    ]);
  });

  it("an honest table checks against the root message, the leaves, its permutations and u16s", () => {
    const lookups = new Lookups();
    const { main, perms, rows } = honest(lookups);
    // One u16 lookup of 20 − level per row.
    expect(lookups.u16.reduce((a, c) => a + c, 0)).toBe(rows);
    expect([lookups.u16[20], lookups.u16[1], lookups.u16[0]]).toEqual([1, 2, 3]);
    const report = checkConstraints(
      [{ air: merkleChip(), main }],
      [rootMessage, ...leafReceives, ...permReceives(perms), ...u16Receives(lookups)],
    );
    expect(report.toString()).toBe("all constraints hold and every bus balances");
  });

  it("with the page table, only the root, the words and the permutations are external", () => {
    const lookups = new Lookups();
    const page = pageTrace(pagedPages, lookups);
    const merkle = honest(lookups);
    const words: BusMessage[] = pagedPages.flatMap(({ page: p, init, final }) =>
      Array.from(init, (w, s) => ({
        bus: PAGE_WORD_BUS,
        values: [pageAddress(p, s), w & 0xffff, w >>> 16, final[s] & 0xffff, final[s] >>> 16],
        multiplicity: -1,
      })),
    );
    const u16 = u16Receives(lookups);
    const tables = [
      { air: pageChip(), main: page.main },
      { air: merkleChip(), main: merkle.main },
    ];
    const perms = permReceives([...page.perms, ...merkle.perms]);
    const world = [rootMessage, ...words, ...u16, ...perms];
    expect(checkConstraints(tables, world).toString()).toBe(
      "all constraints hold and every bus balances",
    );
    // A page paged twice: its leaf is sent once (everything else supplied).
    const twice = pageTrace(pagedPages.slice(1, 2), new Lookups());
    const dup = checkConstraints(
      [...tables, { air: pageChip(), main: twice.main }],
      [
        ...world,
        ...permReceives(twice.perms),
        ...words.filter((m) => m.values[0] >= 32 + 256 * 5 && m.values[0] < 32 + 256 * 6),
        ...Array.from({ length: 64 }, (_, k) => ({
          bus: U16_BUS,
          values: [k],
          multiplicity: -1,
        })),
      ],
    );
    expect(dup.failures).toEqual([]);
    expect(dup.unmatched.map((u) => [u.bus.name, u.values[0], u.values[1], u.net])).toEqual([
      ["rv.node", DEPTH, 5, -1],
    ]);
    // A paged page whose path the Merkle table skips: its leaf is never sent.
    const skip = merkleTrace(startTree, endTree, [0, 5], new Lookups());
    const r = checkConstraints(
      [tables[0], { air: merkleChip(), main: skip.main }],
      [rootMessage, ...words, ...u16, ...permReceives([...page.perms, ...skip.perms])],
    );
    expect(r.unmatched.some((u) => u.bus === NODE_BUS && u.values[1] === 6)).toBe(true);
  });

  it("the honest table balances with the permutation oracle", () => {
    expect(check(honest().main, [rootMessage, ...leafReceives]).ok).toBe(true);
  });

  it("page, Merkle and permutation tables prove and verify against the root message", () => {
    const params = TEST_PARAMS;
    const lookups = new Lookups();
    const page = pageTrace(pagedPages, lookups);
    const merkle = honest(lookups);
    const perm = permutationTrace([...page.perms, ...merkle.perms]);
    const external: BusMessage[] = [rootMessage];
    for (const { page: p, init, final } of pagedPages)
      init.forEach((w, s) =>
        external.push({
          bus: PAGE_WORD_BUS,
          values: [pageAddress(p, s), w & 0xffff, w >>> 16, final[s] & 0xffff, final[s] >>> 16],
          multiplicity: -1,
        }),
      );
    external.push(...u16Receives(lookups));
    const key = setup([pageChip(), merkleChip(), permutationChip()], [], params);
    const proof = prove(key, [{ main: page.main }, { main: merkle.main }, { main: perm }], {
      external,
    });
    const publics = [new Uint32Array(0), new Uint32Array(0), new Uint32Array(0)];
    verify(key.vk, proof, publics, external);
    // Another end root: rejected.
    const other = external.slice();
    other[0] = { ...rootMessage, values: [...Array.from(rootMessage.values).slice(0, 17), 1] };
    expect(() => verify(key.vk, proof, publics, other)).toThrow(/proof rejected/);
  });

  it("trace generation refuses trees that disagree, naming the node", () => {
    // Page 1000 changed in the end tree but not paged: its subtree (12, 1) differs.
    const moved = naiveTree(new Map([...endPages, [1000, words(1)]]));
    expect(() => merkleTrace(startTree, moved, paged, new Lookups())).toThrow(
      /untouched right child of node 0 of level 11 differs/,
    );
    // A wrong start digest at node 1 of level 19: its parent's compression fails.
    const bad = (l: number, i: number) =>
      l === 19 && i === 1 ? new Uint32Array(8).fill(3) : startTree(l, i);
    expect(() => merkleTrace(bad, endTree, paged, new Lookups())).toThrow(
      /node 0 of level 18 \(start tree\)/,
    );
    expect(() => merkleTrace(startTree, endTree, [2 ** DEPTH], new Lookups())).toThrow(RangeError);
  });

  it("a table proving another end image does not meet the verifier's root", () => {
    const other = naiveTree(new Map([...endPages, [5, words(500)]]));
    const { main } = merkleTrace(startTree, other, paged, new Lookups());
    const report = check(main, [rootMessage, ...leafReceives]);
    expect(report.failures).toEqual([]);
    expect(report.unmatched.some((u) => u.bus === NODE_BUS && u.values[0] === 0)).toBe(true);
  });

  // Rows: 0..18 the nodes 0 of levels 0..18, 19, 20 level 19, 21..23 level 20.
  const mutations: [string, number, number, (x: number) => number][] = [
    ["level", 10, C.level, (x) => x + 1],
    ["level (a leaf's parent)", 22, C.level, (x) => x + 1],
    ["index", 20, C.index, (x) => x + 1],
    ["index (a leaf's parent)", 22, C.index, (x) => x - 1],
    ["lT (cleared, touched child changed)", 21, C.lT, () => 0],
    ["lT (cleared, touched child unchanged)", 23, C.lT, () => 0],
    ["lT (set)", 22, C.lT, () => 1],
    ["rT (cleared)", 22, C.rT, () => 0],
    ["rT (set)", 21, C.rT, () => 1],
    ["isReal (cleared)", 5, C.isReal, () => 0],
    ["isReal (set on padding)", 30, C.isReal, () => 1],
    ["lIn[3]", 21, C.lIn + 3, (x) => x + 1],
    ["lIn[0] (untouched)", 22, C.lIn, (x) => x + 1],
    ["rIn[7]", 5, C.rIn + 7, (x) => x + 1],
    ["lOut[2]", 5, C.lOut + 2, (x) => x + 1],
    ["rOut[7]", 22, C.rOut + 7, (x) => x + 1],
    ["hIn[0]", 10, C.hIn, (x) => x + 1],
    ["hIn[4] (the root)", 0, C.hIn + 4, (x) => x + 1],
    ["hOut[2]", 23, C.hOut + 2, (x) => x + 1],
    ["xIn[1]", 10, C.xIn + 1, (x) => x + 1],
    ["xOut[6]", 22, C.xOut + 6, (x) => x + 1],
  ];
  it.each(mutations)("tampering with %s on a real row is rejected", (_, row, col, f) => {
    const { main } = honest();
    main.values[row * W + col] = (f(main.values[row * W + col]) + P) % P;
    const report = check(main, [rootMessage, ...leafReceives]);
    expect(report.ok).toBe(false);
  });

  it("no cell of a real row is free (the root, the paths' forks, the leaves' parents)", () => {
    const base = honest();
    for (const row of [0, 10, 18, 19, 20, 21, 22, 23])
      for (let col = 0; col < W; col++) {
        const main = { ...base.main, values: base.main.values.slice() };
        main.values[row * W + col] = (main.values[row * W + col] + 1) % P;
        expect(
          check(main, [rootMessage, ...leafReceives]).ok,
          `row ${row}, ${merkleCols[col]}`,
        ).toBe(false);
      }
  });

  it("an untouched child changed in both cells at once breaks the compression", () => {
    const { main } = honest();
    const o = 22 * W; // node 2 of level 20: left child page 4 untouched
    main.values[o + C.lIn] = (main.values[o + C.lIn] + 1) % P;
    main.values[o + C.lOut] = main.values[o + C.lIn];
    const report = check(main, [rootMessage, ...leafReceives]);
    expect(report.failures).toEqual([]);
    expect(report.unmatched.some((u) => u.bus === PERM_BUS)).toBe(true);
  });

  it("a row at level 21 cannot absorb a page's leaf in place of the page table", () => {
    // The chunk pages 0 (changed) and 1000 (unchanged), but the page table never pages 1000:
    // a node row at level 21 receives its leaf instead, its "children" the two halves of the
    // last sponge input of page 1000's words, so that its hIn = hOut = the page digest.
    const p1000 = words(1000);
    const start = naiveTree(
      new Map([
        [0, regs],
        [1000, p1000],
      ]),
    );
    const end = naiveTree(
      new Map([
        [0, regsEnd],
        [1000, p1000],
      ]),
    );
    const lookups = new Lookups();
    const { main, rows, perms } = merkleTrace(start, end, [0, 1000], lookups);
    const last = pageSpongeInputs(p1000)[63];
    const out = permute(last);
    expect(Array.from(out.subarray(0, 8))).toEqual(Array.from(pageDigest(p1000)));
    expect(rows).toBeLessThan(main.height);
    const o = rows * W;
    const v = main.values;
    v[o + C.isReal] = 1;
    v[o + C.level] = DEPTH;
    v[o + C.index] = 1000;
    for (const [l, r, h, x] of [
      [C.lIn, C.rIn, C.hIn, C.xIn],
      [C.lOut, C.rOut, C.hOut, C.xOut],
    ]) {
      v.set(last.subarray(0, 8), o + l);
      v.set(last.subarray(8), o + r);
      v.set(out.subarray(0, 8), o + h);
      v.set(out.subarray(8), o + x);
    }
    // The world: the root, page 0's leaf (the page table, paging page 0 only), the
    // permutations (the honest ones and the extra row's two) and the honest rows' u16s.
    const world: BusMessage[] = [
      { bus: NODE_BUS, values: [0, 0, ...start(0, 0), ...end(0, 0)], multiplicity: 1 },
      { bus: NODE_BUS, values: [DEPTH, 0, ...start(DEPTH, 0), ...end(DEPTH, 0)], multiplicity: -1 },
      ...permReceives([...perms, last, last]),
      ...u16Receives(lookups),
    ];
    const report = checkConstraints([{ air: merkleChip(), main }], world);
    expect(report.failures).toEqual([]);
    // Only the level bound's lookup is left: 20 − 21 = p − 1, which no range table receives.
    expect(report.unmatched.map((u) => [u.bus.name, Array.from(u.values), u.net])).toEqual([
      ["rv.u16", [P - 1], 1],
    ]);
    // Without the bound (were p − 1 received) the row would have absorbed the leaf.
    const unbounded = [...world, { bus: U16_BUS, values: [P - 1], multiplicity: -1 }];
    expect(checkConstraints([{ air: merkleChip(), main }], unbounded).ok).toBe(true);
    // The perfect range table does not receive it either.
    expect(check(main, world.slice(0, 2)).ok).toBe(false);
  });
});
