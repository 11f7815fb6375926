/**
 * The multi-table STARK verifier, for one proof or for the parts of a linked proof
 * (statement.ts). It takes only the verifying keys, the public values (and the bus messages it
 * derives from them) and the proofs; every shape in a proof is checked before use, and every
 * failure is a `VerificationError` saying which check (and, for several parts, which part) failed.
 */
import { P, twoAdicGenerator } from "../field/babybear.js";
import { type Ext, add4, equals, mul4, pow4 } from "../field/extension.js";
import { checkFriParams } from "../fri/params.js";
import { type BatchClaim, pcsVerify } from "../fri/pcs.js";
import { powersOf } from "../fri/reduce.js";
import { type BusMessage, messagesSum } from "../lookup/fingerprint.js";
import { checkLookupBound } from "./bound.js";
import type { Transcript } from "../fri/transcript.js";
import { absorbZkFlags, partTranscript, startTranscript } from "./statement.js";
import { type ZkTableShape, zkTableShape } from "./zk.js";
import { blindedVk, refuseReservedBus } from "./zk-blind.js";
import { quotientChunks } from "./quotient.js";
import { selectorsAtPoint } from "./selectors.js";
import { PROOF_VERSION, type StarkProof, type VerifyingKey } from "./types.js";

export class VerificationError extends Error {
  constructor(reason: string) {
    super(`proof rejected: ${reason}`);
    this.name = "VerificationError";
  }
}

/** Runs `f`, turning any error into a `VerificationError` (the proof is what was bad). */
function rejectOnThrow<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof VerificationError) throw err;
    throw new VerificationError((err as Error).message);
  }
}

/** Basis element x^k of the extension: recombines an ext column committed as 4 base columns. */
const BASIS: Ext[] = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/** Σ_k v[4c + k] · x^k: the value of extension column c from its 4 opened base columns. */
function recombine(values: Ext[], width: number): Ext[] {
  const out: Ext[] = [];
  for (let c = 0; c < width; c++) {
    let acc: Ext = [0, 0, 0, 0];
    for (let k = 0; k < 4; k++) acc = add4(acc, mul4(values[4 * c + k], BASIS[k]));
    out.push(acc);
  }
  return out;
}

function isExt(v: unknown): v is Ext {
  return (
    Array.isArray(v) && v.length === 4 && v.every((x) => Number.isInteger(x) && x >= 0 && x < P)
  );
}

function checkShapes(vk: VerifyingKey, proof: StarkProof, publics: Uint32Array[]): void {
  if (proof.version !== PROOF_VERSION)
    throw new VerificationError(`unsupported proof version ${proof.version}`);
  if (JSON.stringify(proof.params) !== JSON.stringify(vk.params)) {
    throw new VerificationError("the proof's parameters differ from the verifying key's");
  }
  try {
    checkFriParams(vk.params);
  } catch (err) {
    throw new VerificationError((err as Error).message);
  }
  const { airs } = vk;
  if (proof.zk !== undefined && proof.zk !== true)
    throw new VerificationError("malformed zero-knowledge flag");
  if (proof.tables.length !== airs.length)
    throw new VerificationError(`${proof.tables.length} tables, expected ${airs.length}`);
  if (publics.length !== airs.length)
    throw new VerificationError(
      `public values for ${publics.length} tables, expected ${airs.length}`,
    );
  proof.tables.forEach((t, i) => {
    const maxLog = 27 - vk.params.logBlowup;
    if (!Number.isInteger(t.logHeight) || t.logHeight < 1 || t.logHeight > maxLog) {
      throw new VerificationError(
        `table ${airs[i].name}: log height ${t.logHeight} outside [1, ${maxLog}]`,
      );
    }
    if (proof.zk) {
      try {
        zkTableShape(airs[i].maxDegree, t.logHeight, vk.params);
      } catch (err) {
        throw new VerificationError(`table ${airs[i].name}: ${(err as Error).message}`);
      }
    }
    if (!isExt(t.finalSum))
      throw new VerificationError(`table ${airs[i].name}: malformed final sum`);
    if (airs[i].auxWidth === 0 && t.finalSum.some((c) => c !== 0)) {
      throw new VerificationError(
        `table ${airs[i].name} has no interactions but a non-zero final sum`,
      );
    }
    if (publics[i].length !== airs[i].numPublicValues) {
      throw new VerificationError(
        `table ${airs[i].name}: ${publics[i].length} public values, expected ${airs[i].numPublicValues}`,
      );
    }
    if (publics[i].some((x) => x >= P))
      throw new VerificationError(`table ${airs[i].name}: public value not canonical`);
  });
  vk.preprocessed?.tables.forEach((t, j) => {
    if (2 ** proof.tables[t].logHeight !== vk.preprocessed!.heights[j]) {
      throw new VerificationError(
        `table ${airs[t].name}: height differs from its preprocessed height`,
      );
    }
  });
}

