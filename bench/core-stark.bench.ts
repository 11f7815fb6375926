/**
 * The STARK benchmarks of bench/results/core.json:
 *   stark_prove_2_20x100_ms / stark_verify_2_20x100_ms / stark_proof_bytes_2_20x100 — one table
 *     of 2^20 rows × 100 columns with 50 degree-3 constraints and 4 bus interactions, balanced
 *     by a second table;
 *     (median of 3), with its wall and CPU milliseconds per phase (`…_phase_<phase>_ms`,
 *     `…_phase_<phase>_cpu_ms`: CPU of every thread, ≈ 2× wall when both cores are busy) and
 *     `lde_commit_2_20x100_ms`, the LDE + commit of its trace alone, measured in the same run;
 *   stark_prove_multi_ms — five tables of heights 2^14 … 2^18 on two buses;
 *   fib_2_15_cold_ms / fib_2_15_warm_ms — the README's Fibonacci AIR, first proof of a fresh
 *     process and later ones (bench/fib-first-proof.ts), and its proof's bytes;
 *   *_zk_* — the same with zero-knowledge proofs (core/stark/zk.ts): fib_zk_2_15_{cold,warm}_ms,
 *     fib_proof_bytes_zk_2_15; the wide table at 2^19 rows with and without ZK (a ZK proof of
 *     2^20 x 100 needs the whole 4 GiB heap): stark_prove_{,zk_}2_19x100_ms (with phases),
 *     stark_verify_…, stark_proof_bytes_…, and the ratios ZK / ordinary (`…_zk_over_plain_…`).
 * Prints where the prover's time goes, per phase. ZKGLUE_BENCH_LOG=k runs the first at 2^k rows
 * (quick runs while working); the JSON names always say what was measured.
 */
import { type Air, compileAir, defineAir, defineBus } from "../core/air/index.js";
import { P, mul } from "../core/field/babybear.js";
import { newMatrixUninit } from "../core/field/matrix.js";
import { prove, type TableWitness } from "../core/stark/prover.js";
import { serializeProof } from "../core/stark/serialize.js";
import { freeBatch, pcsCommit } from "../core/fri/pcs.js";
import { DEFAULT_FRI_PARAMS } from "../core/fri/params.js";
import { spawnSync } from "node:child_process";
import { setup } from "../core/stark/setup.js";
import { verify } from "../core/stark/verifier.js";
import { medianMs, report, type BenchResult } from "./report.js";

const pairBus = defineBus("bench.pair", 2);
const cols = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** a_j · a_(j+1) · a_(j+2) = o_j for j < 50; sends (a_k, o_k) for k < 4. */
const wideAir: Air = defineAir({
  name: "wide",
  mainColumns: [...cols("a", 50), ...cols("o", 50)],
  eval(b) {
    const m = b.local as unknown as Record<string, ReturnType<typeof b.public>>;
    for (let j = 0; j < 50; j++) {
      b.assertEq(
        `o${j}`,
        m[`a${j}`].mul(m[`a${(j + 1) % 50}`]).mul(m[`a${(j + 2) % 50}`]),
        m[`o${j}`],
      );
    }
    for (let k = 0; k < 4; k++) b.send(pairBus, [m[`a${k}`], m[`o${k}`]], 1);
  },
});

/** Receives the four pairs of each row of the wide table. */
const receiverAir: Air = defineAir({
  name: "receiver",
  mainColumns: [...cols("a", 4), ...cols("o", 4)],
  eval(b) {
    const m = b.local as unknown as Record<string, ReturnType<typeof b.public>>;
    for (let k = 0; k < 4; k++) b.receive(pairBus, [m[`a${k}`], m[`o${k}`]], 1);
  },
});

let seed = 0x9e3779b9;
function rand(): number {
  seed = (Math.imul(seed, 747796405) + 2891336453) >>> 0;
  return seed % P;
}

