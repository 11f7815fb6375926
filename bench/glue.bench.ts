/**
 * Benchmarks of the RISC-V machine (bench/results/glue.json): for a loop-heavy guest of 2^k
 * cycles (k = GLUE_BENCH_LOG_CYCLES, default 20) and for example guests (GLUE_BENCH_GUESTS,
 * comma-separated, default "bubble_sort,sha256": 5.5M cycles in six segments of 2^20, and 94k
 * cycles): cycles, segments, trace cells per cycle (all tables of all segments, main +
 * preprocessed + auxiliary in base-field cells, padding included), prove time and speed, verify
 * time, receipt size, and the prover's time per phase (summed over segments), wall and CPU
 * (`…_phase_<phase>_cpu_ms`: every thread; ≈ 2× the wall time when both cores are busy).
 * Each program is proven once first (`…_first_prove_ms`: its tables' kernels compiled, its heap
 * grown), then `…_prove_ms`, `…_prove_khz` and the phases are the median of three more proofs
 * (one for guests past 2^21 cycles, bubble_sort's minutes), as a process proving more than once
 * sees them; the cold figures below are what a single `zkglue prove` pays. With
 * the sha256 guest, also `guest_sha256_cold_prove_ms`: a fresh `zkglue prove --no-zk` of it (the
 * built command), process start to receipt written, the same proof as `guest_sha256_prove_ms`
 * (whose ratio is `guest_sha256_cold_over_warm`), and `guest_sha256_cold_prove_tsx_ms`, the CLI
 * from source (`npm run zkglue`). The loop and the sha256 guest (GLUE_BENCH_ZK, default
 * "loop,sha256") are also proven with zero knowledge: the same figures under `<prefix>_zk_…`,
 * and `<prefix>_zk_over_plain_prove` / `…_proof_bytes`, the ratios to the ordinary proof.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { heap } from "../core/wasm/heap.js";
import { buildMachine, type Machine, machineKeys } from "../glue/machine.js";
import { parseReceipt, receiptOf, serializeReceipt, verifyReceipt } from "../glue/receipt.js";
import { proveProgram } from "../glue/run-proof.js";
import { loadElf, type Program } from "../glue/riscv/index.js";
import { report, type BenchResult } from "./report.js";

const CODE = 0x0020_0800;
const DATA = 0x0030_0000;

const enc = {
  i: (imm: number, rs1: number, f3: number, rd: number, op: number) =>
    (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0,
  r: (f7: number, rs2: number, rs1: number, f3: number, rd: number) =>
    ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x33) >>> 0,
  s: (imm: number, rs2: number, rs1: number, f3: number) =>
    ((((imm >> 5) & 0x7f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (f3 << 12) |
      ((imm & 0x1f) << 7) |
      0x23) >>>
    0,
  bne: (rs1: number, rs2: number, off: number) =>
    ((((off >> 12) & 1) << 31) |
      (((off >> 5) & 0x3f) << 25) |
      (rs2 << 20) |
      (rs1 << 15) |
      (1 << 12) |
      (((off >> 1) & 0xf) << 8) |
      (((off >> 11) & 1) << 7) |
      0x63) >>>
    0,
  lui: (rd: number, imm20: number) => (((imm20 & 0xfffff) << 12) | (rd << 7) | 0x37) >>> 0,
};

/** A loop of 8 instructions (load, add, xor, shift, store, two addi, branch) run to ~2^k cycles. */
export function loopProgram(logCycles: number): Program {
  const iters = Math.floor((2 ** logCycles - 16) / 8);
  const w = [
    enc.lui(5, DATA >>> 12), // x5 = data
    enc.lui(6, (iters + 0x800) >>> 12),
    enc.i(iters & 0xfff, 6, 0, 6, 0x13), // x6 ≈ iters (lui+addi)
    enc.i(0, 0, 0, 7, 0x13), // x7 = 0
    // loop:
    enc.i(0, 5, 2, 8, 0x03), // lw x8, 0(x5)
    enc.r(0, 7, 8, 0, 8), // add x8, x8, x7
    enc.r(0, 6, 8, 4, 8), // xor x8, x8, x6
    enc.i(3, 8, 1, 9, 0x13), // slli x9, x8, 3
    enc.s(0, 9, 5, 2), // sw x9, 0(x5)
    enc.i(1, 7, 0, 7, 0x13), // addi x7, x7, 1
    enc.i(-1, 6, 0, 6, 0x13), // addi x6, x6, -1
    enc.bne(6, 0, -28), // bne x6, x0, loop
    enc.i(0, 0, 0, 10, 0x13),
    enc.i(93, 0, 0, 17, 0x13),
    0x73, // exit(0)
  ];
  // lui+addi sign fix: the addi immediate is sign-extended.
  const lo = (iters << 20) >> 20;
  w[1] = enc.lui(6, ((iters - lo) >>> 12) & 0xfffff);
  w[2] = enc.i(lo, 6, 0, 6, 0x13);
  const code = new Uint8Array(new Uint32Array(w).buffer);
  return {
    entry: CODE,
    segments: [
      { vaddr: CODE, memsz: code.length, data: code, executable: true, writable: false },
      {
        vaddr: DATA,
        memsz: 4096,
        data: new Uint8Array([1, 2, 3, 4]),
        executable: false,
        writable: true,
      },
    ],
  };
}

