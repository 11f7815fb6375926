/**
 * Run in a fresh process by core-stark.bench.ts: the README's Fibonacci AIR over 2^k rows
 * (k = argv[2], default 15), compiled, set up and proven `runs` times (argv[3], default 6) in
 * this one process, with zero knowledge if argv[4] is "zk". Prints JSON: the first proof's milliseconds (what every `zkglue prove`
 * pays: nothing compiled yet) and the later ones' (warm). Each run compiles the AIR again and
 * sets up again, as a new user's program would; only the process's caches carry over.
 */
import { compileAir, defineAir, layout } from "../core/air/index.js";
import { P } from "../core/field/babybear.js";
import { newMatrixUninit } from "../core/field/matrix.js";
import { prove } from "../core/stark/prover.js";
import { serializeProof } from "../core/stark/serialize.js";
import { setup } from "../core/stark/setup.js";
import { verify } from "../core/stark/verifier.js";

const cols = layout(["a", "b"] as const);

function fibonacciAir() {
  return compileAir(
    defineAir({
      name: "fibonacci",
      mainColumns: cols,
      numPublicValues: 1,
      eval(b) {
        b.whenFirstRow().assertEq("a0 = 0", b.local.a, 0);
        b.whenFirstRow().assertEq("b0 = 1", b.local.b, 1);
        b.whenTransition().assertEq("a' = b", b.next.a, b.local.b);
        b.whenTransition().assertEq("b' = a + b", b.next.b, b.local.a.add(b.local.b));
        b.whenLastRow().assertEq("result", b.local.b, b.public(0));
      },
    }),
  );
}

const logN = Number(process.argv[2] ?? 15);
const runs = Number(process.argv[3] ?? 6);
const zk = process.argv[4] === "zk";
let bytes = 0;
const n = 1 << logN;
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const trace = newMatrixUninit(cols.width, n);
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) {
    trace.values[2 * i] = a;
    trace.values[2 * i + 1] = b;
    [a, b] = [b, (a + b) % P];
  }
  const publicValues = Uint32Array.of(trace.values[2 * n - 1]);
  const fib = fibonacciAir();
  const pk = setup([fib]);
  const proof = prove(pk, [{ main: trace, publicValues }], { zk });
  times.push(performance.now() - t0);
  if (r === 0) {
    verify(pk.vk, proof, [publicValues]);
    bytes = serializeProof(proof).length;
  }
}
const warm = times.slice(1).sort((x, y) => x - y);
console.log(
  JSON.stringify({ cold: times[0], warm: warm[Math.floor(warm.length / 2)] ?? NaN, bytes }),
);