function wideWitness(logN: number): TableWitness[] {
  const n = 1 << logN;
  const wide = newMatrixUninit(100, n);
  const recv = newMatrixUninit(8, n);
  const a = new Uint32Array(50);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 50; j++) a[j] = rand();
    const row = i * 100;
    for (let j = 0; j < 50; j++) {
      wide.values[row + j] = a[j];
      wide.values[row + 50 + j] = mul(mul(a[j], a[(j + 1) % 50]), a[(j + 2) % 50]);
    }
    for (let k = 0; k < 4; k++) {
      recv.values[8 * i + k] = a[k];
      recv.values[8 * i + 4 + k] = wide.values[row + 50 + k];
    }
  }
  return [{ main: wide }, { main: recv }];
}

function printProfile(title: string, profile: Record<string, number>): void {
  const total = Object.values(profile).reduce((s, x) => s + x, 0);
  console.log(`${title}: ${total.toFixed(0)} ms`);
  for (const [k, v] of Object.entries(profile)) {
    console.log(
      `  ${k.padEnd(14)} ${v.toFixed(0).padStart(7)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%`,
    );
  }
}

/** Median of `runs` calls of `fn`, and the wall and CPU milliseconds per phase of that run. */
function provePhases(
  runs: number,
  fn: (profile: Record<string, number>, cpu: Record<string, number>) => void,
): { ms: number; profile: Record<string, number>; cpu: Record<string, number> } {
  const all: { ms: number; profile: Record<string, number>; cpu: Record<string, number> }[] = [];
  for (let r = 0; r < runs; r++) {
    const profile: Record<string, number> = {};
    const cpu: Record<string, number> = {};
    const t0 = performance.now();
    fn(profile, cpu);
    all.push({ ms: performance.now() - t0, profile, cpu });
  }
  all.sort((a, b) => a.ms - b.ms);
  return all[Math.floor(all.length / 2)];
}

/** Coset LDE + Merkle commit of `m` alone (what committing the trace costs), median of 3. */
async function ldeCommitMs(m: TableWitness["main"], logBlowup: number): Promise<number> {
  return medianMs(3, () => freeBatch(pcsCommit([m], { ...DEFAULT_FRI_PARAMS, logBlowup })));
}

async function benchWide(logN: number): Promise<BenchResult[]> {
  const airs = [compileAir(wideAir), compileAir(receiverAir)];
  const pk = setup(airs);
  const witness = wideWitness(logN);
  const cold: Record<string, number> = {};
  let proof = prove(pk, witness, { profile: cold });
  printProfile(`prove 2^${logN} x 100, first run (JIT and fresh memory), phases`, cold);
  const warm = provePhases(3, (profile, cpuProfile) => {
    proof = prove(pk, witness, { profile, cpuProfile });
  });
  printProfile(
    `prove 2^${logN} x 100, warm (median of 3, the figure reported), phases`,
    warm.profile,
  );
  // The yardstick, measured in this run: LDE + commit of the 100-column trace alone.
  const ldeMs = await ldeCommitMs(witness[0].main, pk.vk.params.logBlowup);
  console.log(`  LDE + commit of the 2^${logN} x 100 trace alone: ${ldeMs.toFixed(0)} ms`);
  const publics = [new Uint32Array(0), new Uint32Array(0)];
  const verifyMs = await medianMs(5, () => verify(pk.vk, proof, publics));
  const tag = `2_${logN}x100`;
  const out: BenchResult[] = [
    { name: `stark_prove_${tag}_ms`, value: warm.ms, unit: "ms" },
    { name: `lde_commit_${tag}_ms`, value: ldeMs, unit: "ms" },
    { name: `stark_prove_over_lde_commit_${tag}`, value: warm.ms / ldeMs, unit: "ratio" },
    { name: `stark_verify_${tag}_ms`, value: verifyMs, unit: "ms" },
    { name: `stark_proof_bytes_${tag}`, value: serializeProof(proof).length, unit: "bytes" },
  ];
  for (const [phase, ms] of Object.entries(warm.profile)) {
    out.push({ name: `stark_prove_${tag}_phase_${phase}_ms`, value: ms, unit: "ms" });
    out.push({
      name: `stark_prove_${tag}_phase_${phase}_cpu_ms`,
      value: warm.cpu[phase],
      unit: "ms",
    });
  }
  return out;
}

