/**
 * The statement a (linked) proof is about, as the transcript absorbs it, and the transcript's
 * shape across parts.
 *
 * A linked proof is several STARK proofs ("parts", each for its own verifying key) whose buses
 * form ONE LogUp argument: every part's main trace is committed into one shared transcript
 * before the LogUp challenges are drawn, so no part can be chosen after z and β are known; the
 * verifier then checks that the final sums of all parts' tables (plus its own messages) add to
 * zero. After the challenges each part continues on its own fork of the transcript (aux,
 * quotient, ζ, FRI), so a part can be proven while the others are not in memory. A single proof
 * is a linked proof of one part.
 */
import { fromInt } from "../field/babybear.js";
import { Transcript } from "../fri/transcript.js";
import type { BusMessage } from "../lookup/fingerprint.js";

/** What the verifier knows of one part before reading its proof's commitments. */
export interface PartStatement {
  vkDigest: Uint8Array;
  logHeights: readonly number[];
  publics: readonly Uint32Array[];
}

/** The protocol label; changes whenever the transcript's layout does. */
export const STARK_PROTOCOL = "zkglue-stark-v2";

/**
 * Starts the shared transcript: the number of parts, then per part its vk digest, table
 * heights and public values, then the verifier's own bus messages.
 */
export function startTranscript(
  parts: readonly PartStatement[],
  external: readonly BusMessage[],
): Transcript {
  const t = new Transcript(STARK_PROTOCOL);
  t.absorbFields("parts", [parts.length]);
  for (const p of parts) {
    t.absorbDigest("vk", p.vkDigest);
    t.absorbFields("heights", p.logHeights);
    p.publics.forEach((pv) => t.absorbFields("public", pv));
  }
  // The verifier's own bus messages are part of the statement (e.g. the public journal): they
  // must be fixed before z and β are drawn, or a prover could pick messages that cancel the
  // LogUp sum it already knows (a k-sum problem, solvable with Wagner's algorithm).
  t.absorbFields("external-count", [external.length]);
  for (const m of external) {
    t.absorbFields("external", [
      m.bus.id,
      m.values.length,
      fromInt(m.multiplicity),
      ...Array.from(m.values),
    ]);
  }
  return t;
}

/** Part `index`'s own transcript after the shared challenges. */
export function partTranscript(shared: Transcript, index: number): Transcript {
  const t = shared.fork();
  t.absorbFields("part", [index]);
  return t;
}

/**
 * Absorbs which parts are zero-knowledge proofs (zk.ts), before the main roots: their
 * commitments have other shapes. Nothing is absorbed when no part is, so ordinary proofs keep
 * their transcript.
 */
export function absorbZkFlags(t: Transcript, flags: readonly boolean[]): void {
  if (flags.some((f) => f)) t.absorbFields("zk", flags.map(Number));
}
