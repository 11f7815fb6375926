/**
 * The ALU chips on their own: random and corner-case operations are emitted, each result is
 * compared with a BigInt reference of the RISC-V semantics, and the ALU tables plus the byte
 * table are checked with the requests supplied as the caller's bus messages (standing in for the
 * CPU). A wrong result claimed by the caller is unmatched.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkConstraints } from "../../core/air/check.js";
import type { BusMessage } from "../../core/lookup/fingerprint.js";
import { addChip } from "../../glue/chips/add/index.js";
import { bitwiseChip } from "../../glue/chips/bitwise/index.js";
import { ALU_BUS, AluOp } from "../../glue/chips/buses.js";
import { bytesChip, bytesPreprocessed, bytesTrace } from "../../glue/chips/bytes/index.js";
import { compareChip } from "../../glue/chips/compare/index.js";
import { TraceContext } from "../../glue/chips/context.js";
import { divChip } from "../../glue/chips/divrem/index.js";
import { emitAlu } from "../../glue/chips/generate.js";
import { mulChip } from "../../glue/chips/mul/index.js";
import { shiftChip } from "../../glue/chips/shift/index.js";

const s = (x: number) => BigInt(x | 0);
const u = (x: number) => BigInt(x >>> 0);
const w = (x: bigint) => Number(BigInt.asUintN(32, x));

/** RISC-V semantics in BigInt (the reference). */
function reference(op: number, a: number, b: number): number {
  const sh = BigInt(b & 31);
  switch (op) {
    case AluOp.ADD:
      return w(u(a) + u(b));
    case AluOp.SUB:
      return w(u(a) - u(b));
    case AluOp.AND:
      return w(u(a) & u(b));
    case AluOp.OR:
      return w(u(a) | u(b));
    case AluOp.XOR:
      return w(u(a) ^ u(b));
    case AluOp.EQ:
      return a >>> 0 === b >>> 0 ? 1 : 0;
    case AluOp.NE:
      return a >>> 0 !== b >>> 0 ? 1 : 0;
    case AluOp.LT:
      return s(a) < s(b) ? 1 : 0;
    case AluOp.GE:
      return s(a) >= s(b) ? 1 : 0;
    case AluOp.LTU:
      return u(a) < u(b) ? 1 : 0;
    case AluOp.GEU:
      return u(a) >= u(b) ? 1 : 0;
    case AluOp.SLL:
      return w(u(a) << sh);
    case AluOp.SRL:
      return w(u(a) >> sh);
    case AluOp.SRA:
      return w(s(a) >> sh);
    case AluOp.MUL:
      return w(s(a) * s(b));
    case AluOp.MULH:
      return w((s(a) * s(b)) >> 32n);
    case AluOp.MULHSU:
      return w((s(a) * u(b)) >> 32n);
    case AluOp.MULHU:
      return w((u(a) * u(b)) >> 32n);
    case AluOp.DIV:
      return b === 0
        ? 0xffffffff
        : a >>> 0 === 0x80000000 && b >>> 0 === 0xffffffff
          ? a >>> 0
          : w(s(a) / s(b));
    case AluOp.DIVU:
      return b === 0 ? 0xffffffff : w(u(a) / u(b));
    case AluOp.REM:
      return b === 0
        ? a >>> 0
        : a >>> 0 === 0x80000000 && b >>> 0 === 0xffffffff
          ? 0
          : w(s(a) % s(b));
    case AluOp.REMU:
      return b === 0 ? a >>> 0 : w(u(a) % u(b));
  }
  throw new Error(`op ${op}`);
}

const TABLES: [string, () => ReturnType<typeof addChip>][] = [
  ["rv.add", addChip],
  ["rv.bitwise", bitwiseChip],
  ["rv.compare", compareChip],
  ["rv.shift", shiftChip],
  ["rv.mul", mulChip],
  ["rv.divrem", divChip],
];

function checkOps(ops: [number, number, number][], claim?: (i: number, c: number) => number) {
  const ctx = new TraceContext();
  const requests: BusMessage[] = ops.map(([op, a, b], i) => {
    const c = emitAlu(ctx, op, a >>> 0, b >>> 0) >>> 0;
    expect(c, `op ${op} on ${a >>> 0}, ${b >>> 0}`).toBe(reference(op, a, b));
    const cc = claim ? claim(i, c) >>> 0 : c;
    return {
      bus: ALU_BUS,
      values: [
        op,
        a & 0xffff,
        (a >>> 16) & 0xffff,
        b & 0xffff,
        (b >>> 16) & 0xffff,
        cc & 0xffff,
        cc >>> 16,
      ],
      multiplicity: 1,
    };
  });
  const tables = TABLES.map(([name, chip]) => {
    const air = chip();
    return { air, main: ctx.get(name, air.mainWidth).finish() };
  });
  tables.push({
    air: bytesChip(),
    main: bytesTrace(ctx.lookups),
    preprocessed: bytesPreprocessed(),
  } as never);
  return checkConstraints(tables, requests);
}

