/**
 * The SHA-256 compression AIR (`cop.sha256`, syscall 0x100): state := compress(state, block).
 *
 * Rows per call: I (input state bits), R0..R15 (four rounds each), F (output state bits); one T
 * row after the last call; then all-zero padding. Columns: see columns.ts.
 *
 * Constraints (on the row pair local X, next Y; degree ≤ 3 everywhere):
 * - flags: one kind per row, I → R0 → … → R15 → F forced both ways (evalFlags);
 * - rounds: Y's four a's and e's from the eight visible ones, W and K, limb by limb with
 *   carries on Y (evalRounds); the schedule W_t = σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16}
 *   with partial sums x1 → x2 → x3 carried over three rows (evalSchedule);
 * - the round, schedule and x1 equations are degree 3 and cannot be gated by a row flag, so they
 *   hold on every row pair: where Y is not a round row its carries (and x1) are free and absorb
 *   them — their range lookups are gated by Y's flags instead. Hence T: the row after the last
 *   F has zero bits and free carries, so that the all-zero padding satisfies them too;
 * - final addition on (R15, F): H_in = H_out − fin + 2^16·carry, proven by receiving H_in on a
 *   private bus from the call's I row (evalFinal);
 * - machine side (evalCall, evalMemory): the call received once on I; a1 read on R0; both
 *   pointers aligned and ≥ 0x1000 (the checks of `guestPointer`, with its lookups in the shared
 *   slots); 8 state accesses (receive on I, send on F) and 16 block reads (R0..R3), all at
 *   ts = clk + 3 with prevTs = ts − 1 − gap, gap = gLo + 2^16·gHi range-checked (as
 *   `memoryAccess` does). Words on the memory bus are limbs of bit columns, so true u16s.
 * Interactions share slots across row kinds (each costs an aux column on every row), which is
 * why this file writes them out rather than calling the adapter gadgets once per access.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { defineBus } from "../../core/air/bus.js";
import { add, type Expr, mul, sub, sum } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import type { RowOf } from "../../core/air/layout.js";
import { MEMORY_BUS, PAIR_BUS, receiveCall, U14_BUS, U16_BUS } from "../../glue/coprocessor-air.js";
import {
  bigSigma0,
  bigSigma1,
  ch,
  limb,
  maj,
  smallSigma0,
  smallSigma1,
  swappedLimb,
  word,
  type Word,
  wordLimb,
} from "./bits.js";
import { sha256Cols, type Sha256Cols } from "./columns.js";
import { K, SHA256_SYSCALL } from "./constants.js";

type Row = RowOf<Sha256Cols["spec"]>;
type B = AirBuilder<Row>;

/** (clk, H0 lo, H0 hi, …, H7 hi): the input state, from the call's I row to its F row. */
export const SHA256_STATE_BUS = defineBus("cop.sha256.state", 17);

/** Register a1 on the memory bus. */
const A1 = 11;
const TWO16 = 65536;

const isRound = (r: Row): Expr => sum(r.u);
const words = (g: readonly Expr[]): Word[] => [0, 1, 2, 3].map((j) => word(g, j));
/** State word k (0..7) of an I/F row (also the final working variables on R15). */
const stateWord = (r: Row, k: number): Word => (k < 4 ? word(r.a, 3 - k) : word(r.e, 7 - k));

/** One kind per row, and the order I → R0 → … → R15 → F (forward and backward). */
function evalFlags(b: B, l: Row, n: Row): void {
  const flags = [l.isI, l.isF, ...l.u, ...l.v];
  flags.forEach((f, i) => b.assertBool(`flag ${i} bool`, f));
  b.assertBool("one kind per row", add(l.isI, l.isF, isRound(l)));
  b.assertEq("u, v both one-hot or both zero", isRound(l), sum(l.v));
  b.assertZero("I → R0 (u)", mul(l.isI, sub(1, n.u[0])));
  b.assertZero("I → R0 (v)", mul(l.isI, sub(1, n.v[0])));
  for (let v = 0; v < 3; v++) {
    b.assertZero(`v${v} → v${v + 1}`, mul(l.v[v], sub(1, n.v[v + 1])));
    b.assertZero(`v${v + 1} ← v${v}`, mul(n.v[v + 1], sub(1, l.v[v])));
  }
  const inGroup = add(l.v[0], l.v[1], l.v[2]);
  for (let u = 0; u < 4; u++) b.assertZero(`u${u} kept`, mul(inGroup, sub(n.u[u], l.u[u])));
  for (let u = 0; u < 3; u++)
    b.assertZero(`u${u} → u${u + 1}`, mul(l.v[3], l.u[u], sub(1, n.u[u + 1])));
  b.assertZero("v3 → v0", mul(l.v[3], sub(1, l.u[3]), sub(1, n.v[0])));
  b.assertZero("v0 ← v3 or I", mul(n.v[0], sub(1, add(l.v[3], l.isI))));
  b.assertZero("R15 → F", mul(l.v[3], l.u[3], sub(1, n.isF)));
  b.assertZero("F ← R15", mul(n.isF, sub(1, mul(l.u[3], l.v[3]))));
}

