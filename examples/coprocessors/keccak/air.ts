/**
 * The Keccak-f[1600] AIR (`cop.keccak`, syscall 0x1000): the 50 words at a0 := Keccak-f[1600]
 * of them. 24 rows per call, one per round; columns.ts (2,473 columns).
 *
 * Constraints, on the row pair (local L, next N), all of degree ≤ 3:
 * - flags (evalFlags): step[r] boolean and at most one per row; step[r] on L ⇔ step[r + 1] on N
 *   (both ways), so a permutation is 24 consecutive rows and nothing else has a flag;
 * - θ (evalTheta, every row): A′, C, C′ bits boolean; s(C′[x][z]) = s(C[x][z])·s(C[x−1][z])·
 *   s(C[x+1][z−1]) (C′ = C ⊕ D); (Σ_y A′[x,y][z] − C′[x][z]) ∈ {0, 2, 4} (C′ is the parity of A′);
 *   A's limbs = Σ 2^k·(A′ ⊕ C ⊕ C′) (A = A′ ⊕ D). Together: C is the parity of A, and A′ = θ(A)
 *   (the parity map C ↦ C ⊕ D(C) is invertible, as θ is, so C is pinned by C′);
 * - ρπχι (evalRound, every row): chi = χ's bits of lane 0 at IOTA_BITS; per limb,
 *   Σ 2^k·out_k = g·N.a + step[23]·L.slot with g = step[0] + … + step[22] and out the χ bit
 *   (ι-flipped by rc = Σ_r step[r]·RC[r] where ι acts). So rows 0..22 hand their output to the
 *   next row's A and row 23 to its slots (the output words); on padding g = step[23] = 0 and an
 *   all-zero row has χ = 0. Ungated: the χ polynomial is already degree 3;
 * - call (evalCall, on row 0): the call received once (receiveCall: a7 = 0x1000, a0 = slot[0..1]);
 *   guestPointer on a0 (slot[2..4] its witnesses), mbase = 32 + a0/4; the 50 words declared
 *   writable; clk and mbase constant from row 0 to row 23;
 * - memory (evalReads, evalWrites), columns.ts SCHEDULE: row 0's A enters the read register on
 *   row 1, which shifts by 10 limbs a row to row 10 (each limb while a row still holds it);
 *   rows 1..10 each receive 5 words (mbase + 5(r − 1) + j, its limbs, prevTs = clk + 2 − gap)
 *   with the gaps on the next row, looked up (u16, u14); the write register shifts the other
 *   way from row 23's output to row 14; rows 14..23 each send 5 words (mbase + 5(23 − r) + j,
 *   its limbs, clk + 3). The limbs read are row 0's A (u16 by construction: bits), those
 *   written row 23's χι (bits too). These are `memoryAccess`'s interactions with the read and
 *   the write of a word on different rows (its old value exists on row 0, its new one on 23).
 * Every multiplicity is a sum of step flags: boolean, 0 on padding.
 */
import {
  add,
  type AirBuilder,
  compileAir,
  defineAir,
  type Expr,
  guestPointer,
  MEMORY_BUS,
  mul,
  receiveCall,
  type RowOf,
  sub,
  sum,
  U14_BUS,
  U16_BUS,
  writableWords,
} from "../../../index.js";
import {
  keccakCols,
  type KeccakCols,
  readHeld,
  readWord,
  SCHEDULE,
  writeHeld,
  writeWord,
} from "./columns.js";
import {
  IOTA_BITS,
  KECCAK_SYSCALL,
  LANES,
  PI_SOURCE,
  RC_BITS,
  RHO,
  ROUNDS,
  WORDS,
} from "./constants.js";
import { type BitPolys, bitPolys } from "./polys.js";

type Cols = RowOf<KeccakCols["spec"]>;
type B = AirBuilder<Cols>;

/**
 * The degree budget README.md declares: χ and the XOR and parity constraints of θ are degree 3;
 * flags, the hand-over gates and the call's checks 2; every bus message degree 1 with a degree-1
 * multiplicity, so interactions pair up in LogUp.
 */
export const KECCAK_MAX_DEGREE = 3;

const TWO16 = 65536;
const LAST = ROUNDS - 1;
const LIMBS = 4 * LANES;

/** step[from] + … + step[to]: 1 on those rows of a permutation, else 0. */
const steps = (r: Cols, from: number, to: number): Expr => sum(r.step.slice(from, to + 1));

