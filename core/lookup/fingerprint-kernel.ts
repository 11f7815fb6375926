/**
 * The per-AIR generated kernel that turns trace rows into LogUp denominators: for every row and
 * interaction it evaluates the message and multiplicity (inline, from the AIR's expressions),
 * the fingerprint fp = Σ_k v_k·beta^k + beta^w·busId, and writes z − fp and the signed
 * multiplicity. Interactions are split into chunk functions of bounded size (see
 * `core/air/quotient.ts` for why), each looping over all rows.
 */
import { Emitter, PRELUDE, baseRowEmitter } from "../air/codegen.js";
import type { Interaction } from "../air/types.js";

const CHUNK_CHARS = 16_000;

/** Fills DEN (4 words per row × interaction) and MULT (1 word) for rows [0, n). */
export type FingerprintKernel = (
  M: Uint32Array,
  Q: Uint32Array,
  PUB: Uint32Array,
  n: number,
  CH: Uint32Array,
  DEN: Uint32Array,
  MULT: Uint32Array,
) => void;

function newEmitter(): Emitter {
  return baseRowEmitter("fingerprint kernel", "in a bus message");
}

/**
 * Source of the kernel for `interactions` (CH = z, finalSum, beta^0..beta^maxW, 4 words each,
 * the layout the quotient evaluator uses too).
 */
export function fingerprintKernelSource(
  mainWidth: number,
  prepWidth: number,
  interactions: readonly Interaction[],
): string {
  const I = interactions.length;
  const maxW = Math.max(0, ...interactions.map((it) => it.bus.width));
  const chunks: string[] = [];
  let em: Emitter | null = null;
  let idTerms: string[] = [];
  const flush = (): void => {
    if (em === null) return;
    const hoist: string[] = [...idTerms];
    idTerms = [];
    for (let c = 0; c < 4; c++) hoist.push(`const z${c} = CH[${c}];`);
    for (let k = 1; k <= maxW; k++)
      for (let c = 0; c < 4; c++) hoist.push(`const b${k}_${c} = CH[${8 + 4 * k + c}];`);
    chunks.push(`function chunk${chunks.length}(M, Q, PUB, n, CH, DEN, MULT) {
  ${hoist.join(" ")}
  for (let r = 0; r < n; r++) {
    const rn = (r + 1) % n;
    const mo = r * ${mainWidth}, mn = rn * ${mainWidth}, qo = r * ${prepWidth}, qn = rn * ${prepWidth};
    const sf = r === 0 ? 1 : 0, sl = r === n - 1 ? 1 : 0, st = 1 - sl;
    ${em.lines.join("\n    ")}
  }
}`);
    em = null;
  };
  interactions.forEach((it, i) => {
    em ??= newEmitter();
    em.emit([...it.values, it.multiplicity]);
    const w = it.values.length;
    const vals = it.values.map((x) => em!.baseOf(x));
    for (let c = 0; c < 4; c++) {
      // beta^w·busId is a constant of the call, computed once per call with the prelude's ml.
      idTerms.push(`const id${i}_${c} = ml(CH[${8 + 4 * w + c}], ${it.bus.id});`);
      const terms = [`id${i}_${c}`];
      if (c === 0) terms.push(vals[0]);
      for (let k = 1; k < w; k++) terms.push(em.mul(`b${k}_${c}`, vals[k]));
      const fp = em.reduceSum(terms.filter((t) => t !== "0").join(" + "));
      em.lines.push(`DEN[${4 * I} * r + ${4 * i + c}] = ${em.sub(`z${c}`, fp)};`);
    }
    const m = em.baseOf(it.multiplicity);
    em.lines.push(`MULT[${I} * r + ${i}] = ${it.kind === "send" ? m : em.neg(m)};`);
    if (em.size > CHUNK_CHARS) flush();
  });
  flush();
  return `${PRELUDE}
${chunks.join("\n")}
return function fingerprints(M, Q, PUB, n, CH, DEN, MULT) {
  ${chunks.map((_, c) => `chunk${c}(M, Q, PUB, n, CH, DEN, MULT);`).join("\n  ")}
};`;
}

/** Compiles the kernel. */
export function buildFingerprintKernel(
  mainWidth: number,
  prepWidth: number,
  interactions: readonly Interaction[],
): FingerprintKernel {
  return new Function(
    fingerprintKernelSource(mainWidth, prepWidth, interactions),
  )() as FingerprintKernel;
}
