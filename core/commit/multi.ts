/**
 * Multi-openings (batched Merkle proofs): one opening of a mixed-height tree at many leaf
 * indices at once, with every row and every digest sent at most once.
 *
 * A FRI query set opens ~100 random leaves of each tree. Sent as separate paths, the top
 * log2(100) ≈ 7 levels are repeated in every path, and at small heights the same leaves are
 * opened again and again. Here the verifier walks the tree bottom-up over the sorted distinct
 * positions: where both children of a node are known it hashes them, and only where a sibling
 * is unknown does it take the next digest from `nodes`. So the opening holds exactly the
 * digests the verifier cannot compute, in the order it needs them (level by level from the
 * leaves, ascending position within a level), and each matrix's rows once per distinct
 * position of its own height. Nothing is left for the prover to choose: for given indices there
 * is one valid opening, and a digest too many, too few or out of place is refused.
 *
 * Merkle caps were measured against this and add nothing: with 100 queries the top levels are
 * all recomputed from below, so a cap would only add digests to the proof and the transcript.
 */
import { DIGEST_BYTES, compressNode, hashLeaf, injectLeaf } from "./hash.js";
import { layerStart, log2Exact, treeShape } from "./shape.js";
import { MerkleError } from "./verify.js";
import { type MerkleTree, treeDigests, treeLeafGroup } from "./merkle.js";

/** One opening of a tree at several leaf indices. */
export interface MultiOpening {
  /**
   * rows[m][k]: matrix m's row at the k-th smallest distinct position of its own height
   * (position = index >> log2(tallest / height)); matrices in the caller's order.
   */
  rows: Uint32Array[][];
  /** The sibling digests the verifier cannot compute: leaf level first, ascending positions. */
  nodes: Uint8Array[];
}

/** Sorted distinct values of `indices >> shift`. */
export function distinctPositions(indices: readonly number[], shift: number): number[] {
  const out = Array.from(new Set(indices.map((i) => i >>> shift)));
  return out.sort((a, b) => a - b);
}

/**
 * Opens `tree` at every leaf index in `indices` (any order, repeats allowed).
 *
 * @example
 * const opening = openMulti(tree, [5, 900, 5]);
 * const rowsAt = verifyMulti(tree.root, dims, [5, 900, 5], opening);
 */
export function openMulti(tree: MerkleTree, indices: readonly number[]): MultiOpening {
  const digests = treeDigests(tree);
  const { logHeight, matrices } = tree;
  const height = 2 ** logHeight;
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= height) {
      throw new RangeError(`openMulti: index ${i} out of range [0, ${height})`);
    }
  }
  const rows = matrices.map((m) =>
    distinctPositions(indices, logHeight - log2Exact(m.height)).map((r) =>
      m.values.slice(r * m.width, (r + 1) * m.width),
    ),
  );
  const nodes: Uint8Array[] = [];
  const leafGroup = treeLeafGroup(tree);
  let known = distinctPositions(indices, 0);
  for (let l = 0; l < logHeight; l++) {
    const parents: number[] = [];
    for (let k = 0; k < known.length; k++) {
      const pos = known[k];
      if ((pos & 1) === 0 && known[k + 1] === pos + 1) k++;
      else if (l === 0) {
        // The leaf layer is not stored: hash the sibling leaf again.
        const s = pos ^ 1;
        nodes.push(
          hashLeaf(
            leafGroup.map((i) =>
              matrices[i].values.subarray(s * matrices[i].width, (s + 1) * matrices[i].width),
            ),
          ),
        );
      } else {
        const node = layerStart(logHeight, l) - height + (pos ^ 1);
        nodes.push(new Uint8Array(digests.buffer, digests.byteOffset + 32 * node, 32).slice());
      }
      parents.push(pos >>> 1);
    }
    known = parents;
  }
  return { rows, nodes };
}

const isBytes32 = (x: unknown): x is Uint8Array =>
  x instanceof Uint8Array && x.length === DIGEST_BYTES;

/** Reads the shapes once into numbers (so what is checked is what is used). */
function readDims(dims: readonly { width: number; height: number }[]): {
  widths: number[];
  logs: number[];
} {
  if (!Array.isArray(dims) || dims.length === 0)
    throw new MerkleError("dims", "give the shape of at least one matrix");
  const widths: number[] = [];
  const logs: number[] = [];
  for (let i = 0; i < dims.length; i++) {
    const width = dims[i]?.width;
    const lg = log2Exact(dims[i]?.height);
    if (!Number.isInteger(width) || width < 1)
      throw new MerkleError("dims", `matrix ${i}: width ${width} is not a positive integer`);
    if (lg < 0)
      throw new MerkleError("dims", `matrix ${i}: height ${dims[i]?.height} is not a power of two`);
    widths.push(width);
    logs.push(lg);
  }
  return { widths, logs };
}