/** One round per row, in order, forced both ways. */
function evalFlags(b: B, l: Cols, n: Cols): void {
  l.step.forEach((f, r) => b.assertBool(`step ${r} bool`, f));
  b.assertBool("one step per row", sum(l.step));
  for (let r = 0; r < LAST; r++) {
    b.assertZero(`step ${r} → ${r + 1}`, mul(l.step[r], sub(1, n.step[r + 1])));
    b.assertZero(`step ${r + 1} ← ${r}`, mul(n.step[r + 1], sub(1, l.step[r])));
  }
}

/** θ (FIPS 202 §3.2.1): A′ = A ⊕ D with C, C′ = C ⊕ D committed. */
function evalTheta(b: B, l: Cols, p: BitPolys): void {
  for (const [name, g] of [
    ["ap", l.ap],
    ["c", l.c],
    ["cp", l.cp],
  ] as const)
    g.forEach((x, i) => b.assertBool(`${name}[${i}] bool`, x));
  const c = (x: number, z: number) => l.c[64 * ((x + 5) % 5) + ((z + 64) % 64)];
  const cp = (x: number, z: number) => l.cp[64 * x + z];
  // s(C)·s(C′) per (x, z): shared by the five lanes of column x.
  const sc: Expr[] = [];
  for (let x = 0; x < 5; x++) {
    for (let z = 0; z < 64; z++) {
      // D[x][z] = C[x − 1][z] ⊕ C[x + 1][z − 1] (the rotation by one).
      b.assertEq(
        `C′[${x}][${z}] = C ⊕ D`,
        p.sign(cp(x, z)),
        mul(p.sign(c(x, z)), p.sign(c(x - 1, z)), p.sign(c(x + 1, z - 1))),
      );
      const d = sub(sum([0, 1, 2, 3, 4].map((y) => l.ap[64 * (x + 5 * y) + z])), cp(x, z));
      b.assertZero(`parity[${x}][${z}]`, mul(d, sub(d, 2), sub(d, 4)));
      sc.push(mul(p.sign(c(x, z)), p.sign(cp(x, z))));
    }
  }
  // 2·A_limb = 65535 − Σ 2^k·s(A′)s(C)s(C′): A = A′ ⊕ C ⊕ C′ bit by bit.
  for (let i = 0; i < LANES; i++) {
    for (let t = 0; t < 4; t++) {
      const a = l.a[4 * i + t];
      const P = p.limb((k) =>
        mul(p.sign(l.ap[64 * i + 16 * t + k]), sc[64 * (i % 5) + 16 * t + k]),
      );
      b.assertZero(`A[${i}] limb ${t}`, sub(add(a, a, P), 65535));
    }
  }
}

/** Bit z of lane X + 5Y after ρ and π (FIPS 202 §3.2.2–3): a bit of A′. */
function rhoPi(l: Cols, X: number, Y: number, z: number): Expr {
  const src = PI_SOURCE[(X % 5) + 5 * Y];
  return l.ap[64 * src + ((z - RHO[src] + 64) % 64)];
}

/** χ and ι (FIPS 202 §3.2.4–5) and the hand-over of the round's output. */
function evalRound(b: B, l: Cols, n: Cols, p: BitPolys): void {
  const chi = (X: number, Y: number, z: number) =>
    p.chi(rhoPi(l, X, Y, z), rhoPi(l, X + 1, Y, z), rhoPi(l, X + 2, Y, z));
  IOTA_BITS.forEach((z, j) => b.assertEq(`chi ${j}: lane 0 bit ${z}`, l.chi[j], chi(0, 0, z)));
  // rc_j = RC[round] bit IOTA_BITS[j], from the row's flag; ι flips chi_j where it is 1.
  const iota = IOTA_BITS.map((_, j) => {
    const rc = sum(RC_BITS.flatMap((bits, r) => (bits[j] === 1 ? [l.step[r]] : [])));
    return add(l.chi[j], mul(rc, p.sign(l.chi[j])));
  });
  const handOn = steps(l, 0, LAST - 1);
  for (let i = 0; i < LANES; i++) {
    const [X, Y] = [i % 5, Math.floor(i / 5)];
    for (let t = 0; t < 4; t++) {
      const bit = (k: number): Expr => {
        const z = 16 * t + k;
        const j = i === 0 ? IOTA_BITS.indexOf(z) : -1;
        return j >= 0 ? iota[j] : chi(X, Y, z);
      };
      const k = 4 * i + t;
      const target = add(mul(handOn, n.a[k]), mul(l.step[LAST], l.slot[k]));
      b.assertEq(`round output lane ${i} limb ${t}`, p.limb(bit), target);
    }
  }
}

