/**
 * Executor speed on the bubble-sort example guest (~5.5 M instructions of loads, compares,
 * branches and stores): million guest instructions per second in fast mode and in recording
 * mode (every cycle's events), from the median of several runs after a warm-up run.
 * Targets: ≥ 50 fast, ≥ 15 recording.
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
  executeRecording(program); // warm-up: JIT and the allocator's reusable chunks
  const fastMs = await medianMs(7, () => execute(program));
  const recordMs = await medianMs(5, () => executeRecording(program));
  report("executor.json", [
    { name: "exec_fast_mips", value: cycles / fastMs / 1000, unit: "M instr/s" },
    { name: "exec_record_mips", value: cycles / recordMs / 1000, unit: "M instr/s" },
  ]);
}