/**
 * Checks `opening` against `root` for the leaf `indices` (any order, repeats allowed) of the
 * matrices of shapes `dims` (the verifier's own knowledge). Throws a `MerkleError` naming what
 * is wrong; on success returns a lookup of the verified rows at any of the indices.
 */
export function verifyMulti(
  root: Uint8Array,
  dims: readonly { width: number; height: number }[],
  indices: readonly number[],
  opening: MultiOpening,
): (index: number) => Uint32Array[] {
  if (!isBytes32(root)) throw new MerkleError("root", "the root must be 32 bytes");
  const { widths, logs } = readDims(dims);
  const { logHeight, groups } = treeShape(logs.map((lg) => 2 ** lg));
  if (!Array.isArray(indices) || indices.length === 0)
    throw new MerkleError("index", "give at least one index");
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= 2 ** logHeight) {
      throw new MerkleError("index", `index ${i} out of range [0, ${2 ** logHeight})`);
    }
  }
  const rows = opening?.rows;
  const nodes = opening?.nodes;
  if (!Array.isArray(rows) || rows.length !== logs.length) {
    throw new MerkleError(
      "rows",
      `expected rows of ${logs.length} matrices, got ${Array.isArray(rows) ? rows.length : typeof rows}`,
    );
  }
  if (!Array.isArray(nodes)) throw new MerkleError("path-length", "the opening has no node list");
  const positions = logs.map((lg) => distinctPositions(indices, logHeight - lg));
  for (let m = 0; m < logs.length; m++) {
    const rm = rows[m];
    if (!Array.isArray(rm) || rm.length !== positions[m].length) {
      throw new MerkleError(
        "rows",
        `matrix ${m}: expected ${positions[m].length} distinct rows, got ${Array.isArray(rm) ? rm.length : typeof rm}`,
      );
    }
    for (let k = 0; k < rm.length; k++) {
      if (!(rm[k] instanceof Uint32Array) || rm[k].length !== widths[m]) {
        throw new MerkleError(
          "row-width",
          `matrix ${m} row ${k}: must be a Uint32Array of ${widths[m]} words`,
        );
      }
    }
  }
  const groupRows = (lg: number, k: number) => groups.get(lg)!.map((m) => rows[m][k]);

  let known = positions.map((p, m) => ({ p, m })).find(({ m }) => logs[m] === logHeight)!.p;
  let digests = known.map((_, k) => hashLeaf(groupRows(logHeight, k)));
  let cursor = 0;
  for (let l = 0; l < logHeight; l++) {
    const parents: number[] = [];
    const up: Uint8Array[] = [];
    for (let k = 0; k < known.length; k++) {
      const pos = known[k];
      let parent: Uint8Array;
      if ((pos & 1) === 0 && known[k + 1] === pos + 1) {
        parent = compressNode(digests[k], digests[k + 1]);
        k++;
      } else {
        const sibling = nodes[cursor];
        if (cursor >= nodes.length)
          throw new MerkleError("path-length", `too few nodes (ran out at level ${l})`);
        if (!isBytes32(sibling))
          throw new MerkleError("path-node", `node ${cursor} is not 32 bytes`);
        cursor++;
        parent = pos & 1 ? compressNode(sibling, digests[k]) : compressNode(digests[k], sibling);
      }
      parents.push(pos >>> 1);
      up.push(parent);
    }
    const lg = logHeight - l - 1;
    if (groups.has(lg))
      for (let k = 0; k < up.length; k++) up[k] = injectLeaf(up[k], hashLeaf(groupRows(lg, k)));
    known = parents;
    digests = up;
  }
  if (cursor !== nodes.length)
    throw new MerkleError(
      "path-length",
      `${nodes.length - cursor} nodes more than the opening needs`,
    );
  let diff = 0;
  for (let i = 0; i < DIGEST_BYTES; i++) diff |= digests[0][i] ^ root[i];
  if (diff !== 0)
    throw new MerkleError("root-mismatch", "the multi-opening does not match the root");

  const lookups = positions.map((ps) => new Map(ps.map((p, k) => [p, k])));
  return (index: number) =>
    logs.map((lg, m) => {
      const k = lookups[m].get(index >>> (logHeight - lg));
      if (k === undefined) throw new MerkleError("index", `index ${index} was not opened`);
      return rows[m][k];
    });
}
