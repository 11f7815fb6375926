/**
 * The memory image's hashing and page tree, against straightforward re-implementations: the
 * page sponge written out from its definition, compress, the zero digests, and a page tree
 * root computed recursively over the non-zero subtrees.
 */
import { describe, expect, it } from "vitest";
import { P } from "../../core/field/babybear.js";
import { permute } from "../../core/poseidon2/reference.js";
import {
  compress,
  type Digest,
  digestFromHex,
  digestHex,
  imageId,
  pageDigest,
  pageSpongeInputs,
  ZERO_PAGE_DIGEST,
  zeroDigests,
} from "../../glue/paging/hash.js";
import { TREE_DEPTH } from "../../glue/paging/layout.js";
import { PageTree } from "../../glue/paging/tree.js";
import { rng } from "../coprocessors/helpers.js";

/** The sponge from its definition: 512 limbs, 8 per step, the capacity carried over. */
function naiveSponge(words: Uint32Array): { inputs: number[][]; digest: number[] } {
  const limbs: number[] = [];
  for (const w of words) limbs.push(w % 65536, Math.floor(w / 65536));
  const inputs: number[][] = [];
  let out = new Array<number>(16).fill(0);
  for (let k = 0; k < 64; k++) {
    const input = [...limbs.slice(8 * k, 8 * k + 8), ...out.slice(8)];
    inputs.push(input);
    out = Array.from(permute(Uint32Array.from(input)));
  }
  return { inputs, digest: out.slice(0, 8) };
}

const naiveCompress = (a: Digest, b: Digest): number[] =>
  Array.from(permute(Uint32Array.from([...a, ...b]))).slice(0, 8);

function randomWords(r: () => number): Uint32Array {
  return Uint32Array.from({ length: 256 }, () => Math.floor(r() * 2 ** 32));
}

/** The root of the tree with these leaves, recursing only into subtrees holding one. */
function naiveNode(leaves: Map<number, Digest>, level: number, index: number): number[] {
  const z = zeroDigests();
  const span = TREE_DEPTH - level;
  const lo = index * 2 ** span;
  const hi = lo + 2 ** span;
  const inside = [...leaves.keys()].some((p) => p >= lo && p < hi);
  if (!inside) return Array.from(z[level]);
  if (level === TREE_DEPTH) return Array.from(leaves.get(index)!);
  const l = Uint32Array.from(naiveNode(leaves, level + 1, 2 * index));
  const r = Uint32Array.from(naiveNode(leaves, level + 1, 2 * index + 1));
  return naiveCompress(l, r);
}

describe("page hashing", () => {
  it("pageDigest and pageSpongeInputs follow the sponge's definition", () => {
    const r = rng(1);
    for (const words of [randomWords(r), new Uint32Array(256).fill(0xffffffff), randomWords(r)]) {
      const { inputs, digest } = naiveSponge(words);
      expect(Array.from(pageDigest(words))).toEqual(digest);
      const got = pageSpongeInputs(words);
      expect(got.length).toBe(64);
      expect(got.map((x) => Array.from(x))).toEqual(inputs);
      expect(Array.from(permute(got[63]).slice(0, 8))).toEqual(digest);
    }
    // Limb order: [lo0, hi0, lo1, hi1, ...].
    const words = new Uint32Array(256);
    words[1] = 0x12345678;
    expect(Array.from(pageSpongeInputs(words)[0].subarray(0, 4))).toEqual([0, 0, 0x5678, 0x1234]);
    expect(() => pageDigest(new Uint32Array(255))).toThrow(RangeError);
  });

  it("compress, imageId and the hex form", () => {
    const r = rng(2);
    const a = Uint32Array.from({ length: 8 }, () => Math.floor(r() * P));
    const b = Uint32Array.from({ length: 8 }, () => Math.floor(r() * P));
    expect(Array.from(compress(a, b))).toEqual(naiveCompress(a, b));
    expect(compress(a, b)).not.toEqual(compress(b, a));
    const pc = 0x1234;
    expect(Array.from(imageId(a, pc))).toEqual(
      naiveCompress(a, Uint32Array.of(pc, 0, 0, 0, 0, 0, 0, 0)),
    );
    expect(() => imageId(a, P)).toThrow(RangeError);
    expect(digestFromHex(digestHex(a))).toEqual(a);
    expect(digestHex(a)).toHaveLength(64);
  });

  it("the zero digests: a zero page, then z[l] = compress(z[l + 1], z[l + 1])", () => {
    const z = zeroDigests();
    expect(z.length).toBe(TREE_DEPTH + 1);
    expect(z[TREE_DEPTH]).toEqual(ZERO_PAGE_DIGEST);
    expect(Array.from(ZERO_PAGE_DIGEST)).toEqual(naiveSponge(new Uint32Array(256)).digest);
    for (let l = 0; l < TREE_DEPTH; l++) {
      expect(Array.from(z[l])).toEqual(naiveCompress(z[l + 1], z[l + 1]));
    }
    z[3][0] ^= 1; // copies: the next call is unaffected
    expect(Array.from(zeroDigests()[3])).toEqual(naiveCompress(z[4], z[4]));
  });
});

