/** Shared output for benchmarks: a printed table and `bench/results/<file>.json`. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
}

/** Median of several timed runs (ms); the machine is shared, so one run says little. */
export async function medianMs(
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Prints `results` as a table and merges them into bench/results/<file>.json (entries with the
 * same name are replaced, others kept, so several benchmark files can share one JSON).
 */
export function report(file: string, results: BenchResult[]): void {
  console.table(
    results.map((r) => ({ name: r.name, value: +r.value.toPrecision(4), unit: r.unit })),
  );
  const dir = new URL("./results/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${file}`;
  let existing: BenchResult[] = [];
  try {
    existing = JSON.parse(readFileSync(path, "utf8")) as BenchResult[];
  } catch {}
  const names = new Set(results.map((r) => r.name));
  const merged = [...existing.filter((r) => !names.has(r.name)), ...results];
  writeFileSync(path, JSON.stringify(merged, null, 2) + "\n");
}
