/**
 * The guest's secp256k1 library (guest/secp256k1_impl.h over the coprocessors, and its software
 * twin) through the example guests, against @noble/curves and BigInt:
 * - ecdsa_verify_cop gives noble's verdict (`verify(sig, hash, key, { prehash: false, lowS:
 *   false })`) on 261 generated cases, valid and invalid: changed message, high s, r or s = 0 or
 *   ≥ n, public key off the curve or with a coordinate ≥ p, another key, a hash ≥ n, R.x ≥ n,
 *   R at infinity, and cases built so that the accumulator meets ±q (the library's exceptional
 *   sums) — every verify within 30,000 cycles;
 * - ecrecover_cop gives noble's recovered key, or fails where noble throws, on 222 cases: right
 *   and wrong recid, recid 2/3 (with R.x ≥ n built to succeed), recid > 3, r or s out of range, r
 *   not an x coordinate, a hash ≥ n, the key at infinity;
 * - modexp256_cop gives BigInt's base^exp mod m (EIP-198: modulus 0 gives 0, x^0 = 1) on edge and
 *   random lengths, and ZKVM_EFAIL for moduli above 256 bits;
 * - the *_sw twins commit the same journals (under qemu-riscv32, which runs them fast; the default
 *   case also under the executor, for the cycle counts printed here);
 * - guest/secp256k1_tables.h is the generator's output and its G multiples are noble's.
 * The coprocessor guests run with the executor-only coprocessors (execute.ts).
 */
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modmul256Executor } from "../../coprocessors/modmul256/execute.js";
import {
  secp256k1AddExecutor,
  secp256k1DoubleExecutor,
} from "../../coprocessors/secp256k1/execute.js";
import { execute, loadElf, type RunResult } from "../../glue/riscv/index.js";
import { secp256k1TablesHeader } from "../../scripts/gen-secp256k1-tables.js";

const DIR = new URL("../../examples/guests/", import.meta.url).pathname;
const GUEST = new URL("../../guest/", import.meta.url).pathname;
const COPS = [modmul256Executor, secp256k1AddExecutor, secp256k1DoubleExecutor];
const programs = new Map<string, ReturnType<typeof loadElf>>();
const elf = (name: string) => {
  if (!programs.has(name))
    programs.set(name, loadElf(new Uint8Array(readFileSync(`${DIR}${name}.elf`))));
  return programs.get(name)!;
};
const run = (name: string, input: Uint8Array = new Uint8Array(0)): RunResult => {
  const r = execute(elf(name), { input, coprocessors: COPS });
  expect(r.exitCode, `${name}: ${new TextDecoder().decode(r.stderr)}`).toBe(0);
  return r;
};
/** The journal of `name` under qemu-riscv32 (fd 3 redirected to stdout) with `input` on stdin. */
const qemuJournal = (name: string, input: Uint8Array): string => {
  const r = spawnSync("sh", ["-c", `qemu-riscv32 ${DIR}${name}.elf 3>&1 1>/dev/null`], {
    input,
    maxBuffer: 1 << 20,
  });
  if (r.error) throw new Error(`cannot run qemu-riscv32: ${r.error.message}`);
  expect(r.status, `${name} under qemu: ${r.stderr}`).toBe(0);
  return r.stdout.toString("hex");
};

const Point = secp256k1.Point;
type NoblePoint = InstanceType<typeof Point>;
const P = Point.Fp.ORDER;
const N = Point.Fn.ORDER;
const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;
const inv = (x: bigint) => Point.Fn.inv(mod(x, N));

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const be = (x: bigint, bytes = 32) => {
  const out = new Uint8Array(bytes);
  for (let i = bytes - 1; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};
const num = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt("0x" + hex(b)));
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};
const u32le = (...xs: number[]) => new Uint8Array(Uint32Array.from(xs).buffer);

/** Deterministic pseudo-random source (xorshift32), so a failure reproduces. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const word = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const big = (bits = 256) => {
    let v = 0n;
    for (let i = 0; i < Math.ceil(bits / 32); i++) v = (v << 32n) | BigInt(word());
    return v >> BigInt(32 * Math.ceil(bits / 32) - bits);
  };
  return { word, big, scalar: () => (big() % (N - 1n)) + 1n, below: (k: number) => word() % k };
}

const xy = (pt: NoblePoint) => {
  const { x, y } = pt.toAffine();
  return cat(be(x), be(y));
};
/** The point with x coordinate x and the y of the given parity, if any. */
function lift(x: bigint, odd: boolean): NoblePoint | null {
  try {
    return Point.fromBytes(cat(Uint8Array.of(odd ? 3 : 2), be(x)));
  } catch {
    return null;
  }
}

