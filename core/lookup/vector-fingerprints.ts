/**
 * LogUp denominators by a vector program (core/air/vector-program.ts) instead of the generated
 * fingerprint kernel: for every row and interaction, z − fp with fp = Σ_k v_k·beta^k +
 * beta^w·busId, and the signed multiplicity — the same values, written to the same places
 * (DEN: 4 words per row × interaction, MULT: one). No code is compiled, which is what a small
 * table's proof is short of: a table with many interactions spent hundreds of milliseconds
 * compiling its kernel before using it on a few hundred rows.
 */
import { lowerDag } from "../air/lower-dag.js";
import type { Interaction, LogUpChallenges } from "../air/types.js";
import {
  BLOCK,
  Lowering,
  interpreterSlots,
  runBlock,
  scalarValues,
  type Val,
  type VectorProgram,
} from "../air/vector-program.js";
import { heap } from "../wasm/heap.js";

/** Lowers the messages, fingerprints and multiplicities of `interactions`. */
export function lowerFingerprints(interactions: readonly Interaction[]): VectorProgram {
  const L = new Lowering();
  const of = lowerDag(
    L,
    interactions.flatMap((it) => [...it.values, it.multiplicity]),
  );
  // −beta^k's coefficient c, a per-call scalar (k ≥ 1).
  const negBeta = (k: number, c: number): Val =>
    L.negV(L.scalar({ op: "chal", name: "beta", power: k, coef: c }));
  interactions.forEach((it, i) => {
    const w = it.values.length;
    const values = it.values.map((v) => of(v)[0]);
    for (let c = 0; c < 4; c++) {
      // z − fp = z − v_0 − Σ_(k≥1) v_k·beta^k − beta^w·busId: one lazy sum per coefficient.
      const terms: [Val, Val][] = values.slice(1).map((v, k) => [v, negBeta(k + 1, c)]);
      terms.push([negBeta(w, c), L.scalar({ op: "const", v: it.bus.id })]);
      const z = L.scalar({ op: "chal", name: "z", power: 0, coef: c });
      const d = L.addV(L.dot(terms), z);
      L.store(0, c === 0 && w > 0 ? L.subV(d, values[0]) : d, 4 * i + c);
    }
    const m = of(it.multiplicity)[0];
    L.store(1, it.kind === "send" ? m : L.negV(m), i);
  });
  const { code, slots } = L.allocate();
  return { code, scalars: L.scalars, slots, constFolds: [] };
}

/** Fills DEN and MULT for rows [0, n) (row r's next row is r + 1, the last's is row 0). */
export function runVectorFingerprints(
  prog: VectorProgram,
  interactions: number,
  main: { values: Uint32Array; width: number },
  preprocessed: { values: Uint32Array; width: number } | undefined,
  publicValues: Uint32Array,
  n: number,
  challenges: LogUpChallenges,
  den: Uint32Array,
  mult: Uint32Array,
): void {
  const isFirst = new Uint32Array(n);
  const isLast = new Uint32Array(n);
  const isTransition = new Uint32Array(n).fill(1);
  isFirst[0] = 1;
  isLast[n - 1] = 1;
  isTransition[n - 1] = 0;
  const mem = heap().alloc(interpreterSlots(prog) * BLOCK);
  try {
    const run = {
      code: prog.code,
      mem,
      S: scalarValues(prog, { publicValues, challenges }),
      main,
      preprocessed,
      isFirst,
      isLast,
      isTransition,
      acc: [],
      stores: [den, mult],
      strides: [4 * interactions, interactions],
      dot: prog.slots * BLOCK,
    };
    const rows = new Uint32Array(BLOCK);
    const nextRows = new Uint32Array(BLOCK);
    for (let b0 = 0; b0 < n; b0 += BLOCK) {
      const k = Math.min(BLOCK, n - b0);
      for (let i = 0; i < k; i++) {
        rows[i] = b0 + i;
        nextRows[i] = b0 + i + 1 === n ? 0 : b0 + i + 1;
      }
      runBlock(run, rows, nextRows, k, b0);
    }
  } finally {
    heap().free(mem);
  }
}