/** The call: constant columns, the syscall message, a1, both pointers, memory-bus bases. */
function evalCall(b: B, l: Row, n: Row): void {
  const inCall = add(isRound(n), n.isF);
  const constant = ["clk", "a0Lo", "a0Hi", "a1Lo", "a1Hi", "wA", "wB"] as const;
  for (const c of constant) b.assertZero(`${c} constant in a call`, mul(inCall, sub(n[c], l[c])));
  receiveCall(b, SHA256_SYSCALL, l.clk, [l.a0Lo, l.a0Hi], l.isI);
  const blk = l.u[0];
  const r0 = mul(l.u[0], l.v[0]);
  const r1 = mul(l.u[0], l.v[1]);
  b.assertZero("I/F: mbase = 32 + wA", mul(add(l.isI, l.isF), sub(l.mbase, add(32, l.wA))));
  const row4 = add(l.v[1], mul(l.v[2], 2), mul(l.v[3], 3));
  b.assertZero("R0..R3: mbase = 32 + wB + 4r", mul(blk, sub(l.mbase, add(32, l.wB, mul(row4, 4)))));
  // guestPointer's checks: ptr lo = 4q (q u14), w = q + 2^14·ptr hi = 1024 + xLo + 2^16·xHi.
  const pointer = (name: string, on: Expr, lo: Expr, hi: Expr, w: Expr, s: number[]): void => {
    const [q, xLo, xHi] = [l.gHi[s[0]], l.gLo[s[1]], l.gHi[s[2]]];
    b.assertZero(`${name}: aligned`, mul(on, sub(mul(q, 4), lo)));
    b.assertZero(`${name}: word index`, mul(on, sub(w, add(q, mul(hi, 16384)))));
    b.assertZero(`${name}: ≥ 0x1000`, mul(on, sub(w, add(1024, xLo, mul(xHi, TWO16)))));
  };
  pointer("state pointer", r0, l.a0Lo, l.a0Hi, l.wA, [5, 5, 6]);
  pointer("block pointer", r1, l.a1Lo, l.a1Hi, l.wB, [4, 4, 5]);
  // The slots those rows leave unused hold 0 (so no slot value is free where it is looked up).
  const r23 = mul(blk, add(l.v[2], l.v[3]));
  b.assertZero("slot 7 lo unused", mul(blk, l.gLo[7]));
  b.assertZero("slot 7 hi unused", mul(blk, l.gHi[7]));
  b.assertZero("slot 6 lo unused", mul(blk, l.gLo[6]));
  b.assertZero("slot 6 hi unused", mul(blk, sub(1, l.v[0]), l.gHi[6]));
  b.assertZero("slot 5 lo unused", mul(blk, sub(1, l.v[0]), l.gLo[5]));
  b.assertZero("slot 5 hi unused", mul(r23, l.gHi[5]));
  b.assertZero("slot 4 lo unused", mul(r23, l.gLo[4]));
  b.assertZero("slot 4 hi unused", mul(r23, l.gHi[4]));
  // a1 (the block pointer) is read from its register on R0, gap in slot 4.
  const ts = add(l.clk, 3);
  const prevTs = sub(ts, add(1, l.gLo[4], mul(l.gHi[4], TWO16)));
  b.receive(MEMORY_BUS, [A1, l.a1Lo, l.a1Hi, prevTs], r0, "a1: old");
  b.send(MEMORY_BUS, [A1, l.a1Lo, l.a1Hi, ts], r0, "a1: new");
}

/** K_t's limb for round j of row Y, from Y's phase (0 on other rows). */
function roundConstant(n: Row, j: number, L: number): Expr {
  const terms: Expr[] = [];
  for (let u = 0; u < 4; u++)
    for (let v = 0; v < 4; v++) {
      const k = K[4 * (4 * u + v) + j];
      terms.push(mul(n.u[u], n.v[v], L === 0 ? k & 0xffff : k >>> 16));
    }
  return sum(terms);
}