/** One ECDSA case: the 32-byte hash, r‖s and x‖y as the guest reads them. */
interface VerifyCase {
  kind: string;
  msg: Uint8Array;
  sig: Uint8Array;
  pub: Uint8Array;
}

const sigBytes = (r: bigint, s: bigint) => cat(be(r), be(s));

/**
 * A signature of hash z (< n) by key q·G through chosen u1 = z/s and u2 = r/s: R = u1·G + u2·Q,
 * r = R.x mod n, s = r/u2, z = u1·s. With Q = ±G and equal nibbles in u1 and u2 the guest's
 * accumulator meets ±q on the way (its doubling and infinity cases); R at infinity gives a
 * signature that must not verify.
 */
function crafted(kind: string, q: bigint, u1: bigint, u2: bigint, r0 = 1234567n): VerifyCase {
  const Q = Point.BASE.multiply(q);
  const R = Point.BASE.multiplyUnsafe(u1).add(Q.multiplyUnsafe(u2));
  const r = R.is0() ? r0 : mod(R.toAffine().x, N);
  const s = mod(r * inv(u2), N);
  const z = mod(u1 * s, N);
  return { kind, msg: be(z), sig: sigBytes(r, s), pub: xy(Q) };
}

/** Signs the hash bytes `msg` (any 256-bit value; noble uses it mod n) with key sk. */
function sign(msg: Uint8Array, sk: bigint) {
  const sig = secp256k1.sign(msg, be(sk), { prehash: false, format: "recovered" });
  return { recid: sig[0], sig: sig.slice(1) };
}

function verifyCases(): VerifyCase[] {
  const g = rng(0x5ec9);
  const cases: VerifyCase[] = [];
  const key = () => g.scalar();
  const pubOf = (sk: bigint) => secp256k1.getPublicKey(be(sk), false).slice(1);
  for (let i = 0; i < 100; i++) {
    const sk = key();
    const msg = be(g.big());
    const { sig } = sign(msg, sk);
    const pub = pubOf(sk);
    const r = num(sig.slice(0, 32));
    const s = num(sig.slice(32));
    cases.push({ kind: "valid", msg, sig, pub });
    if (i < 30) cases.push({ kind: "high s", msg, sig: sigBytes(r, N - s), pub });
    if (i < 30) {
      const other = msg.slice();
      other[g.below(32)] ^= 1 << g.below(8);
      cases.push({ kind: "changed message", msg: other, sig, pub });
    }
    if (i < 15) cases.push({ kind: "another key", msg, sig, pub: pubOf(key()) });
    if (i < 18) {
      const bad: [bigint, bigint][] = [
        [0n, s],
        [r, 0n],
        [N, s],
        [r, N],
        [r + N < 2n ** 256n ? r + N : 2n ** 256n - 1n, s],
        [r, 2n ** 256n - 1n],
      ];
      const [br, bs] = bad[i % bad.length];
      cases.push({ kind: "r or s out of range", msg, sig: sigBytes(br, bs), pub });
    }
    if (i < 18) {
      const { x, y } = Point.fromBytes(cat(Uint8Array.of(4), pub)).toAffine();
      const off: [bigint, bigint][] = [
        [x, mod(y + 1n, P)],
        [mod(x + 1n, P), y],
        [x + P < 2n ** 256n ? x + P : P, y],
        [x, y + P < 2n ** 256n ? y + P : P],
        [0n, 0n],
        [2n ** 256n - 1n, 2n ** 256n - 1n],
      ];
      const [ox, oy] = off[i % off.length];
      cases.push({ kind: "key off the curve", msg, sig, pub: cat(be(ox), be(oy)) });
    }
  }
  for (let i = 0; i < 12; i++) {
    // A hash ≥ n: noble signs it mod n, the guest must read it mod n too.
    const msg = be(N + (g.big(128) % (2n ** 256n - N)));
    const sk = key();
    const { sig } = sign(msg, sk);
    cases.push({ kind: "hash ≥ n", msg, sig, pub: pubOf(sk) });
    if (i < 4)
      cases.push({ kind: "hash ≥ n, as hash − n", msg: be(num(msg) - N), sig, pub: pubOf(sk) });
  }
  for (let i = 0; i < 8; i++) {
    // R.x ≥ n: a point R with such an x, r = R.x − n, and the key that makes (r, s) valid.
    let R: NoblePoint | null = null;
    for (let x = N + g.big(100); R === null; x++) R = lift(x, (i & 1) === 1);
    const r = R.toAffine().x - N;
    const s = g.scalar();
    const z = g.scalar();
    const Q = R.multiply(s).subtract(Point.BASE.multiply(z)).multiply(inv(r));
    cases.push({ kind: "R.x ≥ n", msg: be(z), sig: sigBytes(r, s), pub: xy(Q) });
  }
  for (let i = 0; i < 6; i++) {
    const u = g.scalar();
    cases.push(crafted("acc = q (doubling)", 1n, u, u));
    cases.push(crafted("acc = −q (infinity), R = ∞", N - 1n, u, u));
    cases.push(crafted("acc = −q then on", N - 1n, u, (u + 1n + g.big(8)) % N));
    const q = g.scalar();
    cases.push(crafted("R = ∞", q, mod(-u * q, N), u));
  }
  cases.push(crafted("u1 = 0", g.scalar(), 0n, g.scalar()));
  cases.push(crafted("small scalars", 3n, 1n, 1n));
  return cases;
}

