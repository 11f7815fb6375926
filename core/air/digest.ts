/**
 * A digest of an AIR's constraints: every node of the constraint DAG (operation, operands,
 * constant or column, row, selector or challenge) in a canonical order, then each constraint's
 * root, hashed with BLAKE3. Two constraint lists with the same digest are the same polynomials
 * node for node, which is what a verifying key must pin. Hashing the DAG itself is cheap; the
 * generated evaluator's source, hashed before, cost seconds to generate for a large AIR.
 *
 * The order is a post-order walk from the roots (constraints in order, operand a before b, a
 * node numbered at its first visit), never node ids: ids are creation order within the process,
 * and constants are shared process-wide, so an id order would depend on what the process built
 * before (a review found the program id changing when a user's test compiled an AIR first).
 */
import { blake3 } from "@noble/hashes/blake3.js";
import type { Expr } from "./expr.js";
import type { Constraint } from "./types.js";

const OPS = ["const", "main", "prep", "public", "sel", "aux", "chal", "add", "sub", "mul", "neg"];
const TAGS = ["", "first", "last", "transition", "z", "beta", "finalSum"];
const NONE = 0xffffffff;

/** Nodes reachable from `roots`, children before parents, in the canonical post-order. */
function canonicalOrder(roots: readonly Expr[]): Expr[] {
  const order: Expr[] = [];
  const done = new Set<Expr>();
  const stack: [Expr, boolean][] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i], false]);
  // Roots are pushed in reverse so that constraint 0 is walked first; likewise b before a below.
  while (stack.length > 0) {
    const [e, expanded] = stack.pop()!;
    if (done.has(e)) continue;
    if (expanded) {
      done.add(e);
      order.push(e);
      continue;
    }
    stack.push([e, true]);
    if (e.b !== null && !done.has(e.b)) stack.push([e.b, false]);
    if (e.a !== null && !done.has(e.a)) stack.push([e.a, false]);
  }
  return order;
}

/** BLAKE3 over the canonical encoding of `constraints` (six little-endian words per node, then the roots). */
export function constraintsDigest(constraints: readonly Constraint[]): Uint8Array {
  const nodes = canonicalOrder(constraints.map((c) => c.expr));
  const at = new Map(nodes.map((e, i) => [e, i]));
  const bytes = new Uint8Array(4 * (6 * nodes.length + constraints.length + 1));
  const view = new DataView(bytes.buffer);
  let o = 0;
  const word = (x: number) => {
    view.setUint32(o, x, true);
    o += 4;
  };
  for (const e of nodes) {
    word(OPS.indexOf(e.op));
    word(e.a === null ? NONE : at.get(e.a)!);
    word(e.b === null ? NONE : at.get(e.b)!);
    word(e.index);
    word(e.next ? 1 : 0);
    word(TAGS.indexOf(e.tag));
  }
  word(constraints.length);
  for (const c of constraints) word(at.get(c.expr)!);
  return blake3(bytes);
}