describe("PageTree", () => {
  const r = rng(3);
  const pageIds = [0, 1, 2, 5, 1000, 1001, 2 ** 20, 2 ** 21 - 1];
  const pages = new Map(pageIds.map((p) => [p, randomWords(r)]));
  const leaves = new Map([...pages].map(([p, w]) => [p, pageDigest(w)]));
  pages.set(77, new Uint32Array(256)); // an all-zero page given explicitly
  const tree = PageTree.fromPages(pages);

  it("an empty tree's root is the zero root", () => {
    expect(new PageTree().root()).toEqual(zeroDigests()[0]);
  });

  it("the root equals a naive recomputation", () => {
    expect(Array.from(tree.root())).toEqual(naiveNode(leaves, 0, 0));
  });

  it("node(): leaves, inner nodes and untouched subtrees", () => {
    const z = zeroDigests();
    expect(tree.node(TREE_DEPTH, 5)).toEqual(leaves.get(5));
    expect(tree.node(TREE_DEPTH, 77)).toEqual(ZERO_PAGE_DIGEST);
    expect(Array.from(tree.node(TREE_DEPTH - 1, 2))).toEqual(
      naiveCompress(ZERO_PAGE_DIGEST, leaves.get(5)!),
    );
    expect(Array.from(tree.node(TREE_DEPTH - 1, 500))).toEqual(naiveNode(leaves, 20, 500));
    for (const [level, index] of [
      [1, 0],
      [1, 1],
      [11, 0],
      [15, 31],
    ])
      expect(Array.from(tree.node(level, index)), `${level}/${index}`).toEqual(
        naiveNode(leaves, level, index),
      );
    expect(tree.node(10, 300)).toEqual(z[10]);
    expect(() => tree.node(3, 8)).toThrow(RangeError);
    expect(() => tree.node(22, 0)).toThrow(RangeError);
  });

  it("setPage updates the root; clones are independent", () => {
    const copy = tree.clone();
    const rootBefore = tree.root().slice();
    const d = pageDigest(randomWords(r));
    copy.setPage(3, d);
    copy.setPage(1000, ZERO_PAGE_DIGEST); // back to zero: pruned
    const changed = new Map(leaves);
    changed.set(3, d);
    changed.delete(1000);
    expect(Array.from(copy.root())).toEqual(naiveNode(changed, 0, 0));
    expect(tree.root()).toEqual(rootBefore);
    expect(Array.from(tree.root())).toEqual(naiveNode(leaves, 0, 0));
    // Setting the original back restores its root, and the stored nodes are pruned.
    copy.setPage(3, ZERO_PAGE_DIGEST);
    copy.setPage(1000, leaves.get(1000)!);
    expect(copy.root()).toEqual(rootBefore);
    expect(copy.size).toBe(tree.size);
  });

  it("a few hundred leaves: the root after lazy updates equals a fresh build", () => {
    const t = new PageTree();
    const many = new Map<number, Digest>();
    for (let i = 0; i < 300; i++) {
      const p = Math.floor(r() * 2 ** 21);
      const d = Uint32Array.from({ length: 8 }, () => Math.floor(r() * P));
      t.setPage(p, d);
      many.set(p, d);
      if (i % 100 === 0) t.root();
    }
    const fresh = new PageTree();
    for (const [p, d] of many) fresh.setPage(p, d);
    expect(t.root()).toEqual(fresh.root());
    const some = new Map([...many].slice(0, 3));
    const small = new PageTree();
    for (const [p, d] of some) small.setPage(p, d);
    expect(Array.from(small.root())).toEqual(naiveNode(some, 0, 0));
  });
});