const nobleVerify = (c: VerifyCase) =>
  secp256k1.verify(c.sig, c.msg, cat(Uint8Array.of(4), c.pub), { prehash: false, lowS: false });

describe("ECDSA verify in the guest (zkvm_secp256k1_verify on the coprocessors)", () => {
  const cases = verifyCases();

  it("gives @noble/curves' verdict on 261 cases, each within 30,000 cycles", () => {
    expect(cases.length).toBe(261);
    const kinds = new Map<string, [number, number, number]>();
    let maxCycles = 0;
    for (const c of cases) {
      const want = nobleVerify(c);
      const r = run("ecdsa_verify_cop", cat(c.msg, c.sig, c.pub));
      expect(hex(r.journal), c.kind).toBe(hex(cat(c.msg, c.pub, u32le(0, want ? 1 : 0))));
      const [t, f, most] = kinds.get(c.kind) ?? [0, 0, 0];
      kinds.set(
        c.kind,
        want ? [t + 1, f, Math.max(most, r.cycles)] : [t, f + 1, Math.max(most, r.cycles)],
      );
      maxCycles = Math.max(maxCycles, r.cycles);
    }
    console.log(
      `ecdsa_verify_cop: ${cases.length} cases, at most ${maxCycles} cycles; by kind [true, false, most cycles]:`,
      Object.fromEntries(kinds),
    );
    expect(maxCycles).toBeLessThanOrEqual(30_000);
    // The generated cases cover both verdicts where both are possible.
    expect(kinds.get("valid")?.slice(0, 2)).toEqual([100, 0]);
    expect(kinds.get("high s")?.slice(0, 2)).toEqual([30, 0]);
    expect(kinds.get("hash ≥ n")?.slice(0, 2)).toEqual([12, 0]);
    expect(kinds.get("R.x ≥ n")?.slice(0, 2)).toEqual([8, 0]);
    expect(kinds.get("acc = q (doubling)")?.slice(0, 2)).toEqual([6, 0]);
    expect(kinds.get("acc = −q (infinity), R = ∞")?.slice(0, 2)).toEqual([0, 6]);
    for (const k of ["changed message", "another key", "r or s out of range", "key off the curve"])
      expect(kinds.get(k)?.[0], k).toBe(0);
  });

  it("the built cases do reach the library's exceptional sums (acc = q doubles, acc = −q clears)", () => {
    // Doublings: one for the table of q, four per round once the accumulator is set, plus one
    // for each acc + q with acc = q; so ≡ 1 mod 4 normally and ≡ 2 after one such doubling.
    const doublings = (c: VerifyCase) => {
      let n = 0;
      const counting = {
        ...secp256k1DoubleExecutor,
        execute: (ctx: Parameters<typeof secp256k1DoubleExecutor.execute>[0]) => {
          n++;
          return secp256k1DoubleExecutor.execute(ctx);
        },
      };
      const input = cat(c.msg, c.sig, c.pub);
      execute(elf("ecdsa_verify_cop"), {
        input,
        coprocessors: [modmul256Executor, secp256k1AddExecutor, counting],
      });
      return n;
    };
    for (const c of cases.filter((c) => c.kind === "acc = q (doubling)"))
      expect(doublings(c) % 4).toBe(2);
    for (const c of cases.filter((c) => c.kind === "valid").slice(0, 5))
      expect(doublings(c) % 4).toBe(1);
    // acc = −q at every round: the accumulator is cleared each time, so no round doubles.
    for (const c of cases.filter((c) => c.kind === "acc = −q (infinity), R = ∞"))
      expect(doublings(c)).toBe(1);
  });

  it("the built-in case verifies, and the software twin (under qemu) agrees on a sample", () => {
    const r = run("ecdsa_verify_cop");
    expect(hex(r.journal.slice(96))).toBe(hex(u32le(0, 1)));
    const sample = cases.filter((_, i) => i % 8 === 0);
    for (const c of sample) {
      const input = cat(c.msg, c.sig, c.pub);
      expect(qemuJournal("ecdsa_verify_sw", input), c.kind).toBe(
        hex(run("ecdsa_verify_cop", input).journal),
      );
    }
  });
});

