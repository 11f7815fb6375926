/**
 * A digest of an AIR's constraints: every node of the constraint DAG (operation, operands,
 * constant or column, row, selector or challenge) in topological order, then each constraint's
 * root, hashed with BLAKE3. Two constraint lists with the same digest are the same polynomials
 * node for node, which is what a verifying key must pin. Hashing the DAG itself is cheap; the
 * generated evaluator's source, hashed before, cost seconds to generate for a large AIR.
 */
import { blake3 } from "@noble/hashes/blake3.js";
import { topoOrder } from "./expr.js";
import type { Constraint } from "./types.js";

const OPS = ["const", "main", "prep", "public", "sel", "aux", "chal", "add", "sub", "mul", "neg"];
const TAGS = ["", "first", "last", "transition", "z", "beta", "finalSum"];
const NONE = 0xffffffff;

/** BLAKE3 over the canonical encoding of `constraints` (six words per node, then the roots). */
export function constraintsDigest(constraints: readonly Constraint[]): Uint8Array {
  const nodes = topoOrder(constraints.map((c) => c.expr));
  const at = new Map(nodes.map((e, i) => [e, i]));
  const words = new Uint32Array(6 * nodes.length + constraints.length + 1);
  nodes.forEach((e, i) => {
    const o = 6 * i;
    words[o] = OPS.indexOf(e.op);
    words[o + 1] = e.a === null ? NONE : at.get(e.a)!;
    words[o + 2] = e.b === null ? NONE : at.get(e.b)!;
    words[o + 3] = e.index;
    words[o + 4] = e.next ? 1 : 0;
    words[o + 5] = TAGS.indexOf(e.tag);
  });
  let o = 6 * nodes.length;
  words[o++] = constraints.length;
  for (const c of constraints) words[o++] = at.get(c.expr)!;
  return blake3(new Uint8Array(words.buffer));
}
