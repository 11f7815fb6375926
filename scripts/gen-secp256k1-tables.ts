/**
 * Writes guest/secp256k1_tables.h, the constants of the guest's secp256k1 library
 * (guest/secp256k1_impl.h): p and n as little-endian words, the multiples 1G..15G of the
 * generator (the fixed-base window of the double-scalar multiplication) and two addition chains,
 * for x^(n−2) mod n (inversion in the scalar field, Fermat) and x^((p+1)/4) mod p (square root,
 * p ≡ 3 mod 4). Every chain is checked here by following the exponents it builds; test/guest-
 * ecdsa.test.ts checks the header is this script's output and the table against @noble/curves.
 *
 *   npx tsx scripts/gen-secp256k1-tables.ts          # rewrite the header
 *   npx tsx scripts/gen-secp256k1-tables.ts --check  # exit 1 if it is out of date
 *
 * A chain is a list of steps `dst := src^(2^sqr) · mul` over registers (register 0 holds x;
 * mul = 0xff: none); the guest runs it with one modmul256 call per squaring and multiplication.
 * It is built as libsecp256k1 builds its field and scalar chains: x_k = x^(2^k − 1) for the
 * lengths of the exponent's runs of ones (x_(a+b) = x_a^(2^b) · x_b), a table of small odd powers,
 * then a left-to-right pass over the exponent that multiplies in the longest available power
 * matching the next bits.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { SECP256K1_N, SECP256K1_P } from "../coprocessors/secp256k1/constants.js";
import {
  pointFromBigInts,
  secp256k1Add,
  secp256k1Double,
} from "../coprocessors/secp256k1/reference.js";

const ROOT = new URL("..", import.meta.url).pathname;
const OUT = `${ROOT}guest/secp256k1_tables.h`;

/** SEC 2 §2.4.1: the generator. */
const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;
const GY = 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n;

const NONE = 0xff;

interface Step {
  dst: number;
  src: number;
  sqr: number;
  mul: number;
}

/** An addition chain under construction: the exponent each register holds. */
class Chain {
  readonly steps: Step[] = [];
  readonly exps: bigint[] = [1n];
  squarings = 0;
  multiplications = 0;

  /** A new register := src^(2^sqr) · mul (mul: a register, or NONE); returns it. */
  step(src: number, sqr: number, mul: number, dst = this.exps.length): number {
    if (dst === src || dst === mul) throw new Error("a step's dst must differ from its operands");
    if (sqr === 0 && mul === NONE) throw new Error("an empty step");
    this.exps[dst] = (this.exps[src] << BigInt(sqr)) + (mul === NONE ? 0n : this.exps[mul]);
    this.steps.push({ dst, src, sqr, mul });
    this.squarings += sqr;
    if (mul !== NONE) this.multiplications++;
    return dst;
  }
}

/**
 * The chain of x^e: x_k for each k of `ones` (in order; each the sum of two earlier ones, 1 is
 * given), the odd powers x^3..x^(2^w − 1), then the bits of e below its top run of ones
 * `ones[ones.length − 1]` long, by the longest power available at each 1 bit.
 */
function buildChain(e: bigint, ones: number[], w: number): Chain {
  const c = new Chain();
  const runs = new Map<number, number>([[1, 0]]); // k → register holding x^(2^k − 1)
  for (const k of ones.slice(1)) {
    const [a, b] = findSum(k, [...runs.keys()]);
    runs.set(k, c.step(runs.get(a)!, b, runs.get(b)!));
  }
  // Odd powers x^(2j+1) for j < 2^(w−1): from x^2, reusing x^3 = x_2 and x^7 = x_3 if built.
  const byExp = new Map<bigint, number>();
  for (const [k, r] of runs) byExp.set((1n << BigInt(k)) - 1n, r);
  if (w > 1) {
    const x2 = c.step(0, 1, NONE);
    let prev = 0;
    for (let j = 1; j < 1 << (w - 1); j++) {
      const want = BigInt(2 * j + 1);
      prev = byExp.get(want) ?? c.step(x2, 0, prev);
      if (c.exps[prev] !== want) throw new Error("odd power table");
      byExp.set(want, prev);
    }
  }
  const top = ones[ones.length - 1];
  const bits = e.toString(2);
  if (!bits.startsWith("1".repeat(top)) || bits[top] === "1")
    throw new Error(`the exponent does not start with a run of exactly ${top} ones`);
  // Two accumulators, alternating, so no step writes a register it reads.
  const acc = [c.exps.length, c.exps.length + 1];
  let cur = runs.get(top)!;
  let pending = 0; // squarings owed to the zero bits passed
  let turn = 0;
  for (let i = top; i < bits.length;) {
    if (bits[i] === "0") {
      pending++;
      i++;
      continue;
    }
    // The longest available odd power whose bits are bits[i..i+len).
    let best: [number, number] | null = null;
    for (const [exp, r] of byExp) {
      const s = exp.toString(2);
      if (bits.startsWith(s, i) && (best === null || s.length > best[0])) best = [s.length, r];
    }
    const [len, r] = best!;
    cur = c.step(cur, pending + len, r, acc[turn]);
    turn ^= 1;
    pending = 0;
    i += len;
  }
  if (pending > 0) cur = c.step(cur, pending, NONE, acc[turn]);
  if (c.exps[cur] !== e) throw new Error("the chain does not compute x^e");
  return c;
}

