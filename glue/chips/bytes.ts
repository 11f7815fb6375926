/**
 * The byte/range table: 2^16 preprocessed rows, one per pair of bytes (x, y), serving every
 * range check and bitwise operation of the machine by lookup.
 *
 * Preprocessed: x, y, x AND y, x OR y, x XOR y, small (1 when x + 256·y < 2^14).
 * Main: one multiplicity column per service. Receives, with that multiplicity:
 *   u16     [x + 256·y]                       every value below 2^16 exactly once
 *   u14     [x + 256·y]   (only where small)  every value below 2^14
 *   pair    [x, y]                            two bytes at once
 *   bitwise [op, x, y, x op y]                op ∈ {AND, OR, XOR}
 * Constraint: m_u14 · (1 − small) = 0, so a u14 lookup of a value ≥ 2^14 finds no receiver.
 * The table is part of the verifying key, so its contents are fixed; only the multiplicities
 * are the prover's, and a wrong multiplicity leaves a bus unbalanced.
 */
import { compileAir, defineAir } from "../../core/air/compile.js";
import { layout } from "../../core/air/layout.js";
import type { Matrix } from "../../core/field/matrix.js";
import { AluOp, BITWISE_BUS, PAIR_BUS, U14_BUS, U16_BUS } from "./buses.js";
import type { Lookups } from "./table.js";

const prep = layout(["x", "y", "and", "or", "xor", "small"] as const);
const main = layout(["mU16", "mU14", "mPair", "mAnd", "mOr", "mXor"] as const);

export const bytesAir = defineAir({
  name: "rv.bytes",
  mainColumns: main,
  preprocessedColumns: prep,
  eval(b) {
    const { x, y, and, or, xor, small } = b.prepLocal;
    const m = b.local;
    b.assertZero("u14 lookups only below 2^14", m.mU14.mul(small.neg().add(1)));
    const v = x.add(y.mul(256));
    b.receive(U16_BUS, [v], m.mU16);
    b.receive(U14_BUS, [v], m.mU14);
    b.receive(PAIR_BUS, [x, y], m.mPair);
    b.receive(BITWISE_BUS, [AluOp.AND, x, y, and], m.mAnd);
    b.receive(BITWISE_BUS, [AluOp.OR, x, y, or], m.mOr);
    b.receive(BITWISE_BUS, [AluOp.XOR, x, y, xor], m.mXor);
  },
});

let compiled: ReturnType<typeof compileAir> | undefined;
/** The compiled byte/range AIR (compiled once per process). */
export function bytesChip(): ReturnType<typeof compileAir> {
  return (compiled ??= compileAir(bytesAir));
}

let prepMatrix: Matrix | undefined;
/** The preprocessed columns (the same for every program). */
export function bytesPreprocessed(): Matrix {
  if (prepMatrix) return prepMatrix;
  const w = prep.width;
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
  const w = main.width;
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