const ALL_OPS = Object.values(AluOp);
const CORNER = [
  0, 1, 2, -1, -2, 0x7fffffff, 0x80000000, 0x80000001, 31, 32, 33, 0xffff, 0x10000, 0x12345678,
];

describe("ALU chips", () => {
  it("every op over corner operands matches the reference and checks", () => {
    const ops: [number, number, number][] = [];
    for (const op of ALL_OPS) for (const a of CORNER) for (const b of CORNER) ops.push([op, a, b]);
    const report = checkOps(ops);
    expect(report.toString()).toBe("all constraints hold and every bus balances");
  });

  it("random operands match the reference and check", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...ALL_OPS),
            fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        (ops) => {
          expect(checkOps(ops).ok).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("a wrong result claimed by the caller is unmatched, for every op", () => {
    for (const op of ALL_OPS) {
      const report = checkOps([[op, 0x12345678, 7]], (_, c) => c ^ 1);
      expect(report.ok, `op ${op}`).toBe(false);
      expect(report.unmatched.length).toBeGreaterThan(0);
    }
  });
});

describe("ALU chips: every cell is constrained", () => {
  const cases: [number, number, number][][] = [
    [
      [AluOp.ADD, 0x8000ffff, 0x7fff0001],
      [AluOp.SUB, 5, 0x12345678],
      [AluOp.XOR, 0xdeadbeef, 0x12345678],
      [AluOp.LT, -5, 3],
      [AluOp.SRA, 0x80000000, 35],
      [AluOp.MULH, -7, 0x12345],
      [AluOp.DIV, -7, 2],
    ],
    [
      [AluOp.SUB, 5, 0x12345678],
      [AluOp.OR, 0x0f0f0f0f, 0x1],
      [AluOp.GEU, 7, 0xfffffff0],
      [AluOp.SLL, 0x81234567, 21],
      [AluOp.MULHSU, -7, 0x80000000],
      [AluOp.REMU, 1000, 7],
    ],
    [
      [AluOp.SRL, 0x81234567, 0x41],
      [AluOp.AND, 1, 3],
      [AluOp.NE, 4, 5],
      [AluOp.MUL, 3, 5],
      [AluOp.ADD, 1, 2],
      [AluOp.DIVU, 9, 2],
    ],
  ];
  it.each(cases.map((ops, i) => [i, ops] as const))(
    "changing any single cell of a real row is rejected (case %i)",
    (_, ops) => {
      const ctx = new TraceContext();

      const requests: BusMessage[] = ops.map(([op, a, b]) => {
        const c = emitAlu(ctx, op, a >>> 0, b >>> 0) >>> 0;
        return {
          bus: ALU_BUS,
          values: [
            op,
            a & 0xffff,
            (a >>> 16) & 0xffff,
            b & 0xffff,
            (b >>> 16) & 0xffff,
            c & 0xffff,
            c >>> 16,
          ],
          multiplicity: 1,
        };
      });
      const mains = TABLES.map(([name, chip]) => ctx.get(name, chip().mainWidth).finish());
      const bytes = {
        air: bytesChip(),
        main: bytesTrace(ctx.lookups),
        preprocessed: bytesPreprocessed(),
      };
      const tables = () => TABLES.map(([, chip], i) => ({ air: chip(), main: mains[i] }));
      expect(checkConstraints([...tables(), bytes], requests).ok).toBe(true);
      const unconstrained: string[] = [];
      TABLES.forEach(([name, chip], t) => {
        const m = mains[t];
        for (let col = 0; col < m.width; col++) {
          const saved = m.values[col];
          m.values[col] = (saved + 1) % 2013265921;
          if (checkConstraints([...tables(), bytes], requests).ok)
            unconstrained.push(`${name}.${chip().mainColumns[col]}`);
          m.values[col] = saved;
        }
      });
      // Only inverse witnesses of a zero value are free (they are multiplied by that zero).
      expect(unconstrained).toEqual([]);
    },
    60_000,
  );
});
