/**
 * What the underconstraint fuzzer needs (`zkglue fuzz --coprocessor …/keccak/index.ts`): sample
 * calls — a random state, the zero state and the all-ones state (every χ input bit 0, then 1) —
 * and the slot cells the memory schedule leaves unused, each with the reason that is sound.
 */
import type { FreeCell, RowReader, SampleCall } from "../../../index.js";
import { readHeld, SCHEDULE, writeHeld } from "./columns.js";
import { ROUNDS, WORDS } from "./constants.js";

const word = (random: () => number) => Math.floor(random() * 2 ** 32) >>> 0;

/** Three permutations, at separate states (the first at the lowest guest address). */
export function keccakSamples(random: () => number): SampleCall[] {
  const states = [
    Array.from({ length: WORDS }, () => word(random)),
    new Array<number>(WORDS).fill(0),
    new Array<number>(WORDS).fill(0xffff_ffff),
  ];
  return states.map((words, i) => {
    const ptr = 0x1000 + 0x400 * i;
    return { args: [ptr], memory: [{ addr: ptr, words }] };
  });
}

/** The round a real row holds (its step flag), or −1 on padding. */
function roundOf(l: RowReader): number {
  for (let r = 0; r < ROUNDS; r++) if (l(`step[${r}]`) === 1) return r;
  return -1;
}

/**
 * Whether slot j of a row of round r is in no constraint and no message (columns.ts SCHEDULE):
 * row 0 past the pointer (slots 0..4); a read row's slots past its register, but for the gaps
 * of the row above's reads (90..99, from row 2 on); row 11 but for those gaps; rows 12 and 13;
 * a write row's slots past its register.
 */
export function unusedSlot(j: number, r: number): boolean {
  const { gapAt, readFirst, readLast, writeFirst, writeLast } = SCHEDULE;
  const gap = r > readFirst && r <= readLast + 1 && j >= gapAt;
  if (r === 0) return j >= 5;
  if (r >= readFirst && r <= readLast) return j >= readHeld(r) && !gap;
  if (r > readLast && r < writeFirst) return !gap;
  if (r >= writeFirst && r <= writeLast) return j >= writeHeld(r);
  return false;
}

const PADDING =
  "padding row: every constraint and message that reads it is gated by a step flag, all 0 here";

/** The cells of cop.keccak that nothing reads on some rows (columns.ts SCHEDULE). */
export const keccakFreeCells: readonly FreeCell[] = [
  ...Array.from({ length: 2 * WORDS }, (_, j) => ({
    column: `slot[${j}]`,
    rows: "real" as const,
    where: {
      description: "rows where the memory schedule does not use it (columns.ts SCHEDULE)",
      test: (l: RowReader) => unusedSlot(j, roundOf(l)),
    },
    reason:
      "the schedule's unused slots (row 0 past the pointer, rows 11..13 but for row 11's gaps, the registers' emptied tails) are in no constraint and no message",
  })),
  ...["clk", "mbase", "slot"].map((column) => ({
    column,
    rows: "padding" as const,
    reason: PADDING,
  })),
];
