/**
 * The rows of the Merkle-node table: every internal node (levels 0..20) on the path of a paged
 * page, once, by level then index, with the children's and its own digests in both images from
 * the chunk's start and end trees, and every permutation input the rows send.
 */
import type { Matrix } from "../../../core/field/matrix.js";
import { permute } from "../../../core/poseidon2/reference.js";
import { type Lookups, TableBuilder } from "../../chips/table.js";
import { TREE_DEPTH } from "../layout.js";
import { merkleCols } from "./columns.js";

/** The digest of node `index` of level `level` (0 = the root, 21 = the pages) of a tree. */
export type NodeDigest = (level: number, index: number) => Uint32Array;

/** The Merkle-node table's matrix, its real rows, and the permutation inputs it sends. */
export interface MerkleTrace {
  main: Matrix;
  rows: number;
  perms: Uint32Array[];
}

const C = merkleCols.index;

/** The internal nodes on the paths of `pages`, per level 0..20 (sorted indices). */
function ancestors(pages: readonly number[]): number[][] {
  const levels: number[][] = [];
  let current = new Set<number>(pages);
  for (let l = TREE_DEPTH - 1; l >= 0; l--) {
    current = new Set([...current].map((i) => Math.floor(i / 2)));
    levels[l] = [...current].sort((x, y) => x - y);
  }
  return levels;
}

function sameDigest(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === 8 && b.length === 8 && a.every((x, i) => x === b[i]);
}

/**
 * One image's compression at a node: writes the children, the node and the output's second
 * half; returns the permutation input. Throws if the tree's node is not compress(left, right).
 */
function compression(
  v: Uint32Array,
  o: number,
  left: Uint32Array,
  right: Uint32Array,
  node: Uint32Array,
  cols: { l: number; r: number; h: number; x: number },
  where: string,
): Uint32Array {
  const input = new Uint32Array(16);
  input.set(left);
  input.set(right, 8);
  const out = permute(input);
  if (!sameDigest(out.subarray(0, 8), node))
    throw new Error(`Merkle table: ${where} is not the compression of its children`);
  v.set(left, o + cols.l);
  v.set(right, o + cols.r);
  v.set(node, o + cols.h);
  v.set(out.subarray(8), o + cols.x);
  return input;
}

const START = { l: C.lIn, r: C.rIn, h: C.hIn, x: C.xIn };
const END = { l: C.lOut, r: C.rOut, h: C.hOut, x: C.xOut };

/**
 * The Merkle-node table of the chunk that pages `pages` (leaf indices), from the digests of its
 * start and end trees (`start`, `end`: any node, level 21 = the leaves). Throws, naming the
 * node, if a tree's node is not the compression of its children or an untouched child differs
 * between the two trees. Counts each row's u16 lookup of 20 − level (the AIR's level bound).
 */
export function merkleTrace(
  start: NodeDigest,
  end: NodeDigest,
  pages: readonly number[],
  lookups: Lookups,
): MerkleTrace {
  for (const p of pages)
    if (!(Number.isInteger(p) && p >= 0 && p < 2 ** TREE_DEPTH))
      throw new RangeError(`Merkle table: page ${p} is not a leaf of the page tree`);
  const levels = ancestors(pages);
  const t = new TableBuilder(merkleCols.width, pages.length * TREE_DEPTH);
  const perms: Uint32Array[] = [];
  // A child is touched if it is an ancestor-or-self of a paged page.
  const leaves = new Set(pages);
  const inner = levels.map((ix) => new Set(ix));
  const childTouched = (l: number, i: number) => (l === TREE_DEPTH ? leaves : inner[l]).has(i);
  for (let level = 0; level < TREE_DEPTH; level++) {
    for (const index of levels[level]) {
      const where = `node ${index} of level ${level}`;
      const o = t.row();
      const v = t.values;
      const [li, ri] = [2 * index, 2 * index + 1];
      const lT = childTouched(level + 1, li);
      const rT = childTouched(level + 1, ri);
      const [lIn, rIn] = [start(level + 1, li), start(level + 1, ri)];
      const [lOut, rOut] = [end(level + 1, li), end(level + 1, ri)];
      if (!lT && !sameDigest(lIn, lOut))
        throw new Error(
          `Merkle table: the untouched left child of ${where} differs between the trees`,
        );
      if (!rT && !sameDigest(rIn, rOut))
        throw new Error(
          `Merkle table: the untouched right child of ${where} differs between the trees`,
        );
      v[o + C.isReal] = 1;
      v[o + C.level] = level;
      lookups.range16(TREE_DEPTH - 1 - level);
      v[o + C.index] = index;
      v[o + C.lT] = lT ? 1 : 0;
      v[o + C.rT] = rT ? 1 : 0;
      perms.push(compression(v, o, lIn, rIn, start(level, index), START, `${where} (start tree)`));
      perms.push(compression(v, o, lOut, rOut, end(level, index), END, `${where} (end tree)`));
    }
  }
  return { main: t.finish(), rows: t.height, perms };
}
