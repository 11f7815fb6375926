/**
 * The column layout of the Merkle-node table (`rv.merkle`): one row per internal node of the page
 * tree on a paged page's path — its position, which children the chunk touched, the children's
 * and its own digests in the start and end image, and the permutations' second halves.
 */
import { layout } from "../../../core/air/layout.js";

export const merkleCols = layout([
  // 1 on a node row, 0 on padding.
  "isReal",
  // The node: tree level (0 = the root .. 20) and index within the level.
  "level",
  "index",
  // 1 if the left / right child lies on a paged page's path (its digest may change).
  "lT",
  "rT",
  // The children's digests in the start (In) and end (Out) image.
  ["lIn", 8],
  ["rIn", 8],
  ["lOut", 8],
  ["rOut", 8],
  // The node's digests: compress(l, r) = Poseidon2(l ‖ r)[0..8] in each image.
  ["hIn", 8],
  ["hOut", 8],
  // The permutations' outputs [8..16] (pinned by the PERM lookup, read by nothing else).
  ["xIn", 8],
  ["xOut", 8],
] as const);

export type MerkleCols = typeof merkleCols;
