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
import { defineAir } from "../../../core/air/compile.js";
import { AluOp, BITWISE_BUS, PAIR_BUS, U14_BUS, U16_BUS } from "../buses.js";
import { bytesCols, bytesPrepCols } from "./columns.js";

export const bytesAir = defineAir({
  name: "rv.bytes",
  mainColumns: bytesCols,
  preprocessedColumns: bytesPrepCols,
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
