/**
 * Memory boundary: the initial image and the first/last state of every address a run touches.
 *
 * Image table (preprocessed, part of the verifying key): one row per nonzero word of the initial
 * state — the ELF's loaded words (address 32 + byte address / 4) and the nonzero initial
 * registers (sp). Sends IMAGE [addr, lo, hi] with its preprocessed multiplicity isWord, so each
 * image word must be consumed exactly once.
 *
 * Boundary table (main): one row per address touched or in the image, sorted by address.
 *   sends   MEMORY [addr, init, 0]          the initial value at timestamp 0
 *   receives MEMORY [addr, final, finalTs]  whatever the last access left
 *   receives IMAGE [addr, init] when inImage; otherwise init = 0 (zero-filled memory, x0..x31)
 * Addresses strictly increase (addr' − addr − 1 = d_lo + 2^14·d_hi, both u14) and every address
 * is below 2^30 (addr = a_lo + 2^16·a_hi, a_lo u16, a_hi u14); as 2^30 + 2^28 < p, the order is
 * an integer order, so no address has two initial values.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Matrix } from "../../core/field/matrix.js";
import { IMAGE_BUS, MEMORY_BUS, U14_BUS, U16_BUS } from "./buses.js";
import { type Lookups, paddedHeight } from "./table.js";

const imagePrep = layout(["addr", "lo", "hi", "isWord"] as const);
const imageMain = layout(["unused"] as const);

export const imageAir = defineAir({
  name: "rv.image",
  mainColumns: imageMain,
  preprocessedColumns: imagePrep,
  eval(b) {
    const p = b.prepLocal;
    b.assertZero("no main data", b.local.unused);
    b.send(IMAGE_BUS, [p.addr, p.lo, p.hi], p.isWord);
  },
});

let imageCompiled: ReturnType<typeof compileAir> | undefined;
export function imageChip(): ReturnType<typeof compileAir> {
  return (imageCompiled ??= compileAir(imageAir));
}

/** The image table's preprocessed matrix from (address → word) entries (nonzero words). */
export function imagePreprocessed(image: Map<number, number>): Matrix {
  const addrs = [...image.keys()].sort((x, y) => x - y);
  const h = paddedHeight(addrs.length);
  const values = new Uint32Array(h * 4);
  addrs.forEach((a, i) => {
    const w = image.get(a)!;
    values.set([a, w & 0xffff, w >>> 16, 1], i * 4);
  });
  return { values, width: 4, height: h };
}

export const boundaryCols = layout([
  "isReal",
  "addr",
  "inImage",
  "initLo",
  "initHi",
  "finLo",
  "finHi",
  "finTs",
  "aLo",
  "aHi",
  "dLo",
  "dHi",
] as const);

export const boundaryAir = defineAir({
  name: "rv.boundary",
  mainColumns: boundaryCols,
  eval(b) {
    const l = b.local;
    const n = b.next;
    b.assertBool("isReal bool", l.isReal);
    b.assertBool("inImage bool", l.inImage);
    b.whenTransition().assertZero("padding only at the end", n.isReal.mul(l.isReal.neg().add(1)));
    b.assertZero("image rows are real", l.inImage.mul(l.isReal.neg().add(1)));
    b.assertZero("outside the image lo = 0", l.inImage.neg().add(1).mul(l.initLo));
    b.assertZero("outside the image hi = 0", l.inImage.neg().add(1).mul(l.initHi));
    b.assertEq("address limbs", l.addr, l.aLo.add(l.aHi.mul(65536)));
    b.send(U16_BUS, [l.aLo], l.isReal);
    b.send(U14_BUS, [l.aHi], l.isReal);
    b.whenTransition().assertZero(
      "addresses increase",
      n.isReal.mul(n.addr.sub(l.addr).sub(1).sub(l.dLo).sub(l.dHi.mul(16384))),
    );
    b.send(U14_BUS, [l.dLo], n.isReal);
    b.send(U14_BUS, [l.dHi], n.isReal);
    b.send(MEMORY_BUS, [l.addr, l.initLo, l.initHi, 0], l.isReal, "initial value");
    b.receive(MEMORY_BUS, [l.addr, l.finLo, l.finHi, l.finTs], l.isReal, "final value");
    b.receive(IMAGE_BUS, [l.addr, l.initLo, l.initHi], l.inImage);
  },
});

let boundaryCompiled: ReturnType<typeof compileAir> | undefined;
export function boundaryChip(): ReturnType<typeof compileAir> {
  return (boundaryCompiled ??= compileAir(boundaryAir));
}

/** One touched (or image) address with its initial and final state. */
export interface BoundaryEntry {
  addr: number;
  init: number;
  inImage: boolean;
  final: number;
  finalTs: number;
}

/** The boundary trace (entries sorted by address); counts its lookups. */
export function boundaryTrace(L: Lookups, entries: BoundaryEntry[]): Matrix {
  const w = boundaryCols.width;
  const h = paddedHeight(entries.length);
  const values = new Uint32Array(h * w);
  entries.forEach((e, i) => {
    const o = i * w;
    if (!(e.addr < 2 ** 30))
      throw new Error(`memory address ${e.addr} is beyond the provable range`);
    values[o] = 1;
    values[o + 1] = e.addr;
    values[o + 2] = e.inImage ? 1 : 0;
    values[o + 3] = e.init & 0xffff;
    values[o + 4] = e.init >>> 16;
    values[o + 5] = e.final & 0xffff;
    values[o + 6] = e.final >>> 16;
    values[o + 7] = e.finalTs;
    values[o + 8] = e.addr & 0xffff;
    values[o + 9] = e.addr >>> 16;
    L.range16(e.addr & 0xffff);
    L.range14(e.addr >>> 16);
    const next = entries[i + 1];
    if (next !== undefined) {
      const d = next.addr - e.addr - 1;
      if (!(d >= 0 && d < 2 ** 28))
        throw new Error(`memory addresses ${e.addr}, ${next.addr}: gap not provable`);
      values[o + 10] = d & 16383;
      values[o + 11] = d >>> 14;
    }
  });
  // d lookups are made with the next row's isReal (row 0 after the last row).
  for (let i = 0; i < h; i++) {
    const nextReal = (i + 1) % h < entries.length;
    if (nextReal) {
      L.range14(values[i * w + 10]);
      L.range14(values[i * w + 11]);
    }
  }
  return { values, width: w, height: h };
}