/** Row 0: the call, its pointer, the buffer declared written; clk and mbase kept to row 23. */
function evalCall(b: B, l: Cols, n: Cols): void {
  const first = l.step[0];
  const ptr = [l.slot[0], l.slot[1]] as const;
  receiveCall(b, KECCAK_SYSCALL, l.clk, ptr, first);
  const w = guestPointer(b, "state", { ptr, q: l.slot[2], xLo: l.slot[3], xHi: l.slot[4] }, first);
  b.when(first).assertEq("mbase = 32 + a0/4", l.mbase, add(w, 32));
  writableWords(b, "state", sub(l.mbase, 32), WORDS, first);
  const inCall = steps(l, 0, LAST - 1);
  b.when(inCall).assertEq("clk constant", n.clk, l.clk);
  b.when(inCall).assertEq("mbase constant", n.mbase, l.mbase);
}

/** Σ_r step[r]·word(r) over rows first..last: the first word of the row's memory messages. */
function wordBase(l: Cols, first: number, last: number, word: (r: number) => number): Expr {
  const terms: Expr[] = [];
  for (let r = first; r <= last; r++) if (word(r) !== 0) terms.push(mul(l.step[r], word(r)));
  return sum(terms);
}

/** The sum of the flags of the rows `r` of [first, last] where `holds(r)`. */
function rowsWhere(l: Cols, first: number, last: number, holds: (r: number) => boolean): Expr {
  const flags: Expr[] = [];
  for (let r = first; r <= last; r++) if (holds(r)) flags.push(l.step[r]);
  return sum(flags);
}

/** Rows 1..10: the read register and the 50 reads, 5 a row (columns.ts SCHEDULE). */
function evalReads(b: B, l: Cols, n: Cols): void {
  const { shift, gapAt, wordsPerRow, readFirst, readLast } = SCHEDULE;
  for (let k = 0; k < LIMBS; k++)
    b.when(l.step[0]).assertEq(`read register ${k} = A`, n.slot[k], l.a[k]);
  // Limb j moves up from row r to r + 1 while row r + 1 still holds it.
  for (let j = 0; j + shift < LIMBS; j++) {
    const shifting = rowsWhere(l, readFirst, readLast - 1, (r) => j < readHeld(r + 1));
    b.when(shifting).assertEq(`read register ${j} shifts`, n.slot[j], l.slot[j + shift]);
  }
  const reading = steps(l, readFirst, readLast);
  const addr = add(l.mbase, wordBase(l, readFirst, readLast, readWord));
  const ts = add(l.clk, 3);
  for (let j = 0; j < wordsPerRow; j++) {
    const [gLo, gHi] = [n.slot[gapAt + 2 * j], n.slot[gapAt + 2 * j + 1]];
    const prevTs = sub(ts, add(1, gLo, mul(gHi, TWO16)));
    const v = [l.slot[2 * j], l.slot[2 * j + 1]];
    b.receive(MEMORY_BUS, [add(addr, j), ...v, prevTs], reading, `read ${j}: old`);
    b.send(U16_BUS, [gLo], reading, `read ${j}: gap lo`);
    b.send(U14_BUS, [gHi], reading, `read ${j}: gap hi`);
  }
}

/** Rows 14..23: the write register (ending in row 23's output) and the 50 writes, 5 a row. */
function evalWrites(b: B, l: Cols, n: Cols): void {
  const { shift, wordsPerRow, writeFirst, writeLast } = SCHEDULE;
  // Limb j of row r is limb j + 10 of row r + 1 while row r holds it.
  for (let j = 0; j + shift < LIMBS; j++) {
    const shifting = rowsWhere(l, writeFirst, writeLast - 1, (r) => j < writeHeld(r));
    b.when(shifting).assertEq(`write register ${j} shifts`, l.slot[j], n.slot[j + shift]);
  }
  const writing = steps(l, writeFirst, writeLast);
  const addr = add(l.mbase, wordBase(l, writeFirst, writeLast, writeWord));
  const ts = add(l.clk, 3);
  for (let j = 0; j < wordsPerRow; j++) {
    const v = [l.slot[2 * j], l.slot[2 * j + 1]];
    b.send(MEMORY_BUS, [add(addr, j), ...v, ts], writing, `write ${j}: new`);
  }
}

export const keccakAir = defineAir({
  name: "cop.keccak",
  mainColumns: keccakCols,
  eval(b) {
    const [l, n] = [b.local, b.next];
    const p = bitPolys();
    evalFlags(b, l, n);
    evalTheta(b, l, p);
    evalRound(b, l, n, p);
    evalCall(b, l, n);
    evalReads(b, l, n);
    evalWrites(b, l, n);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled AIR (compiled once). */
export function keccakChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(keccakAir));
}
