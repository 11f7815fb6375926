/**
 * The SHA-256 compression AIR (`cop.sha256`, syscall 0x100): state := compress(state, block).
 *
 * Rows per call: I (input state bits), R0..R15 (four rounds each), F (output state bits); one T
 * row after the last call; then all-zero padding. Columns: see columns.ts (442).
 *
 * Constraints (on the row pair local X, next Y; degree ≤ 3 everywhere):
 * - flags: one kind per row, I → R0 → … → R15 → F forced both ways (evalFlags);
 * - rounds: Y's four a's and e's from the eight visible ones, W and K, limb by limb with
 *   carries on Y (evalRounds); the schedule W_t = σ1(W_{t−2}) + W_{t−7} + σ0(W_{t−15}) + W_{t−16}
 *   with x1 = W_{t−16} + σ0(W_{t−15}) on row r − 3 and y = x1 + W_{t−7} carried to row r on a
 *   private bus (evalSchedule);
 * - the round, schedule and x1 equations are degree 3 and cannot be gated by a row flag, so they
 *   hold on every row pair: where Y is not a round row its carries (and x1) are free and absorb
 *   them — their range lookups are gated by Y's flags instead. Hence T: the row after the last
 *   F has zero bits and free carries, so that the all-zero padding satisfies them too;
 * - final addition on (R15, F): H_in = H_out − fin + 2^16·carry, proven by receiving H_in (and
 *   the state's address) on a private bus from the call's I row (evalFinal);
 * - machine side (evalCall, evalMemory): the call received once on (I, R0); a0 and a1 held in
 *   R0's and R1's slots, both proven aligned and ≥ 0x1000 against the mbase of the row before
 *   (the checks of `guestPointer`, with its lookups in the shared slots); the state declared
 *   writable; a1 read on R1; 8 state accesses (receive on I, send on F) and 16 block reads
 *   (R0..R3), all at ts = clk + 3 with prevTs = ts − 1 − gap, gap = gLo + 2^16·gHi
 *   range-checked (as `memoryAccess` does). Words on the memory bus are limbs of bit columns,
 *   so true u16s.
 * Interactions share slots across row kinds (each costs an aux column on every row), which is
 * why this file writes them out rather than calling the adapter gadgets once per access.
 *
 * The quotient code is generated from the expression DAG (not hash-consed), so the bitwise
 * functions are written with few products and memoized (bits.ts).
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { defineBus } from "../../core/air/bus.js";
import { add, type Expr, mul, sub, sum } from "../../core/air/expr.js";
import type { AirBuilder } from "../../core/air/types.js";
import type { RowOf } from "../../core/air/layout.js";
import {
  MEMORY_BUS,
  PAIR_BUS,
  receiveCall,
  U14_BUS,
  U16_BUS,
  writableWords,
} from "../../glue/coprocessor-air.js";
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

type Cols = RowOf<Sha256Cols["spec"]>;
type B = AirBuilder<Cols>;
/** A row with its full phase group v[0..3] (v0 implicit). */
type Next = Omit<Cols, "v"> & { readonly v: readonly Expr[] };
/** The local row also knows whether it is I: the row before R0. */
type Row = Next & { readonly isI: Expr };

/** v0 = Σu − (v1 + v2 + v3): one-hot v from three columns. */
const withV0 = (r: Cols): Next => ({ ...r, v: [sub(sum(r.u), sum(r.v)), ...r.v] });

/** (clk, mbase, H0 lo, H0 hi, …, H7 hi): the input state and its address, from I to F. */
export const SHA256_STATE_BUS = defineBus("cop.sha256.state", 18);
/** (clk, phase r, y lo/hi of the 4 words of Rr): x1 + W_{t−7}, from row r − 2 to row r. */
export const SHA256_SCHEDULE_BUS = defineBus("cop.sha256.schedule", 10);

/** Register a1 on the memory bus. */
const A1 = 11;
const TWO16 = 65536;

const isRound = (r: Next): Expr => sum(r.u);
/** The phase 4u + v of a round row (0 elsewhere). */
const phase = (r: Next): Expr =>
  add(mul(add(r.u[1], mul(r.u[2], 2), mul(r.u[3], 3)), 4), r.v[1], mul(r.v[2], 2), mul(r.v[3], 3));
const words = (g: readonly Expr[]): Word[] => [0, 1, 2, 3].map((j) => word(g, j));
/** State word k (0..7) of an I/F row (also the final working variables on R15). */
const stateWord = (r: Next, k: number): Word => (k < 4 ? word(r.a, 3 - k) : word(r.e, 7 - k));

