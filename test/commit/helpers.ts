import type { Matrix } from "../../core/field/matrix.js";
import { newMatrixUninit } from "../../core/field/matrix.js";

/** A seeded xorshift32 stream, so failures reproduce. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

/** A width × height matrix of pseudo-random words; on the shared heap if `onHeap`. */
export function randomMatrix(width: number, height: number, seed: number, onHeap = false): Matrix {
  const next = rng(seed);
  const m = onHeap
    ? newMatrixUninit(width, height)
    : { values: new Uint32Array(width * height), width, height };
  for (let i = 0; i < m.values.length; i++) m.values[i] = next() % 2013265921;
  return m;
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
