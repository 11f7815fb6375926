/**
 * Prover side of the mixed-height Merkle commitment (the layout is in `./shape.ts`): builds the
 * tree with the BLAKE3 WebAssembly kernel on every core, keeps every layer for openings, opens.
 *
 * The digests of layers 1 … log2(H) live in ONE heap `Uint32Array` (8 words per node, layer 1
 * first, root last; H − 1 nodes), not one object per node. The leaf layer is never stored: the
 * kernel hashes leaves in small batches straight into their parents, and an opening recomputes
 * the one leaf digest it needs (its sibling's) from the rows. That halves the tree's memory
 * (64 MiB instead of 128 at H = 2^21), which matters more than it seems: fresh memory on this
 * machine costs ~10 ms per MiB on first touch, more than hashing it. Matrices are read where
 * they lie when they are on the shared heap (an LDE from core/poly is); others are copied there
 * for the hashing only.
 *
 * The heap block is returned with `freeTree`, or when the tree is garbage-collected: memory
 * reused this way is already touched, which matters here (first touch runs at ~250 MiB/s).
 */
import { type Matrix, isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { K_INJECT, K_LEAF, K_NODE, hashLeaf } from "./hash.js";
import {
  type KernelKey,
  type LeafSource,
  hashBatch,
  hashContiguous,
  hashLeavesToParents,
  kernelKey,
} from "./kernel.js";
import { layerStart, log2Exact, rowIndex, treeShape } from "./shape.js";

/** A committed batch of matrices. Open it with `openBatch`; release it with `freeTree`. */
export interface MerkleTree {
  /** The commitment: 32 bytes. */
  readonly root: Uint8Array;
  /** The committed matrices, in the caller's order (openings read their rows from these). */
  readonly matrices: readonly Matrix[];
  /** log2 of the tallest matrix's height: the number of path nodes in an opening. */
  readonly logHeight: number;
}

/** An opening: one row per matrix (caller's order) and the sibling digests, leaf level first. */
export interface BatchOpening {
  rows: Uint32Array[];
  path: Uint8Array[];
}

interface TreeData {
  digests: Uint32Array | undefined; // layers 1 … logHeight (the root alone if logHeight = 0); undefined once freed
  leafGroup: number[]; // the tallest matrices, whose rows make the leaves
}
const treeData = new WeakMap<MerkleTree, TreeData>();
const reclaim = new FinalizationRegistry<Uint32Array>((digests) => heap().free(digests));

let keys: { leaf: KernelKey; node: KernelKey; inject: KernelKey } | undefined;
function kernelKeys() {
  keys ??= { leaf: kernelKey(K_LEAF), node: kernelKey(K_NODE), inject: kernelKey(K_INJECT) };
  return keys;
}

/** Checks what `commitMatrices` is given; throws a RangeError naming the matrix. */
function checkMatrices(matrices: readonly Matrix[]): void {
  if (!Array.isArray(matrices) || matrices.length === 0) {
    throw new RangeError("commitMatrices: give at least one matrix");
  }
  for (let i = 0; i < matrices.length; i++) {
    const m = matrices[i];
    if (!(m?.values instanceof Uint32Array)) {
      throw new RangeError(`commitMatrices: matrix ${i}: values must be a Uint32Array`);
    }
    if (!Number.isInteger(m.width) || m.width < 1) {
      throw new RangeError(
        `commitMatrices: matrix ${i}: width ${m.width} is not a positive integer`,
      );
    }
    if (log2Exact(m.height) < 0) {
      throw new RangeError(
        `commitMatrices: matrix ${i}: height ${m.height} is not a power of two in [1, 2^30]`,
      );
    }
    if (m.values.length !== m.width * m.height) {
      throw new RangeError(
        `commitMatrices: matrix ${i}: ${m.values.length} values for ${m.width} x ${m.height}`,
      );
    }
  }
}

/**
 * Where the kernel reads the messages "row r of each matrix of `group`, concatenated": the rows
 * themselves for one matrix, else a gather table (one address and stride per word; the caller
 * frees it).
 */
function leafSource(group: readonly Matrix[]): { source: LeafSource; lenBytes: number } {
  if (group.length === 1) {
    const m = group[0];
    return { source: { base: m.values.byteOffset, stride: 4 * m.width }, lenBytes: 4 * m.width };
  }
  const words = group.reduce((s, m) => s + m.width, 0);
  const table = heap().alloc(2 * words);
  let w = 0;
  for (const m of group) {
    for (let j = 0; j < m.width; j++, w++) {
      table[2 * w] = m.values.byteOffset + 4 * j;
      table[2 * w + 1] = 4 * m.width;
    }
  }
  return { source: { table }, lenBytes: 4 * words };
}

/** Leaf digests of `rows` rows of `group` into `out` (8 words per row). */
function hashRows(group: readonly Matrix[], rows: number, out: Uint32Array, key: KernelKey): void {
  const { source, lenBytes } = leafSource(group);
  try {
    if ("table" in source) hashBatch(source.table, lenBytes, rows, out, key);
    else hashContiguous(source.base, source.stride, lenBytes, rows, out, key);
  } finally {
    if ("table" in source) heap().free(source.table);
  }
}

/**
 * Commits to `matrices` (power-of-two heights, any order; see `./shape.ts` for the layout).
 * Uses every core for big trees. The tree keeps references to the matrices, and openings read
 * their rows there: keep them alive and unchanged (not freed, not reused) until the last opening.
 *
 * @example
 * const tree = commitMatrices([{ values, width: 100, height: 1 << 20 }]);
 * const { rows, path } = openBatch(tree, 12345);
 * verifyBatch(tree.root, [{ width: 100, height: 1 << 20 }], 12345, rows, path);
 */
export function commitMatrices(matrices: Matrix[]): MerkleTree {
  checkMatrices(matrices);
  const h = heap();
  const k = kernelKeys();
  const { logHeight, groups } = treeShape(matrices.map((m) => m.height));
  const height = 2 ** logHeight;

  // Kernels read the heap only: copy in what lies elsewhere, for the duration of the hashing.
  const copies: Uint32Array[] = [];
  const onHeap = matrices.map((m) => {
    if (isHeapView(m.values)) return m;
    const values = h.alloc(m.values.length);
    values.set(m.values);
    copies.push(values);
    return { values, width: m.width, height: m.height };
  });
  const group = (lg: number) => groups.get(lg)?.map((i) => onHeap[i]);

  // Layer l ≥ 1 starts at node layerStart(l) − H; with a single leaf, the root is node 0.
  const digests = h.alloc(8 * Math.max(1, height - 1));
  const layer = (l: number) => {
    const start = l === 0 ? 0 : layerStart(logHeight, l) - height;
    return digests.subarray(8 * start, 8 * (start + (height >>> l)));
  };
  let scratch: Uint32Array | undefined;
  let table: Uint32Array | undefined;
  try {
    const leaves = group(logHeight)!;
    if (logHeight === 0) {
      hashRows(leaves, 1, digests, k.leaf);
    } else {
      const { source, lenBytes } = leafSource(leaves);
      try {
        hashLeavesToParents(source, lenBytes, height, layer(1), k.leaf, k.node);
      } finally {
        if ("table" in source) h.free(source.table);
      }
    }
    for (let l = 1; l <= logHeight; l++) {
      const here = layer(l);
      const n = height >>> l;
      if (l > 1) {
        // Children 2i and 2i + 1 are adjacent: node i hashes 64 contiguous bytes.
        const below = layer(l - 1);
        hashContiguous(below.byteOffset, 64, 64, n, here, k.node);
      }
      const inject = group(logHeight - l);
      if (inject) {
        scratch ??= h.alloc(8 * (height >>> 1));
        const injected = scratch.subarray(0, 8 * n);
        hashRows(inject, n, injected, k.leaf);
        // node i := inject(node i ‖ leaf digest i), in place: each call reads and writes only
        // its own rows.
        table ??= h.alloc(32);
        for (let w = 0; w < 8; w++) {
          table[2 * w] = here.byteOffset + 4 * w;
          table[2 * w + 1] = 32;
          table[16 + 2 * w] = injected.byteOffset + 4 * w;
          table[16 + 2 * w + 1] = 32;
        }
        hashBatch(table, 64, n, here, k.inject);
      }
    }
  } catch (err) {
    h.free(digests);
    throw err;
  } finally {
    for (const c of copies) h.free(c);
    if (scratch) h.free(scratch);
    if (table) h.free(table);
  }

  const top = layer(logHeight);
  const root = new Uint8Array(top.buffer, top.byteOffset, 32).slice();
  const tree: MerkleTree = { root, matrices: matrices.slice(), logHeight };
  treeData.set(tree, { digests, leafGroup: groups.get(logHeight)! });
  reclaim.register(tree, digests, tree);
  return tree;
}

/**
 * Opens `tree` at leaf `index` (0 ≤ index < tallest height): the row of every matrix there (a
 * matrix of height h gives row index >> log2(H/h)), in the caller's order, and the path.
 */
export function openBatch(tree: MerkleTree, index: number): BatchOpening {
  const data = treeData.get(tree);
  if (!data) throw new RangeError("openBatch: not a tree made by commitMatrices");
  const { digests } = data;
  if (!digests) throw new RangeError("openBatch: the tree was freed");
  const { logHeight } = tree;
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** logHeight) {
    throw new RangeError(`openBatch: index ${index} out of range [0, ${2 ** logHeight})`);
  }
  const rows = tree.matrices.map((m) => {
    const r = rowIndex(index, logHeight, log2Exact(m.height));
    return m.values.slice(r * m.width, (r + 1) * m.width);
  });
  const path: Uint8Array[] = [];
  if (logHeight > 0) {
    // The leaf layer is not stored: hash the sibling leaf again (one hash per opening).
    const sibling = index ^ 1;
    path.push(
      hashLeaf(
        data.leafGroup.map((i) => {
          const m = tree.matrices[i];
          return m.values.subarray(sibling * m.width, (sibling + 1) * m.width);
        }),
      ),
    );
  }
  for (let l = 1; l < logHeight; l++) {
    const node = layerStart(logHeight, l) - 2 ** logHeight + ((index >>> l) ^ 1);
    path.push(new Uint8Array(digests.buffer, digests.byteOffset + 32 * node, 32).slice());
  }
  return { rows, path };
}

/** The stored digests of layers 1 … logHeight (for openings in this folder); throws if freed. */
export function treeDigests(tree: MerkleTree): Uint32Array {
  const data = treeData.get(tree);
  if (!data) throw new RangeError("open: not a tree made by commitMatrices");
  if (!data.digests) throw new RangeError("open: the tree was freed");
  return data.digests;
}

/** Indices of the tallest matrices, whose rows make the leaves. */
export function treeLeafGroup(tree: MerkleTree): readonly number[] {
  return treeData.get(tree)!.leafGroup;
}

/**
 * Returns the tree's digests to the heap now (rather than when it is garbage-collected). The
 * tree cannot be opened afterwards; its matrices are the caller's and are left alone.
 */
export function freeTree(tree: MerkleTree): void {
  const data = treeData.get(tree);
  if (!data?.digests) return;
  reclaim.unregister(tree);
  heap().free(data.digests);
  data.digests = undefined;
}