/** One proof of `program`: its statistics, milliseconds and phases (wall and CPU). */
function proveOnce(m: Machine, program: Program, input: Uint8Array | undefined, zk: boolean) {
  const profile: Record<string, number> = {};
  const cpuProfile: Record<string, number> = {};
  const t0 = performance.now();
  const stats = proveProgram(m, program, { input, prove: { profile, cpuProfile, zk } });
  return { stats, ms: performance.now() - t0, profile, cpuProfile };
}

function measure(prefix: string, program: Program, input?: Uint8Array, zk = false): BenchResult[] {
  const m = buildMachine(program);
  machineKeys(m); // setup is per program, not per proof
  const first = proveOnce(m, program, input, zk);
  const runs = first.stats.cycles > 2 ** 21 ? 1 : 3;
  const later = Array.from({ length: runs }, () => proveOnce(m, program, input, zk));
  console.log(
    `  ${prefix}: first proof ${first.ms.toFixed(0)} ms, then ${later.map((r) => r.ms.toFixed(0)).join(", ")} ms`,
  );
  const {
    stats,
    ms: proveMs,
    profile,
    cpuProfile,
  } = [...later].sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)];
  const receipt = receiptOf(m, stats);
  const bytes = serializeReceipt(receipt);
  const tv = performance.now();
  verifyReceipt(parseReceipt(bytes), receipt.programId);
  const verifyMs = performance.now() - tv;
  const out: BenchResult[] = [
    { name: `${prefix}_cycles`, value: stats.cycles, unit: "cycles" },
    { name: `${prefix}_segments`, value: stats.segments, unit: "segments" },
    {
      name: `${prefix}_trace_cells_per_cycle`,
      value: stats.traceCells / stats.cycles,
      unit: "cells",
    },
    { name: `${prefix}_first_prove_ms`, value: first.ms, unit: "ms" },
    { name: `${prefix}_prove_ms`, value: proveMs, unit: "ms" },
    { name: `${prefix}_prove_khz`, value: stats.cycles / proveMs, unit: "cycles/ms" },
    { name: `${prefix}_verify_ms`, value: verifyMs, unit: "ms" },
    { name: `${prefix}_proof_bytes`, value: bytes.length, unit: "bytes" },
    // The heap never shrinks and grows by half its size at a time: an upper bound of the peak.
    { name: `${prefix}_wasm_heap_mib`, value: heap().stats().memoryBytes / 2 ** 20, unit: "MiB" },
  ];
  for (const [phase, ms] of Object.entries(profile)) {
    out.push({ name: `${prefix}_phase_${phase}_ms`, value: ms, unit: "ms" });
    // CPU time of every thread over the phase: ≈ 2× the wall time when both cores are busy.
    out.push({ name: `${prefix}_phase_${phase}_cpu_ms`, value: cpuProfile[phase], unit: "ms" });
  }
  for (const [table, h] of Object.entries(stats.heights))
    console.log(`  ${prefix} ${table}: ${h} rows`);
  return out;
}

/**
 * A fresh `zkglue prove` of a guest, from process start to receipt written: what every proof
 * from the command line pays. The same proof as `measure`'s (`--no-zk`, the same input), so
 * that cold over warm is the first-proof overhead. `built`: the installed command
 * (dist/cli/main.js run as an executable, as `npx zkglue` runs it; built here first), else the
 * CLI from source under tsx (`npm run zkglue`). Median of 3.
 */