/**
 * One kind per row, and the order I → R0 → … → R15 → F (forward and backward). I is by
 * definition the row before R0; it must not be a round row (the forward rules exclude it) nor F.
 */
function evalFlags(b: B, l: Row, n: Next): void {
  const flags = [l.isF, ...l.u, ...l.v];
  flags.forEach((f, i) => b.assertBool(`flag ${i} bool`, f));
  b.assertBool("one kind per row", add(l.isF, isRound(l)));
  for (let v = 0; v < 3; v++) {
    b.assertZero(`v${v} → v${v + 1}`, mul(l.v[v], sub(1, n.v[v + 1])));
    b.assertZero(`v${v + 1} ← v${v}`, mul(n.v[v + 1], sub(1, l.v[v])));
  }
  const inGroup = add(l.v[0], l.v[1], l.v[2]);
  for (let u = 0; u < 4; u++) b.assertZero(`u${u} kept`, mul(inGroup, sub(n.u[u], l.u[u])));
  for (let u = 0; u < 3; u++)
    b.assertZero(`u${u} → u${u + 1}`, mul(l.v[3], l.u[u], sub(1, n.u[u + 1])));
  b.assertZero("v3 → v0", mul(l.v[3], sub(1, l.u[3]), sub(1, n.v[0])));
  b.assertZero("R4, R8, R12 ← v3", mul(n.v[0], sub(1, n.u[0]), sub(1, l.v[3])));
  b.assertZero("R0 not after F", mul(l.isF, l.isI));
  b.assertZero("R15 → F", mul(l.v[3], l.u[3], sub(1, n.isF)));
  b.assertZero("F ← R15", mul(n.isF, sub(1, mul(l.u[3], l.v[3]))));
}

/**
 * Slots 4..7 of R0 and R1 (looked up: lo u16, hi u14): a pointer p (a0 on R0, a1 on R1) as
 * limbs pLo = gLo6, pHi = gLo7, and guestPointer's witnesses q = gHi4, xLo = gLo4, xHi = gHi5;
 * on R1 also the gap of the a1 register read (gLo5, gHi6). Unused looked-up slots hold 0.
 */
const PTR = {
  q: (r: Next) => r.gHi[4],
  xLo: (r: Next) => r.gLo[4],
  xHi: (r: Next) => r.gHi[5],
};
const pLo = (r: Next): Expr => r.gLo[6];
const pHi = (r: Next): Expr => r.gLo[7];

/**
 * The call: clk constant over it; the syscall message (a0 from R0's slots) received on the pair
 * (I, R0); guestPointer's checks of a0 on (I, R0) and of a1 on (R0, R1), where the word index w
 * is read from the first row's mbase (I: the state's, R0: the block's), so mbase − 32 = w =
 * q + 2^14·pHi = 1024 + xLo + 2^16·xHi with pLo = 4q; R1..R3's mbase steps by 4 from R0's (F's
 * is I's, through the state bus); a1 read from its register on R1.
 */
function evalCall(b: B, l: Row, n: Next, state: StateMessages): void {
  const inCall = add(isRound(n), n.isF);
  b.assertZero("clk constant in a call", mul(inCall, sub(n.clk, l.clk)));
  // LogUp packs interactions into aux columns in declaration order, and each column's
  // constraint is one generated function: the two 18-value state messages (evalFinal) are
  // declared next to these light ones, not together (one 124 KB function, left unoptimized by V8).
  receiveCall(b, SHA256_SYSCALL, l.clk, [pLo(n), pHi(n)], l.isI);
  b.send(SHA256_STATE_BUS, state.sent, l.isI, "input state");
  // The state is written: its 8 words lie outside the program text (the writable-range chip).
  writableWords(b, "state", sub(l.mbase, 32), 8, l.isI);
  b.receive(SHA256_STATE_BUS, state.received, n.isF, "input state, at the end");
  const ptrRow = add(l.isI, mul(l.u[0], l.v[0]));
  const w = sub(l.mbase, 32);
  b.assertZero("pointer: aligned", mul(ptrRow, sub(mul(PTR.q(n), 4), pLo(n))));
  b.assertZero("pointer: word index", mul(ptrRow, sub(w, add(PTR.q(n), mul(pHi(n), 16384)))));
  b.assertZero(
    "pointer: ≥ 0x1000",
    mul(ptrRow, sub(w, add(1024, PTR.xLo(n), mul(PTR.xHi(n), TWO16)))),
  );
  const blockNext = mul(n.u[0], add(n.v[1], n.v[2], n.v[3]));
  b.assertZero("R1..R3: mbase steps by 4", mul(blockNext, sub(n.mbase, add(l.mbase, 4))));
  // The slots R0..R3 leave unused hold 0 (so no slot value is free where it is looked up).
  const blk = l.u[0];
  const notR1 = mul(blk, sub(1, l.v[1]));
  const r23 = mul(blk, add(l.v[2], l.v[3]));
  b.assertZero("slot 7 hi unused", mul(blk, l.gHi[7]));
  b.assertZero("slot 5 lo unused", mul(notR1, l.gLo[5]));
  b.assertZero("slot 6 hi unused", mul(notR1, l.gHi[6]));
  for (const [name, x] of [
    ["slot 4 lo", l.gLo[4]],
    ["slot 4 hi", l.gHi[4]],
    ["slot 5 hi", l.gHi[5]],
    ["slot 6 lo", l.gLo[6]],
    ["slot 7 lo", l.gLo[7]],
  ] as const)
    b.assertZero(`${name} unused`, mul(r23, x));
  // a1 (the block pointer) is read from its register on R1, gap in (gLo5, gHi6).
  const r1 = mul(l.u[0], l.v[1]);
  const ts = add(l.clk, 3);
  const prevTs = sub(ts, add(1, l.gLo[5], mul(l.gHi[6], TWO16)));
  b.receive(MEMORY_BUS, [A1, pLo(l), pHi(l), prevTs], r1, "a1: old");
  b.send(MEMORY_BUS, [A1, pLo(l), pHi(l), ts], r1, "a1: new");
}

