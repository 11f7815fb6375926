/**
 * The page table (`rv.page`): hashes every page a chunk pages, in its start and its end image,
 * and hands each word to the paged memory boundary. 64 rows per page, one sponge step of each
 * image per row (the page sponge of glue/paging/hash.ts: row k overwrites state[0..8] with the
 * limbs of words 4k..4k+3, keeps the previous output's [8..16] and permutes; the digest is the
 * last output's [0..8]).
 *
 * Columns (columns.ts): isReal, page, isRegs, k, last, initLo/initHi/finLo/finHi[4] (the row's
 * words), capIn/capOut[8] (the capacity before the step), outIn/outOut[16] (the step's outputs).
 *
 * Constraints (degree ≤ 3; selectors count 1, so every transition constraint is of degree 2
 * inside its scope). g = isReal − last is 1 exactly on real rows that are not a page's last:
 * - isReal, isRegs, last boolean; last ⇒ isReal (so g ∈ {0, 1}); padding only at the end;
 *   isRegs·page = 0;
 * - first row: k = 0, capIn = capOut = 0;
 * - transition: g·(1 − isReal') = 0 and, on the last row, g = 0: a real row followed by padding,
 *   or the table's last row when real, is a page's `last`; so the next row of a g row is real,
 *   and g·(k' − k − 1), g·(page' − page), g·(isRegs' − isRegs), g·(capIn' − outIn[8..16]),
 *   g·(capOut' − outOut[8..16]) chain the steps of one page; after a `last` row k' = 0 and
 *   capIn' = capOut' = 0 (a new page starts, or padding, which is zero);
 * - last ⇒ k = 63, and 63 − k is looked up on U16 (isReal): k runs 0, 1, 2, … from each page's
 *   first row and cannot pass 63 (63 − 64 = p − 1 is no u16), so every page has exactly 64
 *   rows (a block of 63 rows ends at k = 62 without being `last`, one of 65 reaches k = 64).
 *
 * Interactions:
 *   sends   PAGE_WORD (addr_j, initLo_j, initHi_j, finLo_j, finHi_j), j = 0..3   × isReal
 *           with addr_j = 256·page + 32·(1 − isRegs) + 4k + j (glue/paging/layout.ts)
 *   sends   PERM (initLo0, initHi0, …, initLo3, initHi3, capIn ‖ outIn)          × isReal
 *   sends   PERM (the same with fin, capOut, outOut)                              × isReal
 *   receives NODE (21, page, outIn[0..8], outOut[0..8])                           × last
 *   sends   U16 (63 − k)                                                          × isReal
 *
 * What a cheating prover can put in each column of a real row:
 * - outIn/outOut: only Poseidon2 of the row's input: the permutation table receives true
 *   permutations only, so a false (in, out) tuple is unmatched. The capacities are the previous
 *   step's outputs or 0, so a page's last outIn[0..8] is the sponge digest of exactly the 256
 *   start words its rows send, and outOut[0..8] that of the 256 end words.
 * - page: constant over the page's rows and pinned by the leaf it receives: the Merkle-node
 *   table sends (21, i, …) only for integers i < 2^21 (by induction from the root, see
 *   ../merkle/air.ts), and each leaf once, so no page is hashed twice and every address
 *   256·page + 32 + 4k + j < 2^29 is an integer (no wrap onto another page's words).
 * - isRegs: constant over the page and forces page = 0. The register page with isRegs = 0
 *   would put leaf 0's words at memory-bus addresses 32..287 instead of 0..255; then no page
 *   sends addresses 0..31 (leaf 0 can be received only once), while the paged boundary's first
 *   row is address 0 and must receive a PAGE_WORD for it: it cannot balance.
 * - k, last, isReal: fixed by the row structure above (64 rows per page from k = 0).
 * - the limbs: they go both into the sponge and to the paged boundary, which receives each
 *   address once (its addresses strictly increase) and sends its initial value into the memory
 *   argument and receives its final value from it. No range checks here: limbs are u16 by
 *   induction — the first image is built by the verifier from the program, and every later
 *   image is paged out from final values of the memory bus, which are range-checked where they
 *   are created (or are an untouched word's initial value). A non-u16 start limb would need a
 *   second preimage of the start root.
 * Padding rows (isReal = last = 0) send and receive nothing.
 */
import { defineAir } from "../../../core/air/compile.js";
import type { Expr } from "../../../core/air/expr.js";
import type { RowOf } from "../../../core/air/layout.js";
import type { AirBuilder } from "../../../core/air/types.js";
import { U16_BUS } from "../../chips/buses.js";
import { NODE_BUS, PAGE_WORD_BUS, PERM_BUS } from "../buses.js";
import { ABSORBS_PER_PAGE, PAGE_WORDS, TREE_DEPTH, WORDS_PER_ABSORB } from "../layout.js";
import { pageCols } from "./columns.js";

