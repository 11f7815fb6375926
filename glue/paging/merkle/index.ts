/** The Merkle-node table (`rv.merkle`): its compiled AIR, layout and rows. */
import { compileAir } from "../../../core/air/compile.js";
import { merkleAir } from "./air.js";

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled Merkle-node AIR. */
export function merkleChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(merkleAir));
}

export { merkleAir } from "./air.js";
export { merkleCols } from "./columns.js";
export { type MerkleTrace, merkleTrace, type NodeDigest } from "./trace.js";
