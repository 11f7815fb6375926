/**
 * FRI verifier. It trusts nothing in the proof: shapes are checked before use, every opened
 * pair is checked against its round's Merkle root (with @noble/hashes), every fold is
 * recomputed, and the final polynomial is evaluated at each query's point.
 */
import { pow, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, add4, equals, evalPoly4, getAt, mul4 } from "../field/extension.js";
import { verifyBatch } from "../commit/index.js";
import { foldPair, halfInverseAt, reverseBits } from "./fold.js";
import type { FriParams } from "./params.js";
import { FriError, type FriProof } from "./proof.js";
import type { Transcript } from "./transcript.js";

/**
 * What the caller computes from its own opened inputs at a query index (over the tallest
 * height): the reduced value of each input height (log height → value). Throws on a bad opening.
 */
export type InputVerifier<I> = (index: number, input: I) => Map<number, Ext>;

function checkShape<I>(params: FriParams, logMax: number, proof: FriProof<I>): number {
  const logFinal = params.logFinalPolyLen + params.logBlowup;
  const rounds = logMax - logFinal;
  if (rounds < 0) throw new FriError(`the tallest input (log ${logMax}) is below the final height`);
  if (proof.commitments.length !== rounds) {
    throw new FriError(`expected ${rounds} commit-phase roots, got ${proof.commitments.length}`);
  }
  if (proof.finalPoly.length !== 1 << params.logFinalPolyLen) {
    throw new FriError(`final polynomial has ${proof.finalPoly.length} coefficients, expected ${1 << params.logFinalPolyLen}`);
  }
  if (proof.queries.length !== params.numQueries) {
    throw new FriError(`expected ${params.numQueries} queries, got ${proof.queries.length}`);
  }
  for (const q of proof.queries) {
    if (q.rounds.length !== rounds) throw new FriError(`a query opens ${q.rounds.length} rounds, expected ${rounds}`);
  }
  return rounds;
}

/** Verifies a FRI proof whose tallest input has log height `logMax`; throws `FriError`. */
export function verifyFri<I>(
  params: FriParams,
  logMax: number,
  proof: FriProof<I>,
  transcript: Transcript,
  verifyInput: InputVerifier<I>,
): void {
  const rounds = checkShape(params, logMax, proof);
  const betas: Ext[] = [];
  for (const root of proof.commitments) {
    transcript.absorbDigest("fri-commit", root);
    betas.push(transcript.sampleExt());
  }
  transcript.absorbExts("fri-final", proof.finalPoly);
  if (!transcript.checkWitness(params.powBits, proof.powNonce)) {
    throw new FriError("proof-of-work nonce does not meet the required bits");
  }
  const indices = transcript.sampleBits(logMax, params.numQueries);
  const logFinal = logMax - rounds;
  proof.queries.forEach((query, qi) => {
    let index = indices[qi];
    const reduced = verifyInput(index, query.input);
    let folded = reduced.get(logMax);
    if (!folded) throw new FriError(`query ${qi}: no input at the tallest height`);
    for (let r = 0; r < rounds; r++) {
      const logN = logMax - r;
      const { pair, path } = query.rounds[r];
      if (!(pair instanceof Uint32Array) || pair.length !== 8) throw new FriError(`query ${qi} round ${r}: malformed pair`);
      const pairIndex = index >>> 1;
      try {
        verifyBatch(proof.commitments[r], [{ width: 8, height: 1 << (logN - 1) }], pairIndex, [pair], path);
      } catch (err) {
        throw new FriError(`query ${qi} round ${r}: ${(err as Error).message}`);
      }
      const lo = getAt(pair, 0);
      const hi = getAt(pair, 1);
      if (!equals(index & 1 ? hi : lo, folded)) {
        throw new FriError(`query ${qi} round ${r}: opened value differs from the folded value`);
      }
      const beta = betas[r];
      folded = foldPair(lo, hi, beta, halfInverseAt(logN, pairIndex));
      index = pairIndex;
      const rollIn = reduced.get(logN - 1);
      if (rollIn) folded = add4(folded, mul4(mul4(beta, beta), rollIn));
    }
    const y = pow(twoAdicGenerator(logFinal), reverseBits(index, logFinal));
    if (!equals(evalPoly4(proof.finalPoly, [y, 0, 0, 0]), folded)) {
      throw new FriError(`query ${qi}: final polynomial disagrees with the folded value`);
    }
  });
}