/** K_t's limb for round j of row Y, from Y's phase (0 on other rows): Σ_u u_u·Σ_v v_v·K. */
function roundConstant(n: Next, j: number, L: number): Expr {
  const outer: Expr[] = [];
  for (let u = 0; u < 4; u++) {
    const inner: Expr[] = [];
    for (let v = 0; v < 4; v++) {
      const k = K[4 * (4 * u + v) + j];
      inner.push(mul(n.v[v], L === 0 ? k & 0xffff : k >>> 16));
    }
    outer.push(mul(n.u[u], sum(inner)));
  }
  return sum(outer);
}

/**
 * FIPS 180-4 §6.2.2 step 3, four rounds: a_t, e_t of Y from the eight visible a's and e's.
 * Per limb, e_new + 2^16·cE = d + T1 (+ cE_lo) and a_new + 2^16·cA = T1 + T2 (+ cA_lo); the second
 * is asserted as its difference with the first, a_new + 2^16·cA − e_new − 2^16·cE = T2 − d
 * (+ cA_lo − cE_lo), an equivalent pair of equations in which T1 (Σ1, Ch, K, W, h) is built once:
 * each constraint is evaluated on its own in the generated code.
 */
function evalRounds(b: B, l: Row, n: Next): void {
  const A = [...words(l.a), ...words(n.a)];
  const E = [...words(l.e), ...words(n.e)];
  const W = words(n.w);
  for (let j = 0; j < 4; j++) {
    const [d, c, bb, a] = [A[j], A[j + 1], A[j + 2], A[j + 3]];
    const [h, g, f, e] = [E[j], E[j + 1], E[j + 2], E[j + 3]];
    const s1 = bigSigma1(e);
    const chf = ch(e, f, g);
    const s0 = bigSigma0(a);
    // Rounds 2i and 2i + 1 share the words A[2i + 2], A[2i + 3]: pass them as Maj's pair.
    const mj = j % 2 === 0 ? maj(bb, a, c) : maj(c, bb, a);
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
      const eNew = add(wordLimb(E[4 + j], L), mul(n.cE[2 * j + L], TWO16));
      const aNew = add(wordLimb(A[4 + j], L), mul(n.cA[2 * j + L], TWO16));
      b.assertZero(`round ${j}: e limb ${L}`, sub(eNew, add(wordLimb(d, L), t1, inE)));
      b.assertZero(
        `round ${j}: a − e limb ${L}`,
        sub(sub(aNew, eNew), sub(add(t2, inA), add(wordLimb(d, L), inE))),
      );
    }
  }
}

/**
 * FIPS 180-4 §6.2.2 step 1 for Y's words t = 4r + j (r ≥ 4), over three row pairs:
 * - x1 (on row r − 3, from the pair (r − 4, r − 3)) = W_{t−16} + σ0(W_{t−15}), ungated;
 * - the pair (r − 3, r − 2) sends y = x1 + W_{t−7} (if j ≤ 2, W_{t−7} is on row r − 2) on the
 *   schedule bus, tagged (clk, r); the pair (r − 1, r) receives it as y − W_{t−7} (if j = 3,
 *   W_{t−7} is on row r − 1), with y in Y's gLo (free there otherwise);
 * - W_t + 2^16·cW = y + σ1(W_{t−2}) (+ cW_lo), ungated: on rows other than R4..R15 the carries
 *   are free and absorb it.
 * Unreduced limb sums stay below 4·2^16 + 2^8, so the equations hold over the integers.
 */
