/**
 * Trace generation of the SHA-256 table: 18 rows per call (I, R0..R15, F), one T row after the
 * last call, zero padding to a power of two ≥ 8.
 *
 * Two passes. `fillCall` writes each call's words (a, e, w of every row), flags, clk, mbase,
 * the slots (gaps, pointers and their witnesses on I and R0..R3; y = x1 + W_{t−7} on R4..R15;
 * F's final carries). Then `fillDerived` computes, for every row from its previous row (the
 * row before row 0 is the last row), the columns the ungated degree-3 equations define: the
 * carries of rounds and schedule and x1 — honest carries on round rows, and on the other rows
 * the field values that make the same equations hold (see air.ts). The same formulas as the
 * constraints, on u32 words.
 */
import type { Matrix } from "../../core/field/matrix.js";
import { add as fadd, inv, mul as fmul, sub as fsub } from "../../core/field/babybear.js";
import type { CoprocessorCall } from "../../glue/coprocessor.js";
import {
  gapLimbs,
  type Lookups,
  paddedHeight,
  pointerWitness,
  wordAddress,
} from "../../glue/coprocessor-air.js";
import { bitCol, sha256Cols } from "./columns.js";
import { K } from "./constants.js";
import type { Sha256Event } from "./events.js";
import { byteSwap } from "./reference.js";

const C = sha256Cols.index;
const WIDTH = sha256Cols.width;
/** Rows of one call. */
export const ROWS_PER_CALL = 18;
const INV16 = inv(65536);
/** Per row, the 12 words of its bit groups: a[0..3], e[0..3], w[0..3]. */
const WA = 0;
const WE = 4;
const WW = 8;

const rotr = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;
const bigS0 = (x: number): number => (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22)) >>> 0;
const bigS1 = (x: number): number => (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25)) >>> 0;
const smallS0 = (x: number): number => (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) >>> 0;
const smallS1 = (x: number): number => (rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10)) >>> 0;
const lim = (x: number, L: number): number => (L === 0 ? x & 0xffff : x >>> 16);

/** The SHA-256 table of one segment's calls (in cycle order). */
export function sha256Trace(
  calls: readonly CoprocessorCall<Sha256Event>[],
  lookups: Lookups,
): Matrix {
  const used = calls.length === 0 ? 0 : ROWS_PER_CALL * calls.length + 1;
  const height = paddedHeight(used);
  const values = new Uint32Array(height * WIDTH);
  const words = new Uint32Array(height * 12);
  calls.forEach((call, i) => fillCall(values, words, ROWS_PER_CALL * i, call));
  writeBits(values, words, height);
  fillDerived(values, words, height, lookups);
  countSlots(values, height, lookups);
  return { values, width: WIDTH, height };
}

/** The schedule W_0..63 and the working variables a_t, e_t for t = −4..63 (index t + 4). */
function expand(ev: Sha256Event): { W: Uint32Array; a: Uint32Array; e: Uint32Array } {
  const W = new Uint32Array(64);
  W.set(ev.block);
  for (let t = 16; t < 64; t++)
    W[t] = (smallS1(W[t - 2]) + W[t - 7] + smallS0(W[t - 15]) + W[t - 16]) >>> 0;
  const a = new Uint32Array(68);
  const e = new Uint32Array(68);
  for (let k = 0; k < 4; k++) {
    a[3 - k] = ev.stateIn[k];
    e[3 - k] = ev.stateIn[4 + k];
  }
  for (let t = 0; t < 64; t++) {
    const [A, B, Cc, D] = [a[t + 3], a[t + 2], a[t + 1], a[t]];
    const [E, F, G, H] = [e[t + 3], e[t + 2], e[t + 1], e[t]];
    const ch = ((E & F) ^ (~E & G)) >>> 0;
    const maj = ((A & B) ^ (A & Cc) ^ (B & Cc)) >>> 0;
    const t1 = (H + bigS1(E) + ch + K[t] + W[t]) >>> 0;
    e[t + 4] = (D + t1) >>> 0;
    a[t + 4] = (t1 + bigS0(A) + maj) >>> 0;
  }
  return { W, a, e };
}

/** The call's access to memory-bus address `addr`, checked against the event's values. */
function accessAt(call: CoprocessorCall<Sha256Event>, addr: number, old: number, nw: number) {
  const acc = call.accesses.find((x) => x.addr === addr);
  if (acc === undefined || acc.old >>> 0 !== old >>> 0 || acc.value >>> 0 !== nw >>> 0)
    throw new Error(`sha256 call at clk ${call.clk}: no matching access to address ${addr}`);
  if (acc.ts !== call.clk + 3)
    throw new Error(`sha256 call at clk ${call.clk}: access at ts ${acc.ts}, expected clk + 3`);
  return acc;
}

