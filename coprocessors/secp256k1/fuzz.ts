/**
 * What the underconstraint fuzzer (`zkglue fuzz secp256k1_add | secp256k1_double`) needs:
 * sample calls — random coordinates, and the edges the tables handle: coordinates 0, 1 and
 * P − 1 (the below-P check's z = 1 branch), λ = P − 1 with x2 − x1 = P − 1 (the first
 * identity's largest quotient) — and the cells no constraint reads on padding
 * rows, with the reason. The points need not be on the curve: neither the calls nor the tables
 * use its equation.
 */
import type { FreeCell, SampleCall } from "../../glue/coprocessor.js";
import { SECP256K1_P as P } from "./constants.js";
import { pointFromBigInts } from "./reference.js";

/** A random coordinate below P (its top word below 0xFFFFFFFF). */
function coordinate(random: () => number): bigint {
  let x = BigInt(Math.floor(random() * 0xffff_ffff));
  for (let k = 0; k < 7; k++) x = (x << 32n) | BigInt(Math.floor(random() * 2 ** 32));
  return x;
}

const point = (x: bigint, y: bigint) => Array.from(pointFromBigInts(x, y));

/**
 * Three additions, p and q in separate buffers (three, as each mutation re-evaluates a row of
 * some 24,000 operations: the fuzzer's time is what CI pays; the AIR test covers more edges).
 */
export function secp256k1AddSamples(random: () => number): SampleCall[] {
  const r = () => coordinate(random);
  const pairs: [number[], number[]][] = [
    [point(r(), r()), point(r(), r())],
    [point(0n, 0n), point(P - 1n, 1n)],
    [point(P - 1n, P - 1n), point(r(), P - 1n)],
  ];
  return pairs.map(([p, q], i) => {
    const [pp, pq] = [0x2000 + 0x200 * i, 0x2100 + 0x200 * i];
    return {
      args: [pp, pq],
      memory: [
        { addr: pp, words: p },
        { addr: pq, words: q },
      ],
    };
  });
}

/** Three doublings (y ≠ 0). */
export function secp256k1DoubleSamples(random: () => number): SampleCall[] {
  const r = () => coordinate(random);
  const points = [point(r(), r()), point(P - 1n, 1n), point(0n, P - 1n)];
  return points.map((words, i) => ({
    args: [0x2000 + 0x100 * i],
    memory: [{ addr: 0x2000 + 0x100 * i, words }],
  }));
}

const PADDING_REASON =
  "padding row: the call, the pointer checks and the access gaps that read it are all scaled by isReal = 0";

/** The machine cells of a padding row (every message and pointer check is scaled by isReal). */
const machine = (columns: readonly string[]): FreeCell[] =>
  columns.map((column) => ({ column, rows: "padding", reason: PADDING_REASON }));

/**
 * On a padding row the machine cells reach nothing (every message and pointer check is scaled
 * by isReal = 0), and dInv only meets Σ (x2 − x1)²·dInv = isReal, whose sum is 0 there. Every
 * field cell meets an ungated identity or below-P constraint, which the zero row pins.
 */
export const secp256k1AddFreeCells: readonly FreeCell[] = [
  ...machine([
    "clk",
    "pPtrLo",
    "pPtrHi",
    "pAlign",
    "pAboveLo",
    "pAboveHi",
    "qPtrLo",
    "qPtrHi",
    "qRegGapLo",
    "qRegGapHi",
    "qAlign",
    "qAboveLo",
    "qAboveHi",
    "gLo",
    "gHi",
  ]),
  {
    column: "dInv",
    rows: "padding",
    reason: "padding row: x1 = x2 = 0, so Σ (x2 − x1)²·dInv = isReal = 0 holds for any dInv",
  },
];

/** The same for double: the machine cells, and yInv (Σ y·yInv = isReal with y = 0). */
export const secp256k1DoubleFreeCells: readonly FreeCell[] = [
  ...machine(["clk", "pPtrLo", "pPtrHi", "pAlign", "pAboveLo", "pAboveHi", "gLo", "gHi"]),
  {
    column: "yInv",
    rows: "padding",
    reason: "padding row: y = 0, so Σ y_i·yInv = isReal = 0 holds for any yInv",
  },
];
