/**
 * Scalar LogUp arithmetic for the verifier and for tests: the fingerprint of one message and the
 * sum of fractions of messages the verifier computes itself (e.g. the public journal).
 *
 * fp(bus, v) = v_0 + beta·v_1 + … + beta^(w−1)·v_(w−1) + beta^w·bus.id, and a message sent with
 * multiplicity m contributes m/(z − fp). These run once per message, so they use the tuple
 * arithmetic of `core/field/extension.ts`; bulk work is in `aux-trace.ts`.
 */
import { P, fromInt, isCanonical } from "../field/babybear.js";
import * as E from "../field/extension.js";
import type { Bus } from "../air/bus.js";
import type { LogUpChallenges } from "../air/types.js";

/** A bus message supplied from outside the tables (the verifier's side). */
export interface BusMessage {
  bus: Bus;
  values: ArrayLike<number>;
  /** Signed integer, |m| < p: positive sends, negative receives. */
  multiplicity: number;
}

/** beta^0 … beta^n. */
export function betaPowers(beta: E.Ext, n: number): E.Ext[] {
  const out: E.Ext[] = [E.ONE];
  for (let k = 1; k <= n; k++) out.push(E.mul4(out[k - 1], beta));
  return out;
}

/** The fingerprint of a message on `bus`. Validates width and canonical values. */
export function fingerprint(
  bus: Bus,
  values: ArrayLike<number>,
  challenges: LogUpChallenges,
): E.Ext {
  if (values.length !== bus.width) {
    throw new Error(
      `fingerprint: bus "${bus.name}" has width ${bus.width}, message has ${values.length} values`,
    );
  }
  const pw = betaPowers(challenges.beta, bus.width);
  let fp: E.Ext = E.scale4(pw[bus.width], bus.id);
  for (let k = 0; k < bus.width; k++) {
    if (!isCanonical(values[k])) {
      throw new RangeError(
        `fingerprint: value ${values[k]} at position ${k} on bus "${bus.name}" is not in [0, p)`,
      );
    }
    fp = E.add4(fp, E.scale4(pw[k], values[k]));
  }
  return fp;
}

/** Σ m/(z − fp) over `messages`: the verifier's own contribution to the bus balance. */
export function messagesSum(messages: readonly BusMessage[], challenges: LogUpChallenges): E.Ext {
  let total: E.Ext = E.ZERO;
  messages.forEach((msg, i) => {
    if (!Number.isInteger(msg.multiplicity) || Math.abs(msg.multiplicity) >= P) {
      throw new RangeError(
        `messagesSum: message ${i} has multiplicity ${msg.multiplicity}; need an integer with |m| < p`,
      );
    }
    const d = E.sub4(challenges.z, fingerprint(msg.bus, msg.values, challenges));
    if (E.equals(d, E.ZERO))
      throw new Error(`messagesSum: z equals the fingerprint of message ${i}`);
    total = E.add4(total, E.scale4(E.inv4(d), fromInt(msg.multiplicity)));
  });
  return total;
}
