/**
 * The byte/range table's contents: its fixed preprocessed columns (every byte pair) and its main
 * trace (the lookup counts every other table made during trace generation).
 */
import type { Matrix } from "../../../core/field/matrix.js";
import type { Lookups } from "../table.js";
import { bytesCols, bytesPrepCols } from "./columns.js";

let prepMatrix: Matrix | undefined;
/** The preprocessed columns (the same for every program). */
export function bytesPreprocessed(): Matrix {
  if (prepMatrix) return prepMatrix;
  const w = bytesPrepCols.width;
  const values = new Uint32Array(65536 * w);
  for (let r = 0; r < 65536; r++) {
    const x = r & 255;
    const y = r >>> 8;
    const o = r * w;
    values[o] = x;
    values[o + 1] = y;
    values[o + 2] = x & y;
    values[o + 3] = x | y;
    values[o + 4] = x ^ y;
    values[o + 5] = r < 16384 ? 1 : 0;
  }
  return (prepMatrix = { values, width: w, height: 65536 });
}

/** The main trace: the multiplicities counted during trace generation. */
export function bytesTrace(l: Lookups): Matrix {
  const w = bytesCols.width;
  const values = new Uint32Array(65536 * w);
  for (let r = 0; r < 65536; r++) {
    const o = r * w;
    values[o] = l.u16[r];
    values[o + 1] = l.u14[r];
    values[o + 2] = l.pair[r];
    values[o + 3] = l.and[r];
    values[o + 4] = l.or[r];
    values[o + 5] = l.xor[r];
  }
  return { values, width: w, height: 65536 };
}
