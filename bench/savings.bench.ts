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
 * Pairs: sha256_1k (SHA-256 of 1 KiB, 17 compressions), merkle_1k (the Poseidon2 Merkle root
 * of 1,024 leaves, 1,023 permutations), ecdsa_verify and ecrecover (one secp256k1 signature, on
 * modmul256 and secp256k1_add/double), modexp256 (a 256-bit base^exp mod m, on modmul256) and
 * keccak (Keccak-256 and SHA3-256 of 1 KiB, 16 permutations, on the user coprocessor of
 * examples/coprocessors/keccak, given to the machine beside the built-ins as `--coprocessor`
 * gives it).
 * The software sides of all but sha256_1k run millions of cycles (merkle_1k 16.5 M, 16
 * segments), so those pairs prove only their accelerated side unless SAVINGS_BENCH_PROVE_LONG=1.
 * SAVINGS_BENCH_PAIRS=merkle_1k (comma-separated) measures only those. A pair whose coprocessors
 * are not all among builtinCoprocessors() and its own modules is skipped with a warning.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { savingsHtml } from "../cli/savings/html.js";
import { measureSavings, proofFigures } from "../cli/savings/measure.js";
import {
  cellsPerCall,
  compareRuns,
  median,
  tableOf,
  type SavingsReport,
} from "../cli/savings/model.js";
import { savingsText } from "../cli/savings/text.js";
import { builtinCoprocessors } from "../coprocessors/index.js";
import keccakCoprocessor from "../examples/coprocessors/keccak/index.js";
import type { Coprocessor } from "../glue/coprocessor.js";
import { buildMachine } from "../glue/machine.js";
import { loadElf } from "../glue/riscv/index.js";
import { report, type BenchResult } from "./report.js";

const ROOT = new URL("../", import.meta.url).pathname;

/** A coprocessor table of a pair and the name of its cells-per-call figure. */
interface PairTable {
  table: string;
  perCall: string;
}

/** A bundled pair: the prefix of its figures, both guests and the coprocessors' tables. */
interface Pair {
  name: string;
  baseline: string;
  accelerated: string;
  /** The first table's calls are `<name>_coprocessor_calls`, the others' `<name>_<table>_calls`. */
  tables: PairTable[];
  /** The page written under bench/results/. */
  html: string;
  /** The baseline runs for minutes to prove: proven only with SAVINGS_BENCH_PROVE_LONG=1. */
  long?: boolean;
  /**
   * A user's coprocessors the pair needs besides the built-ins: the values (for the in-process
   * measurement) and the modules they come from (for the cold `zkglue prove --coprocessor`).
   */
  user?: { coprocessors: Coprocessor[]; modules: string[] };
}

const PAIRS: Pair[] = [
  {
    name: "sha256_1k",
    baseline: "sha256_1k_sw",
    accelerated: "sha256_1k_cop",
    tables: [{ table: "cop.sha256", perCall: "sha256_cop_cells_per_compression" }],
    html: "savings.html",
  },
  {
    name: "merkle_1k",
    baseline: "merkle_1k_sw",
    accelerated: "merkle_1k_cop",
    tables: [{ table: "cop.poseidon2", perCall: "poseidon2_cells_per_permutation" }],
    html: "savings-merkle_1k.html",
    long: true,
  },
  {
    name: "ecdsa_verify",
    baseline: "ecdsa_verify_sw",
    accelerated: "ecdsa_verify_cop",
    tables: [
      { table: "cop.secp256k1_double", perCall: "secp256k1_double_cells" },
      { table: "cop.secp256k1_add", perCall: "secp256k1_add_cells" },
      { table: "cop.modmul256", perCall: "modmul256_cells" },
    ],
    html: "savings-ecdsa_verify.html",
    long: true,
  },
  {
    name: "ecrecover",
    baseline: "ecrecover_sw",
    accelerated: "ecrecover_cop",
    tables: [
      { table: "cop.secp256k1_double", perCall: "ecrecover_secp256k1_double_cells" },
      { table: "cop.secp256k1_add", perCall: "ecrecover_secp256k1_add_cells" },
      { table: "cop.modmul256", perCall: "ecrecover_modmul256_cells" },
    ],
    html: "savings-ecrecover.html",
    long: true,
  },
  {
    name: "modexp256",
    baseline: "modexp256_sw",
    accelerated: "modexp256_cop",
    tables: [{ table: "cop.modmul256", perCall: "modexp256_modmul256_cells" }],
    html: "savings-modexp256.html",
    long: true,
  },
  {
    name: "keccak",
    baseline: "keccak_sw",
    accelerated: "keccak_cop",
    tables: [{ table: "cop.keccak", perCall: "keccak_cop_cells_per_permutation" }],
    html: "savings-keccak.html",
    user: {
      coprocessors: [keccakCoprocessor as Coprocessor],
      modules: ["examples/coprocessors/keccak/index.ts"],
    },
  },
];