/**
 * Verifies `proof` against the key, the public values and the verifier's own bus messages;
 * throws `VerificationError` (for malformed objects too, never another exception).
 */
export function verify(
  vk: VerifyingKey,
  proof: StarkProof,
  publicValues: Uint32Array[],
  external: BusMessage[] = [],
  options: VerifyOptions = {},
): void {
  verifyLinked([{ vk, proof, publicValues }], external, options);
}

/** What a verifier may demand beyond validity. */
export interface VerifyOptions {
  /**
   * Refuse a proof (or any part of a linked proof) that is not zero-knowledge. Off by default:
   * a valid ordinary proof proves the same statement, it only does not hide the witness.
   */
  requireZk?: boolean;
}

/** One part of a linked proof as the verifier receives it. */
export interface PartClaim {
  vk: VerifyingKey;
  proof: StarkProof;
  publicValues: Uint32Array[];
}

/**
 * Verifies the parts of a linked proof (made by `proveLinked`, in the same order): each part
 * against its key and public values, and all their buses together with `external`.
 *
 * @example
 * verifyLinked([
 *   { vk: userKey.vk, proof: proofs[0], publicValues: [new Uint32Array(0)] },
 *   { vk: userKey.vk, proof: proofs[1], publicValues: [new Uint32Array(0)] },
 *   { vk: tableKey.vk, proof: proofs[2], publicValues: [new Uint32Array(0)] },
 * ]); // throws VerificationError ("part 1: …") if any part or the buses fail
 */
export function verifyLinked(
  parts: PartClaim[],
  external: BusMessage[] = [],
  options: VerifyOptions = {},
): void {
  rejectOnThrow(() => verifyLinkedChecked(parts, external, options));
}

function verifyLinkedChecked(
  claims: PartClaim[],
  external: BusMessage[],
  options: VerifyOptions,
): void {
  if (!Array.isArray(claims) || claims.length === 0)
    throw new VerificationError("a proof needs at least one part");
  const plain = claims.findIndex((p) => p.proof?.zk !== true);
  if (options.requireZk && plain >= 0)
    throw new VerificationError(
      `${claims.length > 1 ? `part ${plain}: ` : ""}the proof is not zero-knowledge (requireZk)`,
    );
  const inPart = (i: number, f: () => void): void => {
    if (claims.length === 1) return f();
    try {
      f();
    } catch (err) {
      const why = (err as Error).message.replace(/^proof rejected: /, "");
      throw new VerificationError(`part ${i}: ${why}`);
    }
  };
  // The blinding bus is reserved in every part, ZK or not (zk-blind.ts says why).
  claims.forEach((p, i) => inPart(i, () => refuseReservedBus(p.vk?.airs ?? [])));
  if (Array.isArray(external)) refuseReservedBus([], external);
  // A ZK part is checked against its blinded AIRs (zk-blind.ts); the key's digest is the same.
  const parts = claims.map((p) => (p.proof?.zk === true ? { ...p, vk: blindedVk(p.vk) } : p));
  parts.forEach((p, i) => inPart(i, () => checkShapes(p.vk, p.proof, p.publicValues)));
  const logHeights = parts.map((p) => p.proof.tables.map((t) => t.logHeight));
  try {
    checkLookupBound(
      parts.flatMap((p) => p.vk.airs),
      logHeights.flat(),
      external.length,
    );
  } catch (err) {
    throw new VerificationError((err as Error).message);
  }
  const shared = startTranscript(
    parts.map((p, i) => ({
      vkDigest: p.vk.digest,
      logHeights: logHeights[i],
      publics: p.publicValues,
    })),
    external,
  );
  absorbZkFlags(
    shared,
    parts.map((p) => p.proof.zk === true),
  );
  for (const p of parts) shared.absorbDigest("main", p.proof.mainRoot);
  const challenges = { z: shared.sampleExt(), beta: shared.sampleExt() };
  let balance: Ext;
  try {
    balance = messagesSum(external, challenges);
  } catch (err) {
    throw new VerificationError((err as Error).message);
  }
  for (const p of parts) for (const t of p.proof.tables) balance = add4(balance, t.finalSum);
  if (balance.some((c) => c !== 0)) {
    throw new VerificationError("the buses do not balance (LogUp sums do not add to zero)");
  }
  parts.forEach((p, i) =>
    inPart(i, () => verifyPart(p, logHeights[i], partTranscript(shared, i), challenges)),
  );
}

