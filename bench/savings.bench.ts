/**
 * What a coprocessor saves (bench/results/savings.json, `npm run savings`): for each bundled pair
 * of guests — the same workload in software and with a coprocessor call — cycles, trace cells
 * (main + preprocessed + 4 × aux per row, padding included; `_unpadded` without), prove and verify
 * time (medians of SAVINGS_BENCH_RUNS runs, default 3, keys set up beforehand), receipt size
 * (`_proof_bytes`: the serialized receipt, claim and linked proof), the ratios, and the cells
 * the coprocessor's table spends per call (main + 4 × aux over its real rows). Also the cold
 * prove time of the accelerated guest: a fresh `tsx cli/main.ts prove` process, from its start
 * to the receipt written (median too). Prints each pair's savings table and writes its page
 * (bench/results/savings.html for the SHA-256 pair, savings-<pair>.html for the others).
 *
 * Pairs: sha256_1k (SHA-256 of 1 KiB, 17 compressions) and merkle_1k (the Poseidon2 Merkle root
 * of 1,024 leaves, 1,023 permutations; its software side runs 16.5 M cycles, 16 segments, so
 * proving it takes minutes, so that pair is measured without proofs unless
 * SAVINGS_BENCH_PROVE_LONG=1). SAVINGS_BENCH_PAIRS=merkle_1k (comma-separated) measures only
 * those. A pair whose coprocessor is not among builtinCoprocessors() is skipped with a warning.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { savingsHtml } from "../cli/savings/html.js";
import { measureSavings } from "../cli/savings/measure.js";
import { cellsPerCall, median, tableOf, type SavingsReport } from "../cli/savings/model.js";
import { savingsText } from "../cli/savings/text.js";
import { builtinCoprocessors } from "../coprocessors/index.js";
import { loadElf } from "../glue/riscv/index.js";
import { report, type BenchResult } from "./report.js";

const ROOT = new URL("../", import.meta.url).pathname;

/** A bundled pair: the prefix of its figures, both guests and the coprocessor's table. */
interface Pair {
  name: string;
  baseline: string;
  accelerated: string;
  table: string;
  /** Name of the per-call figure. */
  perCall: string;
  /** The page written under bench/results/. */
  html: string;
  /** The baseline runs for minutes to prove: proven only with SAVINGS_BENCH_PROVE_LONG=1. */
  long?: boolean;
}

const PAIRS: Pair[] = [
  {
    name: "sha256_1k",
    baseline: "sha256_1k_sw",
    accelerated: "sha256_1k_cop",
    table: "cop.sha256",
    perCall: "sha256_cop_cells_per_compression",
    html: "savings.html",
  },
  {
    name: "merkle_1k",
    baseline: "merkle_1k_sw",
    accelerated: "merkle_1k_cop",
    table: "cop.poseidon2",
    perCall: "poseidon2_cells_per_permutation",
    html: "savings-merkle_1k.html",
    long: true,
  },
];

const guest = (name: string) => `${ROOT}examples/guests/${name}.elf`;

/** Wall time of `tsx cli/main.ts prove <elf>` from spawn to exit (receipt written), in ms. */
function coldProveMs(elf: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-savings-cold-"));
  const tsx = join(ROOT, "node_modules/.bin/tsx");
  const args = ["cli/main.ts", "prove", elf, "-o", join(dir, "receipt.bin")];
  const t0 = performance.now();
  return new Promise<number>((resolve, reject) => {
    const child = spawn(tsx, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - t0;
      rmSync(dir, { recursive: true, force: true });
      if (code === 0) resolve(ms);
      else reject(new Error(`zkglue prove ${elf} exited with ${code}: ${stderr.slice(-500)}`));
    });
  });
}

/** The figures of one side of a pair. */
function sideResults(prefix: string, side: SavingsReport["baseline"]): BenchResult[] {
  const p = side.proof;
  const figures = [
    { name: `${prefix}_cycles`, value: side.cycles, unit: "cycles" },
    { name: `${prefix}_trace_cells`, value: side.paddedTraceCells, unit: "cells (padded)" },
    { name: `${prefix}_trace_cells_unpadded`, value: side.traceCells, unit: "cells" },
  ];
  if (p === undefined) return figures;
  return [
    ...figures,
    { name: `${prefix}_prove_ms`, value: p.proveMs, unit: `ms (median of ${p.runs})` },
    { name: `${prefix}_verify_ms`, value: p.verifyMs, unit: `ms (median of ${p.runs})` },
    { name: `${prefix}_proof_bytes`, value: p.receiptBytes, unit: "bytes (receipt)" },
  ];
}

/** Measures, proves and reports one pair. */
async function measurePair(pair: Pair, runs: number): Promise<BenchResult[]> {
  const load = (name: string) => ({
    label: `${name}.elf`,
    program: loadElf(readFileSync(guest(name))),
  });
  const r = measureSavings(load(pair.baseline), load(pair.accelerated), {
    coprocessors: builtinCoprocessors(),
    proveRuns: pair.long && process.env.SAVINGS_BENCH_PROVE_LONG !== "1" ? 0 : runs,
    onProgress: (m) => console.log(`  ${m}`),
  });
  if (!r.journalsMatch) throw new Error(`${pair.name}: the two guests' journals differ`);
  console.log(savingsText(r));
  writeFileSync(`${ROOT}bench/results/${pair.html}`, savingsHtml(r));
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) cold.push(await coldProveMs(guest(pair.accelerated)));
  const calls = tableOf(r.accelerated, pair.table)?.calls ?? 0;
  return [
    ...sideResults(pair.baseline, r.baseline),
    ...sideResults(pair.accelerated, r.accelerated),
    {
      name: `${pair.accelerated}_cold_prove_ms`,
      value: median(cold),
      unit: `ms (process, median of ${runs})`,
    },
    { name: `${pair.name}_cycles_ratio`, value: r.ratios.cycles ?? 0, unit: "x" },
    { name: `${pair.name}_trace_cells_ratio`, value: r.ratios.paddedTraceCells ?? 0, unit: "x" },
    ...(r.ratios.proveMs === null || r.ratios.proveMs === undefined
      ? []
      : [{ name: `${pair.name}_prove_ms_ratio`, value: r.ratios.proveMs, unit: "x" }]),
    { name: `${pair.name}_coprocessor_calls`, value: calls, unit: "calls" },
    { name: pair.perCall, value: cellsPerCall(r.accelerated, pair.table) ?? 0, unit: "cells/call" },
  ];
}

export async function run(): Promise<void> {
  const runs = Number(process.env.SAVINGS_BENCH_RUNS ?? 3);
  const only = process.env.SAVINGS_BENCH_PAIRS?.split(",").map((n) => n.trim());
  const tables = new Set(builtinCoprocessors().map((c) => `cop.${c.name}`));
  const results: BenchResult[] = [];
  for (const pair of PAIRS) {
    if (only !== undefined && !only.includes(pair.name)) continue;
    if (!tables.has(pair.table)) {
      console.warn(`skipping ${pair.name}: no built-in coprocessor has the table ${pair.table}`);
      continue;
    }
    results.push(...(await measurePair(pair, runs)));
  }
  report("savings.json", results);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
