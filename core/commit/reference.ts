/**
 * The mixed-height Merkle tree computed plainly with @noble/hashes: the independent reference
 * the kernel-built tree is tested against (same roots, same paths). Slow; tests only.
 */
import type { Matrix } from "../field/matrix.js";
import { compressNode, hashLeaf, injectLeaf } from "./hash.js";
import { log2Exact, rowIndex, treeShape } from "./shape.js";

/** Every layer's digests, leaves first; the root is `layers[layers.length - 1][0]`. */
export interface ReferenceTree {
  root: Uint8Array;
  layers: Uint8Array[][];
  matrices: readonly Matrix[];
  logHeight: number;
}

const rowOf = (m: Matrix, r: number) => m.values.subarray(r * m.width, (r + 1) * m.width);

/** Builds the tree over `matrices` with noble's BLAKE3 (shapes are trusted: tests only). */
export function commitMatricesRef(matrices: Matrix[]): ReferenceTree {
  const { logHeight, groups } = treeShape(matrices.map((m) => m.height));
  const leafDigest = (lg: number, r: number) =>
    hashLeaf(groups.get(lg)!.map((i) => rowOf(matrices[i], r)));
  let layer = Array.from({ length: 2 ** logHeight }, (_, r) => leafDigest(logHeight, r));
  const layers = [layer];
  for (let l = 1; l <= logHeight; l++) {
    const below = layer;
    const lg = logHeight - l;
    layer = Array.from({ length: 2 ** lg }, (_, i) => {
      const node = compressNode(below[2 * i], below[2 * i + 1]);
      return groups.has(lg) ? injectLeaf(node, leafDigest(lg, i)) : node;
    });
    layers.push(layer);
  }
  return { root: layer[0], layers, matrices, logHeight };
}

/** The reference opening at `index`: rows in the caller's order, siblings leaf level first. */
export function openBatchRef(
  tree: ReferenceTree,
  index: number,
): { rows: Uint32Array[]; path: Uint8Array[] } {
  const rows = tree.matrices.map((m) =>
    rowOf(m, rowIndex(index, tree.logHeight, log2Exact(m.height))).slice(),
  );
  const path = tree.layers.slice(0, tree.logHeight).map((layer, l) => layer[(index >>> l) ^ 1]);
  return { rows, path };
}