function coldProveMs(guest: string, input: Uint8Array, built: boolean): number {
  const root = new URL("..", import.meta.url).pathname;
  const elf = join(root, `examples/guests/${guest}.elf`);
  const dir = mkdtempSync(join(tmpdir(), "zkglue-bench-"));
  const inputFile = join(dir, "input.bin");
  writeFileSync(inputFile, input);
  const [cmd, pre, env] = built
    ? [join(root, "dist/cli/main.js"), [], process.env]
    : [
        join(root, "node_modules/.bin/tsx"),
        [join(root, "cli/main.ts")],
        // what `npm run zkglue` sets (package.json)
        { ...process.env, GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" },
      ];
  const times: number[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const args = [...pre, "prove", elf, "--no-zk", "--input", inputFile];
      const t0 = performance.now();
      const r = spawnSync(cmd, [...args, "-o", join(dir, "receipt.bin")], {
        encoding: "utf8",
        env,
      });
      times.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`zkglue prove ${guest} failed: ${r.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const how = built ? "dist/cli/main.js" : "tsx cli/main.ts";
  console.log(`  fresh ${how} prove ${guest}: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  return times.sort((a, b) => a - b)[1];
}

/** Builds dist/ (the installed command), which the cold figure runs. */
function buildCli(): void {
  const r = spawnSync("npx", ["tsup"], { encoding: "utf8", cwd: new URL("..", import.meta.url) });
  if (r.status !== 0) throw new Error(`tsup failed: ${r.stderr}`);
}

export async function run(): Promise<void> {
  const logCycles = Number(process.env.GLUE_BENCH_LOG_CYCLES ?? 20);
  const guests = (process.env.GLUE_BENCH_GUESTS ?? "bubble_sort,sha256").split(",");
  const results: BenchResult[] = [{ name: "loop_log_cycles", value: logCycles, unit: "log2" }];
  // Zero knowledge (core/stark/zk.ts, receipts' default) beside the ordinary proof: `*_zk_*`.
  const withZk = (prefix: string, program: Program, input?: Uint8Array): void => {
    const plain = measure(prefix, program, input);
    const zk = measure(`${prefix}_zk`, program, input, true);
    // Exact names: `…_first_prove_ms` also ends in `_prove_ms`.
    const value = (rs: BenchResult[], what: string) =>
      rs.find((r) => r.name === `${prefix}_${what}` || r.name === `${prefix}_zk_${what}`)!.value;
    results.push(...plain, ...zk, {
      name: `${prefix}_zk_over_plain_prove`,
      value: value(zk, "prove_ms") / value(plain, "prove_ms"),
      unit: "ratio",
    });
    results.push({
      name: `${prefix}_zk_over_plain_proof_bytes`,
      value: value(zk, "proof_bytes") / value(plain, "proof_bytes"),
      unit: "ratio",
    });
  };
  const zkGuests = (process.env.GLUE_BENCH_ZK ?? "loop,sha256").split(",");
  if (zkGuests.includes("loop")) withZk("loop", loopProgram(logCycles));
  else results.push(...measure("loop", loopProgram(logCycles)));
  for (const guest of guests) {
    const url = new URL(`../examples/guests/${guest}.elf`, import.meta.url);
    const input = new TextEncoder().encode("benchmark input");
    if (zkGuests.includes(guest)) withZk(`guest_${guest}`, loadElf(readFileSync(url)), input);
    else results.push(...measure(`guest_${guest}`, loadElf(readFileSync(url)), input));
  }
  if (guests.includes("sha256")) {
    buildCli();
    const input = new TextEncoder().encode("benchmark input");
    const cold = coldProveMs("sha256", input, true);
    const coldTsx = coldProveMs("sha256", input, false);
    const warm = results.find((r) => r.name === "guest_sha256_prove_ms")!.value;
    results.push(
      { name: "guest_sha256_cold_prove_ms", value: cold, unit: "ms" },
      { name: "guest_sha256_cold_over_warm", value: cold / warm, unit: "ratio" },
      { name: "guest_sha256_cold_prove_tsx_ms", value: coldTsx, unit: "ms" },
    );
  }
  report("glue.json", results);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
