/**
 * The fuzzer on a coprocessor's table: its sample calls executed and traced (a valid table, the
 * rows up to the last nonzero one real, the rest padding), then every cell mutated. Mirrored
 * edits act on the memory and syscall buses, whose counterparties (the memory argument, the CPU)
 * accept any consistent message.
 */
import { Lookups } from "../chips/table.js";
import { MEMORY_BUS, SYSCALL_BUS } from "../chips/buses.js";
import type { Coprocessor, SampleCall } from "../coprocessor.js";
import { coprocessorChip, coprocessorTrace } from "../coprocessor-chip.js";
import { type FuzzReport, fuzzTable } from "./engine.js";
import { sampleCalls, seededRandom } from "./sample-calls.js";

export interface CoprocessorFuzzOptions {
  /** Seed of the samples, the timestamps and the mutations (default 1). */
  readonly seed?: number;
  /** Calls to use instead of the coprocessor's own `samples`. */
  readonly samples?: readonly SampleCall[];
  /** Real and padding rows to mutate (defaults 6 and 3). */
  readonly realSamples?: number;
  readonly paddingSamples?: number;
}

/**
 * Fuzzes coprocessor `c`'s table. Throws if `c` has no AIR or no sample calls, or if its own
 * samples do not give a valid table (a bug to fix before fuzzing means anything).
 *
 * @example
 * const report = fuzzCoprocessor(poseidon2Coprocessor);
 * if (!report.ok) console.log(fuzzText(report));
 */
export function fuzzCoprocessor(c: Coprocessor, o: CoprocessorFuzzOptions = {}): FuzzReport {
  const chip = coprocessorChip(c);
  const random = seededRandom(o.seed ?? 1);
  const samples = o.samples ?? c.samples?.(random);
  if (samples === undefined || samples.length === 0) {
    throw new Error(
      `coprocessor "${c.name}" has no sample calls: give it samples(random) (glue/coprocessor.ts)`,
    );
  }
  const calls = sampleCalls(c, samples, random);
  const { main, rows } = coprocessorTrace(chip, calls, new Lookups());
  return fuzzTable(
    { air: chip.air, main },
    {
      realRows: rows,
      seed: (o.seed ?? 1) + 1,
      realSamples: o.realSamples,
      paddingSamples: o.paddingSamples,
      mirrorBuses: [MEMORY_BUS.id, SYSCALL_BUS.id],
      free: c.free,
    },
  );
}
