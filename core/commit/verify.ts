/**
 * Verifier side of the mixed-height Merkle commitment: checks an opening against a root with
 * @noble/hashes BLAKE3 only (no WebAssembly), so the verifier rests on a well-known
 * implementation. Every malformed input is refused with a `MerkleError` that says what is wrong;
 * nothing in the input can make it throw anything else.
 */
import { DIGEST_BYTES, compressNode, hashLeaf, injectLeaf } from "./hash.js";
import { log2Exact, treeShape } from "./shape.js";

/** Why an opening was refused. */
export type MerkleErrorReason =
  | "dims" // the matrix shapes are not valid
  | "rows" // not one row per matrix
  | "row-width" // a row's length is not its matrix's width
  | "index" // index outside [0, tallest height)
  | "path-length" // not one sibling per tree level
  | "path-node" // a sibling that is not 32 bytes
  | "root" // the root is not 32 bytes
  | "root-mismatch"; // well-formed, but does not hash to the root

/** An opening that does not verify, with the reason. */
export class MerkleError extends Error {
  override name = "MerkleError";
  constructor(
    readonly reason: MerkleErrorReason,
    message: string,
  ) {
    super(`merkle: ${message}`);
  }
}

const isBytes32 = (x: unknown): x is Uint8Array =>
  x instanceof Uint8Array && x.length === DIGEST_BYTES;

/**
 * Checks that `rows` (one per matrix, in the order of `dims`) are the rows at `index` of the
 * matrices committed to by `root`, with sibling digests `path` (leaf level first). Throws a
 * `MerkleError` if not. The shapes `dims` must come from the verifier's own knowledge (the
 * commitment binds each height's concatenated rows, not how they split into matrices).
 *
 * @example
 * verifyBatch(root, [{ width: 8, height: 1024 }], 17, [row], path); // throws MerkleError if bad
 */
export function verifyBatch(
  root: Uint8Array,
  dims: readonly { width: number; height: number }[],
  index: number,
  rows: readonly Uint32Array[],
  path: readonly Uint8Array[],
): void {
  if (!isBytes32(root)) throw new MerkleError("root", "the root must be 32 bytes");
  if (!Array.isArray(dims) || dims.length === 0) {
    throw new MerkleError("dims", "give the shape of at least one matrix");
  }
  // Plain loops, not forEach: a sparse array's holes must be seen (and refused), not skipped.
  // Shapes are read once into numbers, so what is checked is what is used.
  const widths: number[] = [];
  const heights: number[] = [];
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    const width = d?.width;
    const height = d?.height;
    if (!Number.isInteger(width) || width < 1) {
      throw new MerkleError("dims", `matrix ${i}: width ${width} is not a positive integer`);
    }
    if (log2Exact(height) < 0) {
      throw new MerkleError("dims", `matrix ${i}: height ${height} is not a power of two`);
    }
    widths.push(width);
    heights.push(height);
  }
  if (!Array.isArray(rows) || rows.length !== dims.length) {
    const got = Array.isArray(rows) ? rows.length : typeof rows;
    throw new MerkleError("rows", `expected ${dims.length} rows, got ${got}`);
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r instanceof Uint32Array) || r.length !== widths[i]) {
      const got = r instanceof Uint32Array ? `${r.length} words` : "not a Uint32Array";
      throw new MerkleError("row-width", `matrix ${i}: row must be ${widths[i]} words, got ${got}`);
    }
  }
  const { logHeight, groups } = treeShape(heights);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** logHeight) {
    throw new MerkleError("index", `index ${index} out of range [0, ${2 ** logHeight})`);
  }
  if (!Array.isArray(path) || path.length !== logHeight) {
    const got = Array.isArray(path) ? path.length : typeof path;
    throw new MerkleError("path-length", `path must have ${logHeight} nodes, got ${got}`);
  }
  for (let l = 0; l < path.length; l++) {
    if (!isBytes32(path[l])) throw new MerkleError("path-node", `path node ${l} is not 32 bytes`);
  }

  const rowsOf = (lg: number) => groups.get(lg)!.map((i) => rows[i]);
  let node = hashLeaf(rowsOf(logHeight));
  for (let l = 0; l < logHeight; l++) {
    node = (index >>> l) & 1 ? compressNode(path[l], node) : compressNode(node, path[l]);
    const lg = logHeight - l - 1;
    if (groups.has(lg)) node = injectLeaf(node, hashLeaf(rowsOf(lg)));
  }
  let diff = 0;
  for (let i = 0; i < DIGEST_BYTES; i++) diff |= node[i] ^ root[i];
  if (diff !== 0)
    throw new MerkleError("root-mismatch", `opening at index ${index} does not match the root`);
}
