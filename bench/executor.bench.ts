/**
 * Executor speed on the bubble-sort example guest (~5.5 M instructions of loads, compares,
 * branches and stores): million guest instructions per second, from the median of several
 * runs after a warm-up run. Targets: ≥ 50 fast, ≥ 15 recording.
 *
 * - exec_fast_mips: fast mode.
 * - exec_record_mips: recording mode, releasing each trace (`trace.release()`) before the
 *   next run, as a prover that records segment after segment does.
 * - exec_record_fresh_mips: recording mode without release, so every trace is written into
 *   newly allocated memory (first-touch page faults are expensive on some VMs).
 */
import { readFileSync } from "node:fs";
import { execute, executeRecording, loadElf } from "../glue/riscv/index.js";
import { medianMs, report } from "./report.js";

/** Runs the executor benchmark and writes bench/results/executor.json. */
export async function run(): Promise<void> {
  const program = loadElf(
    readFileSync(new URL("../examples/guests/bubble_sort.elf", import.meta.url)),
  );
  const cycles = execute(program).cycles;
  const fastMs = await medianMs(7, () => execute(program));
  const freshMs = await medianMs(5, () => executeRecording(program));
  executeRecording(program).trace.release();
  const recordMs = await medianMs(5, () => executeRecording(program).trace.release());
  const mips = (ms: number) => cycles / ms / 1000;
  report("executor.json", [
    { name: "exec_fast_mips", value: mips(fastMs), unit: "M instr/s" },
    { name: "exec_record_mips", value: mips(recordMs), unit: "M instr/s" },
    { name: "exec_record_fresh_mips", value: mips(freshMs), unit: "M instr/s" },
  ]);
}