/** One ecrecover case. */
interface RecoverCase {
  kind: string;
  msg: Uint8Array;
  sig: Uint8Array;
  recid: number;
}

function recoverCases(): RecoverCase[] {
  const g = rng(0xec2e);
  const cases: RecoverCase[] = [];
  for (let i = 0; i < 90; i++) {
    const msg = be(g.big());
    const { sig, recid } = sign(msg, g.scalar());
    const r = num(sig.slice(0, 32));
    const s = num(sig.slice(32));
    cases.push({ kind: "valid", msg, sig, recid });
    if (i < 35) cases.push({ kind: "high s", msg, sig: sigBytes(r, N - s), recid: recid ^ 1 });
    if (i < 35) cases.push({ kind: "wrong recid", msg, sig, recid: recid ^ 1 });
    if (i < 10) cases.push({ kind: "recid 2 or 3, r + n ≥ p", msg, sig, recid: recid | 2 });
    if (i < 8) cases.push({ kind: "recid > 3", msg, sig, recid: [4, 5, 27, 255][i % 4] });
    if (i < 12) {
      const bad: [bigint, bigint][] = [
        [0n, s],
        [r, 0n],
        [N, s],
        [r, N],
        [2n ** 256n - 1n, s],
        [r, 2n ** 256n - 1n],
      ];
      const [br, bs] = bad[i % bad.length];
      cases.push({ kind: "r or s out of range", msg, sig: sigBytes(br, bs), recid });
    }
  }
  for (let i = 0; i < 10; i++) {
    // r with no point: x³ + 7 not a square.
    let r = g.scalar();
    while (lift(r, false) !== null) r = g.scalar();
    cases.push({
      kind: "r not an x coordinate",
      msg: be(g.big()),
      sig: sigBytes(r, g.scalar()),
      recid: i & 1,
    });
  }
  for (let i = 0; i < 10; i++) {
    const msg = be(N + (g.big(128) % (2n ** 256n - N)));
    const { sig, recid } = sign(msg, g.scalar());
    cases.push({ kind: "hash ≥ n", msg, sig, recid });
  }
  for (let i = 0; i < 8; i++) {
    // R.x = r + n (recid 2 or 3): some point with x ≥ n; any s and z recover some key.
    let R: NoblePoint | null = null;
    for (let x = N + g.big(100); R === null; x++) R = lift(x, (i & 1) === 1);
    const r = R.toAffine().x - N;
    cases.push({
      kind: "recid 2 or 3",
      msg: be(g.scalar()),
      sig: sigBytes(r, g.scalar()),
      recid: 2 | (i & 1),
    });
  }
  for (let i = 0; i < 4; i++) {
    // The key at infinity: s·R = z·G with R = k·G, so z = s·k.
    const k = g.scalar();
    const R = Point.BASE.multiply(k).toAffine();
    const s = g.scalar();
    const recid = Number(R.y & 1n) | (R.x >= N ? 2 : 0);
    cases.push({
      kind: "key at infinity",
      msg: be(mod(s * k, N)),
      sig: sigBytes(mod(R.x, N), s),
      recid,
    });
  }
  return cases;
}

/** noble's recovered key (x‖y), or null where it throws. */
function nobleRecover(c: RecoverCase): Uint8Array | null {
  try {
    const sig = new secp256k1.Signature(num(c.sig.slice(0, 32)), num(c.sig.slice(32)), c.recid);
    return sig.recoverPublicKey(c.msg).toBytes(false).slice(1);
  } catch {
    return null;
  }
}