/**
 * The wide table with and without zero knowledge (core/stark/zk.ts), medians of 3 each, at
 * 2^logN rows: a ZK proof commits every witness column at twice its height, and at 2^20 x 100
 * it needs the whole 4 GiB WebAssembly heap (measured in a fresh process), so the comparison
 * runs one size below the main figure.
 */
async function benchWideZk(logN: number): Promise<BenchResult[]> {
  const pk = setup([compileAir(wideAir), compileAir(receiverAir)]);
  const witness = wideWitness(logN);
  const publics = [new Uint32Array(0), new Uint32Array(0)];
  const run = (zk: boolean) => {
    let proof = prove(pk, witness, { zk });
    const m = provePhases(3, (profile, cpuProfile) => {
      proof = prove(pk, witness, { zk, profile, cpuProfile });
    });
    printProfile(
      `prove 2^${logN} x 100${zk ? " with zero knowledge" : ""}, warm, phases`,
      m.profile,
    );
    return { ...m, proof, bytes: serializeProof(proof).length };
  };
  const plain = run(false);
  const zk = run(true);
  const zkVerifyMs = await medianMs(5, () => verify(pk.vk, zk.proof, publics));
  const plainVerifyMs = await medianMs(5, () => verify(pk.vk, plain.proof, publics));
  console.log(
    `  zero knowledge at 2^${logN} x 100: prove ${zk.ms.toFixed(0)} ms vs ${plain.ms.toFixed(0)} ms ` +
      `(${(zk.ms / plain.ms).toFixed(2)}x), ${zk.bytes} vs ${plain.bytes} bytes ` +
      `(${(zk.bytes / plain.bytes).toFixed(2)}x)`,
  );
  const tag = `2_${logN}x100`;
  const out: BenchResult[] = [
    { name: `stark_prove_${tag}_ms`, value: plain.ms, unit: "ms" },
    { name: `stark_prove_zk_${tag}_ms`, value: zk.ms, unit: "ms" },
    { name: `stark_prove_zk_over_plain_${tag}`, value: zk.ms / plain.ms, unit: "ratio" },
    { name: `stark_verify_${tag}_ms`, value: plainVerifyMs, unit: "ms" },
    { name: `stark_verify_zk_${tag}_ms`, value: zkVerifyMs, unit: "ms" },
    { name: `stark_proof_bytes_${tag}`, value: plain.bytes, unit: "bytes" },
    { name: `stark_proof_bytes_zk_${tag}`, value: zk.bytes, unit: "bytes" },
    {
      name: `stark_proof_bytes_zk_over_plain_${tag}`,
      value: zk.bytes / plain.bytes,
      unit: "ratio",
    },
  ];
  for (const [name, m] of [
    [`stark_prove_${tag}`, plain],
    [`stark_prove_zk_${tag}`, zk],
  ] as const) {
    for (const [phase, ms] of Object.entries(m.profile)) {
      out.push({ name: `${name}_phase_${phase}_ms`, value: ms, unit: "ms" });
      out.push({ name: `${name}_phase_${phase}_cpu_ms`, value: m.cpu[phase], unit: "ms" });
    }
  }
  return out;
}

/**
 * The README's Fibonacci AIR at 2^15 rows: the first proof of a fresh process (cold) and the
 * later ones (warm), each process run by bench/fib-first-proof.ts; medians over 3 processes.
 */
