import { describe, expect, it } from "vitest";
import {
  MerkleError,
  type MultiOpening,
  commitMatrices,
  commitMatricesRef,
  freeTree,
  openBatch,
  openMulti,
  verifyMulti,
} from "../../core/commit/index.js";
import type { Matrix } from "../../core/field/matrix.js";
import { hex, randomMatrix, rng } from "./helpers.js";

const dimsOf = (ms: Matrix[]) => ms.map((m) => ({ width: m.width, height: m.height }));
const rowOf = (m: Matrix, r: number) => m.values.slice(r * m.width, (r + 1) * m.width);

/**
 * The multi-opening computed independently from the noble reference tree: per level, the
 * siblings of the known positions that are not known themselves, ascending.
 */
function referenceNodes(ms: Matrix[], indices: number[]): string[] {
  const ref = commitMatricesRef(ms);
  const out: string[] = [];
  let known = new Set(indices);
  for (let l = 0; l < ref.logHeight; l++) {
    const need = [...known].filter((p) => !known.has(p ^ 1)).map((p) => p ^ 1);
    for (const p of need.sort((a, b) => a - b)) out.push(hex(ref.layers[l][p]));
    known = new Set([...known].map((p) => p >>> 1));
  }
  return out;
}

describe("Merkle multi-openings", () => {
  it("match the reference tree, for mixed heights and random index sets (repeats included)", () => {
    const next = rng(7);
    for (let trial = 0; trial < 8; trial++) {
      const count = 1 + (next() % 4);
      const ms = Array.from({ length: count }, (_, k) =>
        randomMatrix(1 + (next() % 40), 1 << (next() % 9), 100 * trial + k),
      );
      const H = Math.max(...ms.map((m) => m.height));
      const indices = Array.from({ length: 1 + (next() % 30) }, () => next() % H);
      indices.push(indices[0]);
      const tree = commitMatrices(ms);
      const opening = openMulti(tree, indices);
      expect(opening.nodes.map(hex)).toEqual(referenceNodes(ms, indices));
      const rowsAt = verifyMulti(tree.root, dimsOf(ms), indices, opening);
      for (const i of indices) {
        expect(rowsAt(i)).toEqual(ms.map((m) => rowOf(m, i >>> Math.log2(H / m.height))));
      }
      freeTree(tree);
    }
  });

  it("at one index is exactly the single path", () => {
    const ms = [randomMatrix(5, 64, 1), randomMatrix(3, 16, 2)];
    const tree = commitMatrices(ms);
    for (const i of [0, 17, 63]) {
      const single = openBatch(tree, i);
      const multi = openMulti(tree, [i]);
      expect(multi.nodes.map(hex)).toEqual(single.path.map(hex));
      expect(multi.rows.map((r) => r[0])).toEqual(single.rows);
    }
    freeTree(tree);
  });

  it("sends each leaf once and no digest when every leaf is opened", () => {
    const ms = [randomMatrix(4, 8, 3)];
    const tree = commitMatrices(ms);
    const indices = [0, 1, 2, 3, 4, 5, 6, 7, 3, 3];
    const opening = openMulti(tree, indices);
    expect(opening.rows[0].length).toBe(8);
    expect(opening.nodes.length).toBe(0);
    verifyMulti(tree.root, dimsOf(ms), indices, opening);
    freeTree(tree);
  });
});

describe("Merkle multi-openings: tampering is rejected", () => {
  const ms = [
    randomMatrix(6, 256, 21),
    randomMatrix(4, 256, 22),
    randomMatrix(9, 32, 23),
    randomMatrix(2, 4, 24),
  ];
  const dims = dimsOf(ms);
  const tree = commitMatrices(ms);
  const indices = [3, 200, 201, 77, 5, 130, 3];
  const good = openMulti(tree, indices);
  const copy = (): MultiOpening => ({
    rows: good.rows.map((rs) => rs.map((r) => r.slice())),
    nodes: good.nodes.map((n) => n.slice()),
  });

  function rejects(reason: string, f: (o: MultiOpening) => void, idx = indices): void {
    const o = copy();
    f(o);
    let caught: unknown;
    try {
      verifyMulti(tree.root, dims, idx, o);
    } catch (err) {
      caught = err;
    }
    expect(caught, `expected a MerkleError (${reason})`).toBeInstanceOf(MerkleError);
    expect((caught as MerkleError).reason).toBe(reason);
  }

  it("the untouched opening verifies; it needs digests at several levels", () => {
    verifyMulti(tree.root, dims, indices, copy());
    expect(good.nodes.length).toBeGreaterThan(8);
  });

  it("every node flipped", () => {
    for (let k = 0; k < good.nodes.length; k++)
      rejects("root-mismatch", (o) => (o.nodes[k][k % 32] ^= 1));
  });

  it("a word of any row of any matrix changed", () => {
    for (let m = 0; m < ms.length; m++) {
      for (let k = 0; k < good.rows[m].length; k++)
        rejects("root-mismatch", (o) => (o.rows[m][k][0] ^= 1));
    }
  });

  it("dropped, duplicated, extra and swapped nodes", () => {
    rejects("path-length", (o) => o.nodes.pop());
    rejects("path-length", (o) => o.nodes.push(o.nodes[0]));
    rejects("root-mismatch", (o) => o.nodes.splice(2, 1, o.nodes[3])); // one replaced by a duplicate
    rejects("path-length", (o) => o.nodes.splice(2, 0, o.nodes[2])); // one duplicated in place
    rejects("root-mismatch", (o) => ([o.nodes[0], o.nodes[1]] = [o.nodes[1], o.nodes[0]]));
    rejects("path-node", (o) => (o.nodes[1] = o.nodes[1].slice(0, 31)));
    rejects("path-node", (o) => ((o.nodes as unknown[])[0] = "x"));
    rejects("path-length", (o) => ((o as { nodes: unknown }).nodes = undefined));
  });

  it("dropped, duplicated, swapped or mis-sized rows", () => {
    rejects("rows", (o) => o.rows[0].pop());
    rejects("rows", (o) => o.rows[2].push(o.rows[2][0]));
    rejects("rows", (o) => o.rows.pop());
    rejects("root-mismatch", (o) => ([o.rows[0][0], o.rows[0][1]] = [o.rows[0][1], o.rows[0][0]]));
    rejects("row-width", (o) => (o.rows[1][0] = o.rows[1][0].slice(1)));
    rejects("row-width", (o) => ((o.rows[3] as unknown[])[0] = [1, 2]));
    rejects("rows", (o) => ((o as { rows: unknown }).rows = null));
  });

  it("indices other than the ones opened, or out of range", () => {
    rejects(
      "root-mismatch",
      () => {},
      indices.map((i) => i ^ 8),
    );
    rejects("rows", () => {}, [...indices, 100]);
    rejects("index", () => {}, [...indices, 256]);
    rejects("index", () => {}, []);
    rejects("index", () => {}, [1.5]);
  });

  it("a different root, or wrong shapes", () => {
    const root = tree.root.slice();
    root[0] ^= 1;
    expect(() => verifyMulti(root, dims, indices, copy())).toThrow(MerkleError);
    expect(() => verifyMulti(tree.root.slice(1), dims, indices, copy())).toThrow(MerkleError);
    expect(() =>
      verifyMulti(
        tree.root,
        [...dims.slice(0, 2), { width: 9, height: 64 }, dims[3]],
        indices,
        copy(),
      ),
    ).toThrow(MerkleError);
    expect(() => verifyMulti(tree.root, [], indices, copy())).toThrow(MerkleError);
  });
});