const recoverJournal = (c: RecoverCase, key: Uint8Array | null) =>
  hex(cat(c.msg, u32le(key === null ? 0xffffffff : 0), key ?? new Uint8Array(64)));

describe("ecrecover in the guest (zkvm_secp256k1_ecrecover on the coprocessors)", () => {
  const cases = recoverCases();

  it("recovers @noble/curves' key, or fails where noble throws, on 222 cases", () => {
    expect(cases.length).toBe(222);
    const kinds = new Map<string, [number, number]>();
    let maxCycles = 0;
    for (const c of cases) {
      const want = nobleRecover(c);
      const r = run("ecrecover_cop", cat(c.msg, c.sig, Uint8Array.of(c.recid)));
      expect(hex(r.journal), c.kind).toBe(recoverJournal(c, want));
      const [ok, fail] = kinds.get(c.kind) ?? [0, 0];
      kinds.set(c.kind, want !== null ? [ok + 1, fail] : [ok, fail + 1]);
      maxCycles = Math.max(maxCycles, r.cycles);
    }
    console.log(
      `ecrecover_cop: ${cases.length} cases, at most ${maxCycles} cycles; outcomes by kind (key/fail):`,
      Object.fromEntries(kinds),
    );
    expect(kinds.get("valid")).toEqual([90, 0]);
    expect(kinds.get("recid 2 or 3")).toEqual([8, 0]);
    expect(kinds.get("key at infinity")).toEqual([0, 4]);
    expect(kinds.get("r not an x coordinate")).toEqual([0, 10]);
    expect(kinds.get("recid > 3")).toEqual([0, 8]);
  });

  it("the built-in case recovers the example key, and the software twin (qemu) agrees on a sample", () => {
    const r = run("ecrecover_cop");
    expect(hex(r.journal.slice(32, 36))).toBe("00000000");
    const sample = cases.filter((_, i) => i % 8 === 0);
    for (const c of sample) {
      const input = cat(c.msg, c.sig, Uint8Array.of(c.recid));
      expect(qemuJournal("ecrecover_sw", input), c.kind).toBe(
        hex(run("ecrecover_cop", input).journal),
      );
    }
  });
});

/** modexp input: three u32 LE lengths, then the big-endian base, exponent and modulus. */
const modexpInput = (base: Uint8Array, exp: Uint8Array, m: Uint8Array) =>
  cat(u32le(base.length, exp.length, m.length), base, exp, m);

/** What the guest commits: its input, the status, and base^exp mod m in mod_len bytes. */
function modexpJournal(base: Uint8Array, exp: Uint8Array, m: Uint8Array): string {
  const input = modexpInput(base, exp, m);
  const mv = num(m);
  if (mv >= 2n ** 256n) return hex(cat(input, u32le(0xffffffff), new Uint8Array(m.length)));
  let out = 0n;
  if (mv !== 0n) {
    let [b, e, acc] = [num(base) % mv, num(exp), 1n % mv];
    for (; e > 0n; e >>= 1n, b = (b * b) % mv) if (e & 1n) acc = (acc * b) % mv;
    out = acc;
  }
  return hex(cat(input, u32le(0), be(out, m.length)));
}