/** Rows I, R0..R15, F of one call, from row `base`. */
function fillCall(
  values: Uint32Array,
  words: Uint32Array,
  base: number,
  call: CoprocessorCall<Sha256Event>,
): void {
  const ev = call.events;
  const [ptrA, ptrB] = [call.args[0] >>> 0, call.args[1] >>> 0];
  const [qA, xLoA, xHiA] = pointerWitness(ptrA);
  const [qB, xLoB, xHiB] = pointerWitness(ptrB);
  const wA = ptrA >>> 2;
  const wB = ptrB >>> 2;
  const { W, a, e } = expand(ev);
  for (let r = 0; r < ROWS_PER_CALL; r++) values[(base + r) * WIDTH + C.clk] = call.clk;
  // I: the input state; its accesses receive the old words (gaps in slots 0..7).
  const oI = base * WIDTH;
  values[oI + C.mbase] = 32 + wA;
  setStateWords(words, base, ev.stateIn);
  for (let k = 0; k < 8; k++) {
    const acc = accessAt(call, wordAddress(ptrA) + k, ev.stateIn[k], ev.stateOut[k]);
    [values[oI + C.gLo + k], values[oI + C.gHi + k]] = gapLimbs(acc);
  }
  // R0..R15: four rounds each; R0..R3 read the block.
  for (let r = 0; r < 16; r++) {
    const row = base + 1 + r;
    const o = row * WIDTH;
    values[o + C.u + (r >>> 2)] = 1;
    if ((r & 3) > 0) values[o + C.v + (r & 3) - 1] = 1; // v0 is implicit
    for (let j = 0; j < 4; j++) {
      words[row * 12 + WA + j] = a[4 * r + j + 4];
      words[row * 12 + WE + j] = e[4 * r + j + 4];
      words[row * 12 + WW + j] = W[4 * r + j];
    }
    if (r >= 4) {
      // y = x1 + W_{t−7} of the row's words (the schedule bus carries it here; air.ts).
      for (let j = 0; j < 4; j++) {
        const t = 4 * r + j;
        const y = [W[t - 16], smallS0(W[t - 15]), W[t - 7]];
        for (let L = 0; L < 2; L++)
          values[o + C.gLo + 2 * j + L] = y.reduce((acc, x) => acc + lim(x, L), 0);
      }
      continue;
    }
    values[o + C.mbase] = 32 + wB + 4 * r;
    for (let j = 0; j < 4; j++) {
      const t = 4 * r + j;
      const raw = byteSwap(W[t]); // the word in memory (see air.ts, evalMemory)
      const acc = accessAt(call, wordAddress(ptrB) + t, raw, raw);
      [values[o + C.gLo + j], values[o + C.gHi + j]] = gapLimbs(acc);
    }
  }
  // R0: a0 and its pointer witnesses; R1: a1, its witnesses and the gap of its register read.
  const slots47 = (o: number, ptr: number, [q, xLo, xHi]: number[]) => {
    [values[o + C.gHi + 4], values[o + C.gLo + 4], values[o + C.gHi + 5]] = [q, xLo, xHi];
    [values[o + C.gLo + 6], values[o + C.gLo + 7]] = [ptr & 0xffff, ptr >>> 16];
  };
  slots47((base + 1) * WIDTH, ptrA, [qA, xLoA, xHiA]);
  const o1 = (base + 2) * WIDTH;
  slots47(o1, ptrB, [qB, xLoB, xHiB]);
  [values[o1 + C.gLo + 5], values[o1 + C.gHi + 6]] = gapLimbs(accessAt(call, 11, ptrB, ptrB));
  fillFinal(values, words, base + 17, ev, a, e, wA);
}

/** F: the output state, and the carries of H_out = H_in + fin (word k: gLo[k], gHi[k]). */
function fillFinal(
  values: Uint32Array,
  words: Uint32Array,
  row: number,
  ev: Sha256Event,
  a: Uint32Array,
  e: Uint32Array,
  wA: number,
): void {
  const o = row * WIDTH;
  values[o + C.isF] = 1;
  values[o + C.mbase] = 32 + wA;
  setStateWords(words, row, ev.stateOut);
  for (let k = 0; k < 8; k++) {
    const fin = k < 4 ? a[67 - k] : e[71 - k];
    const h = ev.stateIn[k];
    if ((h + fin) >>> 0 !== ev.stateOut[k] >>> 0)
      throw new Error(`sha256: the event's output word ${k} is not the compression's`);
    const cLo = ((h & 0xffff) + (fin & 0xffff)) >>> 16;
    const cHi = ((h >>> 16) + (fin >>> 16) + cLo) >>> 16;
    values[o + C.gLo + k] = cLo;
    values[o + C.gHi + k] = cHi;
  }
}

/**
 * An I or F row's words: H_k in a[3 − k] / e[7 − k], and H_0..3 copied into w byte-reversed (the
 * memory slots read w's bytes in reverse, as the block's words are; see air.ts, evalFinal).
 */