type PageRow = RowOf<(typeof pageCols)["spec"]>;
type B = AirBuilder<PageRow>;

const DIGEST = 8;

/** Flags boolean, padding at the end, the register page at leaf 0. */
function evalFlags(b: B): void {
  const l = b.local;
  b.assertBool("isReal bool", l.isReal);
  b.assertBool("isRegs bool", l.isRegs);
  b.assertBool("last bool", l.last);
  b.assertZero("last only on real rows", l.last.mul(l.isReal.neg().add(1)));
  b.whenTransition().assertZero(
    "padding only at the end",
    b.next.isReal.mul(l.isReal.neg().add(1)),
  );
  b.assertZero("the register page is leaf 0", l.isRegs.mul(l.page));
}

/** 64 rows per page: k from 0 to 63, the capacities chained, a page's end marked `last`. */
function evalSteps(b: B): void {
  const l = b.local;
  const n = b.next;
  const first = b.whenFirstRow();
  first.assertZero("the first step is 0", l.k);
  for (let i = 0; i < DIGEST; i++) {
    first.assertZero(`first capIn[${i}] = 0`, l.capIn[i]);
    first.assertZero(`first capOut[${i}] = 0`, l.capOut[i]);
  }
  const g = l.isReal.sub(l.last); // a real row that is not its page's last
  const t = b.whenTransition();
  t.assertZero("a page's last row is marked", g.mul(n.isReal.neg().add(1)));
  b.whenLastRow().assertZero("the table's last real row is marked", g);
  t.assertZero("the step advances", g.mul(n.k.sub(l.k).sub(1)));
  t.assertZero("the page stays", g.mul(n.page.sub(l.page)));
  t.assertZero("isRegs stays", g.mul(n.isRegs.sub(l.isRegs)));
  t.assertZero("a new page starts at step 0", l.last.mul(n.k));
  for (let i = 0; i < DIGEST; i++) {
    t.assertZero(`capIn[${i}] chains`, g.mul(n.capIn[i].sub(l.outIn[DIGEST + i])));
    t.assertZero(`capOut[${i}] chains`, g.mul(n.capOut[i].sub(l.outOut[DIGEST + i])));
    t.assertZero(`a new page's capIn[${i}] = 0`, l.last.mul(n.capIn[i]));
    t.assertZero(`a new page's capOut[${i}] = 0`, l.last.mul(n.capOut[i]));
  }
  b.assertZero("the last step is 63", l.last.mul(l.k.sub(ABSORBS_PER_PAGE - 1)));
  b.send(U16_BUS, [l.k.neg().add(ABSORBS_PER_PAGE - 1)], l.isReal, "63 - k");
}

/** The row's 4 words to the paged boundary (layout.ts: page p ≥ 1 at 32 + 256p, registers at 0). */
function evalWords(b: B): void {
  const l = b.local;
  const base = l.page.mul(PAGE_WORDS).add(l.isRegs.neg().add(1).mul(32)).add(l.k.mul(4));
  for (let j = 0; j < WORDS_PER_ABSORB; j++) {
    const addr = base.add(j);
    b.send(
      PAGE_WORD_BUS,
      [addr, l.initLo[j], l.initHi[j], l.finLo[j], l.finHi[j]],
      l.isReal,
      `word ${j}`,
    );
  }
}

/** The two sponge steps to the permutation table, and the leaf on the page's last row. */
function evalSponges(b: B): void {
  const l = b.local;
  const rate = (lo: readonly Expr[], hi: readonly Expr[]) => lo.flatMap((x, j) => [x, hi[j]]);
  b.send(
    PERM_BUS,
    [...rate(l.initLo, l.initHi), ...l.capIn, ...l.outIn],
    l.isReal,
    "start image step",
  );
  b.send(
    PERM_BUS,
    [...rate(l.finLo, l.finHi), ...l.capOut, ...l.outOut],
    l.isReal,
    "end image step",
  );
  b.receive(
    NODE_BUS,
    [TREE_DEPTH, l.page, ...l.outIn.slice(0, DIGEST), ...l.outOut.slice(0, DIGEST)],
    l.last,
    "leaf",
  );
}

export const pageAir = defineAir({
  name: "rv.page",
  mainColumns: pageCols,
  eval(b) {
    evalFlags(b);
    evalSteps(b);
    evalWords(b);
    evalSponges(b);
  },
});
