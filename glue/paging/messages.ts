/**
 * The verifier's own bus messages for a machine proof: the journal bytes it receives, and for a
 * chunk the page tree's root it sends — (0, 0, start root, end root) on the node bus — so the
 * chunk's Merkle-node table must hang every paged page from exactly these two roots.
 */
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { journalMessages } from "../machine.js";
import { NODE_BUS } from "./buses.js";

/** A chunk's start and end image roots (8 field elements each). */
export interface ImageRoots {
  start: Uint32Array;
  end: Uint32Array;
}

/** The root message of a chunk whose image goes from `roots.start` to `roots.end`. */
export function rootMessage(roots: ImageRoots): BusMessage {
  if (roots.start.length !== 8 || roots.end.length !== 8)
    throw new RangeError("an image root is 8 field elements");
  return { bus: NODE_BUS, values: [0, 0, ...roots.start, ...roots.end], multiplicity: 1 };
}

/** The external messages of a proof with this journal (and, for a chunk, these roots). */
export function externalMessages(journal: Uint8Array, roots?: ImageRoots): BusMessage[] {
  const messages = journalMessages(journal);
  if (roots !== undefined) messages.push(rootMessage(roots));
  return messages;
}
