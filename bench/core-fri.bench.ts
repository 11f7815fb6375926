/**
 * FRI at the default parameters for one extension polynomial of degree < 2^20 (codeword of
 * 2^21 rows at blowup 2): prove, verify, proof size. Writes into bench/results/core.json.
 */
import { P } from "../core/field/babybear.js";
import { freeMatrix, newMatrix } from "../core/field/matrix.js";
import { freeTree } from "../core/commit/index.js";
import { pcsCommit } from "../core/fri/pcs.js";
import { DEFAULT_FRI_PARAMS } from "../core/fri/params.js";
import { proveFri } from "../core/fri/prover.js";
import { Transcript } from "../core/fri/transcript.js";
import { verifyFri } from "../core/fri/verifier.js";
import { getAt } from "../core/field/extension.js";
import { cosetLde } from "../core/poly/index.js";
import { medianMs, report } from "./report.js";

/** Bytes of the commit rounds as serialized (roots, final polynomial, nonce, openings). */
function friProofBytes(proof: ReturnType<typeof proveFri<number[]>>): number {
  let bytes = proof.commitments.length * 32 + proof.finalPoly.length * 16 + 4;
  for (const r of proof.rounds) {
    for (const rows of r.rows) for (const row of rows) bytes += 4 * row.length;
    bytes += 32 * r.nodes.length;
  }
  return bytes;
}

/** Coset LDE (blowup 2) + Merkle commit of a 2^20 × 100 trace: what committing a trace costs. */
async function ldeCommit(): Promise<number> {
  const m = newMatrix(100, 1 << 20);
  let s = 7;
  for (let i = 0; i < m.values.length; i++) {
    s = (Math.imul(s, 747796405) + 2891336453) >>> 0;
    m.values[i] = s % P;
  }
  let last: ReturnType<typeof pcsCommit> | undefined;
  const release = () => {
    if (!last) return;
    freeTree(last.tree);
    last.ldes.forEach(freeMatrix);
  };
  const ms = await medianMs(3, () => {
    release();
    last = pcsCommit([m], { ...DEFAULT_FRI_PARAMS, logBlowup: 1 });
  });
  release();
  freeMatrix(m);
  return ms;
}

export async function run(): Promise<void> {
  const ldeCommitMs = await ldeCommit();
  const logN = 20;
  const params = DEFAULT_FRI_PARAMS;
  // Evaluations on H of 4 random base columns = one random ext polynomial of degree < 2^20.
  const m = newMatrix(4, 1 << logN);
  let s = 1;
  for (let i = 0; i < m.values.length; i++) {
    s = (Math.imul(s, 747796405) + 2891336453) >>> 0;
    m.values[i] = s % P;
  }
  const lde = cosetLde(m, params.logBlowup);
  const codeword = lde.values;
  const logHeight = logN + params.logBlowup;
  const inputs = [{ logHeight, codeword }];
  let proof = proveFri(params, inputs, new Transcript("bench"), (i) => i);
  const proveMs = await medianMs(3, () => {
    proof = proveFri(params, inputs, new Transcript("bench"), (i) => i);
  });
  const verifyMs = await medianMs(5, () =>
    verifyFri(params, [logHeight], proof, new Transcript("bench"), (idx) =>
      idx.map((i) => new Map([[logHeight, getAt(codeword, i)]])),
    ),
  );
  report("core.json", [
    { name: "lde_commit_2_20x100_ms", value: ldeCommitMs, unit: "ms" },
    { name: "fri_prove_2_20_ms", value: proveMs, unit: "ms" },
    { name: "fri_verify_2_20_ms", value: verifyMs, unit: "ms" },
    { name: "fri_proof_bytes_2_20", value: friProofBytes(proof), unit: "bytes" },
  ]);
}
