/**
 * The two-part linked proof the LogUp-blinding tests share: a range-check user (one byte per
 * row) in one part, the byte table with its multiplicities in the other.
 */
import { compileAir } from "../../core/air/compile.js";
import type { FriParams } from "../../core/fri/params.js";
import type { PartWitness } from "../../core/stark/prover.js";
import { setup } from "../../core/stark/setup.js";
import type { StarkProof } from "../../core/stark/types.js";
import { byteMults, bytePrep, byteTableAir, matrix, rangeUserAir } from "../air/fixtures.js";

/** Keys for both parts, the witness of a list of bytes, and the verifier's claims of two proofs. */
export function rangeParts(params: FriParams) {
  const none = new Uint32Array(0);
  const tableKey = setup([compileAir(byteTableAir)], [bytePrep], params);
  const userKey = setup([compileAir(rangeUserAir)], [], params);
  const partsOf = (xs: number[]): PartWitness[] => [
    { pk: userKey, tables: [{ main: matrix(xs.map((x) => [x])) }] },
    { pk: tableKey, tables: [{ main: byteMults(xs) }] },
  ];
  const claims = (proofs: StarkProof[]) => [
    { vk: userKey.vk, proof: proofs[0], publicValues: [none] },
    { vk: tableKey.vk, proof: proofs[1], publicValues: [none] },
  ];
  return { tableKey, userKey, partsOf, claims };
}
