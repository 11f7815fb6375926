import { describe, expect, it } from "vitest";
import {
  type MerkleTree,
  MerkleError,
  commitMatrices,
  commitMatricesRef,
  freeTree,
  openBatch,
  openBatchRef,
  verifyBatch,
} from "../../core/commit/index.js";
import type { Matrix } from "../../core/field/matrix.js";
import { hex, randomMatrix, rng } from "./helpers.js";

const dimsOf = (ms: Matrix[]) => ms.map((m) => ({ width: m.width, height: m.height }));

/** Kernel tree and noble tree agree on the root and on the openings at `indices`. */
function expectSameAsReference(ms: Matrix[], indices: number[]): MerkleTree {
  const tree = commitMatrices(ms);
  const ref = commitMatricesRef(ms);
  expect(hex(tree.root)).toBe(hex(ref.root));
  for (const i of indices) {
    const a = openBatch(tree, i);
    const b = openBatchRef(ref, i);
    expect(a.path.map(hex)).toEqual(b.path.map(hex));
    expect(a.rows).toEqual(b.rows);
    verifyBatch(tree.root, dimsOf(ms), i, a.rows, a.path);
  }
  return tree;
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("Merkle commitment: kernel tree = noble tree", () => {
  it("single matrices, heights 1..2^10, widths 1..300 (rows up to 1,200 bytes)", () => {
    const widths = [1, 2, 7, 16, 17, 100, 256, 257, 300];
    let seed = 1;
    for (let lg = 0; lg <= 10; lg++) {
      const width = widths[lg % widths.length];
      const m = randomMatrix(width, 1 << lg, seed++);
      const tree = expectSameAsReference(
        [m],
        lg <= 6 ? all(1 << lg) : [0, 1, (1 << lg) - 1, 77 % (1 << lg)],
      );
      freeTree(tree);
    }
  });

  it("mixed heights in any order, several matrices per height, wide rows", () => {
    const next = rng(99);
    for (let trial = 0; trial < 6; trial++) {
      const count = 2 + (next() % 5);
      const ms = Array.from({ length: count }, (_, k) =>
        randomMatrix(1 + (next() % 300), 1 << (next() % 11), 1000 * trial + k),
      );
      const H = Math.max(...ms.map((m) => m.height));
      const idx = H <= 64 ? all(H) : [0, H - 1, next() % H, next() % H, next() % H];
      freeTree(expectSameAsReference(ms, idx));
    }
  });

  it("every opening of a mixed tree verifies", () => {
    const ms = [
      randomMatrix(5, 64, 1),
      randomMatrix(300, 256, 2), // 1,200-byte rows: two BLAKE3 chunks per leaf
      randomMatrix(8, 1, 3),
      randomMatrix(3, 256, 4),
      randomMatrix(40, 16, 5),
      randomMatrix(9, 64, 6),
    ];
    const tree = expectSameAsReference(ms, [0, 255]);
    for (let i = 0; i < 256; i++) {
      const { rows, path } = openBatch(tree, i);
      expect(path.length).toBe(8);
      verifyBatch(tree.root, dimsOf(ms), i, rows, path);
    }
  });

  it("a big tree built on both cores equals the reference", () => {
    // 2^13 leaves of 50 words on the heap: every layer down to 2^11 nodes goes to the pool.
    const ms = [randomMatrix(50, 1 << 13, 5, true), randomMatrix(4, 1 << 11, 6, true)];
    freeTree(expectSameAsReference(ms, [0, 1, 4095, 8191]));
    // 2^10 rows of 1,200 bytes: split in calls of 128 rows, fewer than one leaf batch (256).
    const wide = [randomMatrix(300, 1 << 10, 7, true), randomMatrix(1, 1 << 10, 8)];
    freeTree(expectSameAsReference(wide, [0, 127, 128, 1023]));
  });

  it("matrices on or off the shared heap give the same tree", () => {
    const off = randomMatrix(33, 128, 8);
    const on = randomMatrix(33, 128, 8, true);
    expect(hex(commitMatrices([on]).root)).toBe(hex(commitMatrices([off]).root));
  });
});

describe("Merkle openings: tampering is rejected", () => {
  const ms = [
    randomMatrix(12, 32, 11),
    randomMatrix(12, 32, 12),
    randomMatrix(7, 8, 13),
    randomMatrix(20, 2, 14),
  ];
  const dims = dimsOf(ms);
  const tree = commitMatrices(ms);
  const index = 21;
  const good = openBatch(tree, index);

  function rejects(reason: string, f: () => void): void {
    let caught: unknown;
    try {
      f();
    } catch (err) {
      caught = err;
    }
    expect(caught, `expected a MerkleError (${reason})`).toBeInstanceOf(MerkleError);
    expect((caught as MerkleError).reason).toBe(reason);
  }
  const copyRows = () => good.rows.map((r) => r.slice());
  function rejectsAny(f: () => void): void {
    expect(f).toThrow(MerkleError);
  }

  it("the untouched opening verifies", () => {
    verifyBatch(tree.root, dims, index, good.rows, good.path);
  });

  it("one word of any row changed", () => {
    for (let m = 0; m < ms.length; m++) {
      for (const w of [0, ms[m].width - 1]) {
        const rows = copyRows();
        rows[m][w] ^= 1;
        rejects("root-mismatch", () => verifyBatch(tree.root, dims, index, rows, good.path));
      }
    }
  });

  it("one byte of any path node changed", () => {
    for (let l = 0; l < good.path.length; l++) {
      const path = good.path.map((p) => p.slice());
      path[l][l % 32] ^= 0x80;
      rejects("root-mismatch", () => verifyBatch(tree.root, dims, index, good.rows, path));
    }
  });

  it("the root changed", () => {
    const root = tree.root.slice();
    root[31] ^= 1;
    rejects("root-mismatch", () => verifyBatch(root, dims, index, good.rows, good.path));
  });

  it("a wrong index, in and out of range", () => {
    rejects("root-mismatch", () => verifyBatch(tree.root, dims, index ^ 1, good.rows, good.path));
    rejects("root-mismatch", () => verifyBatch(tree.root, dims, index ^ 8, good.rows, good.path));
    for (const bad of [32, -1, 1.5, NaN, 2 ** 40]) {
      rejects("index", () => verifyBatch(tree.root, dims, bad, good.rows, good.path));
    }
  });

  it("wrong dims: a width, a height, a non-power-of-two height, a missing matrix", () => {
    const wider = dims.map((d, i) => (i === 2 ? { ...d, width: d.width + 1 } : d));
    rejects("row-width", () => verifyBatch(tree.root, wider, index, good.rows, good.path));
    const taller = dims.map((d, i) => (i === 2 ? { ...d, height: 16 } : d));
    rejects("root-mismatch", () => verifyBatch(tree.root, taller, index, good.rows, good.path));
    const odd = dims.map((d, i) => (i === 3 ? { ...d, height: 3 } : d));
    rejects("dims", () => verifyBatch(tree.root, odd, index, good.rows, good.path));
    rejects("rows", () => verifyBatch(tree.root, dims.slice(0, 3), index, good.rows, good.path));
    rejects("dims", () => verifyBatch(tree.root, [], index, [], good.path));
  });

  it("matrices swapped: same height (order is bound) and rows against the wrong dims", () => {
    // Matrices 0 and 1 have the same shape: swapping them (rows and dims) changes the leaf.
    const rows = copyRows();
    [rows[0], rows[1]] = [rows[1], rows[0]];
    rejects("root-mismatch", () => verifyBatch(tree.root, dims, index, rows, good.path));
    const swappedDims = [dims[1], dims[0], dims[2], dims[3]];
    rejects("root-mismatch", () => verifyBatch(tree.root, swappedDims, index, rows, good.path));
    // Rows 2 and 3 swapped against unchanged dims: widths no longer fit.
    const rows2 = copyRows();
    [rows2[2], rows2[3]] = [rows2[3], rows2[2]];
    rejects("row-width", () => verifyBatch(tree.root, dims, index, rows2, good.path));
  });

  it("a truncated, extended or malformed path", () => {
    rejects("path-length", () =>
      verifyBatch(tree.root, dims, index, good.rows, good.path.slice(1)),
    );
    rejects("path-length", () =>
      verifyBatch(tree.root, dims, index, good.rows, [...good.path, good.path[0]]),
    );
    rejects("path-length", () => verifyBatch(tree.root, dims, index, good.rows, []));
    const short = good.path.map((p, l) => (l === 2 ? p.subarray(0, 31) : p));
    rejects("path-node", () => verifyBatch(tree.root, dims, index, good.rows, short));
  });

  it("malformed input of any type gives a MerkleError, never a deep exception", () => {
    const junk: unknown[] = [
      undefined,
      null,
      7,
      "x",
      {},
      [null],
      [new Uint8Array(32)],
      [new Uint32Array(3)],
    ];
    for (const j of junk) {
      const call = (f: () => void) => {
        try {
          f();
        } catch (err) {
          expect(err).toBeInstanceOf(MerkleError);
          return;
        }
        throw new Error("accepted junk");
      };
      call(() => verifyBatch(j as Uint8Array, dims, index, good.rows, good.path));
      call(() => verifyBatch(tree.root, j as never, index, good.rows, good.path));
      call(() => verifyBatch(tree.root, dims, j as number, good.rows, good.path));
      call(() => verifyBatch(tree.root, dims, index, j as never, good.path));
      call(() => verifyBatch(tree.root, dims, index, good.rows, j as never));
    }
    // Sparse arrays: a hole is refused, not skipped.
    const holes = <T>(xs: T[], at: number): T[] => {
      const out = xs.slice();
      delete out[at];
      return out;
    };
    rejectsAny(() => verifyBatch(tree.root, holes(dims, 1), index, good.rows, good.path));
    rejectsAny(() => verifyBatch(tree.root, dims, index, holes(good.rows, 2), good.path));
    rejectsAny(() => verifyBatch(tree.root, dims, index, good.rows, holes(good.path, 0)));
  });
});

describe("Merkle domains", () => {
  it("a leaf cannot pass for a node: the same 64 bytes hash differently as leaf and as node", () => {
    // Tree A: two leaves; its root is node(leaf0 ‖ leaf1).
    const a = randomMatrix(3, 2, 21);
    const treeA = commitMatrices([a]);
    const { path } = openBatch(treeA, 0);
    const leaf0 = commitMatricesRef([{ values: a.values.slice(0, 3), width: 3, height: 1 }]).root;
    // Tree B: one row whose 16 words are exactly leaf0 ‖ leaf1, committed as a leaf.
    const bytes = new Uint8Array(64);
    bytes.set(leaf0, 0);
    bytes.set(path[0], 32);
    const row = new Uint32Array(bytes.buffer);
    const treeB = commitMatrices([{ values: row, width: 16, height: 1 }]);
    expect(hex(treeB.root)).not.toBe(hex(treeA.root));
    // And the forged claim "row is a height-1 matrix under root A" is refused.
    expect(() => verifyBatch(treeA.root, [{ width: 16, height: 1 }], 0, [row], [])).toThrow(
      MerkleError,
    );
  });

  it("the three keys are distinct and give three different functions of the same input", async () => {
    const { K_LEAF, K_NODE, K_INJECT, hashLeaf, compressNode, injectLeaf } =
      await import("../../core/commit/index.js");
    expect(new Set([K_LEAF, K_NODE, K_INJECT].map(hex)).size).toBe(3);
    const x = new Uint8Array(32).fill(1);
    const y = new Uint8Array(32).fill(2);
    const words = new Uint32Array(16);
    new Uint8Array(words.buffer).set([...x, ...y]);
    const d = [hashLeaf([words]), compressNode(x, y), injectLeaf(x, y)].map(hex);
    expect(new Set(d).size).toBe(3);
  });
});

describe("commitMatrices input checks and lifetime", () => {
  it("refuses bad shapes with a message naming the matrix", () => {
    const ok = randomMatrix(2, 4, 1);
    expect(() => commitMatrices([])).toThrow(/at least one/);
    expect(() => commitMatrices([ok, { values: new Uint32Array(6), width: 2, height: 3 }])).toThrow(
      /matrix 1: height 3/,
    );
    expect(() => commitMatrices([{ values: new Uint32Array(7), width: 2, height: 4 }])).toThrow(
      /matrix 0: 7 values/,
    );
    expect(() => commitMatrices([{ values: new Uint32Array(0), width: 0, height: 4 }])).toThrow(
      /width 0/,
    );
  });

  it("opens only valid indices, and not after freeTree", () => {
    const tree = commitMatrices([randomMatrix(2, 4, 1)]);
    expect(() => openBatch(tree, 4)).toThrow(/out of range/);
    freeTree(tree);
    expect(() => openBatch(tree, 0)).toThrow(/freed/);
  });
});
