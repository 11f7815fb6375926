/** Runs small test programs in both modes and returns the final registers (from the trace). */
import { expect } from "vitest";
import { execute, executeRecording, type RunOptions } from "../../glue/riscv/index.js";
import { EXIT, program } from "./asm.js";

/** Runs `words` followed by exit(a0); checks both modes agree; returns registers and result. */
export function runWords(words: number[], options: RunOptions = {}, data?: Uint8Array) {
  const p = program([...words, ...EXIT], data);
  const recorded = executeRecording(p, options);
  const fast = execute(p, options);
  expect(fast.cycles).toBe(recorded.cycles);
  expect(fast.exitCode).toBe(recorded.exitCode);
  expect(fast.journal).toEqual(recorded.journal);
  expect(fast.stdout).toEqual(recorded.stdout);
  return { regs: recorded.trace.finalRegisters, result: recorded, trace: recorded.trace };
}

/** u32 of a bigint taken mod 2^32. */
export const u32 = (x: bigint) => Number(BigInt.asUintN(32, x));
/** Signed bigint of a u32/int32 number. */
export const sbig = (x: number) => BigInt(x | 0);
/** Unsigned bigint of a u32/int32 number. */
export const ubig = (x: number) => BigInt(x >>> 0);
