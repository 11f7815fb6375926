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
 *
 * Hashed by the WebAssembly BLAKE3 kernel (as setup's preprocessed commitments already are):
 * @noble/hashes took ~90 ms over the built-in AIRs' 1.5 MB in a fresh process, the kernel a few.
 * Tests compare it with @noble/hashes on every built-in AIR.
 */
import { blake3Words } from "../commit/kernel.js";
import { type Expr, NodeNumbers } from "./expr.js";
import type { Constraint } from "./types.js";

const OPS = ["const", "main", "prep", "public", "sel", "aux", "chal", "add", "sub", "mul", "neg"];
const TAGS = ["", "first", "last", "transition", "z", "beta", "finalSum"];
const NONE = 0xffffffff;

/**
 * Nodes reachable from `roots`, children before parents, in the canonical post-order; `number`
 * gets each node's position + 1.
 */
function canonicalOrder(roots: readonly Expr[], number: NodeNumbers): Expr[] {
  const order: Expr[] = [];
  const stack: Expr[] = [];
  // Roots are pushed in reverse so that constraint 0 is walked first; likewise b before a
  // below. A node is numbered once both operands are (a node may sit on the stack twice).
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]);
  while (stack.length > 0) {
    const e = stack[stack.length - 1];
    if (number.get(e) !== 0) {
      stack.pop();
      continue;
    }
    const b = e.b !== null && number.get(e.b) === 0 ? e.b : null;
    const a = e.a !== null && number.get(e.a) === 0 ? e.a : null;
    if (b !== null) stack.push(b);
    if (a !== null) stack.push(a);
    if (a === null && b === null) {
      stack.pop();
      order.push(e);
      number.set(e, order.length);
    }
  }
  return order;
}

/**
 * The canonical encoding of `constraints`: six little-endian words per node (operation, operand
 * positions, constant or column, row, tag), then the count and each constraint's root position.
 * `number` is the traversal's scratch (a parameter for tests of both its kinds).
 */
export function constraintsEncoding(
  constraints: readonly Constraint[],
  number = new NodeNumbers(),
): Uint32Array {
  const nodes = canonicalOrder(
    constraints.map((c) => c.expr),
    number,
  );
  const at = (e: Expr | null): number => (e === null ? NONE : number.get(e) - 1);
  const words = new Uint32Array(6 * nodes.length + constraints.length + 1);
  let o = 0;
  for (const e of nodes) {
    words[o++] = OPS.indexOf(e.op);
    words[o++] = at(e.a);
    words[o++] = at(e.b);
    words[o++] = e.index;
    words[o++] = e.next ? 1 : 0;
    words[o++] = TAGS.indexOf(e.tag);
  }
  words[o++] = constraints.length;
  for (const c of constraints) words[o++] = at(c.expr);
  return words;
}

/** BLAKE3 over the canonical encoding of `constraints` (`constraintsEncoding`). */
export function constraintsDigest(constraints: readonly Constraint[]): Uint8Array {
  return blake3Words(constraintsEncoding(constraints));
}