/** Two members of `have` summing to k (the larger first). */
function findSum(k: number, have: number[]): [number, number] {
  for (const a of [...have].sort((x, y) => y - x)) if (have.includes(k - a)) return [a, k - a];
  throw new Error(`no way to build x_${k} from x_${have.join(", x_")}`);
}

const words = (x: bigint, n = 8) =>
  Array.from(
    { length: n },
    (_, i) => "0x" + ((x >> BigInt(32 * i)) & 0xffffffffn).toString(16).padStart(8, "0"),
  );

function chainC(name: string, what: string, c: Chain): string {
  const lines = c.steps.map(
    (s) => `    {${s.dst}, ${s.src}, ${s.sqr}, ${s.mul === NONE ? "SECP_CHAIN_NONE" : s.mul}},`,
  );
  const regs = Math.max(...c.steps.map((s) => s.dst)) + 1;
  return [
    `/* ${what}: ${c.squarings} squarings and ${c.multiplications} multiplications, ${regs} registers. */`,
    `#define ${name}_REGS ${regs}`,
    `#define ${name}_STEPS ${c.steps.length}`,
    `static const secp_chain_step ${name}[${c.steps.length}] = {`,
    ...lines,
    "};",
  ].join("\n");
}

/** The header's text. */
export function secp256k1TablesHeader(): string {
  let g = pointFromBigInts(GX, GY);
  const multiples: Uint32Array[] = [g];
  for (let k = 2; k <= 15; k++)
    multiples.push((g = k === 2 ? secp256k1Double(g) : secp256k1Add(g, multiples[0])));
  const hexWords = (w: Uint32Array) =>
    Array.from(w, (x) => "0x" + x.toString(16).padStart(8, "0")).join(", ");
  const table = multiples.map(
    (pt, k) =>
      `    /* ${k + 1}G */\n    {{${hexWords(pt.subarray(0, 8))},\n      ${hexWords(pt.subarray(8))}}},`,
  );
  // n − 2: 127 ones, then the low 129 bits; (p + 1)/4: runs of 223, 22 and 2 ones
  // (libsecp256k1's secp256k1_fe_sqrt chain).
  const invN = buildChain(SECP256K1_N - 2n, [1, 2, 3, 6, 12, 24, 48, 96, 120, 126, 127], 4);
  const sqrtP = buildChain(
    (SECP256K1_P + 1n) / 4n,
    [1, 2, 3, 6, 9, 11, 22, 44, 88, 176, 220, 223],
    1,
  );
  return `/*
 * Generated by scripts/gen-secp256k1-tables.ts: do not edit. The constants of the guest's
 * secp256k1 library (secp256k1_impl.h): the field prime p and the group order n (SEC 2 §2.4.1)
 * as 8 little-endian u32 words, the multiples 1G..15G of the generator (affine x‖y, 16 words), and
 * two addition chains, checked by the script: step {dst, src, sqr, mul} sets register dst :=
 * src^(2^sqr) · mul (mul = SECP_CHAIN_NONE: no multiplication); register 0 holds x; the last
 * step's dst holds the result.
 */
#ifndef SECP256K1_TABLES_H
#define SECP256K1_TABLES_H

#include <stdint.h>

typedef struct {
  uint8_t dst, src, sqr, mul;
} secp_chain_step;

#define SECP_CHAIN_NONE 0xff

typedef struct {
  uint32_t w[16];
} secp_point;

static const uint32_t SECP_P[8] = {${words(SECP256K1_P).join(", ")}};
static const uint32_t SECP_N[8] = {${words(SECP256K1_N).join(", ")}};

/* kG for k = 1..15: SECP_G_TABLE[k − 1]. */
static const secp_point SECP_G_TABLE[15] = {
${table.join("\n")}
};

${chainC("SECP_INV_N_CHAIN", "x^(n − 2) mod n = x^−1 (x ≠ 0)", invN)}

${chainC("SECP_SQRT_P_CHAIN", "x^((p + 1)/4) mod p, a square root of x when there is one", sqrtP)}

#endif
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = secp256k1TablesHeader();
  if (process.argv.includes("--check")) {
    if (readFileSync(OUT, "utf8") !== text) {
      console.error(`${OUT} is out of date: run npx tsx scripts/gen-secp256k1-tables.ts`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
