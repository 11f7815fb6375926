/**
 * The main job for now: prove and verify on bundled examples, printing what happened and how
 * long each step took.
 *
 *   1. A Fibonacci AIR (2^16 rows) proven and verified with the default parameters.
 *   2. Two tables talking over a bus: a range check of 2^14 values against a preprocessed
 *      byte table, in one proof.
 *
 * Run with `npm run demo` (sets everything up first, proves a RISC-V guest, then this) or `npx tsx examples/demo.ts`.
 */
import { compileAir, defineAir, defineBus, layout } from "../core/air/index.js";
import { P } from "../core/field/babybear.js";
import { conjecturedSecurityBits } from "../core/fri/params.js";
import { type TableWitness, prove } from "../core/stark/prover.js";
import { deserializeProof, serializeProof } from "../core/stark/serialize.js";
import { setup } from "../core/stark/setup.js";
import { verify } from "../core/stark/verifier.js";

const fibonacci = compileAir(
  defineAir({
    name: "fibonacci",
    mainColumns: layout(["a", "b"] as const),
    numPublicValues: 1,
    eval(b) {
      b.whenFirstRow().assertEq("a starts at 0", b.local.a, 0);
      b.whenFirstRow().assertEq("b starts at 1", b.local.b, 1);
      b.whenTransition().assertEq("a' = b", b.next.a, b.local.b);
      b.whenTransition().assertEq("b' = a + b", b.next.b, b.local.a.add(b.local.b));
      b.whenLastRow().assertEq("the result is public", b.local.b, b.public(0));
    },
  }),
);

const byteBus = defineBus("demo.byte", 1);
const byteTable = compileAir(
  defineAir({
    name: "byte table",
    mainColumns: layout(["multiplicity"] as const),
    preprocessedColumns: layout(["byte"] as const),
    eval(b) {
      b.receive(byteBus, [b.prepLocal.byte], b.local.multiplicity, "provide a byte");
    },
  }),
);
const rangeUser = compileAir(
  defineAir({
    name: "range user",
    mainColumns: layout(["value"] as const),
    eval(b) {
      b.send(byteBus, [b.local.value], 1, "value is a byte");
    },
  }),
);

function time<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  console.log(`  ${label.padEnd(28)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
  return r;
}

function fibonacciWitness(n: number): TableWitness {
  const values = new Uint32Array(2 * n);
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    values[2 * i] = a;
    values[2 * i + 1] = b;
    [a, b] = [b, (a + b) % P];
  }
  return { main: { values, width: 2, height: n }, publicValues: Uint32Array.of(values[2 * n - 1]) };
}

function rangeWitness(n: number): TableWitness[] {
  const xs = new Uint32Array(n);
  const mult = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    xs[i] = (i * 2654435761) >>> 24;
    mult[xs[i]]++;
  }
  return [
    { main: { values: mult, width: 1, height: 256 } },
    { main: { values: xs, width: 1, height: n } },
  ];
}

console.log("zkglue demo: multi-table STARK over BabyBear, FRI + BLAKE3 Merkle commitments\n");

console.log(`1. Fibonacci, 2^16 rows`);
const fibKey = time("setup", () => setup([fibonacci]));
console.log(`  security: ${conjecturedSecurityBits(fibKey.vk.params)} bits (conjectured)`);
const fibW = fibonacciWitness(1 << 16);
const fibProof = time("prove", () => prove(fibKey, [fibW]));
const fibBytes = serializeProof(fibProof);
time("verify", () => verify(fibKey.vk, deserializeProof(fibBytes), [fibW.publicValues!]));
console.log(
  `  proof size: ${(fibBytes.length / 1024).toFixed(1)} KiB; F(2^16) mod p = ${fibW.publicValues![0]}\n`,
);

console.log(
  "2. Range check of 2^14 values against a preprocessed byte table (two tables, one bus)",
);
const bytes = { values: Uint32Array.from({ length: 256 }, (_, i) => i), width: 1, height: 256 };
const rangeKey = time("setup", () => setup([byteTable, rangeUser], [bytes, undefined]));
const rangeW = rangeWitness(1 << 14);
const rangeProof = time("prove", () => prove(rangeKey, rangeW));
const rangeBytes = serializeProof(rangeProof);
time("verify", () =>
  verify(rangeKey.vk, deserializeProof(rangeBytes), [new Uint32Array(0), new Uint32Array(0)]),
);
console.log(`  proof size: ${(rangeBytes.length / 1024).toFixed(1)} KiB\n`);

console.log("3. A cheating prover: one Fibonacci cell changed");
const bad = { ...fibW, main: { ...fibW.main, values: fibW.main.values.slice() } };
bad.main.values[1001] ^= 1;
try {
  prove(fibKey, [bad]);
} catch (err) {
  console.log(`  refused: ${(err as Error).message}`);
}
const forced = prove(fibKey, [bad], { unsafeSkipChecks: true });
try {
  verify(fibKey.vk, forced, [fibW.publicValues!]);
  console.log("  ERROR: a false proof verified");
  process.exit(1);
} catch (err) {
  console.log(`  forced proof rejected: ${(err as Error).message}`);
}
