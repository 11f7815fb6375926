/**
 * The Poseidon2 example guests and the guest SDK's Poseidon2 functions (guest/zkglue_poseidon2.c)
 * against TypeScript built on coprocessors/poseidon2/reference.ts: merkle_1k_sw and merkle_1k_cop
 * journal the Merkle root computed here, and equal bytes; the software guest also runs under
 * qemu-riscv32 with the same journal; poseidon2_hash journals the sponge digests and the
 * compression computed here (Plonky3's PaddingFreeSponge and TruncatedPermutation, written from
 * its description, not from the C code). The round constants the software guest carries
 * (examples/guests/poseidon2_software.h) are parsed and must equal coprocessors/poseidon2's.
 *
 * The coprocessor guests run with coprocessors/poseidon2's executor-only coprocessor.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RC_FINAL, RC_INITIAL, RC_PARTIAL } from "../../core/poseidon2/constants.js";
import { poseidon2Executor } from "../../coprocessors/poseidon2/execute.js";
import { permute as permuteWords } from "../../core/poseidon2/reference.js";
import { execute, executeRecording, loadElf, type RunResult } from "../../glue/riscv/index.js";

const DIR = new URL("../../examples/guests/", import.meta.url).pathname;
const elf = (name: string) => loadElf(new Uint8Array(readFileSync(`${DIR}${name}.elf`)));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u32le = (words: readonly number[]) => new Uint8Array(Uint32Array.from(words).buffer);

const permute = (state: readonly number[]): number[] => [...permuteWords(Uint32Array.from(state))];

/** A constant table of poseidon2_software.h: the hex numbers inside MONTY(…) in order. */
function headerTable(name: string): number[] {
  const src = readFileSync(`${DIR}poseidon2_software.h`, "utf8");
  const m = new RegExp(`${name}[^=]*=\\s*\\{([\\s\\S]*?)\\};`).exec(src);
  if (m === null) throw new Error(`${name} not found in poseidon2_software.h`);
  return [...m[1].matchAll(/MONTY\((0x[0-9a-f]+)\)/g)].map((x) => Number(x[1]));
}

/** TruncatedPermutation<_, 2, 8, 16>: the first 8 words of permute(left ‖ right). */
const compress = (left: number[], right: number[]) => permute([...left, ...right]).slice(0, 8);

/** PaddingFreeSponge<_, 16, 8, 8>, written as Plonky3's hash_iter reads (sponge.rs). */
function sponge(words: number[]): number[] {
  let state = new Array<number>(16).fill(0);
  let i = 0;
  for (;;) {
    let r = 0;
    for (; r < 8 && i < words.length; r++) state[r] = words[i++];
    if (r === 8) state = permute(state);
    else {
      if (r > 0) state = permute(state);
      return state.slice(0, 8);
    }
  }
}

/** The guests' tree: leaf i is the elements 8i..8i+7; parents are compressions of children. */
function merkleRoot(leafCount: number): number[] {
  let level = Array.from({ length: leafCount }, (_, i) =>
    Array.from({ length: 8 }, (_, j) => 8 * i + j),
  );
  while (level.length > 1)
    level = Array.from({ length: level.length / 2 }, (_, k) =>
      compress(level[2 * k], level[2 * k + 1]),
    );
  return level[0];
}

const run = (name: string): RunResult => execute(elf(name), { coprocessors: [poseidon2Executor] });

describe("the software guest's Poseidon2 constants", () => {
  it("are coprocessors/poseidon2's (Plonky3's), table by table", () => {
    expect(headerTable("P2_RC_INITIAL")).toEqual([...RC_INITIAL]);
    expect(headerTable("P2_RC_TERMINAL")).toEqual([...RC_FINAL]);
    expect(headerTable("P2_RC_INTERNAL")).toEqual([...RC_PARTIAL]);
  });

  it("and the permutation they are checked with gives Plonky3's known answer", () => {
    // Plonky3 baby-bear/src/poseidon2.rs, test_default_babybear_poseidon2_width_16.
    const input = [
      894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695, 1717947831, 120589055,
      19776022, 42382981, 1831865506, 724844064, 171220207, 1299207443, 227047920, 1783754913,
    ];
    expect(permute(input)).toEqual([
      516096821, 90309867, 1101817252, 1660784290, 360715097, 1789519026, 1788910906, 563338433,
      319524748, 1741414159, 1650859320, 894311162, 1121347488, 1692793758, 1052633829, 1344246938,
    ]);
  });
});

describe("merkle_1k_sw and merkle_1k_cop", () => {
  const want = hex(u32le(merkleRoot(1024)));

  it("both journal the Merkle root of the 1,024 leaves, and only that", () => {
    const sw = run("merkle_1k_sw");
    const cop = run("merkle_1k_cop");
    for (const r of [sw, cop]) {
      expect(r.exitCode).toBe(0);
      expect(hex(r.journal)).toBe(want);
      expect(r.stdout.length + r.stderr.length).toBe(0);
    }
    // Cycle counts are deterministic for the committed ELFs; printed for the README table.
    console.log(
      `merkle root of 1,024 leaves: software ${sw.cycles} cycles, coprocessor ${cop.cycles}`,
    );
    expect(cop.cycles * 50).toBeLessThan(sw.cycles);
  });

  it("merkle_1k_sw journals the same under qemu-riscv32", () => {
    const q = spawnSync("qemu-riscv32", [`${DIR}merkle_1k_sw.elf`], {
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      input: new Uint8Array(0),
    });
    if (q.error)
      throw new Error(`cannot run qemu-riscv32 (scripts/setup.sh installs it): ${q.error.message}`);
    expect(q.status).toBe(0);
    expect(hex(q.output[3] as Buffer)).toBe(want);
  });

  it("merkle_1k_cop without the coprocessor stops at its first ecall 0x101", () => {
    expect(() => execute(elf("merkle_1k_cop"))).toThrow(/unknown syscall 0x00000101/);
  });

  it("the cop guest makes 1,023 coprocessor calls, and both modes agree", () => {
    const { trace, ...r } = executeRecording(elf("merkle_1k_cop"), {
      coprocessors: [poseidon2Executor],
    });
    expect(r).toEqual(run("merkle_1k_cop"));
    expect(trace.coprocessorCalls.length).toBe(1023);
  });
});

describe("poseidon2_hash (zkglue_poseidon2_hash and zkglue_poseidon2_compress)", () => {
  it("journals Plonky3's PaddingFreeSponge digests of 0..17 elements and a TruncatedPermutation", () => {
    const digests = Array.from({ length: 18 }, (_, n) =>
      sponge(Array.from({ length: n }, (_, i) => 1000 * n + i)),
    );
    const want = [...digests.flat(), ...compress(digests[7], digests[9])];
    const r = run("poseidon2_hash");
    expect(r.exitCode).toBe(0);
    expect(hex(r.journal)).toBe(hex(u32le(want)));
    // ceil(n/8) calls for each n, and one for the compression.
    const calls = digests.reduce((c, _, n) => c + Math.ceil(n / 8), 0) + 1;
    expect(
      executeRecording(elf("poseidon2_hash"), { coprocessors: [poseidon2Executor] }).trace
        .coprocessorCalls.length,
    ).toBe(calls);
  });

  it("the empty input digests to zeros, and [a] collides with [a, 0] (no padding, as documented)", () => {
    expect(sponge([])).toEqual(new Array(8).fill(0));
    expect(sponge([5])).toEqual(sponge([5, 0]));
  });
});