/** One part after the shared challenges: its constraints at ζ and its PCS opening. */
function verifyPart(
  part: PartClaim,
  logHeights: number[],
  transcript: Transcript,
  challenges: { z: Ext; beta: Ext },
): void {
  const { vk, proof, publicValues } = part;
  const { airs, params } = vk;
  const auxOwners = airs.map((_, i) => i).filter((i) => airs[i].auxWidth > 0);
  if (auxOwners.length > 0 !== (proof.auxRoot !== undefined)) {
    throw new VerificationError(
      "auxiliary commitment present/absent contrary to the tables' interactions",
    );
  }
  if (proof.auxRoot) transcript.absorbDigest("aux", proof.auxRoot);
  transcript.absorbExts(
    "final-sums",
    proof.tables.map((t) => t.finalSum),
  );
  const alpha = transcript.sampleExt();
  transcript.absorbDigest("quotient", proof.quotientRoot);
  const zeta = transcript.sampleExt();
  // ZK: every table's shape (committed degree bound m = n·2^logExtra, quotient chunks).
  const shapes = proof.zk
    ? airs.map((air, i) => zkTableShape(air.maxDegree, logHeights[i], params))
    : undefined;
  const committedLogs = logHeights.map((l, i) => l + (shapes?.[i].logExtra ?? 0));
  for (const logN of new Set([...logHeights, ...committedLogs])) {
    if (equals(pow4(zeta, 2 ** logN), [1, 0, 0, 0]))
      throw new VerificationError("ζ fell in a trace domain");
  }
  const claims = buildClaims(vk, proof, zeta, logHeights, auxOwners, shapes);
  const [preOpen, mainOpen, auxOpen, quotOpen] = splitOpenings(vk, proof, auxOwners.length > 0);
  let chunkAt = 0;
  airs.forEach((air, i) => {
    const preIdx = vk.preprocessed?.tables.indexOf(i) ?? -1;
    const auxIdx = auxOwners.indexOf(i);
    const sel = selectorsAtPoint(logHeights[i], zeta);
    const folded = rejectOnThrow(() =>
      air.evaluateAtPoint({
        mainLocal: mainOpen[i][0],
        mainNext: mainOpen[i][1],
        prepLocal: preIdx >= 0 ? preOpen![preIdx][0] : [],
        prepNext: preIdx >= 0 ? preOpen![preIdx][1] : [],
        auxLocal: auxIdx >= 0 ? recombine(auxOpen![auxIdx][0], air.auxWidth) : [],
        auxNext: auxIdx >= 0 ? recombine(auxOpen![auxIdx][1], air.auxWidth) : [],
        isFirst: sel.isFirst,
        isLast: sel.isLast,
        isTransition: sel.isTransition,
        publicValues: publicValues[i],
        challenges,
        finalSum: proof.tables[i].finalSum,
        alphaPowers: powersOf(alpha, air.constraints.length),
      }),
    );
    // Q(ζ) = Σ_j ζ^(j·c) Q_j(ζ), c = n (ZK: the chunk size, zk.ts); the constraints hold iff
    // folded = Z_H(ζ)·Q(ζ).
    const c = 2 ** (shapes ? shapes[i].logChunk : logHeights[i]);
    let q: Ext = [0, 0, 0, 0];
    const chunks = shapes ? shapes[i].chunks : quotientChunks(air);
    for (let j = 0; j < chunks; j++) {
      const qj = recombine(quotOpen[chunkAt + j][0], 1)[0];
      q = add4(q, mul4(pow4(zeta, j * c), qj));
    }
    chunkAt += chunks;
    if (!equals(folded, mul4(sel.zH, q))) {
      throw new VerificationError(
        `table ${air.name}: constraints do not hold at the out-of-domain point`,
      );
    }
  });
  rejectOnThrow(() => pcsVerify(claims, proof.pcs, params, transcript));
}

