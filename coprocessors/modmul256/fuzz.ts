/**
 * What the underconstraint fuzzer (`zkglue fuzz modmul256`) needs: sample calls — random
 * operands, a squaring (b at a's pointer), m = 0, m = 1, an even m, all-ones operands, and inputs
 * ≥ m — and the cells no constraint reads on padding rows, with the reason.
 */
import type { FreeCell, SampleCall } from "../../glue/coprocessor.js";
import { WORDS } from "./constants.js";

const word = (random: () => number) => Math.floor(random() * 2 ** 32) >>> 0;
const value = (random: () => number) => Array.from({ length: WORDS }, () => word(random));
const ones = () => new Array<number>(WORDS).fill(0xffff_ffff);
const small = (x: number) => [x, 0, 0, 0, 0, 0, 0, 0];

/** Six calls, each with its own out, a, b, m buffers (b = a for the squaring). */
export function modmul256Samples(random: () => number): SampleCall[] {
  const cases: { a: number[]; b: number[] | "a"; m: number[] }[] = [
    { a: value(random), b: value(random), m: value(random) },
    { a: value(random), b: "a", m: value(random) },
    { a: ones(), b: ones(), m: small(0) },
    { a: ones(), b: value(random), m: small(1) },
    { a: value(random), b: ones(), m: [0, 0, 0, 0x8000_0000, 0, 0, 2, 0] },
    { a: ones(), b: ones(), m: [3, 0, 0, 0, 0, 0, 0, 0x10] },
  ];
  return cases.map(({ a, b, m }, i) => {
    const base = 0x2000 + 0x200 * i;
    const [out, pa, pm] = [base, base + 0x40, base + 0x80];
    const pb = b === "a" ? pa : base + 0xc0;
    const memory = [
      { addr: pa, words: a },
      { addr: pm, words: m },
    ];
    if (b !== "a") memory.push({ addr: pb, words: b });
    return { args: [out, pa, pb, pm], memory };
  });
}

/**
 * On every row, the words at out before the call (oldLo, oldHi) are read only by the memory
 * receive of the write: the memory argument pins them to the word's previous value (the previous
 * access's send, or the initial image), as it pins any value a read receives; the table has
 * nothing to check about a value it overwrites. The fuzzer's mirrored edit (the counterparty
 * changed to match) therefore goes unnoticed here by design.
 *
 * On a padding row (isReal = 0) the call, the register reads, the pointer checks and every access
 * are scaled by isReal; a, b, m and q enter only the identity's products, each with an operand of
 * the same row that is 0 there (a·b, q·m, mZero·q with mZero = 0), and the comparison only above
 * its marker (none on padding).
 */
export const modmul256FreeCells: readonly FreeCell[] = [
  ...["oldLo", "oldHi"].map((column) => ({
    column,
    rows: "all" as const,
    reason:
      "the overwritten value of out: only the write's memory receive reads it, and the memory argument pins it to the word's previous value",
  })),
  ...[
    "clk",
    "ptrLo",
    "ptrHi",
    "ptrQ",
    "ptrXLo",
    "ptrXHi",
    "regGapLo",
    "regGapHi",
    "gapLo",
    "gapHi",
    "a",
    "b",
    "m",
    "q",
  ].map((column) => ({
    column,
    rows: "padding" as const,
    reason:
      "padding row: every message is scaled by isReal = 0, and a, b, m, q meet only products whose other operand is 0 on the row",
  })),
];
