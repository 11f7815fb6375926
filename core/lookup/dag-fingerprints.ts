/**
 * LogUp denominators and multiplicities by a DAG program (core/air/dag-program.ts): the same
 * values as the generated kernel and the vector program — z − fp with fp = Σ_k v_k·beta^k +
 * beta^w·busId, and the signed multiplicity — for tables too small to pay for either.
 */
import { DagEncoder, type DagMatrix, DagOp, type DagProgram, runDag } from "../air/dag-program.js";
import type { Interaction, LogUpChallenges } from "../air/types.js";

/** Encodes the messages, fingerprints and multiplicities of `interactions`. */
export function encodeFingerprints(interactions: readonly Interaction[]): DagProgram {
  const enc = new DagEncoder();
  const roots = enc.nodes(interactions.flatMap((it) => [...it.values, it.multiplicity]));
  const chal = (name: "z" | "beta", power: number) =>
    [0, 1, 2, 3].map((coef) => ({ op: "chal" as const, name, power, coef }));
  let r = 0;
  interactions.forEach((it, i) => {
    const w = it.values.length;
    const values = roots.slice(r, r + w);
    const m = roots[r + w];
    r += w + 1;
    let d = enc.scalarVal(chal("z", 0));
    if (w > 0) d = enc.binary(DagOp.Sub, d, values[0]);
    for (let k = 1; k < w; k++)
      d = enc.binary(
        DagOp.Sub,
        d,
        enc.binary(DagOp.Mul, enc.scalarVal(chal("beta", k)), values[k]),
      );
    // beta^w·busId, a per-call scalar
    const id = enc.scalar({ op: "const", v: it.bus.id });
    const idTerm = chal("beta", w).map((s) => ({ op: "mul" as const, a: enc.scalar(s), b: id }));
    d = enc.binary(DagOp.Sub, d, enc.scalarVal(idTerm));
    enc.emit(DagOp.Store | 0x100, 0, d.slot, 4 * i);
    const signed = it.kind === "send" ? m : enc.binary(DagOp.Neg, m);
    enc.emit(DagOp.Store, 1, signed.slot, i);
  });
  return enc.finish();
}

/** A fingerprint pass: n rows of the traces in, DEN and MULT out. */
export interface FingerprintPass {
  /** Interactions per row. */
  interactions: number;
  main: DagMatrix;
  preprocessed?: DagMatrix;
  publicValues: Uint32Array;
  n: number;
  challenges: LogUpChallenges;
  /** 4 words per row × interaction: z − fp. */
  den: Uint32Array;
  /** One word per row × interaction: the signed multiplicity. */
  mult: Uint32Array;
}

/** Fills DEN and MULT for rows [0, n); row n − 1's next row is row 0. */
export function runDagFingerprints(prog: DagProgram, pass: FingerprintPass): void {
  const { main, preprocessed, publicValues, n, challenges, den, mult } = pass;
  const I = pass.interactions;
  runDag(
    prog,
    {
      main,
      preprocessed,
      scalars: { publicValues, challenges },
      outWidths: [4 * I, I],
      block(p0, k, rows, next, sel) {
        const B = rows.length;
        for (let i = 0; i < k; i++) {
          const r = p0 + i;
          rows[i] = r;
          next[i] = r + 1 === n ? 0 : r + 1;
          sel[i] = r === 0 ? 1 : 0;
          sel[B + i] = r === n - 1 ? 1 : 0;
          sel[2 * B + i] = r === n - 1 ? 0 : 1;
        }
      },
      take(p0, k, d, m) {
        den.set(d.subarray(0, 4 * I * k), 4 * I * p0);
        mult.set(m.subarray(0, I * k), I * p0);
      },
    },
    0,
    n,
  );
}