function benchFibFirstProof(): BenchResult[] {
  const script = new URL("./fib-first-proof.ts", import.meta.url).pathname;
  const tsx = new URL("../node_modules/.bin/tsx", import.meta.url).pathname;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
  const measure = (zk: boolean) => {
    const cold: number[] = [];
    const warm: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const args = [script, "15", "6", ...(zk ? ["zk"] : [])];
      const r = spawnSync(tsx, args, { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`fib-first-proof failed: ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
        cold: number;
        warm: number;
        bytes: number;
      };
      cold.push(out.cold);
      warm.push(out.warm);
      bytes = out.bytes;
    }
    console.log(
      `fibonacci 2^15${zk ? " with zero knowledge" : ""}, first proof of a process: ` +
        `${cold.map((x) => x.toFixed(0)).join(", ")} ms; warm: ` +
        `${warm.map((x) => x.toFixed(0)).join(", ")} ms; ${bytes} bytes`,
    );
    return { cold: median(cold), warm: median(warm), bytes };
  };
  const plain = measure(false);
  const zk = measure(true);
  return [
    { name: "fib_2_15_cold_ms", value: plain.cold, unit: "ms" },
    { name: "fib_2_15_warm_ms", value: plain.warm, unit: "ms" },
    { name: "fib_2_15_cold_over_warm", value: plain.cold / plain.warm, unit: "ratio" },
    { name: "fib_proof_bytes_2_15", value: plain.bytes, unit: "bytes" },
    { name: "fib_zk_2_15_cold_ms", value: zk.cold, unit: "ms" },
    { name: "fib_zk_2_15_warm_ms", value: zk.warm, unit: "ms" },
    { name: "fib_zk_over_plain_2_15_warm", value: zk.warm / plain.warm, unit: "ratio" },
    { name: "fib_proof_bytes_zk_2_15", value: zk.bytes, unit: "bytes" },
  ];
}

const multiBusA = defineBus("bench.multiA", 1);
const multiBusB = defineBus("bench.multiB", 1);

/** Table i: 8 columns, 4 degree-3 constraints; sends x0 and receives x1 on bus A, x2/x3 on B. */
function multiAir(i: number): Air {
  const busA = multiBusA;
  const busB = multiBusB;
  return defineAir({
    name: `multi${i}`,
    mainColumns: cols("x", 8),
    eval(b) {
      const m = b.local as unknown as Record<string, ReturnType<typeof b.public>>;
      for (let j = 0; j < 4; j++)
        b.assertEq(`c${j}`, m[`x${j}`].mul(m[`x${j + 1}`]).mul(m[`x${j + 2}`]), m[`x${j + 4}`]);
      b.send(busA, [m.x0], 1);
      b.receive(busA, [m.x1], 1);
      b.send(busB, [m.x2], 1);
      b.receive(busB, [m.x3], 1);
    },
  });
}

/** x1, x3 are x0, x2 of the mirrored row (so both buses balance within the table); x4..x7 follow the constraints. */
function multiWitness(logN: number): TableWitness {
  const n = 1 << logN;
  const m = newMatrixUninit(8, n);
  const x0 = Array.from({ length: n }, rand);
  const x2 = Array.from({ length: n }, rand);
  for (let i = 0; i < n; i++) {
    const r = m.values.subarray(8 * i, 8 * i + 8);
    r[0] = x0[i];
    r[1] = x0[n - 1 - i];
    r[2] = x2[i];
    r[3] = x2[n - 1 - i];
    for (let j = 0; j < 4; j++) r[j + 4] = mul(mul(r[j], r[j + 1]), r[j + 2]);
  }
  return { main: m };
}

async function benchMulti(): Promise<BenchResult[]> {
  const airs = [0, 1, 2, 3, 4].map((i) => compileAir(multiAir(i)));
  const witness = [14, 15, 16, 17, 18].map(multiWitness);
  const pk = setup(airs);
  const cold: Record<string, number> = {};
  prove(pk, witness, { profile: cold });
  printProfile("prove five tables 2^14..2^18, first run, phases", cold);
  const warm: Record<string, number> = {};
  const ms = await medianMs(3, () => {
    for (const k of Object.keys(warm)) delete warm[k];
    prove(pk, witness, { profile: warm });
  });
  printProfile("prove five tables 2^14..2^18, warm, phases", warm);
  return [{ name: "stark_prove_multi_ms", value: ms, unit: "ms" }];
}

export async function run(): Promise<void> {
  const logN = Number(process.env.ZKGLUE_BENCH_LOG ?? 20);
  const results = [
    ...benchFibFirstProof(),
    ...(await benchWide(logN)),
    ...(await benchWideZk(logN - 1)),
    ...(await benchMulti()),
  ];
  report("core.json", results);
}
