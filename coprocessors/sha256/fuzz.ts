/**
 * What the underconstraint fuzzer (`zkglue fuzz sha256`) needs: sample calls — random states
 * and blocks, plus the all-ones state on an all-zero block and the reverse (every adder carries,
 * every bit 0) — and the cells no constraint reads, each with the reason that is sound.
 */
import type { FreeCell, RowReader, SampleCall } from "../../glue/coprocessor.js";

const word = (random: () => number) => Math.floor(random() * 2 ** 32) >>> 0;

/** Three compressions at separate, non-overlapping state and block buffers. */
export function sha256Samples(random: () => number): SampleCall[] {
  const states = [
    Array.from({ length: 8 }, () => word(random)),
    new Array<number>(8).fill(0xffff_ffff),
    new Array<number>(8).fill(0),
  ];
  const blocks = [
    Array.from({ length: 16 }, () => word(random)),
    new Array<number>(16).fill(0),
    new Array<number>(16).fill(0xffff_ffff),
  ];
  return states.map((state, i) => {
    const statePtr = 0x1000 + 0x100 * i;
    const blockPtr = 0x8000 + 0x100 * i;
    return {
      args: [statePtr, blockPtr],
      memory: [
        { addr: statePtr, words: state },
        { addr: blockPtr, words: blocks[i] },
      ],
    };
  });
}

/** Round rows R4..R15: phase group u[1..3] set. */
const lateRound = (l: RowReader) => l("u[1]") + l("u[2]") + l("u[3]") === 1;
/** The T row after a table's last call: no flag on it, and the next row starts no call. */
const tRow = (l: RowReader, n: RowReader) =>
  l("isF") + l("u[0]") + l("u[1]") + l("u[2]") + l("u[3]") === 0 && n("u[0]") === 0;
const PADDING =
  "padding row: every constraint and message that reads it is gated by a row flag, all 0 here";

/** The cells of cop.sha256 that nothing reads on some rows (columns.ts, air.ts). */
export const sha256FreeCells: readonly FreeCell[] = [
  {
    column: "gHi",
    rows: "real",
    where: { description: "R4..R15", test: lateRound },
    reason:
      "on round rows 4..15 a slot's lo half holds the schedule's y; its hi half is read by nothing",
  },
  {
    column: "mbase",
    rows: "real",
    where: { description: "R4..R15", test: lateRound },
    reason: "the address base is read on I, R0..R3 and F only (the accesses, the pointer checks)",
  },
  ...["clk", "mbase", "gHi"].map((column) => ({
    column,
    rows: "real" as const,
    where: { description: "the T row", test: tRow },
    reason:
      "the T row belongs to no call: its clk, address base and slot hi halves are read by nothing",
  })),

  ...["clk", "mbase", "gHi"].map((column) => ({
    column,
    rows: "padding" as const,
    reason: PADDING,
  })),
];
