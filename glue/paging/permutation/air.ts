/**
 * The permutation table (`rv.perm`): proves the Poseidon2 permutations of the memory image (the
 * page sponge and the Merkle compressions, glue/paging/hash.ts). One row per distinct
 * permutation; columns.ts (300 columns).
 *
 * What it proves: every (in, out) tuple sent on PERM_BUS has out = Poseidon2(in), Plonky3's
 * BabyBear width-16 permutation.
 *
 * Constraints (one row; degree ≤ 3):
 * - isReal boolean: the round constants enter as rc·isReal (so that the all-zero padding row
 *   satisfies the rounds); any other value would prove a permutation with scaled constants;
 * - mult·(1 − isReal) = 0: a row with isReal = 0 proves the permutation *without* round
 *   constants, which is not Poseidon2, so it must not answer any request;
 * - the rounds (core/poseidon2/air.ts evalPoseidon2Rounds): input forms are the in cells,
 *   output forms the out cells; every S-box has x3 = x^3 and y = x3^2·x, the last round checked
 *   through M^−1 against out, so on a row with isReal = 1 out = Poseidon2(in) exactly (each
 *   committed cell is the only value its constraint admits, and M is invertible);
 * - receive PERM_BUS (in ‖ out) with multiplicity mult.
 *
 * What a cheating prover can put in mult: any field element — nothing bounds it but the bus
 * balance. That is enough: only rows with isReal = 1 receive, and they receive only true
 * permutations, so receiving a true tuple any number of times (or splitting it over several
 * rows) proves nothing false. A false tuple (out ≠ Poseidon2(in)) sent by a page or node row is
 * received by no row, so its fingerprint's net count is the number of its sends, nonzero mod p
 * while the tables hold fewer than p rows: the buses cannot balance.
 *
 * Interactions: 1 (message of degree 1, multiplicity of degree 1).
 */
import { defineAir } from "../../../core/air/compile.js";
import { mul, sub } from "../../../core/air/expr.js";
import { cell, evalPoseidon2Rounds } from "../../../core/poseidon2/air.js";
import { PERM_BUS } from "../buses.js";
import { permutationCols } from "./columns.js";

export const permutationAir = defineAir({
  name: "rv.perm",
  mainColumns: permutationCols,
  eval(b) {
    const l = b.local;
    b.assertBool("isReal bool", l.isReal);
    b.assertZero("mult only on real rows", mul(l.mult, sub(1, l.isReal)));
    evalPoseidon2Rounds(b, {
      isReal: l.isReal,
      input: l.in.map((e) => cell(e)),
      output: l.out.map((e) => cell(e)),
      x3: l.x3,
      y: l.y,
      px3: l.px3,
      py: l.py,
    });
    b.receive(PERM_BUS, [...l.in, ...l.out], l.mult, "permutation");
  },
});
