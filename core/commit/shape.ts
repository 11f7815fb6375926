/**
 * The shape of a mixed-height Merkle tree, shared by the prover, the reference and the verifier.
 *
 * Matrices have power-of-two heights. The tallest (height H) give the leaves: leaf i hashes row i
 * of every matrix of height H, concatenated in the caller's order. Layer l of the tree has H/2^l
 * nodes; where some matrices have exactly that height, their rows (concatenated, caller's order)
 * are hashed and injected into the layer's nodes. Grouping is computed from the heights alone,
 * so a caller may list matrices in any order: only the relative order of equal heights matters.
 */

/** Largest supported height (2^30 rows): indices and layer offsets stay exact in 32 bits. */
export const MAX_LOG_HEIGHT = 30;

/** Matrices grouped by height: `groups.get(logHeight)` = their indices, in the caller's order. */
export interface TreeShape {
  logHeight: number; // log2 of the tallest height
  groups: Map<number, number[]>;
}

/** log2 of `h` if `h` is a power of two in [1, 2^30], else -1. */
export function log2Exact(h: number): number {
  if (!Number.isInteger(h) || h < 1 || h > 2 ** MAX_LOG_HEIGHT || (h & (h - 1)) !== 0) return -1;
  return 31 - Math.clz32(h);
}

/**
 * Groups matrices by height. `heights` must be powers of two (callers validate first and name
 * the offending matrix; this only computes).
 */
export function treeShape(heights: readonly number[]): TreeShape {
  const groups = new Map<number, number[]>();
  let logHeight = 0;
  heights.forEach((h, i) => {
    const lg = log2Exact(h);
    logHeight = Math.max(logHeight, lg);
    const g = groups.get(lg);
    if (g) g.push(i);
    else groups.set(lg, [i]);
  });
  return { logHeight, groups };
}

/** Index of the first node of layer `l` when all layers are stored leaves-first, 2H − 1 nodes. */
export function layerStart(logHeight: number, l: number): number {
  const h = 2 ** logHeight;
  return 2 * h - 2 * (h / 2 ** l);
}

/** Row of a matrix of height 2^logH opened at global index `index` of a tree of 2^logMax leaves. */
export function rowIndex(index: number, logMax: number, logH: number): number {
  return index >>> (logMax - logH);
}
