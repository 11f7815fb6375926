/**
 * What the underconstraint fuzzer (`zkglue fuzz poseidon2`) needs: sample calls — random states,
 * and one holding the canonicality edges 0, 1, p − 2, p − 1 and the largest words below
 * 0x78000000 — and the cells no constraint reads on padding rows, with the reason.
 */
import { P } from "../../core/field/babybear.js";
import type { FreeCell, SampleCall } from "../../glue/coprocessor.js";
import { WIDTH } from "./constants.js";

/** Three permutations of states at separate addresses. */
export function poseidon2Samples(random: () => number): SampleCall[] {
  const states = [0, 1, 2].map(() => Array.from({ length: WIDTH }, () => Math.floor(random() * P)));
  states[1].splice(0, 6, 0, 1, P - 2, P - 1, 0x77ff_ffff, 0x7800_0000);
  return states.map((words, i) => ({
    args: [0x2000 + 0x100 * i],
    memory: [{ addr: 0x2000 + 0x100 * i, words }],
  }));
}

/**
 * On a padding row (isReal = 0) the call, the pointer check and the accesses' gaps are all
 * multiplied by isReal: these cells reach no constraint and no message.
 */
export const poseidon2FreeCells: readonly FreeCell[] = [
  "clk",
  "ptrLo",
  "ptrHi",
  "q",
  "xLo",
  "xHi",
  "gLo",
  "gHi",
].map((column) => ({
  column,
  rows: "padding",
  reason:
    "padding row: the call, the pointer check and the access gaps that read it are all scaled by isReal = 0",
}));