function evalSchedule(b: B, l: Row, n: Next): void {
  const Wb = [...words(l.w), ...words(n.w)];
  const sent: Expr[] = [];
  const received: Expr[] = [];
  for (let j = 0; j < 4; j++) {
    const s0 = smallSigma0(Wb[j + 1]);
    const s1 = smallSigma1(Wb[j + 2]);
    for (let L = 0; L < 2; L++) {
      const i = 2 * j + L;
      b.assertEq(`x1 ${i}`, n.x1[i], add(wordLimb(Wb[j], L), limb(s0, L)));
      sent.push(j <= 2 ? add(l.x1[i], wordLimb(Wb[4 + j + 1], L)) : l.x1[i]);
      received.push(j === 3 ? sub(n.gLo[i], wordLimb(Wb[0], L)) : n.gLo[i]);
      const carryIn = L === 0 ? 0 : n.cW[2 * j];
      b.assertZero(
        `schedule ${j} limb ${L}`,
        sub(add(wordLimb(Wb[4 + j], L), mul(n.cW[i], TWO16)), add(n.gLo[i], limb(s1, L), carryIn)),
      );
    }
  }
  // Senders: Y = R2..R13 (for rows R4..R15); receivers: Y = R4..R15.
  const sender = sub(
    isRound(n),
    add(mul(n.u[0], add(n.v[0], n.v[1])), mul(n.u[3], add(n.v[2], n.v[3]))),
  );
  b.send(SHA256_SCHEDULE_BUS, [l.clk, add(phase(n), 2), ...sent], sender, "schedule: y sent");
  const sched = add(n.u[1], n.u[2], n.u[3]);
  b.receive(SHA256_SCHEDULE_BUS, [n.clk, phase(n), ...received], sched, "schedule: y received");
}

/**
 * Carries of round rows (a, e) and schedule rows R4..R15 (W) are bytes, two per byte-pair lookup
 * (enough: no limb equation can wrap mod p).
 */
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
 * the copies in w); state words 4..7 have their own interactions. All 16 slot cells are looked
 * up on I and R0..R3 (gaps; on R0/R1 also the pointers, their witnesses and a1's gap; zeros
 * otherwise). On R4..R15 and F the slots are not looked up: there they hold y and F's carries.
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
 * H_in = H_out + 2^16·c − fin per limb (c boolean, in F's gLo/gHi), with H_in received from I,
 * together with I's clk and mbase (so F writes where I read, at the call's timestamp).
 * Also: I and F copy state words 0..3 into w with their bytes reversed (the shared memory slots
 * read w's bytes in reverse, because the block's words are message bytes in memory order).
 */
/** The state bus's message from I and the one F expects (see evalFinal, evalCall). */
interface StateMessages {
  sent: Expr[];
  received: Expr[];
}

function evalFinal(b: B, l: Row, n: Next): StateMessages {
  const io = add(l.isI, l.isF);
  for (let j = 0; j < 4; j++)
    for (let L = 0; L < 2; L++) {
      const copy = sub(swappedLimb(word(l.w, j), L), wordLimb(stateWord(l, j), L));
      b.assertZero(`I/F: w copies state ${j} limb ${L}`, mul(io, copy));
    }
  const carry = (r: Next, k: number, L: number): Expr => (L === 0 ? r.gLo[k] : r.gHi[k]);
  for (let k = 0; k < 8; k++)
    for (let L = 0; L < 2; L++)
      b.assertZero(`F: carry ${k}.${L} bool`, mul(l.isF, carry(l, k, L), sub(carry(l, k, L), 1)));
  const hIn: Expr[] = [n.clk, n.mbase];
  const hSent: Expr[] = [l.clk, l.mbase];
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
  return { sent: hSent, received: hIn };
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
    const n = withV0(b.next);
    const l: Row = { ...withV0(b.local), isI: mul(n.u[0], n.v[0]) };
    evalFlags(b, l, n);
    evalBits(b, l);
    const state = evalFinal(b, l, n);
    evalCall(b, l, n, state);
    evalRounds(b, l, n);
    evalSchedule(b, l, n);
    evalCarryRanges(b, l);
    evalMemory(b, l);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function sha256Chip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(sha256Air));
}