/** FIPS 180-4 §6.2.2 step 3, four rounds: a_t, e_t of Y from the eight visible a's and e's. */
function evalRounds(b: B, l: Row, n: Row): void {
  const A = [...words(l.a), ...words(n.a)];
  const E = [...words(l.e), ...words(n.e)];
  const W = words(n.w);
  for (let j = 0; j < 4; j++) {
    const [d, c, bb, a] = [A[j], A[j + 1], A[j + 2], A[j + 3]];
    const [h, g, f, e] = [E[j], E[j + 1], E[j + 2], E[j + 3]];
    const s1 = bigSigma1(e);
    const chf = ch(e, f, g);
    const s0 = bigSigma0(a);
    const mj = maj(a, bb, c);
    for (let L = 0; L < 2; L++) {
      const t1 = add(
        wordLimb(h, L),
        limb(s1, L),
        limb(chf, L),
        roundConstant(n, j, L),
        wordLimb(W[j], L),
      );
      const t2 = add(limb(s0, L), limb(mj, L));
      const inE = L === 0 ? 0 : n.cE[2 * j];
      const inA = L === 0 ? 0 : n.cA[2 * j];
      b.assertZero(
        `round ${j}: e limb ${L}`,
        sub(add(wordLimb(E[4 + j], L), mul(n.cE[2 * j + L], TWO16)), add(wordLimb(d, L), t1, inE)),
      );
      b.assertZero(
        `round ${j}: a limb ${L}`,
        sub(add(wordLimb(A[4 + j], L), mul(n.cA[2 * j + L], TWO16)), add(t1, t2, inA)),
      );
    }
  }
}

/**
 * FIPS 180-4 §6.2.2 step 1 for Y's words t = 4r + j (r ≥ 4): x1 (on row r−3) = W_{t−16} +
 * σ0(W_{t−15}); x2 (r−2) adds W_{t−7} when it lies on r−2 (j ≤ 2); x3 (r−1) when on r−1 (j = 3);
 * then W_t = x3 + σ1(W_{t−2}) with carries. Unreduced limb sums stay below 4·2^16.
 */
function evalSchedule(b: B, l: Row, n: Row): void {
  const Wb = [...words(l.w), ...words(n.w)];
  const round = isRound(n);
  for (let j = 0; j < 4; j++) {
    const s0 = smallSigma0(Wb[j + 1]);
    const s1 = smallSigma1(Wb[j + 2]);
    for (let L = 0; L < 2; L++) {
      const i = 2 * j + L;
      b.assertEq(`x1 ${i}`, n.x1[i], add(wordLimb(Wb[j], L), limb(s0, L)));
      const w7 = j <= 2 ? wordLimb(Wb[4 + j + 1], L) : 0;
      b.assertZero(`x2 ${i}`, mul(round, sub(n.x2[i], add(l.x1[i], w7))));
      const w7late = j === 3 ? wordLimb(Wb[4], L) : 0;
      b.assertZero(`x3 ${i}`, mul(round, sub(n.x3[i], add(l.x2[i], w7late))));
      const carryIn = L === 0 ? 0 : n.cW[2 * j];
      b.assertZero(
        `schedule ${j} limb ${L}`,
        sub(add(wordLimb(Wb[4 + j], L), mul(n.cW[i], TWO16)), add(l.x3[i], limb(s1, L), carryIn)),
      );
    }
  }
}

/** Carries of round and schedule rows are bytes (enough: no limb equation can wrap mod p). */
function evalCarryRanges(b: B, l: Row): void {
  const sched = add(l.u[1], l.u[2], l.u[3]);
  for (let j = 0; j < 4; j++) {
    b.send(PAIR_BUS, [l.cA[2 * j], l.cA[2 * j + 1]], isRound(l), `carry a ${j}`);
    b.send(PAIR_BUS, [l.cE[2 * j], l.cE[2 * j + 1]], isRound(l), `carry e ${j}`);
  }
  for (let j = 0; j < 4; j++)
    b.send(PAIR_BUS, [l.cW[2 * j], l.cW[2 * j + 1]], sched, `carry w ${j}`);
}

/**
 * The 24 guest-word accesses, at ts = clk + 3. Slots 0..3 serve the block words of R0..R3
 * (reads of w) and state words 0..3 (I receives the old value, F sends the new one, both from
 * the copies in w); state words 4..7 have their own interactions. Gaps are looked up on I and
 * R0..R3 (the slots hold the pointer witnesses and a1's gap on R0/R1, zeros otherwise).
 */
