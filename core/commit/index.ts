/**
 * core/commit: BLAKE3 hashing and Merkle commitments over matrices of several heights.
 * See README.md beside this file for the tree layout, the hash and its domain separation.
 */
export {
  DIGEST_BYTES,
  K_INJECT,
  K_LEAF,
  K_NODE,
  compressNode,
  hashLeaf,
  injectLeaf,
} from "./hash.js";
export {
  type BatchOpening,
  type MerkleTree,
  commitMatrices,
  freeTree,
  openBatch,
} from "./merkle.js";
export { type MultiOpening, distinctPositions, openMulti, verifyMulti } from "./multi.js";
export { MerkleError, type MerkleErrorReason, verifyBatch } from "./verify.js";
export { type ReferenceTree, commitMatricesRef, openBatchRef } from "./reference.js";
export { blake3Many } from "./kernel.js";
