/**
 * The Merkle-node table (`rv.merkle`): the internal nodes of the page tree on the paths of the
 * pages a chunk pages, in its start and end image. Together with the verifier's root message
 * and the page table's leaves it proves: the end root is the start root's tree with each paged
 * page's leaf replaced by that page's end digest, and nothing else changed.
 *
 * Columns (columns.ts): isReal, level, index, lT, rT (touched children), lIn, rIn, lOut, rOut
 * (children's digests, start/end image), hIn, hOut (the node's), xIn, xOut (the permutations'
 * outputs [8..16]).
 *
 * Constraints (degree 2):
 * - isReal, lT, rT boolean; lT, rT only on real rows;
 * - an untouched child is the same in both images: (1 − lT)·(lIn_j − lOut_j) = 0 and
 *   (1 − rT)·(rIn_j − rOut_j) = 0, j = 0..7.
 *
 * Interactions:
 *   receives NODE (level, index, hIn, hOut)                 × isReal
 *   sends    NODE (level + 1, 2·index, lIn, lOut)           × lT
 *   sends    NODE (level + 1, 2·index + 1, rIn, rOut)       × rT
 *   sends    PERM (lIn ‖ rIn ‖ hIn ‖ xIn)                   × isReal
 *   sends    PERM (lOut ‖ rOut ‖ hOut ‖ xOut)               × isReal
 *   sends    U16 (20 − level)                               × isReal   (level ≤ 20)
 * So hIn = compress(lIn, rIn) and hOut = compress(lOut, rOut) (the permutation table receives
 * true permutations only).
 *
 * Why the rows form exactly one tree, rooted at the verifier's root message (0, 0, start root,
 * end root). Every NODE multiplicity is boolean (isReal, lT, rT here, `last` in the page table)
 * and the tables hold fewer than p rows, so a balanced bus balances over the integers: each
 * message is sent as often as it is received.
 * - Levels: a real row's message is sent by a row one level up (level − 1) or by the verifier
 *   (level 0); nothing else sends NODE. Following senders, the level drops by 1 per step; a
 *   cycle would need a multiple of p steps, so every chain ends at the root message, and each
 *   row's level is an integer l ≥ 0: its distance from the root. Levels strictly increase down
 *   the tree.
 * - Indices: by induction from the root (index 0 < 2^0), a row at level l receives 2·i or
 *   2·i + 1 for its parent's integer index i < 2^(l − 1), so its index is an integer below 2^l
 *   (no wrap for l ≤ 21: 2^21 < p). A page leaf (21, page, …) thus names an integer page < 2^21.
 * - One row per node: the root message is sent once, so one row is the root; if each node of
 *   level l has at most one row, a message of level l + 1 and index j is sent at most once (by
 *   the row of node ⌊j/2⌋, on one side), so it is received at most once: at most one row — or
 *   one page — per node of level l + 1, whatever digests a prover writes.
 * - Digests: by induction from the root, a row's hIn is the start tree's node (a collision of
 *   compress is infeasible), so its lIn, rIn are the start tree's children; an untouched child
 *   keeps its digest in the end image (lOut = lIn), a touched one has the end digest its own row
 *   or page proves. So the end root is the start tree with exactly the touched subtrees changed.
 * - Leaves: every real row sends (20 − level) to the u16 range table, so its level is at most
 *   20 = TREE_DEPTH − 1: levels are integers ≥ 0 by the induction above, at most the number of
 *   rows (< p − 2^16), so a level l ≥ 21 would send 20 − l = p − (l − 20) ≥ 2^16, no u16 (level
 *   21 sends p − 1). This matters: a page digest is the first half
 *   of a permutation of (the last 8 limbs ‖ the sponge's capacity), so a node row at level 21
 *   whose "children" are those halves would have hIn = the page digest and could absorb that
 *   page's leaf message in place of the page table (it would prove nothing about the page's
 *   words, and nothing about memory with lT = rT = 0, but the page would go unpaged). With the
 *   bound a node row at level 21 or deeper is impossible (and no row sends a message deeper than
 *   level 21), so a leaf message — a touched child at level 21 — can only be received by the
 *   page table's `last` row of that page
 *   (which hashes its 256 start and end words) — once, since its leaf message is sent once, so
 *   no page is paged twice.
 * Padding rows (isReal = lT = rT = 0) send and receive nothing.
 */
import { defineAir } from "../../../core/air/compile.js";
import { U16_BUS } from "../../chips/buses.js";
import { NODE_BUS, PERM_BUS } from "../buses.js";
import { TREE_DEPTH } from "../layout.js";
import { merkleCols } from "./columns.js";

const DIGEST = 8;

export const merkleAir = defineAir({
  name: "rv.merkle",
  mainColumns: merkleCols,
  eval(b) {
    const l = b.local;
    const untouched = (t: typeof l.lT) => t.neg().add(1);
    b.assertBool("isReal bool", l.isReal);
    b.assertBool("lT bool", l.lT);
    b.assertBool("rT bool", l.rT);
    b.assertZero("lT only on real rows", l.lT.mul(untouched(l.isReal)));
    b.assertZero("rT only on real rows", l.rT.mul(untouched(l.isReal)));
    for (let j = 0; j < DIGEST; j++) {
      b.assertZero(`untouched left[${j}] unchanged`, untouched(l.lT).mul(l.lIn[j].sub(l.lOut[j])));
      b.assertZero(`untouched right[${j}] unchanged`, untouched(l.rT).mul(l.rIn[j].sub(l.rOut[j])));
    }
    const child = l.level.add(1);
    b.receive(NODE_BUS, [l.level, l.index, ...l.hIn, ...l.hOut], l.isReal, "node");
    b.send(NODE_BUS, [child, l.index.mul(2), ...l.lIn, ...l.lOut], l.lT, "left child");
    b.send(NODE_BUS, [child, l.index.mul(2).add(1), ...l.rIn, ...l.rOut], l.rT, "right child");
    b.send(PERM_BUS, [...l.lIn, ...l.rIn, ...l.hIn, ...l.xIn], l.isReal, "start image");
    b.send(PERM_BUS, [...l.lOut, ...l.rOut, ...l.hOut, ...l.xOut], l.isReal, "end image");
    b.send(U16_BUS, [l.level.neg().add(TREE_DEPTH - 1)], l.isReal, "level ≤ 20");
  },
});