/** The PCS claims, batch by batch, in the prover's order. Validates the openings' shapes. */
function buildClaims(
  vk: VerifyingKey,
  proof: StarkProof,
  zeta: Ext,
  logHeights: number[],
  auxOwners: number[],
  shapes: ZkTableShape[] | undefined,
): BatchClaim[] {
  const next = (i: number): Ext => mul4(zeta, [twoAdicGenerator(logHeights[i]), 0, 0, 0]);
  // Degree bound of each table's committed witness matrices: n, or m = n·2^logExtra with ZK.
  const height = (i: number): number => 2 ** (logHeights[i] + (shapes?.[i].logExtra ?? 0));
  const specs: {
    root: Uint8Array;
    tables: number[];
    widths: number[];
    heights: number[];
    twoPoints: boolean;
  }[] = [];
  if (vk.preprocessed) {
    specs.push({
      root: vk.preprocessed.root,
      tables: vk.preprocessed.tables,
      widths: vk.preprocessed.tables.map((t) => vk.airs[t].preprocessedWidth),
      heights: vk.preprocessed.tables.map((t) => 2 ** logHeights[t]),
      twoPoints: true,
    });
  }
  specs.push({
    root: proof.mainRoot,
    tables: vk.airs.map((_, i) => i),
    widths: vk.airs.map((a) => a.mainWidth),
    heights: vk.airs.map((_, i) => height(i)),
    twoPoints: true,
  });
  if (proof.auxRoot)
    specs.push({
      root: proof.auxRoot,
      tables: auxOwners,
      widths: auxOwners.map((i) => 4 * vk.airs[i].auxWidth),
      heights: auxOwners.map(height),
      twoPoints: true,
    });
  const qTables: number[] = [];
  vk.airs.forEach((a, i) => {
    const chunks = shapes ? shapes[i].chunks : quotientChunks(a);
    for (let j = 0; j < chunks; j++) qTables.push(i);
  });
  const qHeights = qTables.map((i) => (shapes ? height(i) : 2 ** logHeights[i]));
  // ZK: the FRI mask (4 base columns over the tallest committed subgroup) ends the batch.
  if (shapes) {
    qTables.push(-1);
    qHeights.push(Math.max(...vk.airs.map((_, i) => height(i))));
  }
  specs.push({
    root: proof.quotientRoot,
    tables: qTables,
    widths: qTables.map(() => 4),
    heights: qHeights,
    twoPoints: false,
  });
  if (!Array.isArray(proof.openings) || proof.openings.length !== specs.length) {
    throw new VerificationError(
      `openings for ${proof.openings?.length} batches, expected ${specs.length}`,
    );
  }
  return specs.map((s, b) => {
    const values = proof.openings[b];
    const points = s.tables.map((t) => (s.twoPoints ? [zeta, next(t)] : [zeta]));
    if (!Array.isArray(values) || values.length !== s.tables.length)
      throw new VerificationError(`batch ${b}: wrong number of opened matrices`);
    values.forEach((mat, m) => {
      if (!Array.isArray(mat) || mat.length !== points[m].length)
        throw new VerificationError(`batch ${b} matrix ${m}: wrong number of points`);
      for (const pt of mat) {
        if (!Array.isArray(pt) || pt.length !== s.widths[m] || !pt.every(isExt)) {
          throw new VerificationError(`batch ${b} matrix ${m}: malformed opened values`);
        }
      }
    });
    return {
      root: s.root,
      dims: s.tables.map((_, m) => ({ width: s.widths[m], height: s.heights[m] })),
      points,
      values,
    };
  });
}

function splitOpenings(
  vk: VerifyingKey,
  proof: StarkProof,
  hasAux: boolean,
): [Ext[][][] | undefined, Ext[][][], Ext[][][] | undefined, Ext[][][]] {
  let b = 0;
  const pre = vk.preprocessed ? proof.openings[b++] : undefined;
  const main = proof.openings[b++];
  const aux = hasAux ? proof.openings[b++] : undefined;
  const quot = proof.openings[b++];
  return [pre, main, aux, quot];
}
