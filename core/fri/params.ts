/**
 * FRI parameters and their conjectured security.
 *
 * Conjectured soundness (the "ethSTARK" conjecture, as Plonky3 and others state it): each query
 * gives log2(blowup) bits, grinding adds its bits, so
 *     bits = numQueries · logBlowup + powBits,
 * capped by the extension field (≈124 bits for challenges drawn from BabyBear^4). The verifier
 * refuses parameters below `MIN_SECURITY_BITS`, whatever a proof claims.
 */
import { z } from "zod";

export interface FriParams {
  /** log2 of the blowup factor (rate = 2^-logBlowup). */
  logBlowup: number;
  /** Number of query repetitions. */
  numQueries: number;
  /** Proof-of-work bits ground before the queries are drawn. */
  powBits: number;
  /** log2 of the length of the final polynomial, sent in the clear. */
  logFinalPolyLen: number;
}

/** Defaults: 100 queries at rate 1/2 plus 16 bits of grinding = 116 conjectured bits. */
export const DEFAULT_FRI_PARAMS: FriParams = Object.freeze({
  logBlowup: 1,
  numQueries: 100,
  powBits: 16,
  logFinalPolyLen: 3,
});

export const MIN_SECURITY_BITS = 100;

/** Bits of security the extension field allows (log2 of |F_p^4| minus slack for union bounds). */
const FIELD_BITS = 4 * Math.log2(2013265921) - 4;

export const friParamsSchema = z.object({
  logBlowup: z.number().int().min(1).max(4),
  numQueries: z.number().int().min(1).max(1000),
  powBits: z.number().int().min(0).max(32),
  logFinalPolyLen: z.number().int().min(0).max(10),
});

/** Conjectured security in bits of a FRI configuration. */
export function conjecturedSecurityBits(p: FriParams): number {
  return Math.min(p.numQueries * p.logBlowup + p.powBits, FIELD_BITS);
}

/** Validates parameters (shape and the security minimum); throws with what is wrong. */
export function checkFriParams(p: FriParams, minBits = MIN_SECURITY_BITS): FriParams {
  const parsed = friParamsSchema.safeParse(p);
  if (!parsed.success) {
    throw new RangeError(
      `FRI parameters invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const bits = conjecturedSecurityBits(p);
  if (bits < minBits) {
    throw new RangeError(
      `FRI parameters give ${bits.toFixed(1)} bits of conjectured security ` +
        `(numQueries ${p.numQueries} × logBlowup ${p.logBlowup} + powBits ${p.powBits}); ` +
        `at least ${minBits} are required`,
    );
  }
  return p;
}