function setStateWords(words: Uint32Array, row: number, H: Uint32Array): void {
  for (let k = 0; k < 4; k++) {
    words[row * 12 + WA + 3 - k] = H[k];
    words[row * 12 + WE + 3 - k] = H[4 + k];
    words[row * 12 + WW + k] = byteSwap(H[k]);
  }
}

/** Bit columns from the words. */
function writeBits(values: Uint32Array, words: Uint32Array, height: number): void {
  const bases = [C.a, C.e, C.w];
  for (let r = 0; r < height; r++) {
    const o = r * WIDTH;
    for (let g = 0; g < 3; g++)
      for (let j = 0; j < 4; j++) {
        const x = words[r * 12 + 4 * g + j];
        if (x === 0) continue;
        for (let i = 0; i < 32; i++) values[o + bitCol(bases[g], j, i)] = (x >>> i) & 1;
      }
  }
}

/** Round phase of a row (0..15), or −1 (v0 is implicit: u set and no v column). */
function phaseOf(values: Uint32Array, o: number): number {
  for (let u = 0; u < 4; u++) {
    if (values[o + C.u + u] !== 1) continue;
    for (let v = 1; v < 4; v++) if (values[o + C.v + v - 1] === 1) return 4 * u + v;
    return 4 * u;
  }
  return -1;
}

/** Carries (rounds, schedule) and x1 on every row; counts carry lookups. */
function fillDerived(
  values: Uint32Array,
  words: Uint32Array,
  height: number,
  lookups: Lookups,
): void {
  for (let r = 0; r < height; r++) {
    const p = (r + height - 1) % height;
    const o = r * WIDTH;
    const phase = phaseOf(values, o);
    const wv = (row: number, g: number, j: number) => words[row * 12 + g + j];
    const At = (k: number) => (k < 4 ? wv(p, WA, k) : wv(r, WA, k - 4));
    const Et = (k: number) => (k < 4 ? wv(p, WE, k) : wv(r, WE, k - 4));
    const Wb = (k: number) => (k < 4 ? wv(p, WW, k) : wv(r, WW, k - 4));
    for (let j = 0; j < 4; j++) {
      const [d, c, b, a] = [At(j), At(j + 1), At(j + 2), At(j + 3)];
      const [h, g, f, e] = [Et(j), Et(j + 1), Et(j + 2), Et(j + 3)];
      const k = phase < 0 ? 0 : K[4 * phase + j];
      const s1 = bigS1(e);
      const chv = ((e & f) ^ (~e & g)) >>> 0;
      const s0 = bigS0(a);
      const mj = ((a & b) ^ (a & c) ^ (b & c)) >>> 0;
      const s1w = smallS1(Wb(j + 2));
      const s0w = smallS0(Wb(j + 1));
      let cE = 0;
      let cA = 0;
      let cW = 0;
      for (let L = 0; L < 2; L++) {
        const t1 = lim(h, L) + lim(s1, L) + lim(chv, L) + lim(k, L) + lim(Wb(4 + j), L);
        const sE = fadd(lim(d, L) + t1, cE);
        const sA = fadd(t1 + lim(s0, L) + lim(mj, L), cA);
        cE = fmul(fsub(sE, lim(Et(4 + j), L)), INV16);
        cA = fmul(fsub(sA, lim(At(4 + j), L)), INV16);
        values[o + C.cE + 2 * j + L] = cE;
        values[o + C.cA + 2 * j + L] = cA;
        const i = 2 * j + L;
        const sW = fadd(fadd(values[o + C.gLo + i], lim(s1w, L)), cW);
        cW = fmul(fsub(sW, lim(Wb(4 + j), L)), INV16);
        values[o + C.cW + i] = cW;
        values[o + C.x1 + i] = lim(Wb(j), L) + lim(s0w, L);
      }
      if (phase >= 0) {
        lookups.bytes(values[o + C.cA + 2 * j], values[o + C.cA + 2 * j + 1]);
        lookups.bytes(values[o + C.cE + 2 * j], values[o + C.cE + 2 * j + 1]);
      }
      if (phase >= 4) lookups.bytes(values[o + C.cW + 2 * j], values[o + C.cW + 2 * j + 1]);
    }
  }
}

/** The slot lookups of I (the row before R0) and R0..R3 rows (zeros included). */
function countSlots(values: Uint32Array, height: number, lookups: Lookups): void {
  for (let r = 0; r < height; r++) {
    const o = r * WIDTH;
    const p = phaseOf(values, o);
    const isI = phaseOf(values, ((r + 1) % height) * WIDTH) === 0;
    if (!isI && !(p >= 0 && p < 4)) continue;
    for (let s = 0; s < 8; s++) {
      lookups.range16(values[o + C.gLo + s]);
      lookups.range14(values[o + C.gHi + s]);
    }
  }
}