function evalMemory(b: B, l: Row): void {
  const ts = add(l.clk, 3);
  const prevTs = (s: number): Expr => sub(ts, add(1, l.gLo[s], mul(l.gHi[s], TWO16)));
  const limbs = (x: Word): Expr[] => [wordLimb(x, 0), wordLimb(x, 1)];
  const blk = l.u[0];
  for (let j = 0; j < 4; j++) {
    // The block is message bytes in memory: W_t is the word at a1 + 4t with its bytes reversed.
    const v = [swappedLimb(word(l.w, j), 0), swappedLimb(word(l.w, j), 1)];
    b.receive(MEMORY_BUS, [add(l.mbase, j), ...v, prevTs(j)], add(blk, l.isI), `word ${j}: old`);
    b.send(MEMORY_BUS, [add(l.mbase, j), ...v, ts], add(blk, l.isF), `word ${j}: new`);
  }
  for (let k = 4; k < 8; k++) {
    const v = limbs(stateWord(l, k));
    b.receive(MEMORY_BUS, [add(l.mbase, k), ...v, prevTs(k)], l.isI, `state ${k}: old`);
    b.send(MEMORY_BUS, [add(l.mbase, k), ...v, ts], l.isF, `state ${k}: new`);
  }
  const slots = add(l.isI, blk);
  for (let s = 0; s < 8; s++) {
    b.send(U16_BUS, [l.gLo[s]], slots, `slot ${s} lo`);
    b.send(U14_BUS, [l.gHi[s]], slots, `slot ${s} hi`);
  }
}

/**
 * FIPS 180-4 §6.2.2 step 4 on (R15, F): H_out = H_in + fin mod 2^32 as
 * H_in = H_out + 2^16·c − fin per limb (c boolean, in F's x2/x3), with H_in received from I.
 * Also: I and F copy state words 0..3 into w with their bytes reversed (the shared memory slots
 * read w's bytes in reverse, because the block's words are message bytes in memory order).
 */
function evalFinal(b: B, l: Row, n: Row): void {
  const io = add(l.isI, l.isF);
  for (let j = 0; j < 4; j++)
    for (let L = 0; L < 2; L++) {
      const copy = sub(swappedLimb(word(l.w, j), L), wordLimb(stateWord(l, j), L));
      b.assertZero(`I/F: w copies state ${j} limb ${L}`, mul(io, copy));
    }
  const carry = (r: Row, k: number, L: number): Expr =>
    k < 4 ? r.x2[2 * k + L] : r.x3[2 * (k - 4) + L];
  for (let k = 0; k < 8; k++)
    for (let L = 0; L < 2; L++)
      b.assertZero(`F: carry ${k}.${L} bool`, mul(l.isF, carry(l, k, L), sub(carry(l, k, L), 1)));
  const hIn: Expr[] = [n.clk];
  const hSent: Expr[] = [l.clk];
  for (let k = 0; k < 8; k++) {
    const out = stateWord(n, k);
    const fin = stateWord(l, k);
    for (let L = 0; L < 2; L++) {
      const carryIn = L === 0 ? 0 : carry(n, k, 0);
      const v = sub(
        add(wordLimb(out, L), mul(carry(n, k, L), TWO16)),
        add(wordLimb(fin, L), carryIn),
      );
      hIn.push(v);
      hSent.push(wordLimb(stateWord(l, k), L));
    }
  }
  b.send(SHA256_STATE_BUS, hSent, l.isI, "input state");
  b.receive(SHA256_STATE_BUS, hIn, n.isF, "input state, at the end");
}

/** Every bit column is a bit. */
function evalBits(b: B, l: Row): void {
  for (const [name, g] of [
    ["a", l.a],
    ["e", l.e],
    ["w", l.w],
  ] as const)
    g.forEach((x, i) => b.assertBool(`${name}[${i}] bit`, x));
}

export const sha256Air = defineAir({
  name: "cop.sha256",
  mainColumns: sha256Cols,
  eval(b) {
    const l = b.local;
    const n = b.next;
    evalFlags(b, l, n);
    evalBits(b, l);
    evalCall(b, l, n);
    evalRounds(b, l, n);
    evalSchedule(b, l, n);
    evalCarryRanges(b, l);
    evalMemory(b, l);
    evalFinal(b, l, n);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function sha256Chip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(sha256Air));
}
