/**
 * The memory tables' contents: the image table's preprocessed rows, and the boundary table's
 * rows from every address the run touched (with its initial and final state in the replay's
 * shadows), plus every image word and x0.
 */
import type { Matrix } from "../../../core/field/matrix.js";
import type { MachineShadow } from "../state.js";
import { type Lookups, paddedHeight } from "../table.js";
import { boundaryCols } from "./columns.js";
import { ADDR_OFFSET, HI_END, MEMORY_END } from "./constants.js";

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

/** One touched (or image) address with its initial and final state. */
export interface BoundaryEntry {
  addr: number;
  init: number;
  inImage: boolean;
  final: number;
  finalTs: number;
}

/**
 * The boundary trace from entries sorted by address, the first at address 0 (x0, listed even
 * when the run never touches it); counts its lookups (with `paged`, the paged boundary's range
 * checks of the final limbs too).
 */
export function boundaryTrace(L: Lookups, entries: BoundaryEntry[], paged = false): Matrix {
  if (entries.length > 0 && entries[0].addr !== 0)
    throw new Error("the memory boundary must start at address 0 (x0)");
  const w = boundaryCols.width;
  const I = boundaryCols.index;
  const h = paddedHeight(entries.length);
  const values = new Uint32Array(h * w);
  entries.forEach((e, i) => {
    const o = i * w;
    if (!(Number.isInteger(e.addr) && e.addr >= 0 && e.addr < MEMORY_END))
      throw new Error(`memory address ${e.addr} lies outside the memory-bus range`);
    const a = e.addr + ADDR_OFFSET;
    values[o + I.isReal] = 1;
    values[o + I.addr] = e.addr;
    values[o + I.inImage] = e.inImage ? 1 : 0;
    values[o + I.initLo] = e.init & 0xffff;
    values[o + I.initHi] = e.init >>> 16;
    values[o + I.finLo] = e.final & 0xffff;
    values[o + I.finHi] = e.final >>> 16;
    values[o + I.finTs] = e.finalTs;
    values[o + I.aLo] = a & 0xffff;
    values[o + I.aHi] = a >>> 16;
    L.range16(a & 0xffff);
    L.range14(a >>> 16);
    L.range14((a >>> 16) + 16384 - HI_END);
    if (paged) {
      L.range16(e.final & 0xffff);
      L.range16(e.final >>> 16);
    }
    const next = entries[i + 1];
    if (next !== undefined) {
      const d = next.addr - e.addr - 1;
      if (!(d >= 0)) throw new Error(`memory addresses ${e.addr}, ${next.addr} are not sorted`);
      values[o + I.dLo] = d & 0xffff;
      values[o + I.dHi] = d >>> 16;
    }
  });
  // d lookups are made with the next row's isReal (row 0 after the last row).
  for (let i = 0; i < h; i++) {
    if ((i + 1) % h < entries.length) {
      L.range16(values[i * w + I.dLo]);
      L.range14(values[i * w + I.dHi]);
    }
  }
  return { values, width: w, height: h };
}

/**
 * The boundary entries of a replayed run: every touched address plus every image word, and x0
 * (the table starts at address 0), sorted, each with its final value and timestamp.
 */
export function boundaryEntries(
  image: ReadonlyMap<number, number>,
  shadow: MachineShadow,
): BoundaryEntry[] {
  const addrs = new Set<number>([0, ...image.keys(), ...shadow.memTs.keys()]);
  for (let i = 0; i < 32; i++) if (shadow.regTs[i] !== 0) addrs.add(i);
  return [...addrs]
    .sort((x, y) => x - y)
    .map((a) => ({
      addr: a,
      init: image.get(a) ?? 0,
      inImage: image.has(a),
      final: shadow.get(a),
      finalTs: shadow.ts(a),
    }));
}