describe("modexp in the guest (zkvm_modexp on the coprocessors)", () => {
  const g = rng(0x30de);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => g.below(256));
  const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
    ["modulus 0", bytes(32), bytes(32), new Uint8Array(32)],
    ["modulus 1", bytes(32), bytes(32), be(1n)],
    ["empty modulus", bytes(32), bytes(32), new Uint8Array(0)],
    ["exponent 0", bytes(32), new Uint8Array(0), bytes(32)],
    ["exponent 0 (zero bytes)", new Uint8Array(0), new Uint8Array(5), bytes(32)],
    ["base 0", new Uint8Array(0), bytes(32), bytes(32)],
    ["exponent 1", bytes(32), Uint8Array.of(1), bytes(32)],
    ["exponent 65537", bytes(32), Uint8Array.of(1, 0, 1), bytes(32)],
    [
      "even modulus",
      bytes(32),
      bytes(32),
      Uint8Array.from(bytes(32), (b, i) => (i === 31 ? b & 0xfe : b)),
    ],
    ["modulus 2^255", bytes(32), bytes(32), be(2n ** 255n)],
    ["modulus 2^256 − 1", bytes(32), bytes(32), be(2n ** 256n - 1n)],
    ["secp256k1 p, exponent (p+1)/4", bytes(32), be((P + 1n) / 4n), be(P)],
    ["long base (100 bytes)", bytes(100), bytes(32), bytes(32)],
    ["long base (64 bytes)", bytes(64), bytes(32), bytes(32)],
    ["long exponent (300 bytes)", bytes(32), bytes(300), bytes(32)],
    [
      "modulus with leading zeros (40 bytes)",
      bytes(32),
      bytes(32),
      cat(new Uint8Array(8), bytes(32)),
    ],
    [
      "small modulus, long output",
      bytes(5),
      bytes(3),
      cat(new Uint8Array(30), Uint8Array.of(0, 7)),
    ],
    ["modulus above 256 bits", bytes(32), bytes(32), cat(Uint8Array.of(1), bytes(32))],
    ["modulus of 64 bytes", bytes(32), bytes(32), bytes(64)],
  ];
  for (let i = 0; i < 30; i++) {
    cases.push([`random ${i}`, bytes(g.below(40)), bytes(g.below(40)), bytes(1 + g.below(32))]);
  }

  it("gives BigInt's base^exp mod m on edge and random lengths, and EFAIL above 256 bits", () => {
    for (const [kind, base, exp, m] of cases) {
      const r = run("modexp256_cop", modexpInput(base, exp, m));
      expect(hex(r.journal), kind).toBe(modexpJournal(base, exp, m));
    }
  });

  it("the software twin (qemu) agrees on every case", () => {
    for (const [kind, base, exp, m] of cases) {
      expect(qemuJournal("modexp256_sw", modexpInput(base, exp, m)), kind).toBe(
        modexpJournal(base, exp, m),
      );
    }
  });

  it("an input of the wrong length fails the run (exit code 2)", () => {
    const r = execute(elf("modexp256_cop"), { input: u32le(5, 0, 0), coprocessors: COPS });
    expect(r.exitCode).toBe(2);
    const v = execute(elf("ecdsa_verify_cop"), { input: new Uint8Array(159), coprocessors: COPS });
    expect(v.exitCode).toBe(2);
  });
});

describe("the built-in cases: each pair commits one journal (cycle counts)", () => {
  it("cop and sw guests agree under the executor", () => {
    const counts: Record<string, number> = {};
    for (const w of ["ecdsa_verify", "ecrecover", "modexp256"]) {
      const cop = run(`${w}_cop`);
      const sw = execute(elf(`${w}_sw`), {});
      expect(sw.exitCode).toBe(0);
      expect(hex(sw.journal), w).toBe(hex(cop.journal));
      counts[`${w}_cop`] = cop.cycles;
      counts[`${w}_sw`] = sw.cycles;
    }
    console.log("cycles of the built-in cases:", counts);
    expect(counts.ecdsa_verify_cop).toBeLessThanOrEqual(30_000);
    // The built-in signature is the example key's (secp256k1_examples.h).
    const sk = num(sha256(new TextEncoder().encode("zkglue example secp256k1 key")));
    const pub = secp256k1.getPublicKey(be(sk), false).slice(1);
    expect(hex(run("ecrecover_cop").journal.slice(36))).toBe(hex(pub));
  }, 60_000);
});

describe("guest/secp256k1_tables.h", () => {
  it("is the generator's output (scripts/gen-secp256k1-tables.ts)", () => {
    expect(readFileSync(`${GUEST}secp256k1_tables.h`, "utf8")).toBe(secp256k1TablesHeader());
  });

  it("holds 1G..15G as @noble/curves computes them", () => {
    const text = readFileSync(`${GUEST}secp256k1_tables.h`, "utf8");
    const table = /SECP_G_TABLE\[15\] = \{([\s\S]*?)\n\};/.exec(text)![1];
    const rows = [...table.matchAll(/\{\{([^}]*)\}\}/g)].map((m) =>
      [...m[1].matchAll(/0x([0-9a-f]{8})/g)].map((w) => BigInt("0x" + w[1])),
    );
    expect(rows.length).toBe(15);
    rows.forEach((w, k) => {
      const limbs = (from: number) =>
        w.slice(from, from + 8).reduce((v, x, i) => v | (x << BigInt(32 * i)), 0n);
      const { x, y } = Point.BASE.multiply(BigInt(k + 1)).toAffine();
      expect([limbs(0), limbs(8)]).toEqual([x, y]);
    });
  });
});