const guest = (name: string) => `${ROOT}examples/guests/${name}.elf`;

/**
 * Wall time of `tsx cli/main.ts prove <elf> [--coprocessor <module>]...` from spawn to exit
 * (receipt written), in ms.
 */
function coldProveMs(elf: string, modules: readonly string[] = []): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "zkglue-savings-cold-"));
  const tsx = join(ROOT, "node_modules/.bin/tsx");
  const args = ["cli/main.ts", "prove", elf, "-o", join(dir, "receipt.bin")];
  for (const m of modules) args.push("--coprocessor", m);
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
  const skipBaseline = pair.long === true && process.env.SAVINGS_BENCH_PROVE_LONG !== "1";
  const options = {
    coprocessors: [...builtinCoprocessors(), ...(pair.user?.coprocessors ?? [])],
    proveRuns: skipBaseline ? 0 : runs,
    onProgress: (m: string) => console.log(`  ${m}`),
  };
  const accelerated = load(pair.accelerated);
  let r = measureSavings(load(pair.baseline), accelerated, options);
  if (!r.journalsMatch) throw new Error(`${pair.name}: the two guests' journals differ`);
  if (skipBaseline && runs > 0) {
    // The accelerated side is short: prove it anyway (its prove ms is the figure that matters).
    const m = buildMachine(accelerated.program, { coprocessors: options.coprocessors });
    const proof = proofFigures(m, accelerated, options, runs);
    r = compareRuns(r.baseline, { ...r.accelerated, proof });
  }
  console.log(savingsText(r));
  writeFileSync(`${ROOT}bench/results/${pair.html}`, savingsHtml(r));
  const cold: number[] = [];
  for (let i = 0; i < runs; i++)
    cold.push(await coldProveMs(guest(pair.accelerated), pair.user?.modules));
  const perTable = pair.tables.flatMap(({ table, perCall }, k) => [
    {
      name: k === 0 ? `${pair.name}_coprocessor_calls` : `${pair.name}_${table.slice(4)}_calls`,
      value: tableOf(r.accelerated, table)?.calls ?? 0,
      unit: "calls",
    },
    { name: perCall, value: cellsPerCall(r.accelerated, table) ?? 0, unit: "cells/call" },
  ]);
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
    ...perTable,
  ];
}

export async function run(): Promise<void> {
  const runs = Number(process.env.SAVINGS_BENCH_RUNS ?? 3);
  const only = process.env.SAVINGS_BENCH_PAIRS?.split(",").map((n) => n.trim());
  const builtins = builtinCoprocessors().map((c) => `cop.${c.name}`);
  const results: BenchResult[] = [];
  for (const pair of PAIRS) {
    if (only !== undefined && !only.includes(pair.name)) continue;
    const tables = new Set([
      ...builtins,
      ...(pair.user?.coprocessors ?? []).map((c) => `cop.${c.name}`),
    ]);
    const missing = pair.tables.map((t) => t.table).filter((t) => !tables.has(t));
    if (missing.length > 0) {
      console.warn(
        `skipping ${pair.name}: no built-in coprocessor has the table ${missing.join(", ")}`,
      );
      continue;
    }
    results.push(...(await measurePair(pair, runs)));
  }
  report("savings.json", results);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
